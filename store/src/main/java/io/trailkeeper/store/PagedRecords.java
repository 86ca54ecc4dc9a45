package io.trailkeeper.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Original records in event-time order, read a page at a time. Events in time order interleave many raw chunks
 * (one per region and trail file being written at that time), so fetching a chunk per record miss, as a small
 * cache does, fetches the same chunk again and again. Here the records' places are read in time order, cut
 * into pages that need at most {@value #PAGE_CHUNKS} chunks (about 32 MB decompressed) or {@value #PAGE_RECORDS}
 * records, and each page's chunks are fetched with one query and decompressed once.
 */
final class PagedRecords {
    static final int PAGE_CHUNKS = 128;
    static final int PAGE_RECORDS = 16_384;

    private final Connection connection;
    private final BiConsumer<List<Object>, byte[]> out;
    private final int pageChunks;
    private final int pageRecords;
    private final Set<Long> chunks = new LinkedHashSet<>();
    private final List<long[]> places = new ArrayList<>();
    /** The other columns asked for, of each record of the page (empty lists when none were asked for). */
    private final List<List<Object>> columns = new ArrayList<>();
    /** Records of the page that came whole (lake rows), by their index in places. */
    private final Map<Integer, byte[]> inlines = new HashMap<>();

    private PagedRecords(Connection connection, BiConsumer<List<Object>, byte[]> out, int pageChunks,
                         int pageRecords) {
        this.connection = connection;
        this.out = out;
        this.pageChunks = pageChunks;
        this.pageRecords = pageRecords;
    }

    /** The order of {@link #read}: event time, then name and record hash. */
    static final String IN_TIME_ORDER = " ORDER BY event_time NULLS LAST, event_name, record_hash";
    /** The order the store keeps the records in: each page's chunks are then neighbours. */
    static final String IN_STORED_ORDER = " ORDER BY raw_chunk, raw_offset";

    /** Streams the records of the events {@code where} selects (a clause with bound parameters), oldest first. */
    static void read(EventStore store, String where, List<Object> params, Consumer<byte[]> out)
            throws SQLException {
        read(store, where + IN_TIME_ORDER, params, out, PAGE_CHUNKS, PAGE_RECORDS);
    }

    /**
     * As {@link #read(EventStore, String, List, Consumer)}, the events in the order (and within the limit) that
     * {@code whereAndOrder} gives, in pages of the given sizes (tests use small ones).
     */
    static void read(EventStore store, String whereAndOrder, List<Object> params, Consumer<byte[]> out,
                     int pageChunks, int pageRecords) throws SQLException {
        read(store, List.of(), whereAndOrder, params, (values, record) -> out.accept(record), pageChunks, pageRecords);
    }

    /**
     * As {@link #read(EventStore, String, List, Consumer, int, int)}, each record with the values of the events'
     * {@code columns} (as {@link EventSearch} streams them): only the columns and the records' places are read in
     * order, so that a sort never carries the records themselves.
     */
    static void read(EventStore store, List<String> columns, String whereAndOrder, List<Object> params,
                     BiConsumer<List<Object>, byte[]> out, int pageChunks, int pageRecords) throws SQLException {
        read(store, "events", columns, whereAndOrder, params, out, pageChunks, pageRecords);
    }

    /** As {@link #read(EventStore, List, String, List, BiConsumer, int, int)}, from {@code from} (a relation). */
    static void read(EventStore store, String from, List<String> columns, String whereAndOrder,
                     List<Object> params, BiConsumer<List<Object>, byte[]> out, int pageChunks,
                     int pageRecords) throws SQLException {
        Connection connection = store.connection();
        PagedRecords pages = new PagedRecords(connection, out, pageChunks, pageRecords);
        String other = columns.isEmpty() ? "" : ", " + String.join(", ", columns);
        String sql = "SELECT " + store.rawColumns() + other + " FROM " + from + whereAndOrder;
        try (PreparedStatement p = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                p.setObject(i + 1, params.get(i));
            }
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    List<Object> values = values(r, columns.size());
                    String inline = r.getString(4);
                    if (inline != null) {
                        pages.inline(inline.getBytes(java.nio.charset.StandardCharsets.UTF_8), values);
                    } else {
                        pages.add(r.getLong(1), r.getInt(2), r.getInt(3), values);
                    }
                }
            }
        }
        pages.flush();
    }

    /**
     * As {@link #read(EventStore, List, String, List, BiConsumer, int, int)}, a page of {@code pages} ({@link TimePages})
     * after another: the events {@code where} selects (a clause with bound parameters, or "") within each page, in
     * {@code order} within each page; a {@code limit} (null: none) counts over all pages.
     */
    static void readPages(EventStore store, List<TimePages.Page> pages, List<String> columns, String where,
                          String order, List<Object> params, Long limit, BiConsumer<List<Object>, byte[]> out)
            throws SQLException {
        long[] given = {0};
        BiConsumer<List<Object>, byte[]> counted = (values, record) -> {
            given[0]++;
            out.accept(values, record);
        };
        TimePages.readEach(pages, where, order, params, limit, (page, rest, pageParams) -> {
            long before = given[0];
            read(store, page.from(), columns, rest, pageParams, counted, PAGE_CHUNKS, PAGE_RECORDS);
            return given[0] - before;
        });
    }

    /** The row's columns after the four of the record's place. */
    private static List<Object> values(ResultSet r, int n) throws SQLException {
        if (n == 0) {
            return List.of();
        }
        List<Object> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add(JdbcRows.value(r.getObject(5 + i)));
        }
        return values;
    }

    private void add(long chunk, int offset, int length, List<Object> values) throws SQLException {
        if (places.size() >= pageRecords || !chunks.contains(chunk) && chunks.size() >= pageChunks) {
            flush();
        }
        chunks.add(chunk);
        places.add(new long[] {chunk, offset, length});
        columns.add(values);
    }

    /** A record read whole from the lake: it keeps its place in time order among the page's others. */
    private void inline(byte[] record, List<Object> values) throws SQLException {
        if (places.size() >= pageRecords) {
            flush();
        }
        inlines.put(places.size(), record);
        places.add(null);
        columns.add(values);
    }

    private void flush() throws SQLException {
        if (places.isEmpty()) {
            return;
        }
        Map<Long, byte[]> json = chunks.isEmpty() ? Map.of() : fetch();
        for (int i = 0; i < places.size(); i++) {
            long[] place = places.get(i);
            if (place == null) {
                out.accept(columns.get(i), inlines.get(i));
                continue;
            }
            byte[] data = json.get(place[0]);
            if (data == null) {
                throw new IllegalStateException("the store has lost raw chunk " + place[0]);
            }
            out.accept(columns.get(i), Arrays.copyOfRange(data, (int) place[1], (int) (place[1] + place[2])));
        }
        places.clear();
        columns.clear();
        chunks.clear();
        inlines.clear();
    }

    /** The page's chunks, decompressed; the range bound lets the scan skip row groups by their min and max. */
    private Map<Long, byte[]> fetch() throws SQLException {
        List<Long> ids = new ArrayList<>(chunks);
        String marks = String.join(", ", Collections.nCopies(ids.size(), "?"));
        String sql = "SELECT raw_chunk, raw_data FROM events WHERE raw_chunk BETWEEN ? AND ? AND raw_chunk IN ("
                + marks + ") AND raw_data IS NOT NULL";
        Map<Long, byte[]> json = new HashMap<>();
        try (PreparedStatement p = connection.prepareStatement(sql)) {
            p.setLong(1, Collections.min(ids));
            p.setLong(2, Collections.max(ids));
            for (int i = 0; i < ids.size(); i++) {
                p.setLong(i + 3, ids.get(i));
            }
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    json.putIfAbsent(r.getLong(1), RawChunks.decompress(r.getBytes(2)));
                }
            }
        }
        return json;
    }
}
