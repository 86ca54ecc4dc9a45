package io.trailkeeper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.Table;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's aggregates over real trail files, each checked against SQL of its own. */
class ReportQueriesTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void ingest() {
        TestStores.ingestSamples(dir);
    }

    private static EventQuery window(String since, String until) {
        return new EventQuery(Instant.parse(since), Instant.parse(until), null, null, null, null, null, null, null,
                null, null, null, null);
    }

    @Test
    void totalsAndTheSpanAgreeWithPlainSql() {
        try (EventStore store = TestStores.openReadOnly(dir)) {
            ReportQueries q = new ReportQueries(store);
            EventQuery all = EventQuery.all();
            ReportQueries.Totals t = q.totals(all);
            assertEquals(TestStores.scalar(store, "SELECT count(*) FROM events"), t.events());
            assertEquals(3_645, t.events(), "2,900 invictus records, 310 Stratus Red Team ones, 435 distinct of"
                    + " Panther's 459");
            long errorCodes = TestStores.scalar(store, "SELECT count(*) FROM events WHERE error_code IS NOT NULL");
            long failed = TestStores.count(store, new EventQuery(null, null, null, null, null, null, null, null, null,
                    "any", null, null, null));
            assertTrue(failed > errorCodes, "Panther's failed console sign-ins have no errorCode");
            assertEquals(failed, t.errors(), "every failed call, as query --error any has them");
            assertEquals(TestStores.scalar(store, "SELECT count(*) FROM events WHERE NOT read_only"), t.writes());
            long network = TestStores.scalar(store, "SELECT count(*) FROM events WHERE event_category ="
                    + " 'NetworkActivity'");
            assertTrue(network >= 3, "Panther's network activity events: GetObject, DescribeInstances, UpdateTrail");
            assertEquals(new ReportQueries.NetworkActivity(network, 1, 1), t.network(), "the UpdateTrail changes"
                    + " something (the store's UpdateTrail management events say readOnly false), not the reads;"
                    + " one GetObject was denied (VpceAccessDenied)");
            assertEquals(0, TestStores.scalar(store, "SELECT count(*) FROM events WHERE event_category ="
                    + " 'NetworkActivity' AND read_only IS NOT NULL"), "CloudTrail gives them no readOnly");
            assertEquals(TestStores.scalar(store, "SELECT count(DISTINCT aws_region) FROM events"), t.regions());
            assertEquals(TestStores.scalar(store, "SELECT count(DISTINCT source_ip) FROM events"), t.sourceIps());
            // an IAM user's events recorded without an ARN are that user's (same account, same name), as --user has it
            long named = TestStores.scalar(store, "SELECT count(DISTINCT coalesce(principal_arn, user_name,"
                    + " identity_type, '(unknown)')) FROM events");
            assertEquals(TestStores.scalar(store, "SELECT count(DISTINCT coalesce(e.principal_arn, u.arn, e.user_name,"
                    + " e.identity_type, '(unknown)')) FROM events e LEFT JOIN (SELECT split_part(principal_arn, ':', 5)"
                    + " AS account, lower(regexp_extract(principal_arn, '[^/]+$')) AS name, min(principal_arn) AS arn"
                    + " FROM events WHERE identity_type = 'IAMUser' AND principal_arn LIKE 'arn:%:iam::%:user/%'"
                    + " GROUP BY ALL) u ON e.principal_arn IS NULL AND e.identity_type = 'IAMUser'"
                    + " AND e.recipient_account_id = u.account AND lower(e.user_name) = u.name"), t.principals());
            assertTrue(t.principals() < named, "users recorded also without their ARN: " + named);
            assertEquals(Instant.ofEpochSecond(TestStores.scalar(store, "SELECT epoch(min(event_time))::BIGINT FROM events")),
                    t.first());
            assertEquals(5, t.accounts().size(), "at most five of the accounts: " + t.accounts());
            assertEquals(t.accounts().stream().sorted().toList(), t.accounts());
            assertEquals(TestStores.scalar(store, "SELECT min(recipient_account_id)::BIGINT FROM events"),
                    Long.parseLong(t.accounts().get(0)));

            long untimed = TestStores.scalar(store, "SELECT count(*) FROM events WHERE event_time IS NULL");
            assertTrue(untimed > 0, "Panther's records with eventTime \"redacted\"");
            assertEquals(untimed, q.span(all).withoutTime());
            ReportQueries.Span span = q.span(window("2023-07-10T11:00:00Z", "2023-07-10T12:59:59Z"));
            assertEquals(2_900, span.events(), "the invictus records are all of that hour and the next");
            assertTrue(span.first().isAfter(Instant.parse("2023-07-10T11:42:00Z")), span.toString());
            ReportQueries.Span none = q.span(window("2001-01-01T00:00:00Z", "2001-01-02T00:00:00Z"));
            assertEquals(0, none.events());
            assertNull(none.first());
        }
    }

    @Test
    void timelineAndRegionBucketsAddUpToTheWindowsEvents() {
        try (EventStore store = TestStores.openReadOnly(dir)) {
            ReportQueries q = new ReportQueries(store);
            EventQuery w = window("2023-07-10T00:00:00Z", "2023-07-10T23:59:59Z");
            List<ReportQueries.Bucket> hours = q.timeline(w, Duration.ofHours(1));
            assertEquals(List.of(Instant.parse("2023-07-10T11:00:00Z"), Instant.parse("2023-07-10T12:00:00Z")),
                    hours.stream().map(ReportQueries.Bucket::start).toList(), "hours start on the hour, in UTC");
            assertEquals(2_900, hours.stream().mapToLong(ReportQueries.Bucket::events).sum());
            assertEquals(TestStores.scalar(store, "SELECT count(*) FROM events WHERE event_time >= TIMESTAMP"
                    + " '2023-07-10 12:00:00' AND event_time < TIMESTAMP '2023-07-10 13:00:00'"), hours.get(1).events());
            assertEquals(TestStores.scalar(store, "SELECT count(*) FROM events WHERE error_code IS NOT NULL"
                    + " AND event_time::DATE = DATE '2023-07-10'"),
                    hours.stream().mapToLong(ReportQueries.Bucket::errors).sum());
            assertEquals(TestStores.scalar(store, "SELECT count(*) FROM events WHERE NOT read_only"
                    + " AND event_time::DATE = DATE '2023-07-10'"),
                    hours.stream().mapToLong(ReportQueries.Bucket::writes).sum());

            List<ReportQueries.Bucket> days = q.timeline(EventQuery.all(), Duration.ofDays(1));
            assertEquals(TestStores.scalar(store, "SELECT count(*) FROM events WHERE event_time IS NOT NULL"),
                    days.stream().mapToLong(ReportQueries.Bucket::events).sum());
            assertEquals(TestStores.scalar(store, "SELECT count(DISTINCT event_time::DATE) FROM events"), days.size());
            assertTrue(days.stream().allMatch(b -> b.start().getEpochSecond() % 86_400 == 0), days.toString());

            List<ReportQueries.RegionBucket> cells = q.regionBuckets(EventQuery.all(), Duration.ofDays(1));
            assertEquals(days.stream().mapToLong(ReportQueries.Bucket::events).sum(),
                    cells.stream().mapToLong(ReportQueries.RegionBucket::events).sum());
            assertEquals(TestStores.scalar(store, "SELECT count(*) FROM (SELECT DISTINCT aws_region, event_time::DATE"
                    + " FROM events WHERE event_time IS NOT NULL)"), cells.size());
            assertThrows(IllegalArgumentException.class, () -> q.timeline(w, Duration.ZERO));
        }
    }

    @Test
    void topTablesAreOrderedAndLimitedAndFiltersApply() {
        try (EventStore store = TestStores.openReadOnly(dir)) {
            ReportQueries q = new ReportQueries(store);
            Table calls = q.topCalls(EventQuery.all(), 10);
            assertEquals(10, calls.rows().size());
            assertEquals(List.of("event_source", "event_name", "events", "errors", "writes", "principals", "regions",
                    "first_seen", "last_seen"), calls.columns());
            long top = TestStores.scalar(store, "SELECT count(*) AS n FROM events GROUP BY event_source, event_name"
                    + " ORDER BY n DESC LIMIT 1");
            assertEquals(top, calls.rows().get(0).get(2));
            for (int i = 1; i < calls.rows().size(); i++) {
                assertTrue((Long) calls.rows().get(i - 1).get(2) >= (Long) calls.rows().get(i).get(2), calls.toString());
            }
            Table ips = q.topIps(EventQuery.all(), 3);
            assertEquals(3, ips.rows().size());
            assertEquals("source_ip", ips.columns().get(0));

            String principal = (String) q.topPrincipals(EventQuery.all(), 1).rows().get(0).get(0);
            EventQuery actor = new EventQuery(null, null, null, null, null, principal, null, null, null, null, null,
                    null, null);
            Table one = q.topPrincipals(actor, 10);
            // a user's ARN also finds the user's events recorded without an ARN (71db6dd), named by the ARN too
            assertEquals(List.of(principal), one.rows().stream().map(r -> r.get(0)).toList(), one.toString());
            assertEquals(q.totals(actor).events(), one.rows().stream().mapToLong(r -> (Long) r.get(1)).sum());
        }
    }

    @Test
    void recordsComeInTimeOrderAsEventSearchGivesThemWhateverThePageSize() throws Exception {
        try (EventStore store = TestStores.openReadOnly(dir)) {
            EventQuery day = window("2023-07-10T00:00:00Z", "2023-07-10T23:59:59Z");
            List<String> expected = new java.util.ArrayList<>();
            new EventSearch(store).records(day, r -> expected.add(new String(r, java.nio.charset.StandardCharsets.UTF_8)));
            assertEquals(2_900, expected.size());
            List<String> paged = new java.util.ArrayList<>();
            new ReportQueries(store).records(day, r -> paged.add(new String(r, java.nio.charset.StandardCharsets.UTF_8)));
            assertEquals(expected, paged);
            long chunks = TestStores.scalar(store, "SELECT count(DISTINCT raw_chunk) FROM events");
            assertTrue(chunks > 3, "the records span several chunks: " + chunks);
            for (int[] page : new int[][] {{1, 1_000_000}, {2, 7}, {3, 100}}) {
                List<String> small = new java.util.ArrayList<>();
                QuerySql q = QuerySql.of(store, day);
                PagedRecords.read(store, q.where + PagedRecords.IN_TIME_ORDER, q.params,
                        r -> small.add(new String(r, java.nio.charset.StandardCharsets.UTF_8)), page[0], page[1]);
                assertEquals(expected, small, "pages of " + page[0] + " chunks or " + page[1] + " records");
            }
        }
    }

    @Test
    void recordsWithColumnsGiveEachRowItsOwnRecordInTheQuerysOrderWhateverThePageSize() throws Exception {
        try (EventStore store = TestStores.openReadOnly(dir)) {
            String where = " WHERE event_time IS NOT NULL ORDER BY event_time, record_hash";
            List<String> columns = List.of("event_time", "recipient_account_id", "aws_region", "resources");
            // what the OCSF export read before: the records through tk_record, sorted with their columns
            io.trailkeeper.events.TableCollector sorted = new io.trailkeeper.events.TableCollector();
            new EventSearch(store).statement("SELECT " + String.join(", ", columns) + ", "
                    + "coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length)) FROM events" + where, List.of(), sorted);
            List<List<Object>> expected = sorted.table("t").rows();
            assertTrue(expected.size() > 2_900, "rows: " + expected.size());
            for (int[] page : new int[][] {{PagedRecords.PAGE_CHUNKS, PagedRecords.PAGE_RECORDS}, {1, 1_000_000},
                    {2, 7}, {3, 100}}) {
                List<List<Object>> rows = new java.util.ArrayList<>();
                PagedRecords.read(store, columns, where, List.of(), (values, record) -> {
                    List<Object> row = new java.util.ArrayList<>(values);
                    row.add(new String(record, java.nio.charset.StandardCharsets.UTF_8));
                    rows.add(row);
                }, page[0], page[1]);
                assertEquals(expected, rows, "pages of " + page[0] + " chunks or " + page[1] + " records");
            }
        }
    }

    @Test
    void namedCallsCountTheDestructiveOnesWithWhoAndWhere() {
        try (EventStore store = TestStores.openReadOnly(dir)) {
            List<ReportQueries.NamedCalls> calls = new ReportQueries(store).namedCalls(
                    window("2023-07-10T00:00:00Z", "2023-07-10T23:59:59Z"),
                    List.of("DeleteBucket", "StopLogging", "NoSuchCall"));
            assertEquals(List.of("DeleteBucket", "StopLogging"), calls.stream().map(ReportQueries.NamedCalls::eventName).toList());
            ReportQueries.NamedCalls delete = calls.get(0);
            assertEquals(8, delete.calls());
            assertEquals(5, delete.succeeded(), "three were refused with BucketNotEmpty");
            assertEquals(List.of("us-east-1"), delete.regions());
            assertEquals(TestStores.scalar(store, "SELECT count(DISTINCT coalesce(principal_arn, user_name,"
                    + " identity_type)) FROM events WHERE event_name = 'DeleteBucket' AND event_time::DATE = '2023-07-10'"),
                    delete.principalCount());
            assertTrue(!delete.principals().isEmpty() && delete.principals().size() <= 3, delete.toString());
            assertTrue(!delete.resources().isEmpty(), "the bucket names: " + delete);
            assertEquals(3, calls.get(1).calls());
            assertEquals(List.of(), new ReportQueries(store).namedCalls(EventQuery.all(), List.of()));
        }
    }
}
