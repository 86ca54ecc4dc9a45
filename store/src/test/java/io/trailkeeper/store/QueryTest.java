package io.trailkeeper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.TableSink;
import io.trailkeeper.events.TrailKeeperException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Filters against the Invictus set, whose facts are listed in ../shared/data/SOURCES.md. */
class QueryTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void load() {
        try (EventStore store = TestStores.open(dir)) {
            TestStores.ingest(store, TestStores.shared("invictus-ir-aws_dataset/CloudTrail"));
        }
    }

    private static long count(EventQuery q) {
        try (EventStore store = TestStores.openReadOnly(dir)) {
            return TestStores.count(store, q);
        }
    }

    private static EventQuery q() {
        return EventQuery.all();
    }

    private static EventQuery names(String... names) {
        return new EventQuery(null, null, List.of(), List.of(names), List.of(), null, null, null, null, null, null,
                null, null);
    }

    @Test
    void eventNamesExactGlobAndCaseInsensitive() {
        assertEquals(3, count(names("StopLogging")));
        assertEquals(3, count(names("stoplogging")));
        assertEquals(6, count(names("StopLogging", "DeleteTrail")));
        assertTrue(count(names("Delete*")) >= 11);
        assertEquals(0, count(names("Stop")));
    }

    @Test
    void errorsReadOnlyAndCategory() {
        EventQuery any = new EventQuery(null, null, List.of(), List.of(), List.of(), null, null, null, null, "any",
                null, null, null);
        assertEquals(300, count(any));
        EventQuery deletesThatWorked = new EventQuery(null, null, List.of(), List.of("DeleteBucket"), List.of(), null,
                null, null, null, null, null, null, null);
        assertEquals(8, count(deletesThatWorked));
        EventQuery reads = new EventQuery(null, null, List.of(), List.of(), List.of(), null, null, null, null, null,
                true, null, null);
        assertEquals(2326, count(reads));
        EventQuery writes = new EventQuery(null, null, List.of(), List.of(), List.of(), null, null, null, null, null,
                false, null, null);
        assertEquals(574, count(writes));
        EventQuery management = new EventQuery(null, null, List.of(), List.of(), List.of(), null, null, null, null,
                null, null, "management", null);
        assertEquals(2900, count(management));
        EventQuery data = new EventQuery(null, null, List.of(), List.of(), List.of(), null, null, null, null, null,
                null, "data", null);
        assertEquals(0, count(data));
    }

    @Test
    void principalKeyIpAndResource() {
        EventQuery key = new EventQuery(null, null, List.of(), List.of(), List.of(), null, "AKIATFQR7NSC8Q4X20BJ",
                null, null, null, null, null, null);
        assertEquals(2104, count(key));
        assertEquals(2104, count(new EventQuery(null, null, List.of(), List.of(), List.of(), null,
                " akiatfqr7nsc8q4x20bj", null, null, null, null, null, null)), "a key id in lower case is the key");
        EventQuery user = new EventQuery(null, null, List.of(), List.of(), List.of(), "BENJAMIN", null, null, null,
                null, null, null, null);
        assertEquals(105, count(user));
        EventQuery ip = new EventQuery(null, null, List.of(), List.of(), List.of(), null, null, "192.168.10.*", null,
                null, null, null, null);
        assertTrue(count(ip) > 0);
        EventQuery bucket = new EventQuery(null, null, List.of(), List.of("DeleteBucket"), List.of(), null, null,
                null, "stratus-red-team-olc-bucket-xhfgzaowxc", null, null, null, null);
        assertEquals(1, count(bucket));
        EventQuery byArn = new EventQuery(null, null, List.of(), List.of("DeleteBucket"), List.of(), null, null,
                null, "arn:aws:s3:::stratus-red-team-olc-bucket-xhfgzaowxc", null, null, null, null);
        assertEquals(1, count(byArn));
    }

    @Test
    void aRoleOrInstanceArnMatchesTheRecordsThatNameItByNameOnly() {
        assertEquals(1, count(resource("DeleteRole", "arn:aws:iam::123837392027:role/stratus-red-team-usr-data-role")));
        assertEquals(1, count(resource("DeleteUser", "arn:aws:iam::123837392027:user/malicious-iam-user")));
        assertEquals(1, count(resource("TerminateInstances",
                "arn:aws:ec2:us-east-1:123837392027:instance/i-05c30218156bcc246")));
        assertEquals(0, count(resource("DeleteRole", "arn:aws:iam::999999999999:role/stratus-red-team-usr-data-role")),
                "another account's role of the same name");
        assertEquals(0, count(resource("DeleteBucket",
                "arn:aws:iam::123837392027:role/stratus-red-team-olc-bucket-xhfgzaowxc")), "a role named like a bucket");
    }

    @Test
    void anIpv4CidrBlockMatchesTheAddressesItHolds() {
        assertEquals(2154, count(ip("192.168.10.*")));
        assertEquals(2154, count(ip("192.168.10.0/24")));
        assertEquals(2154, count(ip("192.168.10.20/32")));
        assertEquals(281 + 89 + 1 + 1, count(ip("10.0.0.0/8")), "10.8.8.10, 10.248.16.43, 10.107.112.14 and .159.90");
        assertEquals(2, count(ip("10.107.0.0/16")));
        assertEquals(1, count(ip("10.107.0.0/17")), "10.107.112.14; 10.107.159.90 is in the upper half");
        assertEquals(1, count(ip("10.107.128.0/17")), "10.107.159.90");
        assertEquals(2, count(ip("10.107.0.0/15")));
        assertEquals(count(ip("192.168.10.20")), count(ip("192.168.10.99/24")), "the block of an address in it");
        assertEquals(0, count(ip("192.168.11.0/24")));
        IllegalArgumentException v6 = assertThrows(IllegalArgumentException.class, () -> count(ip("2001:db8::/32")));
        assertEquals("--ip: '2001:db8::/32' is not an IPv4 CIDR block such as 198.51.100.0/24; an IPv6 range is not"
                + " taken as a block, give it as a glob: '2001:db8:*'", v6.getMessage());
        assertThrows(IllegalArgumentException.class, () -> count(ip("192.168.10.0/33")));
        assertThrows(IllegalArgumentException.class, () -> count(ip("192.168.10.*/24")));
    }

    private static EventQuery ip(String ip) {
        return new EventQuery(null, null, List.of(), List.of(), List.of(), null, null, ip, null, null, null, null,
                null);
    }

    private static EventQuery resource(String eventName, String resource) {
        return new EventQuery(null, null, List.of(), List.of(eventName), List.of(), null, null, null, resource, null,
                null, null, null);
    }

    @Test
    void timeWindowAndRegion() {
        EventQuery window = new EventQuery(Instant.parse("2023-07-10T12:08:00Z"), Instant.parse("2023-07-10T12:08:59Z"),
                List.of("us-east-1"), List.of("DeleteBucket"), List.of("s3"), null, null, null, null, null, null,
                null, null);
        assertEquals(5, count(window));
        EventQuery otherRegion = new EventQuery(null, null, List.of("eu-west-1"), List.of(), List.of(), null, null,
                null, null, null, null, null, null);
        assertEquals(0, count(otherRegion));
    }

    @Test
    void recordsComeBackExactlyAsLoaded() throws Exception {
        String original = Files.readString(TestStores.shared("invictus-ir-aws_dataset/CloudTrail/"
                + "218007301253_CloudTrail_us-east-1_20230710T1145Z_7xgocspSowgK0Gto.json"));
        List<String> records = new ArrayList<>();
        try (EventStore store = TestStores.openReadOnly(dir)) {
            new EventSearch(store).records(names("StopLogging").withLimit(10L),
                    b -> records.add(new String(b, StandardCharsets.UTF_8)));
            List<String> all = new ArrayList<>();
            new EventSearch(store).records(q().withLimit(3000L), b -> all.add(new String(b, StandardCharsets.UTF_8)));
            assertEquals(2900, all.size());
            long found = all.stream().filter(original::contains).count();
            assertTrue(found > 10, "records of a compact trail file are byte-identical substrings of it");
        }
        assertEquals(3, records.size());
        assertTrue(records.stream().allMatch(r -> r.contains("\"eventName\":\"StopLogging\"")));
    }

    @Test
    void recordsInStoredOrderAreTheSameRecordsEachChunkReadOnce() {
        List<String> byTime = new ArrayList<>();
        List<String> stored = new ArrayList<>();
        try (EventStore store = TestStores.openReadOnly(dir)) {
            new EventSearch(store).records(q(), b -> byTime.add(new String(b, StandardCharsets.UTF_8)));
            new EventSearch(store).recordsInStoredOrder(q(), b -> stored.add(new String(b, StandardCharsets.UTF_8)));
            List<String> filtered = new ArrayList<>();
            new EventSearch(store).recordsInStoredOrder(names("StopLogging"),
                    b -> filtered.add(new String(b, StandardCharsets.UTF_8)));
            assertEquals(3, filtered.size(), "the query's filters apply");
        }
        assertEquals(2900, stored.size());
        assertTrue(!stored.equals(byTime), "not in time order");
        List<String> a = new ArrayList<>(byTime);
        List<String> b = new ArrayList<>(stored);
        a.sort(null);
        b.sort(null);
        assertEquals(a, b);
    }

    @Test
    void eventsStreamInTimeOrderWithTheChosenColumns() {
        List<List<Object>> rows = new ArrayList<>();
        try (EventStore store = TestStores.openReadOnly(dir)) {
            new EventSearch(store).events(names("DeleteBucket"), List.of("event_time", "event_name", "resources"),
                    new TableSink() {
                        @Override
                        public void columns(List<String> names) {
                            assertEquals(List.of("event_time", "event_name", "resources"), names);
                        }

                        @Override
                        public void row(List<Object> values) {
                            rows.add(values);
                        }
                    });
        }
        assertEquals(8, rows.size());
        Instant previous = Instant.MIN;
        for (List<Object> row : rows) {
            Instant t = (Instant) row.get(0);
            assertTrue(!t.isBefore(previous));
            previous = t;
            assertTrue(row.get(2) instanceof List<?>);
        }
    }

    @Test
    void sqlIsReadOnlyAndSeesTheOriginalRecord() {
        try (EventStore store = TestStores.openReadOnly(dir)) {
            EventSearch search = new EventSearch(store);
            List<List<Object>> rows = new ArrayList<>();
            search.sql("SELECT record->>'$.requestParameters.bucketName' AS bucket FROM cloudtrail"
                    + " WHERE event_name = 'DeleteBucket' AND error_code IS NULL ORDER BY bucket", new TableSink() {
                        @Override
                        public void columns(List<String> names) {
                        }

                        @Override
                        public void row(List<Object> values) {
                            rows.add(values);
                        }
                    });
            assertEquals(5, rows.size());
            assertEquals("stratus-red-team-backdoor-f-bucket-ufamgrrnmw", rows.get(0).get(0));
            TrailKeeperException e = assertThrows(TrailKeeperException.class,
                    () -> search.sql("DELETE FROM events", new NullSink()));
            assertEquals("TK-106", e.code().code());
            assertThrows(TrailKeeperException.class, () -> search.sql("COPY events TO '" + dir.resolve("x.csv") + "'",
                    new NullSink()));
            assertTrue(!Files.exists(dir.resolve("x.csv")));
            TrailKeeperException outside = assertThrows(TrailKeeperException.class,
                    () -> search.sql("SELECT * FROM read_csv('/etc/passwd')", new NullSink()));
            // a SELECT of a file: the fix is not "use SELECT" but to load the file, or read it elsewhere
            assertEquals("TK-106", outside.code().code());
            assertTrue(outside.getMessage().startsWith("--sql reads only the store: "), outside.getMessage());
            assertTrue(outside.hint().contains("files outside the store cannot be read")
                    && outside.hint().contains("trailkeeper ingest") && !outside.hint().contains("use SELECT"),
                    outside.hint());
            TrailKeeperException bad = assertThrows(TrailKeeperException.class,
                    () -> search.sql("SELEC nonsense", new NullSink()));
            assertEquals("TK-105", bad.code().code());
            assertEquals(2900, TestStores.count(store, q()));
            // a second search on the same open store finds the SQL view already there
            List<List<Object>> again = new ArrayList<>();
            new EventSearch(store).sql("SELECT count(*) FROM cloudtrail", new TableSink() {
                @Override
                public void columns(List<String> names) {
                }

                @Override
                public void row(List<Object> values) {
                    again.add(values);
                }
            });
            assertEquals(2900L, ((Number) again.get(0).get(0)).longValue());
        }
    }

    /**
     * query --sql's statement is streamed: DuckDB's JDBC driver otherwise holds the whole result before the first row
     * comes to Java (SELECT * FROM cloudtrail over 2 million events: 5 GB of memory).
     */
    @Test
    void userSqlIsStreamedAndEverySearchStillReadsAfterIt() throws Exception {
        try (EventStore store = TestStores.openReadOnly(dir)) {
            io.trailkeeper.events.TableCollector setting = new io.trailkeeper.events.TableCollector();
            new EventSearch(store).sql("SELECT current_setting('jdbc_stream_results') AS streamed", setting);
            assertEquals(List.of(List.of(true)), setting.table("t").rows());
            io.trailkeeper.events.TableCollector all = new io.trailkeeper.events.TableCollector();
            new EventSearch(store).sql("SELECT event_id FROM cloudtrail", all);
            assertEquals(2900, all.table("t").rows().size());
        }
    }

    private static final class NullSink implements TableSink {
        @Override
        public void columns(List<String> names) {
        }

        @Override
        public void row(List<Object> values) {
        }
    }
}
