package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trailkeeper.aws.auto.DenyingS3Proxy;
import io.trailkeeper.aws.s3.S3MockServer;
import io.trailkeeper.emulator.Emulator;
import io.trailkeeper.emulator.EmulatorConfig;
import io.trailkeeper.emulator.Scenario;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code trailkeeper collect auto} as a responder runs it, against one endpoint: the emulator plays the account,
 * S3Mock holds the buckets, and a proxy in front of both refuses the Irish files for want of kms:Decrypt. A
 * multi-region trail of management events (SSE-KMS) and a single-region one of S3 data events, each with its
 * own bucket.
 */
class CollectAutoCommandTest {
    private static final Instant NOW = Cli.CLOCK.instant();
    private static final String ACCOUNT = "123456789012";
    private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    @TempDir
    Path dir;

    private static String record(Instant time, String region, String name, String category, int n) {
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::" + ACCOUNT
                + ":user/mallory\",\"accountId\":\"" + ACCOUNT + "\",\"userName\":\"mallory\"},\"eventTime\":\"" + time
                + "\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"" + name + "\",\"awsRegion\":\"" + region
                + "\",\"sourceIPAddress\":\"203.0.113.66\",\"userAgent\":\"cli\",\"requestParameters\":{\"n\":" + n
                + "},\"responseElements\":null,\"eventID\":\"00000000-0000-0000-0000-" + String.format("%012d", n)
                + "\",\"eventType\":\"AwsApiCall\",\"managementEvent\":" + category.equals("Management")
                + ",\"recipientAccountId\":\"" + ACCOUNT + "\",\"eventCategory\":\"" + category + "\"}";
    }

    /** The payroll trail's S3 data event selector set, as CloudTrail records the call. */
    private static String putEventSelectors(Instant time) {
        String selectors = "[{\"readWriteType\":\"All\",\"includeManagementEvents\":false,\"dataResources\":"
                + "[{\"type\":\"AWS::S3::Object\",\"values\":[\"arn:aws:s3:::payroll/\"]}],"
                + "\"excludeManagementEventSources\":[]}]";
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::" + ACCOUNT
                + ":user/admin\",\"accountId\":\"" + ACCOUNT + "\"},\"eventTime\":\"" + time + "\",\"eventSource\":"
                + "\"cloudtrail.amazonaws.com\",\"eventName\":\"PutEventSelectors\",\"awsRegion\":\"us-east-1\","
                + "\"sourceIPAddress\":\"192.0.2.10\",\"userAgent\":\"aws-cli\",\"requestParameters\":{\"trailName\":"
                + "\"payroll-reads\",\"eventSelectors\":" + selectors + "},\"responseElements\":{\"trailARN\":"
                + "\"arn:aws:cloudtrail:us-east-1:" + ACCOUNT + ":trail/payroll-reads\",\"eventSelectors\":" + selectors
                + "},\"eventID\":\"00000000-0000-0000-0000-000000000099\",\"eventType\":\"AwsApiCall\","
                + "\"managementEvent\":true,\"recipientAccountId\":\"" + ACCOUNT + "\",\"eventCategory\":\"Management\"}";
    }

    /** The key CloudTrail gives a log file of {@code region} delivered {@code at}, ending in {@code id}. */
    private static String key(String region, Instant at, String id) {
        String day = at.toString().substring(0, 10).replace('-', '/');
        return "AWSLogs/" + ACCOUNT + "/CloudTrail/" + region + "/" + day + "/" + ACCOUNT + "_CloudTrail_" + region
                + "_" + at.toString().substring(0, 16).replace("-", "").replace(":", "") + "Z_" + id + ".json.gz";
    }

    private static void deliver(S3Client s3, String bucket, String region, Instant at, String record) {
        String key = key(region, at, "x");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(("{\"Records\":[" + record + "]}").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes.toByteArray()));
    }

    @Test
    void aRequesterPaysBucketIsReadOnlyWhenAgreedToPay() {
        Instant at = NOW.minus(Duration.ofDays(1));
        S3Client s3 = S3MockServer.get().clients().s3("us-east-1");
        s3.createBucket(b -> b.bucket("cli-requester-pays"));
        deliver(s3, "cli-requester-pays", "us-east-1", at, record(at, "us-east-1", "PutBucketPolicy", "Management", 9));
        try (DenyingS3Proxy proxy = new DenyingS3Proxy(S3MockServer.get().endpoint())
                .requesterPays("cli-requester-pays")) {
            Cli.Result refused = Cli.run(dir.resolve("s.duckdb"), "collect", "s3", "--bucket", "cli-requester-pays",
                    "--endpoint-url", proxy.endpoint().toString());
            assertTrue(refused.err().contains("--request-payer requester"), refused.toString());
            Cli.Result paid = Cli.run(dir.resolve("s.duckdb"), "collect", "s3", "--bucket", "cli-requester-pays",
                    "--endpoint-url", proxy.endpoint().toString(), "--request-payer", "requester");
            assertEquals(0, paid.code(), paid.toString());
            Cli.Result wrong = Cli.run(dir.resolve("s.duckdb"), "collect", "s3", "--bucket", "cli-requester-pays",
                    "--endpoint-url", proxy.endpoint().toString(), "--request-payer", "owner");
            assertEquals(2, wrong.code(), wrong.toString());
            assertTrue(wrong.err().contains("--request-payer takes only 'requester', was 'owner'"), wrong.toString());
        }
        Cli.Result stored = Cli.run(dir.resolve("s.duckdb"), "--format", "csv", "query", "--sql",
                "SELECT count(*) FROM events");
        assertEquals("1", stored.out().lines().skip(1).findFirst().orElse("").trim(), stored.toString());
    }

    @Test
    void refusedFilesAndASecondTrailsDataEventsAreSaidAndCollected() {
        Instant incident = NOW.minus(Duration.ofDays(3));
        String virginia = record(incident, "us-east-1", "PutBucketPolicy", "Management", 1);
        String ireland = record(incident.plusSeconds(60), "eu-west-1", "PutBucketPolicy", "Management", 2);
        String read = record(incident.plusSeconds(120), "us-east-1", "GetObject", "Data", 3);
        S3Client s3 = S3MockServer.get().clients().s3("us-east-1");
        s3.createBucket(b -> b.bucket("cli-auto-management"));
        s3.createBucket(b -> b.bucket("cli-auto-data"));
        deliver(s3, "cli-auto-management", "us-east-1", incident.plusSeconds(300), virginia);
        deliver(s3, "cli-auto-management", "eu-west-1", incident.plusSeconds(300), ireland);
        deliver(s3, "cli-auto-data", "us-east-1", incident.plusSeconds(300), read);
        // the payroll trail's object reads were switched on the day before the incident
        Instant selected = incident.minus(Duration.ofDays(1));
        deliver(s3, "cli-auto-management", "us-east-1", selected.plusSeconds(300), putEventSelectors(selected));
        Scenario scenario = Scenario.builder().account(ACCOUNT).now(NOW).enabledRegions("us-east-1", "eu-west-1")
                .record(virginia).record(ireland)
                .trail("{\"Name\":\"management\",\"HomeRegion\":\"us-east-1\",\"S3BucketName\":\"cli-auto-management\","
                        + "\"IsMultiRegionTrail\":true,\"KmsKeyId\":\"" + KEY + "\"}")
                .trail("{\"Name\":\"payroll-reads\",\"HomeRegion\":\"us-east-1\",\"S3BucketName\":\"cli-auto-data\","
                        + "\"eventSelectors\":[{\"ReadWriteType\":\"All\",\"IncludeManagementEvents\":false,"
                        + "\"DataResources\":[{\"Type\":\"AWS::S3::Object\",\"Values\":[\"arn:aws:s3:::payroll/\"]}],"
                        + "\"ExcludeManagementEventSources\":[]}]}")
                .build();
        Cli.Result r;
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(scenario).lookupRatePerSecond(50).build());
             DenyingS3Proxy proxy = new DenyingS3Proxy(S3MockServer.get().endpoint(), emulator.endpoint())
                     .denyObjects("/CloudTrail/eu-west-1/", DenyingS3Proxy.kmsDecryptDenied(KEY))) {
            r = Cli.run(dir.resolve("s.duckdb"), "collect", "auto", "--endpoint-url", proxy.endpoint().toString(),
                    "--region", "us-east-1", "--rate", "50", "--strict");
        }

        assertEquals(4, r.code(), r.toString());
        assertTrue(r.out().contains("collected account 123456789012 from trails management, payroll-reads + event"
                + " history: 3 events from the trail, 1 from the event history (4 new); INCOMPLETE"), r.out());
        assertTrue(r.err().contains("auto: also collecting trail payroll-reads from s3://cli-auto-data"), r.err());
        assertTrue(r.err().contains("auto: the trail's files do not hold the record of eu-west-1 (its files of "
                + incident.toString().substring(0, 10) + " could not all be read (denied: "), r.err());
        assertTrue(r.err().contains("kms:Decrypt on resource: " + KEY), r.err());
        Cli.Result stored = Cli.run(dir.resolve("s.duckdb"), "--format", "csv", "query", "--sql",
                "SELECT event_name || ' ' || aws_region || ' ' || source_kind FROM events ORDER BY event_time");
        assertTrue(r.err().contains("auto: trail payroll-reads's selectors, as the store's CloudTrail calls show: "
                + selected + " PutEventSelectors (data events of AWS::S3::Object); it recorded data events only from "
                + selected + " on; what it selected before " + selected + " is not known"), r.err());
        assertEquals("PutEventSelectors us-east-1 trail-file\nPutBucketPolicy us-east-1 trail-file\n"
                + "PutBucketPolicy eu-west-1 lookup-events\n"
                + "GetObject us-east-1 trail-file", stored.out().lines().skip(1).reduce((a, b) -> a + "\n" + b)
                .orElse(""), stored.toString());
        refusedDayInCoverage(incident.toString().substring(0, 10));
    }

    @Test
    void aTrailFileReadWithErrorsIsNamedAndIncompleteUnderStrict() {
        Instant at = NOW.minus(Duration.ofDays(2));
        S3Client s3 = S3MockServer.get().clients().s3("us-east-1");
        s3.createBucket(b -> b.bucket("cli-auto-damaged"));
        deliver(s3, "cli-auto-damaged", "us-east-1", at, record(at, "us-east-1", "PutBucketPolicy", "Management", 7));
        String cut = key("us-east-1", at, "cut");
        s3.putObject(b -> b.bucket("cli-auto-damaged").key(cut), RequestBody.fromBytes(new byte[0]));
        Scenario scenario = Scenario.builder().account(ACCOUNT).now(NOW).enabledRegions("us-east-1")
                .trail("{\"Name\":\"management\",\"HomeRegion\":\"us-east-1\",\"S3BucketName\":\"cli-auto-damaged\","
                        + "\"IsMultiRegionTrail\":true}")
                .build();
        Cli.Result r;
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(scenario).lookupRatePerSecond(50).build());
             DenyingS3Proxy proxy = new DenyingS3Proxy(S3MockServer.get().endpoint(), emulator.endpoint())) {
            r = Cli.run(dir.resolve("s.duckdb"), "collect", "auto", "--endpoint-url", proxy.endpoint().toString(),
                    "--region", "us-east-1", "--rate", "50", "--strict");
        }

        assertEquals(4, r.code(), r.toString());
        assertTrue(r.err().contains("error: s3://cli-auto-damaged/" + cut + ": ") && r.err().contains("empty"),
                r.toString());
        assertTrue(r.out().contains("1 file with errors (see above);"), r.toString());
    }

    /** coverage names the day whose Irish files were refused, and keeps the days listed after it covered. */
    private void refusedDayInCoverage(String day) {
        Cli.Result json = Cli.run(dir.resolve("s.duckdb"), "--format", "json", "coverage", "--region", "eu-west-1");
        JsonNode doc;
        try {
            doc = new ObjectMapper().readTree(json.out());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<JsonNode> refused = new ArrayList<>();
        doc.get("gaps").forEach(g -> {
            if (g.get("kind").asText().equals("collector")) {
                refused.add(g);
            }
        });
        assertEquals(1, refused.size(), json.out());
        assertEquals("[\"" + day + "\"]", refused.get(0).get("days").toString());
        assertTrue(refused.get(0).get("gap").asText().contains("was denied on " + day + " (collect auto, run "),
                refused.get(0).toString());
        Map<String, JsonNode> days = new HashMap<>();
        doc.get("days").forEach(d -> days.put(d.get("day").asText(), d));
        assertEquals("s3 denied", days.get(day).get("unread").asText());
        assertEquals("collector", days.get(day).get("missing").asText(), "its trail files were refused");
        assertTrue(days.get(day).get("history_read").asBoolean(), "its event history was read");
        JsonNode after = days.get(LocalDate.parse(day).plusDays(1).toString());
        assertEquals("", after.get("unread").asText());
        assertEquals("", after.get("missing").asText());
        assertTrue(after.get("listed").asBoolean(), "the day after was listed completely");
        Cli.Result text = Cli.run(dir.resolve("s.duckdb"), "coverage", "--region", "eu-west-1");
        assertTrue(text.out().contains("s3 denied " + day + " (run "), text.out());
    }
}
