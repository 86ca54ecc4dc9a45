package io.trailkeeper.events;

import java.util.List;

/**
 * Receives a table row by row. Queries and investigations feed it; renderers (table, JSON, CSV) implement
 * it, so results stream without being held in memory.
 *
 * <p>Values are {@code String}, {@code Long}, {@code Double} or another {@code Number}, {@code Boolean},
 * {@code java.time.Instant} (UTC), {@code List} of these, or null.
 */
public interface TableSink {
    /** Called once, before any row. */
    void columns(List<String> names);

    void row(List<Object> values);

    /** Called once, after the last row. */
    default void end() {
    }
}
