package io.trailkeeper.aws;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;
import software.amazon.awssdk.services.ec2.model.DescribeRegionsResponse;

/**
 * Which regions an account has, and which of them it has enabled: CloudTrail records per region, so a
 * collection that does not know every enabled region cannot say it saw everything.
 */
public final class Regions {
    /** Global services (IAM, STS, CloudFront) record their events here. */
    public static final String GLOBAL_EVENTS_REGION = "us-east-1";

    /** The commercial regions AWS enables in every account (opt-in status "opt-in-not-required"). */
    static final Set<String> ENABLED_IN_EVERY_ACCOUNT = Set.of(
            "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "eu-west-1", "eu-west-2",
            "eu-west-3", "eu-central-1", "eu-north-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
            "ap-southeast-1", "ap-southeast-2", "ap-south-1", "sa-east-1");

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
     * Asks EC2 DescribeRegions (all regions, with their opt-in status). When it is denied, or the server answers
     * that it cannot (an S3- or CloudTrail-only server or proxy: NotImplemented, an unknown action, a page that is
     * not EC2's, a server error after the SDK's retries), falls back to {@link #sdkRegions}, with a note saying why
     * and which regions are taken as enabled and which are tried: a region that is not enabled then shows up as
     * refused when collected, instead of being left out. Credentials that do not work, or no connection at all,
     * end the run: nothing else would work either.
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
                return fallback(clients.homeRegion(), "ec2:DescribeRegions was denied (" + AwsErrors.describe(e) + ")");
            }
            // 401: EC2's AuthFailure, whose body the URL-connection client does not read
            if (!AwsErrors.isCredentialsRefused(e) && !AwsErrors.isRegionNotEnabled(e) && e.statusCode() != 401) {
                return fallback(clients.homeRegion(), "ec2:DescribeRegions could not be used ("
                        + AwsErrors.describe(e) + ")");
            }
            throw AwsErrors.toException("listing regions (ec2:DescribeRegions)", e);
        } catch (SdkClientException e) {
            if (AwsErrors.isUnreadableAnswer(e) && !AwsErrors.isCredentialsUnavailable(e)) {
                return fallback(clients.homeRegion(), "ec2:DescribeRegions gave an answer that is not EC2's ("
                        + AwsErrors.firstLine(e) + ")");
            }
            throw AwsErrors.toException("listing regions (ec2:DescribeRegions)", e);
        }
    }

    /** The SDK's regions of the home region's partition, with a note saying why and what is assumed of which. */
    private static Discovery fallback(String homeRegion, String why) {
        List<RegionInfo> regions = sdkRegions(homeRegion);
        List<String> taken = regions.stream().filter(r -> "opt-in-not-required".equals(r.optInStatus()))
                .map(RegionInfo::name).toList();
        List<String> tried = regions.stream().filter(r -> !"opt-in-not-required".equals(r.optInStatus()))
                .map(RegionInfo::name).toList();
        String note = why + "; so which regions the account has enabled is not known: using the " + regions.size()
                + " regions the SDK knows in the home region's partition"
                + (taken.isEmpty() ? "" : ", the " + taken.size() + " every account has taken as enabled")
                + (tried.isEmpty() ? "" : ", " + (taken.isEmpty() ? "all" : "the other " + tried.size())
                + " tried and reported as not enabled where they refuse (" + String.join(", ", tried) + ")");
        return new Discovery(regions, false, note);
    }

    /**
     * The regions the SDK knows in the home region's partition (the commercial one, {@code aws}, when the SDK does
     * not know the home region, e.g. a name of an S3-compatible server). In {@code aws} the 17 regions AWS enables
     * in every account are {@code opt-in-not-required}: a refusal there is the credentials', not a region that
     * is off. Every other region is {@code unknown}: tried, and reported as not enabled if it refuses.
     */
    public static List<RegionInfo> sdkRegions(String homeRegion) {
        RegionMetadata home = homeRegion == null ? null : Region.of(homeRegion).metadata();
        String partition = home == null ? "aws" : home.partition().id();
        List<RegionInfo> out = new ArrayList<>();
        for (Region r : Region.regions()) {
            var meta = r.metadata();
            if (meta != null && partition.equals(meta.partition().id()) && !r.isGlobalRegion()) {
                boolean everyAccount = "aws".equals(partition) && ENABLED_IN_EVERY_ACCOUNT.contains(r.id());
                out.add(new RegionInfo(r.id(), everyAccount ? "opt-in-not-required" : "unknown"));
            }
        }
        out.sort(Comparator.comparing(RegionInfo::name));
        return out;
    }

    /**
     * The regions to collect: every enabled region for {@code all} (or an empty list), else the regions named,
     * plus us-east-1 whenever it is enabled, because global services record there. Named regions that are
     * not enabled are kept (so they are reported as such), never dropped; named regions the discovery did not
     * list are {@code unknown}, so they are called and their answer reported.
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
                // a region the discovery did not list (a new region, an older SDK) is tried, never assumed off
                out.put(name, known != null ? known : new RegionInfo(name, "unknown"));
            }
            RegionInfo global = discovery.find(GLOBAL_EVENTS_REGION);
            if (global != null && global.enabled()) {
                out.putIfAbsent(GLOBAL_EVENTS_REGION, global);
            }
        }
        return List.copyOf(out.values());
    }
}
