package io.trailkeeper.aws;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.model.DescribeRegionsResponse;

/**
 * Which regions an account has, and which of them it has enabled: CloudTrail records per region, so a
 * collection that does not know every enabled region cannot say it saw everything.
 */
public final class Regions {
    /** Global services (IAM, STS, CloudFront) record their events here. */
    public static final String GLOBAL_EVENTS_REGION = "us-east-1";

    private Regions() {
    }

    /** What was found, and how: from DescribeRegions, or the SDK's list when DescribeRegions was refused. */
    public record Discovery(List<RegionInfo> regions, boolean fromDescribeRegions, String note) {
        public List<RegionInfo> enabled() {
            return regions.stream().filter(RegionInfo::enabled).toList();
        }

        public RegionInfo find(String name) {
            return regions.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
        }
    }

    /**
     * Asks EC2 DescribeRegions (all regions, with their opt-in status). When it is denied, falls back to the
     * regions the SDK knows for the commercial partition, with a note saying so: a region that is not enabled
     * then shows up as refused when collected, instead of being left out.
     */
    public static Discovery discover(AwsClients clients) {
        try {
            DescribeRegionsResponse r = clients.ec2(clients.homeRegion()).describeRegions(b -> b.allRegions(true));
            List<RegionInfo> out = new ArrayList<>();
            r.regions().forEach(x -> out.add(new RegionInfo(x.regionName(),
                    x.optInStatus() == null ? "opt-in-not-required" : x.optInStatus())));
            out.sort(Comparator.comparing(RegionInfo::name));
            return new Discovery(out, true, "");
        } catch (AwsServiceException e) {
            if (AwsErrors.isAccessDenied(e)) {
                return new Discovery(sdkRegions(), false, "ec2:DescribeRegions was denied ("
                        + AwsErrors.describe(e) + "); using the SDK's list of regions");
            }
            throw AwsErrors.toException("listing regions (ec2:DescribeRegions)", e);
        } catch (SdkClientException e) {
            throw AwsErrors.toException("listing regions (ec2:DescribeRegions)", e);
        }
    }

    private static List<RegionInfo> sdkRegions() {
        List<RegionInfo> out = new ArrayList<>();
        for (Region r : Region.regions()) {
            var meta = r.metadata();
            if (meta != null && "aws".equals(meta.partition().id()) && !r.isGlobalRegion()) {
                out.add(new RegionInfo(r.id(), "unknown"));
            }
        }
        out.sort(Comparator.comparing(RegionInfo::name));
        return out;
    }

    /**
     * The regions to collect: every enabled region for {@code all} (or an empty list), else the regions named,
     * plus us-east-1 whenever it is enabled, because global services record there. Named regions that are
     * not enabled, or unknown, are kept (so they are reported as such), never dropped.
     */
    public static List<RegionInfo> select(Discovery discovery, List<String> requested) {
        Map<String, RegionInfo> out = new LinkedHashMap<>();
        boolean all = requested == null || requested.isEmpty() || requested.contains("all");
        if (all) {
            discovery.regions().forEach(r -> out.put(r.name(), r));
        } else {
            for (String name : requested) {
                RegionInfo known = discovery.find(name);
                if (known == null && !name.matches("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d")) {
                    throw new TrailKeeperException(ErrorCode.USAGE, "'" + name + "' is not a region name",
                            "name regions as AWS does, e.g. us-east-1,eu-west-3, or use --regions all");
                }
                out.put(name, known != null ? known : new RegionInfo(name, "not-opted-in"));
            }
            RegionInfo global = discovery.find(GLOBAL_EVENTS_REGION);
            if (global != null && global.enabled()) {
                out.putIfAbsent(GLOBAL_EVENTS_REGION, global);
            }
        }
        return List.copyOf(out.values());
    }
}
