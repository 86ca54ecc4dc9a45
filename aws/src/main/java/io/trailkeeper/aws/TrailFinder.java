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
                errors.put(region.name(), RegionRefusal.describe(region, e));
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
        List<String> leftOut = new ArrayList<>();
        boolean management = true;
        String error = null;
        // the error names the call that failed ("GetTrailStatus: ...", "GetEventSelectors: ..."): AutoPlan tells
        // a status it could not read from a stopped trail by it
        try {
            status = client.getTrailStatus(b -> b.name(id));
        } catch (SdkException e) {
            error = "GetTrailStatus: " + AwsErrors.describe(e);
        }
        try {
            GetEventSelectorsResponse sel = client.getEventSelectors(b -> b.trailName(id));
            management = selectors(sel, data);
            leftOut.addAll(ManagementScope.leftOut(sel));
        } catch (SdkException e) {
            error = (error == null ? "" : error + "; ") + "GetEventSelectors: " + AwsErrors.describe(e);
        }
        boolean logging = status != null && Boolean.TRUE.equals(status.isLogging());
        return new TrailInfo(t.name(), t.trailARN(), home, t.s3BucketName(), t.s3KeyPrefix(),
                Boolean.TRUE.equals(t.isMultiRegionTrail()), Boolean.TRUE.equals(t.isOrganizationTrail()),
                !Boolean.FALSE.equals(t.includeGlobalServiceEvents()), logging,
                status == null ? null : status.startLoggingTime(), status == null ? null : status.stopLoggingTime(),
                status == null ? null : status.latestDeliveryTime(),
                status == null ? null : status.latestDeliveryError(), management, data, regionsSeen, error,
                t.kmsKeyId(), leftOut);
    }

    /**
     * Fills {@code data} with the data events selected, in words (e.g. "S3 objects: all buckets",
     * "Lambda invocations: my-function (writes only)"); returns whether management events are logged.
     */
    static boolean selectors(GetEventSelectorsResponse sel, List<String> data) {
        boolean management = false;
        for (EventSelector s : sel.eventSelectors()) {
            if (!Boolean.FALSE.equals(s.includeManagementEvents())) {
                management = true;
            }
            String access = access(s.readWriteTypeAsString());
            for (DataResource r : s.dataResources()) {
                data.add(kind(r.type()) + ": " + scope(r.type(), r.values(), List.of()) + access);
            }
        }
        for (AdvancedEventSelector a : sel.advancedEventSelectors()) {
            Map<String, AdvancedFieldSelector> fields = new LinkedHashMap<>();
            a.fieldSelectors().forEach(f -> fields.put(f.field(), f));
            String category = first(fields.get("eventCategory"));
            if ("Management".equals(category)) {
                management = true;
            } else if (category != null) {
                data.add(advanced(a, category, fields));
            }
        }
        if (sel.eventSelectors().isEmpty() && sel.advancedEventSelectors().isEmpty()) {
            // a trail without selectors records management events (the default selector)
            management = true;
        }
        return management;
    }

    private static String advanced(AdvancedEventSelector a, String category, Map<String, AdvancedFieldSelector> f) {
        AdvancedFieldSelector type = f.get("resources.type");
        AdvancedFieldSelector arn = f.get("resources.ARN");
        String readOnly = first(f.get("readOnly"));
        String what;
        if (type == null || type.equalsValue().isEmpty()) {
            what = "Data".equals(category) ? "data events of every type" : category + " events";
        } else {
            List<String> kinds = type.equalsValue().stream().map(TrailFinder::kind).toList();
            String one = type.equalsValue().size() == 1 ? type.equalsValue().get(0) : "";
            what = String.join(", ", kinds) + ": " + (arn == null ? scope(one, List.of(), List.of())
                    : scope(one, concat(arn.equalsValue(), arn.startsWith()),
                    concat(arn.notEquals(), arn.notStartsWith())));
        }
        String access = readOnly == null ? "" : access("true".equalsIgnoreCase(readOnly) ? "ReadOnly" : "WriteOnly");
        List<String> only = conditions(a);
        return what + access + (only.isEmpty() ? "" : ", only where " + String.join(" and ", only))
                + (a.name() == null || a.name().isBlank() ? "" : " [" + a.name() + "]");
    }

    /**
     * The conditions besides the category, type, readOnly and resources.ARN prefixes already told ("eventName Equals
     * GetObject", "userIdentity.arn NotStartsWith arn:aws:sts::1:assumed-role/ops/", "resources.ARN NotEndsWith
     * .tmp"): each leaves calls of the resources named unlogged.
     */
    private static List<String> conditions(AdvancedEventSelector a) {
        List<String> out = new ArrayList<>();
        for (AdvancedFieldSelector f : a.fieldSelectors()) {
            String field = String.valueOf(f.field());
            if (List.of("eventCategory", "resources.type", "readOnly").contains(field)) {
                continue;
            }
            boolean arn = field.equals("resources.ARN");
            List<String> tests = new ArrayList<>();
            test(tests, "Equals", arn ? List.of() : f.equalsValue());
            test(tests, "StartsWith", arn ? List.of() : f.startsWith());
            test(tests, "EndsWith", f.endsWith());
            test(tests, "NotEquals", arn ? List.of() : f.notEquals());
            test(tests, "NotStartsWith", arn ? List.of() : f.notStartsWith());
            test(tests, "NotEndsWith", f.notEndsWith());
            if (!tests.isEmpty()) {
                out.add(field + " " + String.join(", ", tests));
            }
        }
        return out;
    }

    private static void test(List<String> out, String operator, List<String> values) {
        if (!values.isEmpty()) {
            out.add(operator + " " + String.join(", ", values));
        }
    }

    /** What a data resource type logs, in words. */
    private static String kind(String type) {
        return switch (String.valueOf(type)) {
            case "AWS::S3::Object" -> "S3 objects";
            case "AWS::Lambda::Function" -> "Lambda invocations";
            case "AWS::DynamoDB::Table" -> "DynamoDB items";
            default -> String.valueOf(type);
        };
    }

    /** Which resources: all of them (an ARN prefix naming no resource, or none given), or those named. */
    private static String scope(String type, List<String> values, List<String> excluded) {
        List<String> named = values.stream().filter(v -> !v.matches("arn:aws[a-z-]*:[a-z0-9-]+(:::?)?"))
                .map(v -> v.replaceFirst("^arn:aws[a-z-]*:s3:::", "")).toList();
        String all = switch (String.valueOf(type)) {
            case "AWS::S3::Object" -> "all buckets";
            case "AWS::Lambda::Function" -> "all functions";
            case "AWS::DynamoDB::Table" -> "all tables";
            default -> "all";
        };
        String out = named.isEmpty() ? all : String.join(", ", named);
        return excluded.isEmpty() ? out : out + " except " + String.join(", ", excluded.stream()
                .map(v -> v.replaceFirst("^arn:aws[a-z-]*:s3:::", "")).toList());
    }

    private static String access(String readWriteType) {
        return switch (String.valueOf(readWriteType)) {
            case "ReadOnly" -> " (reads only)";
            case "WriteOnly" -> " (writes only)";
            default -> "";
        };
    }

    private static String first(AdvancedFieldSelector f) {
        return f == null || f.equalsValue().isEmpty() ? null : f.equalsValue().get(0);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
