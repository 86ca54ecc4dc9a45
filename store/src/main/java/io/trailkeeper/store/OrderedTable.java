package io.trailkeeper.store;

import java.util.List;

/**
 * A table the store keeps in an order, for DuckDB to skip the row groups a lookup cannot find anything in (their
 * smallest and largest values tell). Rows are appended in the order they are written; once many were written at the
 * end since the table was last put in order, it is put in order again when a store opened for writing is closed.
 *
 * @param table      the table
 * @param order      the ORDER BY list
 * @param orderedKey the store_meta key holding how many rows were in order when it was last put in order
 */
record OrderedTable(String table, String order, String orderedKey) {
    /** A table is put in order again once the rows at its end are at least this many, and a quarter of it. */
    static final long AFTER_ROWS = 100_000;

    /**
     * Whether a table of {@code rows} rows, {@code ordered} of them in order, is due to be put in order again: the
     * rows at its end are at least {@code atLeast} ({@value #AFTER_ROWS} for a store) and a quarter of the table, so
     * that a store written to in small steps rewrites it rarely, each row a few times over its life.
     */
    static boolean due(long rows, long ordered, long atLeast) {
        long tail = rows - ordered;
        return tail > 0 && tail >= atLeast && tail * 4 >= rows;
    }

    /**
     * Lowers the count of rows in order by the rows prune removed ($1): it removes old days, which are in the ordered
     * part (a row of the end counted as ordered only delays the next ordering).
     */
    String fewer() {
        return "UPDATE store_meta SET value = CAST(greatest(0, CAST(value AS BIGINT) - ?) AS VARCHAR) WHERE key = '"
                + orderedKey + "'";
    }

    /**
     * The statements that put the table in order, in one transaction and in insertion order ({@link
     * StoreSql#inInsertionOrder}): the rows copied aside in order, the table emptied and written again from the copy.
     * The copy is sorted once: in insertion order, DuckDB writes a scan's rows in the order it read them (sorting
     * them again took as long as the first sort, half a second for the 200,000 rows of 2 million events).
     */
    List<String> statements() {
        return List.of("CREATE OR REPLACE TEMP TABLE tk_ordered AS SELECT * FROM " + table + " ORDER BY " + order,
                "DELETE FROM " + table,
                "INSERT INTO " + table + " SELECT * FROM tk_ordered",
                "DROP TABLE tk_ordered");
    }
}
