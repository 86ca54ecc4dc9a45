package io.trailkeeper.store.ocsf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import io.trailkeeper.store.EventQuery;
import io.trailkeeper.store.EventSearch;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.Ingest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OCSF export on real records: every folder of ../shared/data ingested into a store in a temp folder, exported
 * as JSON lines and as Parquet; every event checked against the OCSF 1.1.0 schema extract, known records checked
 * attribute by attribute, and the Parquet files read back with DuckDB.
 */
class OcsfExportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> DATA = List.of("invictus-ir-aws_dataset/CloudTrail", "panther-analysis",
            "stratus-red-team/docs/detonation-logs", "otrf-security-datasets/datasets/atomic/aws/collection",
            "lookup-events");

    @TempDir
    static Path dir;
    static Path storePath;
    static OcsfExport.Result jsonl;
    static Map<String, JsonNode> byEventId = new HashMap<>();
    static Map<String, Path> fileOfEventId = new HashMap<>();
    static List<JsonNode> events = new ArrayList<>();
    static long storeEvents;
    static long storeWithoutTime;

    @BeforeAll
    static void exportSharedData() throws IOException {
        storePath = dir.resolve("store.duckdb");
        try (EventStore store = EventStore.openForWriting(storePath, EventStore.StoreOptions.defaults())) {
            List<Path> inputs = new ArrayList<>();
            for (String d : DATA) {
                inputs.add(shared(d));
            }
            new Ingest(store, Ingest.Options.defaults(), new Ingest.Listener() { }).run(inputs);
        }
        try (EventStore store = openForReading()) {
            EventSearch search = new EventSearch(store);
            storeEvents = search.count(EventQuery.all());
            storeWithoutTime = storeEvents - search.count(new EventQuery(Instant.EPOCH.minusSeconds(1L << 40),
                    Instant.parse("9999-12-31T00:00:00Z"), null, null, null, null, null, null, null, null, null,
                    null, null));
            jsonl = new OcsfExport(store).run(dir.resolve("out"), null, null, OcsfExport.Format.JSONL);
        }
        for (Path f : jsonl.files()) {
            for (String line : Files.readAllLines(f)) {
                JsonNode e = JSON.readTree(line);
                events.add(e);
                String id = e.at("/metadata/uid").asText(null);
                if (id != null) {
                    byEventId.put(id, e);
                    fileOfEventId.put(id, f);
                }
            }
        }
    }

    static EventStore openForReading() {
        return EventStore.openForReading(storePath, EventStore.StoreOptions.defaults());
    }

    static Path shared(String relative) {
        Path p = Path.of(System.getProperty("trailkeeper.shared", "../../shared"), "data", relative);
        assertTrue(Files.exists(p), "test data missing: " + p.toAbsolutePath());
        return p;
    }

    @Test
    void everyEventMeetsTheRequiredAttributesAndEnumerationsOfItsClass() throws IOException {
        OcsfSchemaCheck check = new OcsfSchemaCheck();
        assertEquals(OcsfMapper.OCSF_VERSION, check.version());
        Map<Integer, Integer> perClass = new HashMap<>();
        for (JsonNode e : events) {
            assertEquals(List.of(), check.problems(e), e.toString());
            assertEquals(check.version(), e.at("/metadata/version").asText());
            perClass.merge(e.get("class_uid").asInt(), 1, Integer::sum);
        }
        for (OcsfClass c : OcsfClass.values()) {
            assertTrue(perClass.getOrDefault(c.uid(), 0) > 0, "no event of " + c.caption() + ": " + perClass);
            assertEquals(jsonl.events().get(c).intValue(), perClass.get(c.uid()));
        }
        assertEquals(events.size(), jsonl.total());
    }

    @Test
    void everyStoredEventIsExportedOrCountedWithItsReason() {
        long skipped = jsonl.skipped().values().stream().mapToLong(Long::longValue).sum();
        assertEquals(storeEvents, jsonl.total() + skipped + jsonl.withoutTime(), jsonl.toString());
        assertEquals(storeWithoutTime, jsonl.withoutTime());
        assertTrue(storeWithoutTime > 0, "Panther's records with a redacted time are in the store without one");
        for (String reason : jsonl.skipped().keySet()) {
            assertTrue(List.of(OcsfMapper.INSIGHT, OcsfMapper.NO_NAME, OcsfMapper.NO_ACTOR, OcsfMapper.NO_SOURCE,
                    OcsfMapper.NO_USER).contains(reason), reason);
        }
        assertTrue(skipped * 20 < jsonl.total(), "most records map: " + jsonl);
    }

    @Test
    void aFailedConsoleLoginIsAnAuthenticationFailureWithItsMessage() {
        JsonNode e = byEventId.get("d38ce1b3-4575-4cb8-a632-611b8243bfc3"); // Panther: anaya, Failed authentication
        assertNotNull(e);
        assertEquals(3002, e.get("class_uid").asInt());
        assertEquals(1, e.get("activity_id").asInt());
        assertEquals("Logon", e.get("activity_name").asText());
        assertEquals(300201, e.get("type_uid").asLong());
        assertEquals(3, e.get("category_uid").asInt());
        assertEquals(2, e.get("status_id").asInt());
        assertEquals("Failure", e.get("status").asText());
        assertEquals("Failed authentication", e.get("message").asText());
        assertEquals("Failed authentication", e.get("status_detail").asText());
        assertEquals("anaya", e.at("/user/name").asText());
        assertEquals("111122223333", e.at("/user/account/uid").asText());
        assertEquals("192.0.2.0", e.at("/src_endpoint/ip").asText());
        assertTrue(e.get("is_mfa").asBoolean());
        assertEquals(Instant.parse("2022-11-10T16:24:34Z").toEpochMilli(), e.get("time").asLong());
    }

    @Test
    void aConsoleLoginFromLookupEventsIsASuccessfulLogonOfTheRoleSession() {
        JsonNode e = byEventId.get("654ccbc0-ba0d-486a-9076-dbf7274677a7");
        assertNotNull(e);
        assertEquals(3002, e.get("class_uid").asInt());
        assertEquals("Success", e.get("status").asText());
        assertEquals(1, e.get("status_id").asInt());
        assertEquals("arn:aws:iam::123456789012:role/my-role", e.at("/actor/session/issuer").asText());
        assertFalse(e.at("/actor/session/is_mfa").asBoolean(true));
        assertEquals("arn:aws:sts::123456789012:assumed-role/my-role/my-session-name", e.at("/user/uid").asText());
        assertFalse(e.get("is_mfa").asBoolean(true));
    }

    @Test
    void createAccessKeyIsAnAccountChangeOfTheTargetUser() {
        JsonNode e = byEventId.get("64b7de64-bf53-47ae-b7e3-d30cb1b5136e"); // Invictus: bert-jan's backdoor key
        assertNotNull(e);
        assertEquals(3001, e.get("class_uid").asInt());
        assertEquals(99, e.get("activity_id").asInt());
        assertEquals("Create Access Key", e.get("activity_name").asText());
        assertEquals(300199, e.get("type_uid").asLong());
        assertEquals("stratus-red-team-backdoor-u-user", e.at("/user/name").asText());
        assertEquals("AKIATFQR7NSC3ZO6PKAZ", e.at("/user/credential_uid").asText());
        assertEquals("123837392027", e.at("/user/account/uid").asText());
        assertEquals("bert-jan", e.at("/actor/user/name").asText());
        assertEquals("AKIATFQR7NSC8Q4X20BJ", e.at("/actor/user/credential_uid").asText());
        assertEquals("CreateAccessKey", e.at("/api/operation").asText());
        assertEquals("6e516ef1-9cd8-47ad-b467-3f672af5d137", e.at("/api/request/uid").asText());
        assertEquals("Success", e.get("status").asText());
    }

    @Test
    void iamUserChangesHaveTheirAccountChangeActivities() {
        Map<String, Integer> seen = new HashMap<>();
        for (JsonNode e : events) {
            if (e.get("class_uid").asInt() == 3001) {
                seen.put(e.at("/api/operation").asText(), e.get("activity_id").asInt());
            }
        }
        assertEquals(1, seen.get("CreateUser"));
        assertEquals(7, seen.get("AttachUserPolicy"));
        assertEquals(7, seen.get("PutUserPolicy"));
        assertEquals(4, seen.get("UpdateLoginProfile"));
        assertEquals(2, seen.get("CreateLoginProfile"));
        JsonNode attach = events.stream().filter(e -> e.at("/api/operation").asText().equals("AttachUserPolicy"))
                .findFirst().orElseThrow();
        assertTrue(attach.at("/policy/uid").asText().startsWith("arn:aws:iam::"), attach.toString());
    }

    @Test
    void deleteBucketIsADeleteApiActivityWithTheBucketAsResource() {
        JsonNode e = byEventId.get("0bf919d7-2cce-42ba-a1fa-96f6a21c780b");
        assertNotNull(e);
        assertEquals(6003, e.get("class_uid").asInt());
        assertEquals(6, e.get("category_uid").asInt());
        assertEquals(4, e.get("activity_id").asInt());
        assertEquals("Delete", e.get("activity_name").asText());
        assertEquals(600304, e.get("type_uid").asLong());
        JsonNode bucket = null;
        for (JsonNode r : e.get("resources")) {
            if (r.path("uid").asText().equals("arn:aws:s3:::stratus-red-team-ctlr-bucket-zqfsvooxqj")) {
                bucket = r;
            }
        }
        assertNotNull(bucket, e.get("resources").toString());
        assertEquals("AWS::S3::Bucket", bucket.get("type").asText());
        assertEquals("stratus-red-team-ctlr-bucket-zqfsvooxqj", bucket.get("name").asText());
        assertEquals("s3.amazonaws.com", e.at("/api/service/name").asText());
        assertEquals("GN79G193FT8BGF5Q", e.at("/api/request/uid").asText());
        assertEquals("stratus-red-team-ctlr-bucket-zqfsvooxqj", e.at("/api/request/data/bucketName").asText());
        assertEquals("AWS", e.at("/cloud/provider").asText());
        assertEquals("us-east-1", e.at("/cloud/region").asText());
        assertEquals("123837392027", e.at("/cloud/account/uid").asText());
        assertEquals("Management", e.at("/metadata/product/feature/name").asText());
        assertEquals("1.08", e.at("/metadata/product/version").asText());
        assertEquals("AwsApiCall", e.at("/unmapped/eventType").asText());
        assertTrue(e.at("/http_request/user_agent").asText().contains("Terraform"));
        assertEquals(Path.of("class=api_activity", "account=123837392027", "region=us-east-1", "date=2023-07-10",
                "ocsf.jsonl"), dir.resolve("out").relativize(fileOfEventId.get("0bf919d7-2cce-42ba-a1fa-96f6a21c780b")));
    }

    @Test
    void anAccessDeniedCallIsAFailureWithItsErrorCode() {
        JsonNode e = events.stream().filter(x -> x.at("/api/operation").asText().equals("AssumeRole")
                && x.path("status_code").asText().equals("AccessDenied")).findFirst().orElseThrow();
        assertEquals(6003, e.get("class_uid").asInt());
        assertEquals(2, e.get("status_id").asInt());
        assertEquals("Failure", e.get("status").asText());
        assertEquals("AccessDenied", e.at("/api/response/error").asText());
        assertTrue(e.get("message").asText().contains("is not authorized to perform: sts:AssumeRole"));
        assertEquals(e.get("message").asText(), e.at("/api/response/message").asText());
    }

    @Test
    void theOriginalRecordIsKeptAsRawData() throws IOException {
        Map<String, JsonNode> sources = new HashMap<>();
        try (EventStore store = openForReading()) {
            new EventSearch(store).records(EventQuery.all(), raw -> {
                try {
                    JsonNode r = JSON.readTree(raw);
                    if (r.hasNonNull("eventID")) {
                        sources.put(r.get("eventID").asText(), r);
                    }
                } catch (IOException ex) {
                    throw new IllegalStateException(ex);
                }
            });
        }
        JsonNode e = byEventId.get("0bf919d7-2cce-42ba-a1fa-96f6a21c780b");
        assertEquals(sources.get("0bf919d7-2cce-42ba-a1fa-96f6a21c780b"), JSON.readTree(e.get("raw_data").asText()));
        int checked = 0;
        for (JsonNode ev : events) {
            JsonNode raw = JSON.readTree(ev.get("raw_data").asText());
            assertEquals(ev.at("/metadata/uid").asText(null), raw.path("eventID").asText(null));
            checked++;
        }
        assertEquals(events.size(), checked);
    }

    @Test
    void eachPartitionHoldsItsEventsInTimeThenRecordHashOrderMappedFromTheirOwnRecords() throws IOException {
        // the export as it was written before it read the records a page at a time: every record through
        // tk_record, sorted with its columns by the query itself
        Map<Path, List<String>> expected = new java.util.LinkedHashMap<>();
        OcsfMapper mapper = new OcsfMapper();
        try (EventStore store = openForReading()) {
            new EventSearch(store).statement("SELECT event_time, recipient_account_id, aws_region, resources,"
                    + " coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length)) FROM events"
                    + " WHERE event_time IS NOT NULL ORDER BY event_time, record_hash", List.of(),
                    new io.trailkeeper.events.TableSink() {
                        @Override
                        public void columns(List<String> names) {
                        }

                        @Override
                        @SuppressWarnings("unchecked")
                        public void row(List<Object> v) {
                            String raw = (String) v.get(4);
                            Instant time = (Instant) v.get(0);
                            JsonNode record;
                            try {
                                record = OcsfJson.MAPPER.readTree(raw);
                            } catch (IOException e) {
                                return; // counted as not readable, in no file
                            }
                            try {
                                OcsfMapper.Mapping m = mapper.map(raw, record, time, (List<String>) v.get(3));
                                if (m.event() != null) {
                                    Path file = dir.resolve("out").resolve(OcsfFiles.partition(m.event().ocsfClass(),
                                            (String) v.get(1), (String) v.get(2), LocalDate.ofInstant(time,
                                                    java.time.ZoneOffset.UTC), OcsfExport.Format.JSONL));
                                    expected.computeIfAbsent(file, f -> new ArrayList<>()).add(
                                            OcsfJson.line(m.event().json()));
                                }
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }
                    });
        }
        assertEquals(jsonl.files().size(), expected.size());
        for (Path f : jsonl.files()) {
            assertEquals(expected.get(f), Files.readAllLines(f), f.toString());
        }
    }

    @Test
    void parquetHoldsTheSameRowsAsJsonLines() throws Exception {
        OcsfExport.Result parquet;
        try (EventStore store = openForReading()) {
            parquet = new OcsfExport(store).run(dir.resolve("parquet"), null, null, OcsfExport.Format.PARQUET);
        }
        assertEquals(jsonl.events(), parquet.events());
        assertEquals(jsonl.files().size(), parquet.files().size());
        try (Stream<Path> all = Files.walk(dir.resolve("parquet"))) {
            assertEquals(parquet.files().size(), all.filter(Files::isRegularFile).count(), "no temporary file remains");
        }
        int rows = 0;
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement s = db.createStatement()) {
            for (int i = 0; i < jsonl.files().size(); i++) {
                Path p = parquet.files().get(i);
                assertTrue(p.getFileName().toString().equals("ocsf.parquet"), p.toString());
                assertEquals(dir.resolve("out").relativize(jsonl.files().get(i)).getParent(),
                        dir.resolve("parquet").relativize(p).getParent());
                List<String> lines = Files.readAllLines(jsonl.files().get(i));
                // the partition columns DuckDB reads from the path are not in the file; time_dt, a timestamp
                // column, is compared as the RFC 3339 text in UTC that the JSON lines hold
                try (ResultSet r = s.executeQuery("SELECT to_json(t)::VARCHAR FROM (SELECT * REPLACE (strftime("
                        + "time_dt AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS time_dt) FROM (SELECT"
                        + " COLUMNS(lambda c: c NOT IN ('class', 'account', 'region', 'date')) FROM read_parquet("
                        + OcsfParquet.literal(p) + "))) t")) {
                    int n = 0;
                    while (r.next()) {
                        assertEquals(JSON.readTree(lines.get(n)), withoutNulls(JSON.readTree(r.getString(1))),
                                p + " row " + n);
                        n++;
                    }
                    assertEquals(lines.size(), n, p.toString());
                    rows += n;
                }
            }
            try (ResultSet r = s.executeQuery("SELECT compression FROM parquet_metadata("
                    + OcsfParquet.literal(parquet.files().get(0)) + ") LIMIT 1")) {
                r.next();
                assertEquals("ZSTD", r.getString(1));
            }
        }
        assertEquals(events.size(), rows);
    }

    @Test
    void aTimeRangeExportsWholeDaysAndReplacesTheirFiles() throws IOException {
        Path out = dir.resolve("range");
        Instant since = Instant.parse("2023-07-10T12:00:00Z");
        Instant until = Instant.parse("2023-07-10T12:05:00Z");
        OcsfExport.Result first;
        OcsfExport.Result second;
        try (EventStore store = openForReading()) {
            first = new OcsfExport(store).run(out, since, until, OcsfExport.Format.JSONL);
            second = new OcsfExport(store).run(out, since, until, OcsfExport.Format.JSONL);
        }
        assertEquals(Instant.parse("2023-07-10T00:00:00Z"), first.from());
        assertEquals(Instant.parse("2023-07-11T00:00:00Z"), first.until());
        long day = events.stream().filter(e -> e.get("time").asLong() >= first.from().toEpochMilli()
                && e.get("time").asLong() < first.until().toEpochMilli()).count();
        assertEquals(day, first.total());
        assertEquals(first.events(), second.events());
        long lines = 0;
        try (Stream<Path> files = Files.walk(out)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertEquals("ocsf.jsonl", f.getFileName().toString(), "only finished files remain: " + f);
                assertTrue(f.toString().contains("date=2023-07-10"), f.toString());
                lines += Files.readAllLines(f).size();
            }
        }
        assertEquals(day, lines);
    }

    @Test
    void aFailedExportSaysWhereAndLeavesTheFilesItFinishedAndNoTemporaryOne() throws IOException {
        Path out = dir.resolve("failing");
        Path blocked = out.resolve(OcsfFiles.partition(OcsfClass.API_ACTIVITY, "123837392027", "us-east-1",
                LocalDate.parse("2023-07-10"), OcsfExport.Format.JSONL));
        Files.createDirectories(blocked.resolve("occupied")); // a folder where the day's file must go
        TrailKeeperException e;
        try (EventStore store = openForReading()) {
            e = assertThrows(TrailKeeperException.class,
                    () -> new OcsfExport(store).run(out, null, null, OcsfExport.Format.JSONL));
        }
        assertEquals(ErrorCode.STORE_WRITE_FAILED, e.code());
        assertTrue(e.getMessage().contains(out.toString()), e.getMessage());
        try (Stream<Path> all = Files.walk(out)) {
            List<Path> files = all.filter(Files::isRegularFile).toList();
            assertTrue(files.stream().noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), files.toString());
            // the days before 2023-07-10 were complete and published before the failure
            assertTrue(files.stream().anyMatch(f -> f.toString().contains("date=2020-09-14")), files.toString());
        }
    }

    /** DuckDB's to_json writes the STRUCT fields an event does not have as null; the JSON lines omit them. */
    static JsonNode withoutNulls(JsonNode n) {
        if (n.isObject()) {
            ObjectNode o = JSON.createObjectNode();
            for (Map.Entry<String, JsonNode> f : n.properties()) {
                if (!f.getValue().isNull()) {
                    o.set(f.getKey(), withoutNulls(f.getValue()));
                }
            }
            return o;
        }
        if (n.isArray()) {
            var a = JSON.createArrayNode();
            n.forEach(x -> a.add(withoutNulls(x)));
            return a;
        }
        return n;
    }

}
