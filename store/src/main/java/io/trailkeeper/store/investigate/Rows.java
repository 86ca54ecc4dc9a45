package io.trailkeeper.store.investigate;

import io.trailkeeper.events.Table;
import io.trailkeeper.events.TableSink;
import java.util.ArrayList;
import java.util.List;

/** Collects a statement's rows into a {@link Table}; investigations' results are small by construction. */
final class Rows implements TableSink {
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

    Table table(String name) {
        return new Table(name, columns, rows);
    }

    /** A column of a table by name; IllegalStateException when the SQL and the code disagree. */
    static int column(Table t, String column) {
        int i = t.columns().indexOf(column);
        if (i < 0) {
            throw new IllegalStateException("section " + t.name() + " has no column " + column + ": " + t.columns());
        }
        return i;
    }

    /** A table with another name, or with its rows cut to the first {@code n}. */
    static Table head(Table t, int n) {
        return new Table(t.name(), t.columns(), t.rows().subList(0, Math.min(n, t.rows().size())));
    }
}
