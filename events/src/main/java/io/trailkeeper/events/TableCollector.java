package io.trailkeeper.events;

import java.util.ArrayList;
import java.util.List;

/** A {@link TableSink} that keeps what it is given, for results small enough to hold: a summary, a section. */
public final class TableCollector implements TableSink {
    private List<String> columns = List.of();
    private final List<List<Object>> rows = new ArrayList<>();

    @Override
    public void columns(List<String> names) {
        columns = List.copyOf(names);
    }

    @Override
    public void row(List<Object> values) {
        rows.add(values);
    }

    /** What was collected, as a table of this name. */
    public Table table(String name) {
        return new Table(name, columns, rows);
    }
}
