package io.trailkeeper.store;

import io.trailkeeper.store.investigate.SqlText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
 *                  (null: the order the events were written in); rows written since the list was last put in order
 *                  are at its end, and it is put in order again once they are many (see {@link #clusterDue})
 */
record EventList(String table, String metaKey, String select, String condition, String clusterBy) {
    /** A list is put in order again once the rows at its end are at least this many, and a quarter of it. */
    static final long CLUSTER_AFTER_ROWS = 100_000;

    /**
     * destructive_events (schema 9): the events that delete, terminate or remove something or destroy the evidence
     * about it (the investigations' fragment destructive.sql, the one definition), for {@code investigate who-deleted}.
     */
    static final EventList DESTRUCTIVE = new EventList("destructive_events", "destructive_calls",
            "raw_chunk, raw_offset, event_time, event_category, resources", fragment("destructive.sql"), null);

    /**
     * s3_object_calls (schema 11): the S3 data events, one row for each bucket the call names (a name in resources,
     * or the name in an {@code arn:aws:s3:::} ARN there, without a '/'), for {@code investigate s3}: a bucket's calls
     * are everywhere in the events table. Which calls count is the fragment s3-object-call.sql. The object names are
     * kept for deletes only. Kept in bucket order: a bucket's calls are then in a few of the list's row groups (on 10
     * million events, the cold read of a busy bucket's 126,779 calls falls from 0.5 s to 0.2 s).
     */
    static final EventList S3_OBJECT_CALLS = new EventList("s3_object_calls", "s3_object_calls",
            "unnest(list_distinct(list_filter(list_transform(resources, lambda x: CASE WHEN starts_with(x,"
                    + " 'arn:aws:s3:::') THEN x[14:] ELSE x END), lambda y: y <> '' AND NOT contains(y, '/'))))"
                    + " AS bucket, raw_chunk, raw_offset, raw_length, event_time, aws_region, event_name,"
                    + " identity_type, principal_arn, user_name, session_issuer_arn, access_key_id, source_ip,"
                    + " error_code, read_only, CASE WHEN starts_with(event_name, 'Delete') THEN resources END",
            fragment("s3-object-call.sql"), "bucket, event_time, raw_chunk, raw_offset");

    static final List<EventList> ALL = List.of(DESTRUCTIVE, S3_OBJECT_CALLS);

    /** What store_meta keeps under {@link #metaKey}: a list made under another definition is made again. */
    String definition() {
        return "SELECT " + select + " FROM events WHERE " + condition;
    }

    /**
     * Lists the events whose raw chunk lies in [$1, $2] (a transaction's), those not listed yet: the range can hold
     * events an earlier transaction wrote, since readers take chunk ids in parallel.
     */
    String listChunks() {
        // the range on both sides: the list is read only where the chunks are (not whole, at every transaction)
        return "INSERT INTO " + table + " SELECT " + select + " FROM events e WHERE e.raw_chunk BETWEEN $1 AND $2"
                + " AND (" + condition + ") AND NOT EXISTS (SELECT 1 FROM " + table + " d"
                + " WHERE d.raw_chunk BETWEEN $1 AND $2 AND d.raw_chunk = e.raw_chunk AND d.raw_offset = e.raw_offset)";
    }

    /** Lists every event of the store (the list empty), in the list's order. */
    String listAll() {
        return "INSERT INTO " + table + " SELECT " + select + " FROM events WHERE (" + condition + ")"
                + " ORDER BY " + order();
    }

    /** The store_meta key holding how many of the list's rows were in order when it was last put in order. */
    String orderedKey() {
        return metaKey + "_ordered_rows";
    }

    /**
     * Whether a list of {@code rows} rows, {@code ordered} of them in order, is due to be put in order again: the
     * rows at its end are at least {@code atLeast} ({@value #CLUSTER_AFTER_ROWS} for a store) and a quarter of the
     * list, so that a store written to in small steps rewrites its list rarely, each row a few times over its life.
     */
    boolean clusterDue(long rows, long ordered, long atLeast) {
        long tail = rows - ordered;
        return clusterBy != null && tail > 0 && tail >= atLeast && tail * 4 >= rows;
    }

    /**
     * The statements that put the list in order, in one transaction: the rows copied aside in order, the list
     * emptied and written again from the copy. DuckDB writes rows in the order of the insert only while
     * preserve_insertion_order is on; the last statement sets it back to the store's setting for writing.
     */
    List<String> cluster() {
        return List.of("SET preserve_insertion_order = true",
                "CREATE OR REPLACE TEMP TABLE tk_ordered AS SELECT * FROM " + table + " ORDER BY " + order(),
                "DELETE FROM " + table,
                "INSERT INTO " + table + " SELECT * FROM tk_ordered ORDER BY " + order(),
                "DROP TABLE tk_ordered",
                "SET preserve_insertion_order = false");
    }

    private String order() {
        return clusterBy != null ? clusterBy : "raw_chunk, raw_offset";
    }

    /** Removes from the list the events a WHERE on events (with its parameters) picks, before they are deleted. */
    String unlist(String where) {
        return "DELETE FROM " + table + " d USING (SELECT raw_chunk, raw_offset FROM events" + where + ") g"
                + " WHERE d.raw_chunk = g.raw_chunk AND d.raw_offset = g.raw_offset";
    }

    /** An investigations' fragment as one line of SQL, comments dropped. */
    private static String fragment(String name) {
        String file = "/io/trailkeeper/store/investigations/" + name;
        try (InputStream in = EventList.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + file);
            }
            String text = SqlText.withoutComments(new String(in.readAllBytes(), StandardCharsets.UTF_8), file);
            return String.join(" ", text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
