package io.trailkeeper.store;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.Table;
import io.trailkeeper.events.TableCollector;
import io.trailkeeper.events.TrailKeeperException;
import io.trailkeeper.store.investigate.ComputeAbuse;
import io.trailkeeper.store.investigate.DataReads;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The aggregates an incident report shows, each one GROUP BY over the typed columns of the events an
 * {@link EventQuery} selects: however many millions of events the store holds, only the answers come back.
 * Every value a user or a record gives is a bound parameter.
 */
public final class ReportQueries {
    /** Who made a call, as {@link ReportPrincipals} names them: over {@link ReportPrincipals#events} only. */
    static final String PRINCIPAL = ReportPrincipals.PRINCIPAL;
    /** A management, data or Insights event: not a network activity event (a call through a VPC endpoint). */
    static final String NOT_NETWORK = "event_category IS DISTINCT FROM 'NetworkActivity'";
    /**
     * A failed call, as {@code query --error any} has it: an errorCode, or a failed sign-in, which AWS records without
     * one (a console sign-in's ConsoleLogin Failure, a credential IAM Identity Center's sign-in rejected).
     */
    private static final String FAILED = QuerySql.FAILED_CALL;

    private final EventStore store;
    private final ReportPrincipals principals = new ReportPrincipals(this);
    private final ReportEndpointCalls endpointCalls = new ReportEndpointCalls(this);

    public ReportQueries(EventStore store) {
        this.store = store;
    }

    /**
     * The events a query selects, the first and last of their times (null when none has a time), and how many
     * have no readable time (they fall outside every window).
     */
    public record Span(long events, Instant first, Instant last, long withoutTime) {
    }

    /**
     * What the selected events amount to.
     *
     * @param writes   the events CloudTrail marks readOnly false (network activity events have no readOnly: they are
     *                 counted in {@code network} instead)
     * @param dataWrites of {@code writes}, the data events (S3 object writes, Lambda invocations, DynamoDB item
     *                 changes): a busy function's invocations outnumber every management change many times over
     * @param accounts up to five of the accounts that recorded them, in order
     * @param principals the principals of the events but the Insights events, which are no call by anyone
     * @param network  the selected network activity events
     * @param insights the selected CloudTrail Insights events, counted in {@code events}
     */
    public record Totals(long events, long principals, long regions, long sourceIps, long errors, long writes,
                         long dataWrites, Instant first, Instant last, List<String> accounts, NetworkActivity network,
                         ReportInsights insights) {
        public Totals {
            accounts = List.copyOf(accounts);
        }
    }

    /**
     * The selected network activity events (eventCategory NetworkActivity: calls through a VPC endpoint, recorded in
     * the endpoint owner's account), which CloudTrail records with no readOnly. A call through an endpoint is recorded
     * as a management event too (and as a data event where a trail logs those), so these are counted apart, never
     * added to the other counts.
     *
     * @param events the network activity events
     * @param writes of which change something: the call's readOnly is false in the other selected events of that call
     *               (same event source and name), or, when none has a readOnly, its name is no read's
     *               ({@link #READ_VERBS}, {@link #KEY_USES})
     * @param denied of which the endpoint's policy denied (VpceAccessDenied: the call never reached the service)
     */
    public record NetworkActivity(long events, long writes, long denied) {
        /** The leading verbs of calls that change nothing (S3's SelectObjectContent reads an object). */
        public static final List<String> READ_VERBS = List.of("Get", "Head", "List", "Describe", "Lookup", "Select");
        /** KMS's uses of a key, which change nothing (KMS records calls through an endpoint as network activity). */
        public static final List<String> KEY_USES = List.of("Decrypt", "Encrypt", "ReEncrypt", "GenerateDataKey",
                "GenerateRandom", "GenerateMac", "VerifyMac", "Sign", "Verify");

        /** A call name that changes nothing, as a regular expression (a verb or key use, then a capital or the end). */
        static String readName() {
            return "^((" + String.join("|", READ_VERBS) + ")[A-Z]|(" + String.join("|", KEY_USES) + ")([A-Z]|$))";
        }
    }

    /** The events of one bucket starting at {@code start}. */
    public record Bucket(Instant start, long events, long errors, long writes) {
    }

    /** The events one region recorded in the bucket starting at {@code start}. */
    public record RegionBucket(String region, Instant start, long events) {
    }

    /**
     * The calls of one name, e.g. DeleteBucket: how many, how many succeeded, when, and the first few
     * principals, regions and source IPs (up to three each, in order; how many principals there were) and
     * resources (up to six, in order: names and ARNs). {@code calls} and {@code succeeded} count the management and
     * data events; {@code networkActivity} the network activity events of that name (a call through a VPC endpoint,
     * which is recorded as a management event too), counted apart, and {@code sameRequest} those of them that record
     * the same request as one of the calls (the same event source and requestID within 5 minutes). The times, names,
     * regions and IPs are of both.
     */
    public record NamedCalls(String eventName, long calls, long succeeded, long networkActivity, long sameRequest,
                             Instant first, Instant last, List<String> principals, long principalCount,
                             List<String> regions, List<String> sourceIps, List<String> resources,
                             List<OneCall> each) {
        public NamedCalls {
            principals = List.copyOf(principals);
            regions = List.copyOf(regions);
            sourceIps = List.copyOf(sourceIps);
            resources = List.copyOf(resources);
            each = List.copyOf(each);
        }
    }

    /**
     * One of the first six calls of a name, oldest first, its who and where together (the lists of {@link NamedCalls}
     * do not pair them): principal, source IP and region (empty when the record has none), time, and the names it
     * names (plain names, else ARNs, comma-separated; empty when none).
     */
    public record OneCall(String principal, String sourceIp, String region, Instant time, String named) {
        static final int SHOWN = 6;
    }

    public Span span(EventQuery query) {
        QuerySql q = select(query);
        List<Object> row = single("SELECT count(*), min(event_time), max(event_time),"
                + " count(*) FILTER (WHERE event_time IS NULL) FROM events" + q.where, q.params);
        return new Span((Long) row.get(0), (Instant) row.get(1), (Instant) row.get(2), (Long) row.get(3));
    }

    public Totals totals(EventQuery query) {
        QuerySql q = select(query);
        ReportPrincipals.Events events = principals.events(query, q);
        List<Object> row = single("SELECT count(*), count(DISTINCT " + PRINCIPAL + ") FILTER (WHERE "
                + ReportInsights.NOT_INSIGHT + "), count(DISTINCT aws_region),"
                + " count(DISTINCT source_ip), count(*) FILTER (WHERE " + FAILED + "),"
                + " count(*) FILTER (WHERE read_only = false), min(event_time), max(event_time),"
                + " (list(DISTINCT recipient_account_id ORDER BY recipient_account_id)"
                + " FILTER (WHERE recipient_account_id IS NOT NULL))[1:5],"
                + " count(*) FILTER (WHERE read_only = false AND event_category = 'Data') FROM " + events.sql() + q.where,
                params(events, q.params));
        return new Totals((Long) row.get(0), (Long) row.get(1), (Long) row.get(2), (Long) row.get(3),
                (Long) row.get(4), (Long) row.get(5), (Long) row.get(9), (Instant) row.get(6), (Instant) row.get(7),
                strings(row.get(8)),
                endpointCalls.network(q), ReportInsights.read(this, q));
    }

    /**
     * Events per bucket, oldest first; buckets start at whole multiples of {@code bucket} since the epoch. Only
     * buckets with events.
     */
    public List<Bucket> timeline(EventQuery query, Duration bucket) {
        QuerySql q = select(query);
        List<Object> params = new ArrayList<>();
        params.add(micros(bucket));
        params.addAll(q.params);
        List<Bucket> out = new ArrayList<>();
        for (List<Object> row : rows("SELECT"
                + " time_bucket(to_microseconds(?::BIGINT), event_time, TIMESTAMP '1970-01-01') AS bucket, count(*),"
                + " count(*) FILTER (WHERE " + FAILED + "), count(*) FILTER (WHERE read_only = false)"
                + " FROM events" + and(q.where, "event_time IS NOT NULL")
                + " GROUP BY bucket ORDER BY bucket", params).rows()) {
            out.add(new Bucket((Instant) row.get(0), (Long) row.get(1), (Long) row.get(2), (Long) row.get(3)));
        }
        return out;
    }

    /** Events per region and bucket (only cells with events), by bucket then region. */
    public List<RegionBucket> regionBuckets(EventQuery query, Duration bucket) {
        QuerySql q = select(query);
        List<Object> params = new ArrayList<>();
        params.add(micros(bucket));
        params.addAll(q.params);
        List<RegionBucket> out = new ArrayList<>();
        for (List<Object> row : rows("SELECT coalesce(aws_region, '(none)') AS region,"
                + " time_bucket(to_microseconds(?::BIGINT), event_time, TIMESTAMP '1970-01-01') AS bucket, count(*)"
                + " FROM events" + and(q.where, "event_time IS NOT NULL") + " GROUP BY ALL ORDER BY bucket, region",
                params).rows()) {
            out.add(new RegionBucket((String) row.get(0), (Instant) row.get(1), (Long) row.get(2)));
        }
        return out;
    }

    /**
     * The principals with the most events: events, errors, writes, regions, source IPs, first and last seen. Insights
     * events are no one's call: they are left out of the three top tables.
     */
    public Table topPrincipals(EventQuery query, int limit) {
        return top("top_principals", PRINCIPAL + " AS principal", "count(DISTINCT aws_region) AS regions,"
                + " count(DISTINCT source_ip) AS source_ips, count(DISTINCT access_key_id) AS access_keys", query,
                limit);
    }

    /** The source IPs (or AWS service names) with the most events. */
    public Table topIps(EventQuery query, int limit) {
        return top("top_ips", "coalesce(source_ip, '(none)') AS source_ip", "count(DISTINCT " + PRINCIPAL
                + ") AS principals, count(DISTINCT user_agent) AS user_agents", query, limit);
    }

    /** The calls (service and name) made most. */
    public Table topCalls(EventQuery query, int limit) {
        return top("top_calls", "event_source, event_name", "count(DISTINCT " + PRINCIPAL + ") AS principals,"
                + " count(DISTINCT aws_region) AS regions", query, limit);
    }

    private Table top(String name, String key, String extra, EventQuery query, int limit) {
        QuerySql q = select(query);
        ReportPrincipals.Events events = principals.events(query, q);
        List<Object> params = params(events, q.params);
        params.add((long) limit);
        Table t = rows("SELECT " + key + ", count(*) AS events, count(*) FILTER (WHERE " + FAILED + ") AS"
                + " errors, count(*) FILTER (WHERE read_only = false) AS writes, " + extra + ", min(event_time) AS"
                + " first_seen, max(event_time) AS last_seen FROM " + events.sql()
                + and(q.where, ReportInsights.NOT_INSIGHT)
                + " GROUP BY ALL ORDER BY events DESC, 1 LIMIT ?", params);
        return new Table(name, t.columns(), t.rows());
    }

    /**
     * The calls of these exact names (DeleteBucket, StopLogging...), most first; names without calls left out. A KMS
     * CreateGrant that an AWS service made for a principal's own use of a key is not among them: {@link
     * #serviceGrants} counts those; nor is a snapshot or recovery point a service deleted on its schedule: {@link
     * #scheduledDeletions} counts those; nor a PutBucketLogging that keeps a bucket's access logging on (only one that
     * switches it off destroys a record). ReportNamedCalls reads them.
     */
    public List<NamedCalls> namedCalls(EventQuery query, List<String> eventNames) {
        if (eventNames.isEmpty()) {
            return new ArrayList<>();
        }
        QuerySql q = select(query);
        return ReportNamedCalls.read(this, principals.events(query, q), q, eventNames,
                endpointCalls.sameRequest(q, eventNames));
    }

    /** The snapshots and recovery points AWS services deleted on their schedule, which {@link #namedCalls} leaves out. */
    public ReportScheduledDeletions scheduledDeletions(EventQuery query) {
        QuerySql q = select(query);
        return ReportScheduledDeletions.read(this, principals.events(query, q), q);
    }

    /**
     * The EC2 instance sessions whose credentials were used from another address, and the instances each principal
     * launched, as investigate key and actor tell them (their SQL files, over the selected events).
     */
    public ComputeAbuse computeAbuse(EventQuery query) {
        QuerySql q = select(query);
        return reading("query of instance credentials and launches",
                search -> ComputeAbuse.read(search, q.where, q.params));
    }

    /**
     * The S3 objects read by principals calling from public addresses, per bucket with the bytes, and the buckets they
     * called whose object calls the store holds no data event of, as investigate key and actor tell them.
     */
    public DataReads dataReads(EventQuery query) {
        QuerySql q = select(query);
        return reading("query of S3 object reads", search -> DataReads.read(search, q.where, q.params));
    }

    /** The KMS grants AWS services made on a principal's behalf, which {@link #namedCalls} leaves out. */
    public ReportServiceGrants serviceGrants(EventQuery query) {
        QuerySql q = select(query);
        return ReportServiceGrants.read(this, principals.events(query, q), q);
    }

    /**
     * The original records (compact JSON) of the events {@code query} selects, oldest first, as {@link
     * EventSearch#records} gives them, read a page of chunks at a time (see {@link PagedRecords}): for the
     * detection engine over a long window of a large store.
     */
    public void records(EventQuery query, Consumer<byte[]> out) {
        QuerySql q = select(query);
        try {
            PagedRecords.read(store, q.where, q.params, out);
        } catch (SQLException e) {
            throw new TrailKeeperException(ErrorCode.STORE_UNREADABLE, "reading the records of the store "
                    + store.path() + " failed: " + EventStore.firstLine(e.getMessage()), null, e);
        }
    }

    /**
     * The query's WHERE clause, with tk_record registered: a failed sign-in is told from its record. Only a store
     * opened for reading has it, so a writable one refuses rather than count those sign-ins as succeeded.
     */
    private QuerySql select(EventQuery query) {
        if (!store.readOnly()) {
            throw new IllegalStateException("the report reads failed sign-ins from the original records of the store "
                    + store.path() + ", which needs it opened for reading");
        }
        new EventSearch(store).prepareSql();
        return QuerySql.of(store, query);
    }

    /** The parameters of {@code events}'s SQL, then {@code where}'s. */
    private static List<Object> params(ReportPrincipals.Events events, List<Object> where) {
        List<Object> out = new ArrayList<>(events.params());
        out.addAll(where);
        return out;
    }

    static String and(String where, String condition) {
        return where.isEmpty() ? " WHERE " + condition : where + " AND " + condition;
    }

    private static long micros(Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("a bucket must be longer than zero: " + d);
        }
        return d.toNanos() / 1_000;
    }

    static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object o : list) {
                if (o != null) {
                    out.add(o.toString());
                }
            }
        }
        return out;
    }

    List<Object> single(String sql, List<Object> params) {
        return rows(sql, params).rows().get(0);
    }

    Table rows(String sql, List<Object> params) {
        TableCollector c = new TableCollector();
        reading("query", search -> {
            search.run(sql, params, c);
            return c;
        });
        return c.table("rows");
    }

    /** What {@code read} gives from the store; a failure names the report's {@code what} and the store. */
    private <T> T reading(String what, java.util.function.Function<EventSearch, T> read) {
        try {
            return read.apply(new EventSearch(store));
        } catch (TrailKeeperException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TrailKeeperException(ErrorCode.STORE_UNREADABLE, "the report's " + what + " failed on the store "
                    + store.path() + ": " + e.getMessage(), null, e);
        }
    }
}
