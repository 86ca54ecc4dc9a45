package io.trailkeeper.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Region discovery when DescribeRegions is refused, and the regions a user names. */
class RegionsTest {
    private static final String UNAUTHORIZED = "<Response><Errors><Error><Code>UnauthorizedOperation</Code>"
            + "<Message>You are not authorized to perform this operation.</Message></Error></Errors>"
            + "<RequestID>canned</RequestID></Response>";

    private static Regions.Discovery discoverDenied(String home) {
        try (CannedHttpServer ec2 = CannedHttpServer.always(403, "text/xml", UNAUTHORIZED);
             AwsClients clients = new AwsClients(AwsOptions.defaults().withRegion(home)
                     .withServiceEndpoint("ec2", ec2.endpoint()))) {
            return Regions.discover(clients);
        }
    }

    private static Map<String, String> status(Regions.Discovery d) {
        return d.regions().stream().collect(Collectors.toMap(RegionInfo::name, RegionInfo::optInStatus));
    }

    @Test
    void deniedDescribeRegionsInTheCommercialPartitionKnowsTheRegionsEveryAccountHas() {
        Regions.Discovery d = discoverDenied("eu-west-1");
        assertFalse(d.fromDescribeRegions());
        assertTrue(d.note().contains("UnauthorizedOperation"), d.note());
        Map<String, String> status = status(d);
        assertEquals(17, status.values().stream().filter("opt-in-not-required"::equals).count(), status.toString());
        assertEquals("opt-in-not-required", status.get("eu-west-3"));
        assertEquals("opt-in-not-required", status.get("sa-east-1"));
        assertEquals("unknown", status.get("af-south-1"), "an opt-in region is tried, its answer decides");
        assertEquals("unknown", status.get("me-south-1"));
        assertTrue(status.keySet().stream().noneMatch(r -> r.startsWith("cn-") || r.startsWith("us-gov-")),
                status.toString());
    }

    @Test
    void deniedDescribeRegionsElsewhereListsTheHomeRegionsPartition() {
        assertEquals(List.of("cn-north-1", "cn-northwest-1"), List.copyOf(status(discoverDenied("cn-north-1"))
                .keySet().stream().sorted().toList()));
        assertTrue(status(discoverDenied("us-gov-west-1")).keySet().stream().allMatch(r -> r.startsWith("us-gov-")));
        // a region the SDK does not know (an S3-compatible server's, say): the commercial partition
        assertTrue(status(discoverDenied("my-lab-1")).containsKey("eu-west-3"));
    }

    @Test
    void aNamedRegionMissingFromTheDiscoveryIsTriedNotAssumedOff() {
        Regions.Discovery d = new Regions.Discovery(List.of(new RegionInfo("us-east-1", "opt-in-not-required"),
                new RegionInfo("af-south-1", "not-opted-in")), true, "");
        List<RegionInfo> chosen = Regions.select(d, List.of("eu-south-3", "af-south-1"));
        assertEquals(List.of(new RegionInfo("eu-south-3", "unknown"), new RegionInfo("af-south-1", "not-opted-in"),
                new RegionInfo("us-east-1", "opt-in-not-required")), chosen);
        assertTrue(chosen.get(0).enabled());
    }
}
