package io.trailkeeper.store;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TableCollector;
import io.trailkeeper.events.TableSink;
import io.trailkeeper.events.TrailKeeperException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Reads the store: events by filter, their original records, and read-only SQL for anything else.
 * Results stream into a {@link TableSink}; nothing is held in memory beyond a row.
 */
public final class EventSearch {
    /** The columns of a query's table output: what a responder scans first. */
    public static final List<String> BRIEF = List.of("event_time", "aws_region", "event_source", "event_name",
            "user_name", "access_key_id", "source_ip", "error_code", "resources");
    /**
     * The table's columns with the account that recorded each event beside its region: for events of several
     * accounts (an organization trail's), where a role session of the same name acts in one account and another.
     */
    public static final List<String> BRIEF_ACCOUNTS = List.of("event_time", "aws_region", "recipient_account_id",
            "event_source", "event_name", "user_name", "access_key_id", "source_ip", "error_code", "resources");
    /** Every typed column, for JSON and CSV. */
    public static final List<String> FULL = List.of("event_time", "event_id", "event_source", "event_name",
            "aws_region", "recipient_account_id", "identity_type", "principal_arn", "user_name", "access_key_id",
            "session_issuer_arn", "source_ip", "user_agent", "error_code", "read_only", "event_category",
            "event_type", "resources", "source_kind", "source_name", "source_index");

    /**
     * An event's original record as JSON, for a statement on the events table: stored inline or read from its raw
     * chunk by tk_record, which {@link #prepareSql} registers, and read as JSON by tk_json (a lone surrogate escape
     * as U+FFFD: {@link RecordFunction}).
     */
    static final String RECORD = "tk_json(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length)))";

    private final EventStore store;

    public EventSearch(EventStore store) {
        this.store = store;
    }

    /**
     * Streams the matching events' typed columns, oldest first (events without a time last). When the query's S3
     * object or prefix may be included in a call that names a prefix of it instead (resources[].ARNPrefix), or its
     * EC2 id is named as a filter's value, a last column, resource_match, says of each event whether it names the
     * resource, may include it, or names it in a filter (which).
     */
    public void events(EventQuery query, List<String> columns, TableSink sink) {
        events(query, columns, sink, TimePages.PAGE_EVENTS);
    }

    /** As {@link #events(EventQuery, List, TableSink)}, in pages of about {@code pageEvents} stored events. */
    void events(EventQuery query, List<String> columns, TableSink sink, long pageEvents) {
        requireKnown(columns);
        QuerySql q = QuerySql.of(store, query);
        String label = q.label == null ? "" : ", " + q.label + " AS " + PrefixMatch.LABEL_COLUMN;
        List<Object> params = new ArrayList<>(q.labelParams);
        params.addAll(q.params);
        String select = "SELECT " + String.join(", ", columns) + label + " FROM ";
        try {
            List<TimePages.Page> pages = TimePages.pages(store, query.since(), query.until(), pageEvents);
            TimePages.readEach(pages, q.where, PagedRecords.IN_TIME_ORDER, params, query.limit(), (page, rest,
                    pageParams) -> rows(select + page.from() + rest, pageParams, sink, page == pages.get(0)));
            sink.end();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Streams a page's rows of {@link #events} to {@code sink}, after the answer's columns if {@code first}. */
    private long rows(String sql, List<Object> params, TableSink sink, boolean first) throws SQLException {
        long n = 0;
        try (PreparedStatement p = prepare(sql, params); ResultSet r = p.executeQuery()) {
            int columns = r.getMetaData().getColumnCount();
            if (first) {
                sink.columns(JdbcRows.names(r.getMetaData()));
            }
            for (; r.next(); n++) {
                sink.row(JdbcRows.row(r, columns));
            }
        }
        return n;
    }

    /**
     * How many of the matching events may include the query's S3 object or prefix without naming it (their
     * resources[].ARNPrefix names a prefix of it; see {@link #events}), or name its EC2 id only as a filter's value
     * ({@link #findsInFilters}): 0 when the query asks about no such thing.
     */
    public long mayInclude(EventQuery query) {
        QuerySql q = QuerySql.of(store, query.withLimit(null));
        if (q.label == null) {
            return 0;
        }
        List<Object> params = new ArrayList<>(q.labelParams);
        params.addAll(q.params);
        TableCollector n = new TableCollector();
        run("SELECT count(*) FILTER (WHERE (" + q.label + ") <> '" + PrefixMatch.NAMES_IT + "') FROM events" + q.where,
                params, n);
        return ((Number) n.table("n").rows().get(0).get(0)).longValue();
    }

    /**
     * Whether a search for {@code resource} also finds the EC2 calls that name it only as a filter's value
     * ({@code Filter.N.Name instance-id}), which {@link #mayInclude} then counts: an EC2 id or EC2 ARN.
     */
    public static boolean findsInFilters(String resource) {
        return resource != null && FilterMatch.target(resource) != null;
    }

    /** Whether the matching events were recorded in more than one account (recipientAccountId). */
    public boolean severalAccounts(EventQuery query) {
        QuerySql q = QuerySql.of(store, query.withLimit(null));
        try (PreparedStatement p = prepare("SELECT count(DISTINCT recipient_account_id) FROM events" + q.where,
                q.params); ResultSet r = p.executeQuery()) {
            r.next();
            return r.getLong(1) > 1;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** How many events match. */
    public long count(EventQuery query) {
        QuerySql q = QuerySql.of(store, query);
        try (PreparedStatement p = prepare("SELECT count(*) FROM events" + q.where, q.params);
             ResultSet r = p.executeQuery()) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /**
     * The matching events' original records (compact JSON, UTF-8), oldest first. In time order the records of
     * every file written at that time interleave: they are read a page at a time ({@link PagedRecords}), each
     * page's raw chunks with one query, not one query per chunk; and a page of event time after another
     * ({@link TimePages}), so that neither the places nor a lake's records (read whole, each lake file by the one
     * page of its day) are ever held for the whole answer.
     */
    public void records(EventQuery query, Consumer<byte[]> out) {
        records(query, out, store.lakeFiles().isEmpty() ? TimePages.PAGE_EVENTS : TimePages.PAGE_WHOLE_RECORDS);
    }

    /** As {@link #records(EventQuery, Consumer)}, in pages of about {@code pageEvents} stored events. */
    void records(EventQuery query, Consumer<byte[]> out, long pageEvents) {
        QuerySql q = QuerySql.of(store, query);
        try {
            PagedRecords.readPages(store, TimePages.pages(store, query.since(), query.until(), pageEvents), List.of(),
                    q.where, PagedRecords.IN_TIME_ORDER, q.params, query.limit(), (values, record) -> out.accept(record));
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /**
     * The matching events' original records in the order the store keeps them, for a reader that does not need
     * time order: each page's chunks are then neighbours, each read and decompressed once. No command reads this way
     * since detection reads in time order ({@link #records}), so that its correlations let go of what their
     * timespans passed and its matches are given out as found; tests use it as the full read in another order. The
     * query's limit, if any, is ignored. On a store whose events view reads lake files, whose rows come with their
     * whole records, a page of UTC days at a time ({@link TimePages}), each in stored order.
     */
    public void recordsInStoredOrder(EventQuery query, Consumer<byte[]> out) {
        recordsInStoredOrder(query, out, TimePages.PAGE_WHOLE_RECORDS);
    }

    /** As {@link #recordsInStoredOrder(EventQuery, Consumer)}, a lake's in pages of about {@code pageEvents}. */
    void recordsInStoredOrder(EventQuery query, Consumer<byte[]> out, long pageEvents) {
        QuerySql q = QuerySql.of(store, query);
        try {
            PagedRecords.readPages(store, lakePages(query.since(), query.until(), pageEvents), List.of(), q.where,
                    PagedRecords.IN_STORED_ORDER, q.params, null, (values, record) -> out.accept(record));
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /**
     * The typed {@code columns} (of {@link #FULL}) of the events {@code where} selects (a WHERE clause of TrailKeeper's
     * own with bound parameters, or ""), each row with its original record (compact JSON, UTF-8), in {@code order}
     * (an ORDER BY that begins with event_time). Only the columns and the records' places are sorted; the records are
     * read a page of raw chunks at a time ({@link PagedRecords}), never carried through the sort nor held all at once;
     * on a store whose events view reads lake files, whose rows come with their whole records, a page of UTC days at
     * a time ({@link TimePages}).
     */
    public void recordsWithColumns(List<String> columns, String where, String order, List<Object> params,
                                   BiConsumer<List<Object>, byte[]> out) {
        recordsWithColumns(columns, where, order, params, out, TimePages.PAGE_WHOLE_RECORDS);
    }

    /** As {@link #recordsWithColumns(List, String, String, List, BiConsumer)}, a lake's in pages of {@code pageEvents}. */
    void recordsWithColumns(List<String> columns, String where, String order, List<Object> params,
                            BiConsumer<List<Object>, byte[]> out, long pageEvents) {
        requireKnown(columns);
        try {
            PagedRecords.readPages(store, lakePages(null, null, pageEvents), columns, where, order, params, null, out);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /**
     * One page, the whole answer, on a store whose records are all in raw chunks (the query sorts only their places);
     * pages of UTC days on one whose events view reads lake files, whose rows come with their whole records.
     */
    private List<TimePages.Page> lakePages(Instant since, Instant until, long pageEvents) throws SQLException {
        return store.lakeFiles().isEmpty() ? List.of(TimePages.Page.WHOLE)
                : TimePages.pages(store, since, until, pageEvents);
    }

    /** The buckets whose trail files `collect s3` read (any account, region or day). */
    public List<String> collectedTrailBuckets() {
        List<String> out = new java.util.ArrayList<>();
        try (PreparedStatement t = prepare("SELECT count(*) FROM duckdb_tables() WHERE table_name = 's3_objects'"
                + " AND database_name = current_database()", List.of()); ResultSet r = t.executeQuery()) {
            if (!r.next() || r.getLong(1) == 0) {
                return out; // a store from before collect s3 existed, opened read-only (not upgraded)
            }
        } catch (SQLException e) {
            throw failed(e);
        }
        try (PreparedStatement p = prepare("SELECT DISTINCT bucket FROM s3_objects WHERE object_type IN ('log',"
                + " 'digest', 'insight') ORDER BY bucket", List.of());
             ResultSet r = p.executeQuery()) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        } catch (SQLException e) {
            throw failed(e);
        }
        return out;
    }

    /**
     * Runs one read-only SQL statement. The view {@code cloudtrail} shows every event with its original record
     * as a JSON column {@code record}; the tables are documented in the README. Nothing can be written: the
     * store is open read-only, files outside it cannot be reached, and settings are locked.
     */
    public void sql(String sql, TableSink sink) {
        if (!store.readOnly()) {
            throw new IllegalStateException("user SQL runs on a store opened for reading only");
        }
        // query --sql runs one statement and reads nothing after it: its result is streamed
        SqlSandbox.prepare(store, true);
        try (Statement s = store.connection().createStatement()) {
            boolean hasRows = s.execute(sql);
            if (!hasRows) {
                sink.columns(List.of("result"));
                sink.row(List.of("statement ran; it returned no rows"));
                sink.end();
                return;
            }
            try (ResultSet r = s.getResultSet()) {
                JdbcRows.stream(r, sink);
            }
        } catch (SQLException e) {
            throw SqlSandbox.refused(e);
        }
    }

    /** Whether the store lists its destructive calls (who-deleted reads the list; an older store, the events). */
    public boolean listsDestructiveCalls() {
        return store.lists(EventList.DESTRUCTIVE);
    }

    /** Whether the store's key postings cover its events (investigate key reads them; otherwise, the events). */
    public boolean postsKeys() {
        return store.postsKeys();
    }

    /** Whether the store lists its S3 object calls (investigate s3 reads the list; an older store, the events). */
    public boolean listsS3ObjectCalls() {
        return store.lists(EventList.S3_OBJECT_CALLS);
    }

    /**
     * Runs one read-only statement of TrailKeeper's own (a named investigation's SQL) with bound parameters and
     * streams its rows. Like {@link #sql}, it may read the {@code cloudtrail} view and call
     * {@code tk_record(raw_chunk, raw_offset, raw_length)}, and create TEMP tables (the sink then gets no columns);
     * user values go in {@code params}, never in the SQL.
     */
    public void statement(String sql, List<Object> params, TableSink sink) {
        if (!store.readOnly()) {
            throw new IllegalStateException("investigations run on a store opened for reading only");
        }
        prepareSql();
        try (PreparedStatement p = prepare(sql, params)) {
            if (p.execute()) {
                try (ResultSet r = p.getResultSet()) {
                    JdbcRows.stream(r, sink);
                }
            } else {
                sink.columns(List.of());
                sink.end();
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Registers tk_record and the cloudtrail view on a store opened for reading, once, and locks its settings. */
    void prepareSql() {
        SqlSandbox.prepare(store, false);
    }

    /** Runs a statement of our own and streams its rows. */
    void run(String sql, List<Object> params, TableSink sink) {
        try (PreparedStatement p = prepare(sql, params); ResultSet r = p.executeQuery()) {
            JdbcRows.stream(r, sink);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private PreparedStatement prepare(String sql, List<Object> params) throws SQLException {
        PreparedStatement p = store.connection().prepareStatement(sql);
        for (int i = 0; i < params.size(); i++) {
            p.setObject(i + 1, params.get(i));
        }
        return p;
    }

    /** Columns are named into the SQL: only those of {@link #FULL}. */
    private static void requireKnown(List<String> columns) {
        for (String c : columns) {
            if (!FULL.contains(c)) {
                throw new IllegalArgumentException("unknown column " + c);
            }
        }
    }

    private TrailKeeperException failed(SQLException e) {
        return new TrailKeeperException(ErrorCode.STORE_UNREADABLE, "reading the store " + store.path() + " failed: "
                + EventStore.firstLine(e.getMessage()), null, e);
    }
}
