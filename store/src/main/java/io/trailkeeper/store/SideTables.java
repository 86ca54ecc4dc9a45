package io.trailkeeper.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the store keeps beside its events to answer faster: the lists of events ({@link EventList}), the key postings
 * ({@link KeyPostings}) and the order some of them are kept in ({@link OrderedTable}). Each is read only while
 * store_meta says it is whole; a store opened for writing makes the lists whole when it opens and brings the rest up
 * to date when it closes.
 *
 * @param lists      the lists kept under this version's definition
 * @param keysPosted whether the key postings cover the events
 */
record SideTables(Set<EventList> lists, boolean keysPosted) {
    /** All of them, as a store opened for writing keeps them. */
    static final SideTables WHOLE = new SideTables(Set.copyOf(EventList.ALL), false);

    /**
     * What a store opened for reading may read: the lists made under this version's definition, and the postings if
     * they cover the events. Read before the events view is installed: what the postings cover is the events
     * table's own count and row ids.
     */
    static SideTables readable(Connection c) throws SQLException {
        Map<String, String> meta = meta(c);
        Set<String> tables = tables(c);
        Set<EventList> lists = new HashSet<>();
        for (EventList list : EventList.ALL) {
            if (tables.contains(list.table()) && list.definition().equals(meta.get(list.metaKey()))) {
                lists.add(list);
            }
        }
        boolean posted = tables.contains(KeyPostings.TABLE)
                && KeyPostings.coverage(c).equals(meta.get(KeyPostings.COVERED));
        return new SideTables(Set.copyOf(lists), posted);
    }

    /**
     * Makes a list anew where the store holds none under this version's definition: a store from before it, or one
     * listed under another definition (the list holds what the definition in force when it was written picked).
     */
    static void makeListsWhole(Connection c) throws SQLException {
        Map<String, String> meta = meta(c);
        for (EventList list : EventList.ALL) {
            if (list.definition().equals(meta.get(list.metaKey()))) {
                continue;
            }
            StoreSql.inTransaction(c, () -> {
                StoreSql.execute(c, "DELETE FROM " + list.table(), List.of());
                StoreSql.inInsertionOrder(c, () -> StoreSql.execute(c, list.listAll(), List.of()));
                setMeta(c, list.metaKey(), list.definition());
                if (list.ordered() != null) {
                    setMeta(c, list.ordered().orderedKey(), StoreSql.scalar(c, "SELECT count(*) FROM "
                            + list.table(), List.of()));
                }
            });
        }
    }

    /**
     * Brings the rest up to date when a store opened for writing is closed, once per ingest or collection rather
     * than at every transaction: the key postings, and the tables kept in an order put back in order when many rows
     * were written at their end since the last time (at least {@code atLeast}; see {@link OrderedTable#due}). Each
     * step is one transaction; a failure leaves the table as it was, which is read safely.
     */
    static void keepUp(Connection c, long atLeast) throws SQLException {
        Set<String> tables = tables(c);
        if (tables.contains(KeyPostings.TABLE)) {
            KeyPostings.write(c);
        }
        List<OrderedTable> ordered = new ArrayList<>();
        for (EventList list : EventList.ALL) {
            if (list.ordered() != null) {
                ordered.add(list.ordered());
            }
        }
        ordered.add(KeyPostings.ORDER);
        Map<String, String> meta = meta(c);
        for (OrderedTable t : ordered) {
            if (!tables.contains(t.table())) {
                continue;
            }
            long rows = Long.parseLong(StoreSql.scalar(c, "SELECT count(*) FROM " + t.table(), List.of()));
            String inOrder = meta.get(t.orderedKey());
            if (OrderedTable.due(rows, inOrder == null ? 0 : Long.parseLong(inOrder), atLeast)) {
                StoreSql.inTransaction(c, () -> {
                    StoreSql.inInsertionOrder(c, () -> {
                        for (String sql : t.statements()) {
                            StoreSql.execute(c, sql, List.of());
                        }
                    });
                    setMeta(c, t.orderedKey(), Long.toString(rows));
                });
            }
        }
    }

    private static void setMeta(Connection c, String key, String value) throws SQLException {
        StoreSql.execute(c, "INSERT OR REPLACE INTO store_meta VALUES (?, ?)", List.of(key, value));
    }

    private static Map<String, String> meta(Connection c) throws SQLException {
        Map<String, String> meta = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT key, value FROM store_meta")) {
            while (r.next()) {
                meta.put(r.getString(1), r.getString(2));
            }
        }
        return meta;
    }

    private static Set<String> tables(Connection c) throws SQLException {
        Set<String> names = new HashSet<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT table_name FROM duckdb_tables()"
                + " WHERE NOT temporary AND database_name = current_database()")) {
            while (r.next()) {
                names.add(r.getString(1));
            }
        }
        return names;
    }
}
