package io.trailkeeper.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The store's key postings (table {@code key_postings}, schema 12): the row id and UTC day of every event with an
 * access key, by the key's hash (key_hash), kept in key-hash order. {@code investigate key} then finds a key's events in the few
 * row groups of the postings that can hold its hash instead of testing the key_hash of every event (on 10 million
 * events, 0.35 s cold).
 *
 * <p>A row id is given when the transaction that writes the event commits, and DuckDB renumbers rows when a
 * checkpoint drops deleted ones. So the postings are written when a store opened for writing is closed, for the rows
 * added since they were last written. Prune (which deletes events) and rederive (which changes an event's key or
 * time, or gives a row a new id when it sets a list column) drop what store_meta says they cover, and the next close
 * writes them anew after a checkpoint. store_meta's {@value #COVERED} holds the events table's row count and largest
 * row id when they were written: a store whose events are no longer those (an ingest killed before it closed the
 * store, a prune) is read without its postings.
 */
final class KeyPostings {
    static final String TABLE = "key_postings";
    /** The store_meta key of what the postings cover: the events' count and largest row id, as "count:rowid". */
    static final String COVERED = "key_postings_covered";
    /** The postings' order, for DuckDB to skip the row groups that cannot hold a hash. */
    static final OrderedTable ORDER = new OrderedTable(TABLE, "key_hash, day, rid", "key_postings_ordered_rows");
    /** What a posting holds of its event, in the table's order. */
    private static final String COLUMNS = "key_hash, CAST(event_time AS DATE) AS day, rowid";

    private KeyPostings() {
    }

    /** What the postings must cover to be read: the events table's row count and largest row id, now. */
    static String coverage(Connection c) throws SQLException {
        return StoreSql.scalar(c, "SELECT count(*) || ':' || coalesce(max(rowid), -1) FROM events", List.of());
    }

    /**
     * Writes the postings of the rows added since they were last written (appended rows only: the largest row id did
     * not fall, and the events' count grew by the rows past the largest row id covered), or all of them anew; then
     * records what they cover, in one transaction that reads what they cover itself (two stores closing at once on
     * one database do not both append the same rows). DuckDB renumbers rows when a checkpoint drops deleted ones
     * (after a prune): postings written anew come after a checkpoint, so that their row ids are final; and should
     * rows be renumbered after all, the largest row id falls, readers no longer read the postings, and the next
     * close writes them anew.
     */
    static void write(Connection c) throws SQLException {
        if (StoreSql.scalar(c, "SELECT max(value) FROM store_meta WHERE key = ?", List.of(COVERED)) == null) {
            StoreSql.execute(c, "CHECKPOINT", List.of());
        }
        StoreSql.inTransaction(c, () -> {
            String covered = StoreSql.scalar(c, "SELECT max(value) FROM store_meta WHERE key = ?", List.of(COVERED));
            String now = coverage(c);
            if (now.equals(covered)) {
                return;
            }
            long[] was = covered == null ? null : parse(covered);
            long[] is = parse(now);
            boolean appended = was != null && is[1] >= was[1] && is[0] - was[0] == Long.parseLong(StoreSql.scalar(c,
                    "SELECT count(*) FROM events WHERE rowid > ?", List.of(was[1])));
            if (appended) {
                StoreSql.execute(c, "INSERT INTO " + TABLE + " SELECT " + COLUMNS + " FROM events WHERE rowid > ?"
                        + " AND key_hash IS NOT NULL", List.of(was[1]));
            } else {
                // written in order at once
                StoreSql.execute(c, "DELETE FROM " + TABLE, List.of());
                StoreSql.inInsertionOrder(c, () -> StoreSql.execute(c, "INSERT INTO " + TABLE + " SELECT " + COLUMNS
                        + " FROM events WHERE key_hash IS NOT NULL ORDER BY key_hash, day, rowid", List.of()));
                StoreSql.execute(c, "INSERT OR REPLACE INTO store_meta SELECT ?, CAST(count(*) AS VARCHAR) FROM "
                        + TABLE, List.of(ORDER.orderedKey()));
            }
            StoreSql.execute(c, "INSERT OR REPLACE INTO store_meta VALUES (?, ?)", List.of(COVERED, now));
        });
    }

    /** Forgets what the postings cover, in a transaction that deletes events: they are written anew at the close. */
    static String forget() {
        return "DELETE FROM store_meta WHERE key = '" + COVERED + "'";
    }

    private static long[] parse(String covered) {
        int colon = covered.indexOf(':');
        return new long[] {Long.parseLong(covered.substring(0, colon)), Long.parseLong(covered.substring(colon + 1))};
    }
}
