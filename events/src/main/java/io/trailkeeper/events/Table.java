package io.trailkeeper.events;

import java.util.List;
import java.util.Objects;

/**
 * A small, named table held in memory (a summary, a breakdown), with the value types of {@link TableSink}.
 * Large results stream through a TableSink instead.
 */
public record Table(String name, List<String> columns, List<List<Object>> rows) {
    public Table {
        Objects.requireNonNull(name);
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /** Feeds this table to a sink. */
    public void writeTo(TableSink sink) {
        sink.columns(columns);
        rows.forEach(sink::row);
        sink.end();
    }
}
