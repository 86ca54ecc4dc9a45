package io.trailkeeper.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.CloudTrailArnInvalidException;
import software.amazon.awssdk.services.cloudtrail.model.EventSelector;
import software.amazon.awssdk.services.cloudtrail.model.GetEventSelectorsResponse;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailStatusResponse;
import software.amazon.awssdk.services.cloudtrail.model.InsightNotEnabledException;
import software.amazon.awssdk.services.cloudtrail.model.InsightType;
import software.amazon.awssdk.services.cloudtrail.model.PublicKey;
import software.amazon.awssdk.services.cloudtrail.model.ReadWriteType;
import software.amazon.awssdk.services.cloudtrail.model.Trail;
import software.amazon.awssdk.services.cloudtrail.model.TrailNotFoundException;

/** DescribeTrails with shadow trails, GetTrailStatus, the selector calls, ListTrails and ListPublicKeys. */
class TrailsTest {
    private static final Instant NOW = Instant.parse("2026-11-20T00:00:00Z");
    private static final String ORG_ARN = "arn:aws:cloudtrail:us-east-1:123456789012:trail/org";
    private static final String TOKYO_ARN = "arn:aws:cloudtrail:ap-northeast-1:123456789012:trail/tokyo";
    private static final byte[] KEY = {0x30, (byte) 0x82, 0x01, 0x22, 0x30, 0x0d};

    static Emulator emulator;

    @BeforeAll
    static void start() {
        Scenario scenario = Scenario.builder().now(NOW)
                .trail("""
                        {"Name": "org", "S3BucketName": "org-trail", "IsMultiRegionTrail": true, "HomeRegion": "us-east-1",
                         "IsOrganizationTrail": true, "LogFileValidationEnabled": true,
                         "eventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": true,
                            "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}]}],
                         "insightSelectors": [{"InsightType": "ApiCallRateInsight"}]}""")
                .trail("""
                        {"Name": "tokyo", "S3BucketName": "tokyo-logs", "S3KeyPrefix": null, "IsMultiRegionTrail": false,
                         "HomeRegion": "ap-northeast-1",
                         "status": {"IsLogging": false, "StopLoggingTime": "2026-11-19T03:04:05Z",
                                    "LatestDeliveryTime": "2026-11-19T03:00:00Z", "LatestDeliveryError": "AccessDenied"},
                         "advancedEventSelectors": [{"Name": "mgmt", "FieldSelectors": [
                            {"Field": "eventCategory", "Equals": ["Management"]}]}]}""")
                .publicKey("{\"Fingerprint\": \"old\", \"ValidityStartTime\": \"2026-01-01T00:00:00Z\","
                        + " \"ValidityEndTime\": \"2026-06-01T00:00:00Z\", \"Value\": \"" + Base64.getEncoder().encodeToString(KEY) + "\"}")
                .publicKey("{\"Fingerprint\": \"current\", \"ValidityStartTime\": \"2026-06-01T00:00:00Z\","
                        + " \"ValidityEndTime\": \"2027-01-01T00:00:00Z\", \"Value\": \"" + Base64.getEncoder().encodeToString(KEY) + "\"}")
                .build();
        emulator = Emulator.start(EmulatorConfig.of(scenario));
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void aRegionShowsItsOwnTrailsAndOtherRegionsMultiRegionTrailsAsShadows() {
        try (CloudTrailClient oregon = SdkClients.cloudTrail(emulator, "us-west-2");
             CloudTrailClient tokyo = SdkClients.cloudTrail(emulator, "ap-northeast-1");
             CloudTrailClient virginia = SdkClients.cloudTrail(emulator, "us-east-1")) {
            assertEquals(List.of("org"), names(oregon.describeTrails(r -> { }).trailList()));
            assertEquals(List.of(), names(oregon.describeTrails(r -> r.includeShadowTrails(false)).trailList()));
            assertEquals(List.of("org", "tokyo"), names(tokyo.describeTrails(r -> { }).trailList()));
            assertEquals(List.of("org"), names(virginia.describeTrails(r -> { }).trailList()));
            assertEquals(List.of("tokyo"), names(tokyo.describeTrails(r -> r.trailNameList("tokyo")).trailList()));

            Trail org = oregon.describeTrails(r -> { }).trailList().get(0);
            assertEquals(ORG_ARN, org.trailARN());
            assertEquals("us-east-1", org.homeRegion());
            assertTrue(org.isMultiRegionTrail());
            assertTrue(org.isOrganizationTrail());
            assertTrue(org.hasCustomEventSelectors());
            assertTrue(org.hasInsightSelectors());
            assertTrue(org.includeGlobalServiceEvents(), "AWS's default");
            Trail tokyoTrail = tokyo.describeTrails(r -> r.trailNameList(TOKYO_ARN)).trailList().get(0);
            assertNull(tokyoTrail.s3KeyPrefix());
            assertFalse(tokyoTrail.hasInsightSelectors());
            assertEquals(2, oregon.listTrails(r -> { }).trails().size());
        }
    }

    @Test
    void trailStatusByNameInTheHomeRegionOrByArnFromAnyRegion() {
        try (CloudTrailClient tokyo = SdkClients.cloudTrail(emulator, "ap-northeast-1");
             CloudTrailClient oregon = SdkClients.cloudTrail(emulator, "us-west-2")) {
            GetTrailStatusResponse status = tokyo.getTrailStatus(r -> r.name("tokyo"));
            assertFalse(status.isLogging());
            assertEquals(Instant.parse("2026-11-19T03:04:05Z"), status.stopLoggingTime());
            assertEquals(Instant.parse("2026-11-19T03:00:00Z"), status.latestDeliveryTime());
            assertEquals("AccessDenied", status.latestDeliveryError());
            assertTrue(oregon.getTrailStatus(r -> r.name(ORG_ARN)).isLogging(), "a shadow trail by its ARN");
            assertThrows(TrailNotFoundException.class, () -> oregon.getTrailStatus(r -> r.name("org")),
                    "a shadow trail is not found by name");
            assertThrows(TrailNotFoundException.class, () -> oregon.getTrailStatus(r -> r.name(TOKYO_ARN)),
                    "a single-region trail is not seen from other regions");
            assertThrows(CloudTrailArnInvalidException.class, () -> oregon.getTrailStatus(r -> r.name("arn:aws:s3:::b")));
        }
    }

    @Test
    void eventAndInsightSelectors() {
        try (CloudTrailClient tokyo = SdkClients.cloudTrail(emulator, "ap-northeast-1");
             CloudTrailClient virginia = SdkClients.cloudTrail(emulator, "us-east-1")) {
            GetEventSelectorsResponse org = virginia.getEventSelectors(r -> r.trailName("org"));
            assertEquals(ORG_ARN, org.trailARN());
            EventSelector selector = org.eventSelectors().get(0);
            assertEquals(ReadWriteType.ALL, selector.readWriteType());
            assertEquals("AWS::S3::Object", selector.dataResources().get(0).type());
            GetEventSelectorsResponse advanced = tokyo.getEventSelectors(r -> r.trailName("tokyo"));
            assertTrue(advanced.eventSelectors().isEmpty());
            assertEquals("eventCategory", advanced.advancedEventSelectors().get(0).fieldSelectors().get(0).field());

            assertEquals(InsightType.API_CALL_RATE_INSIGHT,
                    virginia.getInsightSelectors(r -> r.trailName(ORG_ARN)).insightSelectors().get(0).insightType());
            assertThrows(InsightNotEnabledException.class, () -> tokyo.getInsightSelectors(r -> r.trailName("tokyo")));
        }
    }

    @Test
    void aTrailWithoutSelectorsHasTheDefaultOne() {
        Scenario scenario = Scenario.builder().trail("{\"Name\": \"plain\", \"HomeRegion\": \"eu-west-1\"}").build();
        try (Emulator plain = Emulator.start(EmulatorConfig.of(scenario));
             CloudTrailClient ireland = SdkClients.cloudTrail(plain, "eu-west-1")) {
            EventSelector selector = ireland.getEventSelectors(r -> r.trailName("plain")).eventSelectors().get(0);
            assertEquals(ReadWriteType.ALL, selector.readWriteType());
            assertTrue(selector.includeManagementEvents());
            assertFalse(ireland.describeTrails(r -> { }).trailList().get(0).hasCustomEventSelectors());
        }
    }

    @Test
    void publicKeysValidNowOrInARange() {
        try (CloudTrailClient virginia = SdkClients.cloudTrail(emulator, "us-east-1")) {
            List<PublicKey> now = virginia.listPublicKeys(r -> { }).publicKeyList();
            assertEquals(List.of("current"), now.stream().map(PublicKey::fingerprint).toList());
            assertEquals(List.of((byte) 0x30, (byte) 0x82), List.of(now.get(0).value().asByteArray()[0],
                    now.get(0).value().asByteArray()[1]));
            List<PublicKey> year = virginia.listPublicKeys(r -> r.startTime(Instant.parse("2026-01-15T00:00:00Z"))
                    .endTime(NOW)).publicKeyList();
            assertEquals(List.of("old", "current"), year.stream().map(PublicKey::fingerprint).toList());
            assertEquals(Instant.parse("2026-06-01T00:00:00Z"), year.get(0).validityEndTime());
        }
    }

    private static List<String> names(List<Trail> trails) {
        return trails.stream().map(Trail::name).toList();
    }
}
