package io.trailkeeper.store;

import io.trailkeeper.store.investigate.SqlText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The store's list of destructive calls (table {@code destructive_events}, schema 9): for each event that deletes,
 * terminates or removes something or destroys the evidence about it, where its raw record is (raw_chunk,
 * raw_offset: the event's place, which no later change of the table moves), its time, category and resources.
 * {@code investigate who-deleted} tests the names in this narrow table instead of reading the resources of every
 * such call all over the events table. Written in the transaction that writes the events, made whole for an older
 * store (or one listed under another definition) when it is opened for writing, and cut with the events a prune
 * moves out. Which calls count is the investigations' fragment destructive.sql, the one definition.
 */
final class DestructiveCalls {
    /** The fragment's condition on event_name, comments dropped. */
    static final String PREDICATE = predicate();

    /**
     * The store_meta key holding the definition the list was made with: a store listed under another one (an edit
     * of destructive.sql) is listed anew when opened for writing, and read without its list when opened for reading.
     */
    static final String META_KEY = "destructive_calls";

    /** The columns kept, in the table's order. */
    static final String COLUMNS = "raw_chunk, raw_offset, event_time, event_category, resources";

    private DestructiveCalls() {
    }

    /**
     * Lists the destructive calls among the events whose raw chunk lies in [first, last] (a transaction's), those
     * not listed yet: the range can hold events an earlier transaction wrote, since readers take chunk ids in
     * parallel.
     */
    static String listChunks() {
        // the range on both sides: the list is read only where the chunks are (not whole, at every transaction)
        return "INSERT INTO destructive_events SELECT " + COLUMNS + " FROM events e WHERE e.raw_chunk BETWEEN $1 AND $2"
                + " AND (" + PREDICATE + ") AND NOT EXISTS (SELECT 1 FROM destructive_events d"
                + " WHERE d.raw_chunk BETWEEN $1 AND $2 AND d.raw_chunk = e.raw_chunk AND d.raw_offset = e.raw_offset)";
    }

    /** Lists every destructive call of the store (the list empty). */
    static String listAll() {
        return "INSERT INTO destructive_events SELECT " + COLUMNS + " FROM events WHERE (" + PREDICATE + ")"
                + " ORDER BY raw_chunk, raw_offset";
    }

    /** Removes from the list the events a WHERE on events (with its parameters) picks, before they are deleted. */
    static String unlist(String where) {
        return "DELETE FROM destructive_events d USING (SELECT raw_chunk, raw_offset FROM events" + where + ") g"
                + " WHERE d.raw_chunk = g.raw_chunk AND d.raw_offset = g.raw_offset";
    }

    private static String predicate() {
        String file = "/io/trailkeeper/store/investigations/destructive.sql";
        try (InputStream in = DestructiveCalls.class.getResourceAsStream(file)) {
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
