package io.trailkeeper.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** The store's small JDBC steps: one transaction, one value, one statement with its parameters. */
final class StoreSql {
    /** Work on a connection that throws what JDBC throws. */
    @FunctionalInterface
    interface SqlWork {
        void run() throws SQLException;
    }

    private StoreSql() {
    }

    /** Runs the work in one transaction of the connection: all of it or, on a failure, none. */
    static void inTransaction(Connection c, SqlWork work) throws SQLException {
        c.setAutoCommit(false);
        try {
            work.run();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /**
     * Runs the work with preserve_insertion_order on, then back off (the store's setting for writing): only then does
     * DuckDB write rows in the order an INSERT ... ORDER BY gives them.
     */
    static void inInsertionOrder(Connection c, SqlWork work) throws SQLException {
        execute(c, "SET preserve_insertion_order = true", List.of());
        try {
            work.run();
        } finally {
            execute(c, "SET preserve_insertion_order = false", List.of());
        }
    }

    /** The first column of the first row, as text (null when SQL NULL). */
    static String scalar(Connection c, String sql, List<Object> params) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                p.setObject(i + 1, params.get(i));
            }
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        }
    }

    static void execute(Connection c, String sql, List<Object> params) throws SQLException {
        if (params.isEmpty()) {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
            return;
        }
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                p.setObject(i + 1, params.get(i));
            }
            p.execute();
        }
    }
}
