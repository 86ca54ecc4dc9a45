package io.trailkeeper.aws;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedEventSelector;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedFieldSelector;
import software.amazon.awssdk.services.cloudtrail.model.DataResource;
import software.amazon.awssdk.services.cloudtrail.model.EventSelector;
import software.amazon.awssdk.services.cloudtrail.model.GetEventSelectorsResponse;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailStatusResponse;
import software.amazon.awssdk.services.cloudtrail.model.Trail;

/**
 * Finds every trail that can hold the account's record: DescribeTrails in each region with shadow trails
 * (a multi-region or organization trail appears in every region; it is reported once, with its home region),
 * then its status and event selectors, read in its home region.
 */
public final class TrailFinder {
    private final AwsClients clients;

    public TrailFinder(AwsClients clients) {
        this.clients = clients;
    }

    /** What was found, and the regions where trails could not be listed, with the reason. */
    public record Result(List<TrailInfo> trails, Map<String, String> regionErrors) {
    }

    public Result find(List<RegionInfo> regions) {
        Map<String, Trail> byArn = new LinkedHashMap<>();
        Map<String, List<String>> seen = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (RegionInfo region : regions) {
            if (!region.enabled()) {
                continue;
            }
            try {
                List<Trail> list = clients.cloudTrail(region.name())
                        .describeTrails(b -> b.includeShadowTrails(true)).trailList();
                for (Trail t : list) {
                    String key = t.trailARN() != null ? t.trailARN() : t.homeRegion() + "/" + t.name();
                    byArn.putIfAbsent(key, t);
                    seen.computeIfAbsent(key, k -> new ArrayList<>()).add(region.name());
                }
            } catch (SdkException e) {
                errors.put(region.name(), AwsErrors.describe(e));
            }
        }
        List<TrailInfo> out = new ArrayList<>();
        for (Map.Entry<String, Trail> e : byArn.entrySet()) {
            out.add(describe(e.getValue(), seen.get(e.getKey())));
        }
        return new Result(out, errors);
    }

    private TrailInfo describe(Trail t, List<String> regionsSeen) {
        String home = t.homeRegion() != null ? t.homeRegion() : regionsSeen.get(0);
        CloudTrailClient client = clients.cloudTrail(home);
        String id = t.trailARN() != null ? t.trailARN() : t.name();
        GetTrailStatusResponse status = null;
        List<String> data = new ArrayList<>();
        boolean management = true;
        String error = null;
        try {
            status = client.getTrailStatus(b -> b.name(id));
        } catch (SdkException e) {
            error = "GetTrailStatus: " + AwsErrors.describe(e);
        }
        try {
            GetEventSelectorsResponse sel = client.getEventSelectors(b -> b.trailName(id));
            management = selectors(sel, data);
        } catch (SdkException e) {
            error = (error == null ? "" : error + "; ") + "GetEventSelectors: " + AwsErrors.describe(e);
        }
        boolean logging = status != null && Boolean.TRUE.equals(status.isLogging());
        return new TrailInfo(t.name(), t.trailARN(), home, t.s3BucketName(), t.s3KeyPrefix(),
                Boolean.TRUE.equals(t.isMultiRegionTrail()), Boolean.TRUE.equals(t.isOrganizationTrail()),
                !Boolean.FALSE.equals(t.includeGlobalServiceEvents()), logging,
                status == null ? null : status.startLoggingTime(), status == null ? null : status.stopLoggingTime(),
                status == null ? null : status.latestDeliveryTime(),
                status == null ? null : status.latestDeliveryError(), management, data, regionsSeen, error);
    }

    /** Fills {@code data} with the data events selected, in words; returns whether management events are logged. */
    static boolean selectors(GetEventSelectorsResponse sel, List<String> data) {
        boolean management = false;
        for (EventSelector s : sel.eventSelectors()) {
            if (!Boolean.FALSE.equals(s.includeManagementEvents())) {
                management = true;
            }
            for (DataResource r : s.dataResources()) {
                data.add(r.type() + ": " + String.join(", ", r.values()));
            }
        }
        for (AdvancedEventSelector a : sel.advancedEventSelectors()) {
            String category = null;
            String type = null;
            for (AdvancedFieldSelector f : a.fieldSelectors()) {
                if ("eventCategory".equals(f.field()) && !f.equalsValue().isEmpty()) {
                    category = f.equalsValue().get(0);
                } else if ("resources.type".equals(f.field()) && !f.equalsValue().isEmpty()) {
                    type = String.join(", ", f.equalsValue());
                }
            }
            if ("Management".equals(category)) {
                management = true;
            } else if ("Data".equals(category)) {
                data.add((type == null ? "data events" : type) + (a.name() == null ? "" : " (" + a.name() + ")"));
            }
        }
        if (sel.eventSelectors().isEmpty() && sel.advancedEventSelectors().isEmpty()) {
            // a trail without selectors records management events (the default selector)
            management = true;
        }
        return management;
    }
}
