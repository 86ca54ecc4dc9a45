package io.trailkeeper.store;

import io.trailkeeper.events.SourceKind;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.duckdb.DuckDBConnection;

/**
 * One step of {@link Rederive}, inside the caller's transaction: the events of a range of raw chunks parsed again,
 * their columns built by the ingest's {@link EventVectors} and handed to DuckDB as an Arrow stream, compared with
 * the stored ones, and the events whose columns differ rewritten, with what is kept beside them: day_counts (by
 * region, day and data-or-not), the event lists ({@link EventList}) and the key postings (written anew at the
 * store's close when an event's key hash, day or row id changed).
 */
final class RederiveStep implements AutoCloseable {
    /** The columns derived from the record, as the events table and {@link EventVectors} name them. */
    static final List<String> DERIVED = List.of("event_time", "event_id", "event_source", "event_name", "aws_region",
            "recipient_account_id", "identity_type", "principal_arn", "user_name", "access_key_id",
            "session_issuer_arn", "source_ip", "user_agent", "error_code", "read_only", "event_category", "event_type",
            "resources", "key_hash", "source_identity");
    /** The kind EventVectors is given: only the derived columns are written back, provenance stays as stored. */
    private static final SourceKind ANY_KIND = SourceKind.JSON_LINES;
    private static final String JOIN = " JOIN events e ON e.raw_chunk = t.raw_chunk AND e.raw_offset = t.raw_offset"
            + " WHERE e.raw_chunk BETWEEN ? AND ?";

    private final DuckDBConnection connection;
    private final StoredRecords records = new StoredRecords();
    private final EventVectors vectors = new EventVectors();
    private final BufferAllocator allocator = new RootAllocator();

    RederiveStep(DuckDBConnection connection) {
        this.connection = connection;
    }

    /** Rederives the events of raw chunks [first, last] and adds what it did to the totals. */
    void run(long first, long last, Rederive.Totals totals) throws SQLException {
        vectors.reset();
        records.read(connection, first, last, s -> {
            totals.events++;
            if (s.event() == null) {
                totals.unreadable(s);
            } else {
                vectors.add(s.event(), ANY_KIND, s.sourceName(), s.sourceIndex(), s.chunk(), s.offset());
            }
        });
        if (vectors.rows() == 0) {
            return;
        }
        // the temp tables are the transaction's: a failed step takes them with it
        load();
        List<String> columns = compare(first, last, totals);
        if (!columns.isEmpty()) {
            totals.changed += Long.parseLong(StoreSql.scalar(connection, "SELECT count(*) FROM tk_changed", List.of()));
            rewrite(first, last, columns);
        }
        StoreSql.execute(connection, "DROP TABLE IF EXISTS tk_derived", List.of());
        StoreSql.execute(connection, "DROP TABLE IF EXISTS tk_changed", List.of());
    }

    /** The rebuilt columns into the temp table tk_derived, through one Arrow stream. */
    private void load() throws SQLException {
        vectors.carryChunks(List.of());
        try (ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            Data.exportArrayStream(allocator, new OneBatch(allocator, vectors), stream);
            connection.registerArrowStream("tk_rederived", stream);
            StoreSql.execute(connection, "CREATE OR REPLACE TEMP TABLE tk_derived AS SELECT raw_chunk, raw_offset, "
                    + DERIVED.stream().map(c -> c.equals("key_hash") ? "CAST(key_hash AS UINTEGER) AS key_hash" : c)
                            .collect(Collectors.joining(", ")) + " FROM tk_rederived", List.of());
        }
    }

    /**
     * Counts, per column, the events whose stored value differs from the rebuilt one, and keeps those events' new
     * values in tk_changed; returns the columns that differ in some event. A time the record lacks (it came from
     * outside the record: a LookupEvents item's EventTime, a CloudWatch Logs line's time) is kept as stored.
     */
    private List<String> compare(long first, long last, Rederive.Totals totals) throws SQLException {
        List<String> changed = new ArrayList<>();
        String counts = DERIVED.stream().map(c -> "count(*) FILTER (WHERE " + differs(c) + ")")
                .collect(Collectors.joining(", "));
        try (PreparedStatement p = connection.prepareStatement("SELECT " + counts + " FROM tk_derived t" + JOIN)) {
            p.setLong(1, first);
            p.setLong(2, last);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                for (int i = 0; i < DERIVED.size(); i++) {
                    totals.byColumn[i] += r.getLong(i + 1);
                    if (r.getLong(i + 1) > 0) {
                        changed.add(DERIVED.get(i));
                    }
                }
                if (changed.isEmpty()) {
                    return changed;
                }
            }
        }
        String values = DERIVED.stream().map(c -> newValue(c) + " AS " + c).collect(Collectors.joining(", "));
        String anyDiffers = DERIVED.stream().map(RederiveStep::differs).collect(Collectors.joining(" OR "));
        StoreSql.execute(connection, "CREATE OR REPLACE TEMP TABLE tk_changed AS SELECT t.raw_chunk, t.raw_offset, "
                + values + " FROM tk_derived t" + JOIN + " AND (" + anyDiffers + ")", List.of(first, last));
        return changed;
    }

    private static String newValue(String column) {
        return column.equals("event_time") ? "coalesce(t.event_time, e.event_time)" : "t." + column;
    }

    private static String differs(String column) {
        return "e." + column + " IS DISTINCT FROM " + newValue(column);
    }

    /**
     * Writes tk_changed's values of the columns that changed over the events (DuckDB rewrites a row whose list
     * column is set), keeping day_counts, the lists and the postings true to them.
     */
    private void rewrite(long first, long last, List<String> columns) throws SQLException {
        List<Object> range = List.of(first, last);
        // the counts move from the old key to the new one (readers sum a key's rows)
        StoreSql.execute(connection, "INSERT INTO day_counts SELECT region, day, source_kind, data, sum(n) FROM ("
                + "SELECT coalesce(e.aws_region, '') AS region, CAST(e.event_time AS DATE) AS day, e.source_kind,"
                + " coalesce(e.event_category = 'Data', false) AS data, -1 AS n FROM tk_changed t" + JOIN
                + " UNION ALL SELECT coalesce(t.aws_region, ''), CAST(t.event_time AS DATE), e.source_kind,"
                + " coalesce(t.event_category = 'Data', false), 1 FROM tk_changed t" + JOIN
                + ") GROUP BY ALL HAVING sum(n) <> 0", List.of(first, last, first, last));
        for (EventList list : EventList.ALL) {
            long unlisted;
            try (PreparedStatement p = connection.prepareStatement("DELETE FROM " + list.table() + " d USING"
                    + " tk_changed g WHERE d.raw_chunk BETWEEN ? AND ? AND d.raw_chunk = g.raw_chunk"
                    + " AND d.raw_offset = g.raw_offset")) {
                p.setLong(1, first);
                p.setLong(2, last);
                unlisted = p.executeUpdate();
            }
            if (list.ordered() != null && unlisted > 0) {
                StoreSql.execute(connection, list.ordered().fewer(), List.of(unlisted));
            }
        }
        String set = columns.stream().map(c -> c + " = t." + c).collect(Collectors.joining(", "));
        StoreSql.execute(connection, "UPDATE events SET " + set + " FROM tk_changed t WHERE events.raw_chunk BETWEEN ?"
                + " AND ? AND events.raw_chunk = t.raw_chunk AND events.raw_offset = t.raw_offset", range);
        for (EventList list : EventList.ALL) {
            StoreSql.execute(connection, list.listChunks(), range);
        }
        if (columns.contains("key_hash") || columns.contains("event_time")) {
            // a posting holds its event's key hash and day: written anew at the close. (A row whose list column is
            // set gets a new row id, which the postings' coverage tells by itself: the close writes them anew then.)
            StoreSql.execute(connection, KeyPostings.forget(), List.of());
        }
    }

    @Override
    public void close() {
        vectors.reset();
        allocator.close();
    }

    /** The step's rows as a stream of one batch. */
    private static final class OneBatch extends EventStream {
        private final EventVectors rows;
        private boolean given;

        OneBatch(BufferAllocator allocator, EventVectors rows) {
            super(allocator);
            this.rows = rows;
        }

        @Override
        public boolean loadNextBatch() throws IOException {
            if (given) {
                return false;
            }
            given = true;
            rows.fill(getVectorSchemaRoot());
            return true;
        }

    }
}
