package io.trailkeeper.store.investigate;

import io.trailkeeper.events.Table;
import java.util.List;

/** Helpers over investigation sections (collected with TableCollector: small by construction). */
final class Rows {
    private Rows() {
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
