package io.trailkeeper.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Region discovery when DescribeRegions is refused or not there (an S3- or CloudTrail-only server or proxy), and the
 * regions a user names.
 */
class RegionsTest {
    private static final String UNAUTHORIZED = "<Response><Errors><Error><Code>UnauthorizedOperation</Code>"
            + "<Message>You are not authorized to perform this operation.</Message></Error></Errors>"
            + "<RequestID>canned</RequestID></Response>";

    private static Regions.Discovery discoverDenied(String home) {
        return discover(home, 403, "text/xml", UNAUTHORIZED);
    }

    private static Regions.Discovery discover(String home, int status, String type, String body) {
        try (CannedHttpServer ec2 = CannedHttpServer.always(status, type, body);
             AwsClients clients = new AwsClients(AwsOptions.defaults().withRegion(home)
                     .withServiceEndpoint("ec2", ec2.endpoint()))) {
            return Regions.discover(clients);
        }
    }

    private static String ec2Error(String code, String message) {
        return "<Response><Errors><Error><Code>" + code + "</Code><Message>" + message + "</Message></Error></Errors>"
                + "<RequestID>canned</RequestID></Response>";
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

    @Test
    void describeRegionsNotThereFallsBackToTheSdksRegionsAndSaysWhyAndWhich() {
        Regions.Discovery notImplemented = discover("eu-west-1", 501, "text/xml",
                ec2Error("NotImplemented", "A header you provided implies functionality that is not implemented"));
        assertFalse(notImplemented.fromDescribeRegions());
        assertTrue(notImplemented.note().startsWith("ec2:DescribeRegions could not be used (NotImplemented: A header"
                + " you provided implies functionality that is not implemented (HTTP 501))"), notImplemented.note());
        assertTrue(notImplemented.note().contains("the 17 every account has taken as enabled, the other ")
                && notImplemented.note().contains("af-south-1") && !notImplemented.note().contains("eu-west-3"),
                notImplemented.note());
        assertEquals("opt-in-not-required", status(notImplemented).get("eu-west-3"));
        assertEquals("unknown", status(notImplemented).get("af-south-1"));

        Regions.Discovery unknownAction = discover("us-east-1", 400, "text/xml",
                ec2Error("InvalidAction", "The action DescribeRegions is not valid for this web service."));
        assertTrue(unknownAction.note().contains("InvalidAction"), unknownAction.note());
        assertEquals(17, status(unknownAction).values().stream().filter("opt-in-not-required"::equals).count());

        // a proxy's own page, not EC2's
        Regions.Discovery proxyPage = discover("us-east-1", 404, "text/html", "<html><body>Not Found</body></html>");
        assertFalse(proxyPage.fromDescribeRegions());
        assertTrue(proxyPage.note().startsWith("ec2:DescribeRegions "), proxyPage.note());
    }

    @Test
    void credentialsRefusedByDescribeRegionsStillEndTheRun() {
        io.trailkeeper.events.TrailKeeperException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.trailkeeper.events.TrailKeeperException.class, () -> discover("us-east-1", 401, "text/xml",
                        ec2Error("AuthFailure", "AWS was not able to validate the provided access credentials")));
        assertTrue(e.getMessage().contains("listing regions (ec2:DescribeRegions)"), e.getMessage());
    }
}
