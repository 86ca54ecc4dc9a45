package io.trailkeeper.store;

import io.trailkeeper.events.TableSink;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A JDBC result as {@link TableSink} rows: column labels, and each value as one of the plain types it promises. */
final class JdbcRows {
    private JdbcRows() {
    }

    static void stream(ResultSet r, TableSink sink) throws SQLException {
        int n = r.getMetaData().getColumnCount();
        sink.columns(names(r.getMetaData()));
        while (r.next()) {
            sink.row(row(r, n));
        }
        sink.end();
    }

    static List<String> names(ResultSetMetaData meta) throws SQLException {
        int n = meta.getColumnCount();
        List<String> names = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            names.add(meta.getColumnLabel(i));
        }
        return names;
    }

    static List<Object> row(ResultSet r, int n) throws SQLException {
        List<Object> row = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            row.add(value(r.getObject(i)));
        }
        return row;
    }

    /** JDBC values as the plain types TableSink promises. */
    static Object value(Object v) throws SQLException {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double) {
            return v;
        }
        if (v instanceof LocalDateTime t) {
            return Times.fromLocal(t);
        }
        if (v instanceof Timestamp t) {
            return Times.fromLocal(t.toLocalDateTime());
        }
        if (v instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof BigInteger || v instanceof BigDecimal) {
            return v;
        }
        if (v instanceof UUID u) {
            return u.toString();
        }
        if (v instanceof Array a) {
            Object[] items = (Object[]) a.getArray();
            List<Object> list = new ArrayList<>(items.length);
            for (Object item : items) {
                list.add(value(item));
            }
            return list;
        }
        if (v instanceof byte[] b) {
            return "<" + b.length + " bytes>";
        }
        if (v instanceof java.sql.Blob b) {
            return "<" + b.length() + " bytes>";
        }
        if (v.getClass().isArray()) {
            int n = java.lang.reflect.Array.getLength(v);
            List<Object> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(value(java.lang.reflect.Array.get(v, i)));
            }
            return list;
        }
        return v.toString();
    }
}
