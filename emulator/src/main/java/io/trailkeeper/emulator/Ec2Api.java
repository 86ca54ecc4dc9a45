package io.trailkeeper.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * EC2 in its query protocol, for what TrailKeeper asks it: DescribeRegions, the way to learn which regions
 * an account has enabled. Without {@code AllRegions=true} it lists enabled regions only; with it, the opt-in
 * regions not enabled too, with opt-in status {@code not-opted-in}. {@code RegionName.N} and the filters
 * {@code region-name}, {@code opt-in-status} and {@code endpoint} narrow the list.
 */
final class Ec2Api {
    private static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";

    private final Scenario scenario;

    Ec2Api(Scenario scenario) {
        this.scenario = scenario;
    }

    WireResponse handle(Call call) {
        if (!"DescribeRegions".equals(call.operation())) {
            throw AwsError.badRequest("InvalidAction", "The action " + call.operation()
                    + " is not valid for this web service (the emulator serves EC2 DescribeRegions only).");
        }
        boolean all = "true".equalsIgnoreCase(call.param("AllRegions"));
        TreeMap<String, String> regions = new TreeMap<>();
        for (String region : scenario.enabledRegions()) {
            regions.put(region, AwsRegions.isOptIn(region) ? "opted-in" : "opt-in-not-required");
        }
        if (all) {
            for (String region : scenario.notEnabledRegions()) {
                regions.put(region, "not-opted-in");
            }
        }
        List<String> names = numbered(call, "RegionName.");
        Xml xml = new Xml().open("DescribeRegionsResponse", NAMESPACE).element("requestId", call.requestId())
                .open("regionInfo");
        regions.forEach((region, optIn) -> {
            String endpoint = "ec2." + region + ".amazonaws.com";
            if ((names.isEmpty() || names.contains(region)) && passesFilters(call, region, optIn, endpoint)) {
                xml.open("item").element("regionName", region).element("regionEndpoint", endpoint)
                        .element("optInStatus", optIn).close("item");
            }
        });
        return call.okXml(xml.close("regionInfo").close("DescribeRegionsResponse").toString());
    }

    private static boolean passesFilters(Call call, String region, String optIn, String endpoint) {
        for (int i = 1; call.param("Filter." + i + ".Name") != null; i++) {
            String name = call.param("Filter." + i + ".Name");
            Set<String> values = Set.copyOf(numbered(call, "Filter." + i + ".Value."));
            String actual = switch (name) {
                case "region-name" -> region;
                case "opt-in-status" -> optIn;
                case "endpoint" -> endpoint;
                default -> throw AwsError.badRequest("InvalidParameterValue",
                        "The filter '" + name + "' is invalid (the emulator knows region-name, opt-in-status, endpoint)");
            };
            if (!values.contains(actual)) {
                return false;
            }
        }
        return true;
    }

    /** The values of {@code PREFIX1}, {@code PREFIX2}, ... in order, as the query protocol numbers lists. */
    private static List<String> numbered(Call call, String prefix) {
        List<String> values = new ArrayList<>();
        for (int i = 1; call.param(prefix + i) != null; i++) {
            values.add(call.param(prefix + i));
        }
        return values;
    }
}
