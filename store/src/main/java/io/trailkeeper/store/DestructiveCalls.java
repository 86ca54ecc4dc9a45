package io.trailkeeper.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The store's list of destructive calls (table {@code destructive_events}, schema 9): for each event that deletes,
 * terminates or removes something or destroys the evidence about it, where its raw record is (raw_chunk,
 * raw_offset: the event's place, which no later change of the table moves), its time, category and resources.
 * {@code investigate who-deleted} tests the names in this narrow table instead of reading the resources of every
 * such call all over the events table. Written in the transaction that writes the events, filled for an older store
 * when it is upgraded, and cut with the events a prune moves out. Which calls count is the investigations'
 * fragment destructive.sql, the one definition.
 */
final class DestructiveCalls {
    /** The fragment's condition on event_name, comments dropped. */
    static final String PREDICATE = predicate();

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
        return "INSERT INTO destructive_events SELECT " + COLUMNS + " FROM events e WHERE e.raw_chunk BETWEEN ? AND ?"
                + " AND (" + PREDICATE + ") AND NOT EXISTS (SELECT 1 FROM destructive_events d"
                + " WHERE d.raw_chunk = e.raw_chunk AND d.raw_offset = e.raw_offset)";
    }

    /** Removes from the list the events a WHERE on events (with its parameters) picks, before they are deleted. */
    static String unlist(String where) {
        return "DELETE FROM destructive_events d USING (SELECT raw_chunk, raw_offset FROM events" + where + ") g"
                + " WHERE d.raw_chunk = g.raw_chunk AND d.raw_offset = g.raw_offset";
    }

    /** A schema file's text with {{destructive}} replaced by the predicate. */
    static String expand(String sql) {
        return sql.replace("{{destructive}}", "(" + PREDICATE + ")");
    }

    private static String predicate() {
        String file = "/io/trailkeeper/store/investigations/destructive.sql";
        try (InputStream in = DestructiveCalls.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + file);
            }
            StringBuilder out = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String code = line.strip();
                if (!code.isEmpty() && !code.startsWith("--")) {
                    out.append(out.length() == 0 ? "" : " ").append(code);
                }
            }
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
