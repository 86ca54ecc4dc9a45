package io.trailkeeper.store;

import io.trailkeeper.store.investigate.SqlText;
import java.util.List;

/**
 * A list the store keeps of some of its events, with the few columns an investigation reads, so that it reads a
 * narrow table instead of those columns all over the events table. Each listed row names its event by where the raw
 * record is (raw_chunk, raw_offset: the event's place, which no later change of the table moves). A list is written
 * in the transaction that writes the events, made whole for an older store (or one listed under another definition)
 * when it is opened for writing, and cut with the events a prune moves out. A store opened for reading whose list was
 * made under another definition is read without it (the investigations scan the events instead).
 *
 * @param table     the table
 * @param metaKey   the store_meta key holding the definition the list was made with
 * @param select    the select list over events, in the table's column order (it may unnest: one event, many rows)
 * @param condition which events are listed
 * @param clusterBy the order the list is kept in, for DuckDB to skip the row groups a lookup cannot find anything in
 *                  (null: the order the events were written in; see {@link OrderedTable})
 */
record EventList(String table, String metaKey, String select, String condition, String clusterBy) {
    /**
     * destructive_events (schema 9): the events that delete, terminate or remove something or destroy the evidence
     * about it (the investigations' fragment destructive.sql, the one definition), for {@code investigate who-deleted}.
     */
    static final EventList DESTRUCTIVE = new EventList("destructive_events", "destructive_calls",
            "raw_chunk, raw_offset, event_time, event_category, resources", SqlText.fragment("destructive.sql"),
            null);

    /**
     * s3_object_calls (schema 11; network activity events and event_category since schema 14): the S3 data events
     * and network activity events (calls through a VPC endpoint), one row for each name in the call's resources that can be a
     * bucket's (a name without '/', or the bucket of an {@code arn:aws:s3:::} ARN there: the bucket, and also a key at
     * the bucket's root or a version id), for {@code investigate s3} of a bucket name: a bucket's calls
     * are everywhere in the events table. Which calls count is the fragment s3-listed-call.sql. The object names are
     * kept for deletes only. Kept in bucket order: a bucket's calls are then in a few of the list's row groups (on 10
     * million events, the cold read of a busy bucket's 126,779 calls falls from 0.5 s to 0.2 s).
     */
    static final EventList S3_OBJECT_CALLS = new EventList("s3_object_calls", "s3_object_calls",
            "unnest(list_distinct(list_filter(list_transform(resources, lambda x: CASE WHEN starts_with(x,"
                    + " 'arn:aws:s3:::') THEN x[14:] ELSE x END), lambda y: y <> '' AND NOT contains(y, '/'))))"
                    + " AS bucket, raw_chunk, raw_offset, raw_length, event_time, aws_region, event_name,"
                    + " identity_type, principal_arn, user_name, session_issuer_arn, access_key_id, source_ip,"
                    + " error_code, read_only, CASE WHEN starts_with(event_name, 'Delete') THEN resources END,"
                    + " event_category",
            SqlText.fragment("s3-listed-call.sql"), "bucket, event_time, raw_chunk, raw_offset");

    static final List<EventList> ALL = List.of(DESTRUCTIVE, S3_OBJECT_CALLS);

    /**
     * What store_meta keeps under {@link #metaKey}: a list made under another definition is made again. The
     * destructive list's is its condition alone, as schema 9 wrote it (its columns have not changed since), so that
     * a store listed then keeps its list.
     */
    String definition() {
        return equals(DESTRUCTIVE) ? condition : "SELECT " + select + " FROM events WHERE " + condition;
    }

    /**
     * Lists the events whose raw chunk lies in [$1, $2] (a transaction's), those not listed yet: the range can hold
     * events an earlier transaction wrote, since readers take chunk ids in parallel.
     */
    String listChunks() {
        // the range on both sides: DuckDB skips the parts of the list that cannot hold these chunks (in a list kept
        // in another order, it still reads only raw_chunk and raw_offset there, not the other columns)
        return "INSERT INTO " + table + " SELECT " + select + " FROM events e WHERE e.raw_chunk BETWEEN $1 AND $2"
                + " AND (" + condition + ") AND NOT EXISTS (SELECT 1 FROM " + table + " d"
                + " WHERE d.raw_chunk BETWEEN $1 AND $2 AND d.raw_chunk = e.raw_chunk AND d.raw_offset = e.raw_offset)";
    }

    /** Lists every event of the store (the list empty), in the list's order. */
    String listAll() {
        return "INSERT INTO " + table + " SELECT " + select + " FROM events WHERE (" + condition + ")"
                + " ORDER BY " + order();
    }

    /** The list's order, or null when it is kept in the order the events were written. */
    OrderedTable ordered() {
        return clusterBy == null ? null : new OrderedTable(table, clusterBy, metaKey + "_ordered_rows");
    }

    private String order() {
        return clusterBy != null ? clusterBy : "raw_chunk, raw_offset";
    }

    /** Removes from the list the events a WHERE on events (with its parameters) picks, before they are deleted. */
    String unlist(String where) {
        return "DELETE FROM " + table + " d USING (SELECT raw_chunk, raw_offset FROM events" + where + ") g"
                + " WHERE d.raw_chunk = g.raw_chunk AND d.raw_offset = g.raw_offset";
    }
}
