package io.trailkeeper.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.AccessDeniedException;
import software.amazon.awssdk.services.cloudtrail.model.CloudTrailException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Region;
import software.amazon.awssdk.services.sts.StsClient;

/** Region discovery (EC2 DescribeRegions) and how AWS refuses regions that are not enabled or are denied. */
class RegionsTest {
    private static final Instant NOW = Instant.parse("2026-11-20T00:00:00Z");

    @Test
    void withoutARegionListTheScenarioIsANewCommercialAccount() {
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(Scenario.builder().now(NOW).build()));
             Ec2Client ec2 = SdkClients.ec2(emulator, "us-east-1")) {
            Map<String, String> enabled = optInStatus(ec2.describeRegions(r -> { }).regions());
            assertEquals(17, enabled.size(), enabled.toString());
            assertTrue(enabled.values().stream().allMatch("opt-in-not-required"::equals), enabled.toString());

            Map<String, String> all = optInStatus(ec2.describeRegions(r -> r.allRegions(true)).regions());
            assertTrue(all.size() > 30, all.toString());
            assertEquals("not-opted-in", all.get("af-south-1"));
            assertEquals("not-opted-in", all.get("me-south-1"));
            assertEquals("opt-in-not-required", all.get("eu-west-3"));
            Region one = ec2.describeRegions(r -> r.regionNames("eu-west-3")).regions().get(0);
            assertEquals("ec2.eu-west-3.amazonaws.com", one.endpoint());
        }
    }

    @Test
    void describeRegionsShowsWhatTheScenarioEnabled() {
        Scenario scenario = Scenario.builder().now(NOW).enabledRegions("us-east-1", "us-west-2", "af-south-1")
                .notEnabledRegions("me-south-1", "ap-east-1").deniedRegions("eu-west-3").build();
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(scenario));
             Ec2Client ec2 = SdkClients.ec2(emulator, "us-west-2")) {
            assertEquals(Map.of("us-east-1", "opt-in-not-required", "us-west-2", "opt-in-not-required",
                            "af-south-1", "opted-in", "eu-west-3", "opt-in-not-required"),
                    optInStatus(ec2.describeRegions(r -> { }).regions()));
            Map<String, String> all = optInStatus(ec2.describeRegions(r -> r.allRegions(true)).regions());
            assertEquals(6, all.size());
            assertEquals("not-opted-in", all.get("ap-east-1"));
            Map<String, String> notOptedIn = optInStatus(ec2.describeRegions(r -> r.allRegions(true)
                    .filters(Filter.builder().name("opt-in-status").values("not-opted-in").build())).regions());
            assertEquals(List.of("ap-east-1", "me-south-1"), List.copyOf(notOptedIn.keySet()));
        }
    }

    @Test
    void aRegionNotEnabledRefusesCallsAsAwsDoes() {
        Scenario scenario = Scenario.builder().now(NOW).build();
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(scenario));
             CloudTrailClient capeTown = SdkClients.cloudTrail(emulator, "af-south-1");
             CloudTrailClient unknown = SdkClients.cloudTrail(emulator, "xx-nowhere-1");
             Ec2Client ec2CapeTown = SdkClients.ec2(emulator, "af-south-1");
             StsClient stsCapeTown = SdkClients.sts(emulator, "af-south-1")) {
            CloudTrailException e = assertThrows(CloudTrailException.class, () -> capeTown.lookupEvents(r -> { }));
            assertEquals("UnrecognizedClientException", e.awsErrorDetails().errorCode());
            assertEquals(400, e.statusCode());
            assertEquals("The security token included in the request is invalid.", e.awsErrorDetails().errorMessage());
            CloudTrailException u = assertThrows(CloudTrailException.class, () -> unknown.describeTrails(r -> { }));
            assertEquals("UnrecognizedClientException", u.awsErrorDetails().errorCode());
            // EC2 answers AuthFailure with HTTP 401, as AWS does; HttpURLConnection withholds the body of a 401 to a
            // streamed request, so through the url-connection client only the status arrives (the CLI sees the code)
            Ec2Exception ec2 = assertThrows(Ec2Exception.class, () -> ec2CapeTown.describeRegions(r -> { }));
            assertEquals(401, ec2.statusCode());
            // STS is global: its calls are accepted whichever region signed them
            assertEquals("123456789012", stsCapeTown.getCallerIdentity().account());
            assertEquals(3, emulator.counters().refused());
            assertEquals(2, emulator.counters().refused("af-south-1"));
        }
    }

    @Test
    void aDeniedRegionAnswersCloudTrailCallsWithAccessDenied() {
        Scenario scenario = Scenario.builder().now(NOW).callerArn("arn:aws:iam::123456789012:user/responder")
                .deniedRegions("eu-west-3").build();
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(scenario));
             CloudTrailClient paris = SdkClients.cloudTrail(emulator, "eu-west-3");
             Ec2Client ec2 = SdkClients.ec2(emulator, "eu-west-3")) {
            AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> paris.lookupEvents(r -> { }));
            assertTrue(e.awsErrorDetails().errorMessage().startsWith("User: arn:aws:iam::123456789012:user/responder"
                    + " is not authorized to perform: cloudtrail:LookupEvents"), e.awsErrorDetails().errorMessage());
            assertThrows(AccessDeniedException.class, () -> paris.describeTrails(r -> { }));
            assertEquals(0, emulator.counters().throttled(), "refused before the throttle");
            assertFalse(ec2.describeRegions(r -> { }).regions().isEmpty(), "only CloudTrail is denied");
        }
    }

    @Test
    void anEnabledRegionThatRefusesTheSessionTokenAnswersAsIfNotEnabledYetIsListedAsEnabled() {
        Scenario scenario = Scenario.builder().now(NOW).enabledRegions("us-east-1", "eu-west-1")
                .notEnabledRegions("me-south-1").tokenRefusedRegions("af-south-1", "eu-west-1").build();
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(scenario));
             Ec2Client ec2 = SdkClients.ec2(emulator, "us-east-1");
             CloudTrailClient capeTown = SdkClients.cloudTrail(emulator, "af-south-1");
             CloudTrailClient ireland = SdkClients.cloudTrail(emulator, "eu-west-1");
             CloudTrailClient virginia = SdkClients.cloudTrail(emulator, "us-east-1");
             StsClient stsCapeTown = SdkClients.sts(emulator, "af-south-1")) {
            // DescribeRegions says enabled: the refusal is the token's, not the account's
            assertEquals(Map.of("us-east-1", "opt-in-not-required", "eu-west-1", "opt-in-not-required",
                    "af-south-1", "opted-in", "me-south-1", "not-opted-in"),
                    optInStatus(ec2.describeRegions(r -> r.allRegions(true)).regions()));
            for (CloudTrailClient refusing : List.of(capeTown, ireland)) {
                CloudTrailException e = assertThrows(CloudTrailException.class, () -> refusing.lookupEvents(r -> { }));
                assertEquals("UnrecognizedClientException", e.awsErrorDetails().errorCode());
                assertEquals(400, e.statusCode());
            }
            assertTrue(virginia.lookupEvents(r -> { }).events().isEmpty());
            assertEquals("123456789012", stsCapeTown.getCallerIdentity().account(), "STS is global");
            assertEquals(2, emulator.counters().refused());
        }
    }

    @Test
    void aRegionCannotBothRefuseTheTokenAndBeNotEnabled() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scenario.builder()
                .notEnabledRegions("af-south-1").tokenRefusedRegions("af-south-1").build());
        assertTrue(e.getMessage().contains("af-south-1"), e.getMessage());
    }

    private static Map<String, String> optInStatus(List<Region> regions) {
        return regions.stream().collect(Collectors.toMap(Region::regionName, Region::optInStatus,
                (a, b) -> a, java.util.TreeMap::new));
    }
}
