package io.trailkeeper.store;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.duckdb.DuckDBConnection;

/**
 * The embedded event store: one DuckDB file holding every CloudTrail record once, with typed columns for
 * what investigations filter on, the raw record, its provenance, and what went wrong while loading.
 *
 * <p>DuckDB lets one process at a time open a file for writing. A store found busy is retried for a
 * while, then reported with the process that holds it. Open it for writing only while writing.
 */
public final class EventStore implements AutoCloseable {
    public static final int SCHEMA_VERSION = 15;
    private static final Pattern LOCK_HOLDER = Pattern.compile("Conflicting lock is held in (.*?) \\(PID (\\d+)\\)");

    private final Path path;
    private final DuckDBConnection connection;
    private final boolean readOnly;
    private final StoreOptions options;
    private final java.util.List<AutoCloseable> closeWithStore = new java.util.ArrayList<>();
    /** On a store opened for reading: the events view over the store and the lake's pruned partitions. */
    private LakeView lakeView;
    /** What the store keeps beside its events that it may read (see {@link SideTables}). */
    private SideTables sideTables = SideTables.WHOLE;
    /** Whether the read-only SQL view and its function exist on this connection (EventSearch sets them up once). */
    boolean sqlPrepared;
    /** The chunks tk_record reads through, once {@link #sqlPrepared}. */
    ChunkCache chunkCache;

    private EventStore(Path path, DuckDBConnection connection, boolean readOnly, StoreOptions options) {
        this.path = path;
        this.connection = connection;
        this.readOnly = readOnly;
        this.options = options;
    }

    /** Where the store lives when neither --store nor TRAILKEEPER_STORE says: ~/.trailkeeper/store.duckdb. */
    public static Path defaultPath() {
        // $HOME first, as the shell's ~ means; Java's user.home comes from the password file
        String home = System.getenv("HOME");
        return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".trailkeeper",
                "store.duckdb");
    }

    /** Opens (creating if needed) a store for writing. */
    public static EventStore openForWriting(Path path, StoreOptions options) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new TrailKeeperException(ErrorCode.STORE_UNREADABLE, "cannot create the folder for the store "
                    + path + ": " + e.getMessage(), "choose another place with --store PATH");
        }
        EventStore store = new EventStore(path, connect(path, false, options), false, options);
        store.initialise();
        return store;
    }

    /**
     * Fails with a clear message when there is no store at {@code path}: for commands that add to a store that must
     * already hold events, where opening it for writing would quietly make an empty one at a mistyped path.
     */
    public static void requireExisting(Path path) {
        if (!Files.exists(path)) {
            throw new TrailKeeperException(ErrorCode.STORE_MISSING, "there is no store at " + path,
                    "load events first with `trailkeeper ingest PATH...`, or point to a store with --store");
        }
    }

    /** Opens an existing store for reading; fails with a clear message when there is none. */
    public static EventStore openForReading(Path path, StoreOptions options) {
        requireExisting(path);
        EventStore store = new EventStore(path, connect(path, true, options), true, options);
        store.initialise();
        return store;
    }

    /**
     * The select list of where each event's original record is: its place in the raw chunks, and the record itself
     * for rows the events view reads from the lake (column raw_inline of a store opened for reading; NULL on a
     * store opened for writing, whose events table has no lake rows).
     */
    String rawColumns() {
        return "raw_chunk, raw_offset, raw_length, " + (lakeView != null ? "raw_inline" : "CAST(NULL AS VARCHAR)");
    }

    /** Whether the store's key postings cover its events: false on a store opened for writing. */
    boolean postsKeys() {
        return sideTables.keysPosted();
    }

    /**
     * Whether the store keeps the list (see {@link EventList}) under this version's definition: false only for an
     * older store opened for reading, which is not upgraded, or one listed under another definition.
     */
    boolean lists(EventList list) {
        return sideTables.lists().contains(list);
    }

    /** Brings the key postings and the tables kept in an order up to date (see {@link SideTables#keepUp}). */
    void keepUp(long atLeast) throws SQLException {
        SideTables.keepUp(connection, atLeast);
    }

    /**
     * The lake files of the moved partitions of the UTC days from {@code first} to {@code end} (exclusive; null:
     * unbounded), and those of events without a time when {@code undated}; none when the events view reads no lake.
     */
    java.util.List<String> lakeFilesOfDays(java.time.LocalDate first, java.time.LocalDate end, boolean undated) {
        return lakeView == null ? java.util.List.of() : lakeView.filesOfDays(first, end, undated);
    }

    /**
     * The events for a FROM clause, named {@code events}, with only {@code lakeFiles} (of {@link #lakeFiles}) read from
     * the lake: the events view itself when the store reads no lake, the store's rows all there (the caller bounds
     * their time). See {@link TimePages}.
     */
    String eventsReading(java.util.List<String> lakeFiles) {
        return lakeView == null || lakeView.files().isEmpty() ? "events" : lakeView.relation(lakeFiles) + " AS events";
    }

    /** The lake files the events view reads (empty when nothing was pruned, or on a store open for writing). */
    java.util.List<String> lakeFiles() {
        return lakeView == null ? java.util.List.of() : lakeView.files();
    }

    /**
     * Partitions that prune moved to the lake but that this store cannot read from there (file missing, or not a
     * local lake), in words; empty on a store opened for writing.
     */
    public java.util.List<String> lakeUnread() {
        return lakeView == null ? java.util.List.of() : lakeView.unread();
    }

    /** The partitions of {@link #lakeUnread}, each with the rows prune moved there. */
    public java.util.List<io.trailkeeper.store.lake.LakePartition> lakeUnreadPartitions() {
        return lakeView == null ? java.util.List.of() : lakeView.unreadPartitions();
    }

    public Path path() {
        return path;
    }

    /**
     * How many raw chunks tk_record (the investigations' and query --sql's reader of original records) has
     * decompressed since the store was opened: what reading records in raw chunk order saves, each chunk 256 KB.
     */
    public long rawChunksDecompressed() {
        return chunkCache == null ? 0 : chunkCache.decompressed();
    }

    public boolean readOnly() {
        return readOnly;
    }

    StoreOptions options() {
        return options;
    }

    DuckDBConnection connection() {
        return connection;
    }

    /** DuckDB's memory limit for this store, as it was set when the store was opened ("384MB"). */
    String memoryLimit() {
        return options.memoryLimit(readOnly);
    }

    private static DuckDBConnection connect(Path path, boolean readOnly, StoreOptions options) {
        Properties properties = new Properties();
        if (readOnly) {
            properties.setProperty("access_mode", "READ_ONLY");
        }
        properties.setProperty("memory_limit", options.memoryLimit(readOnly));
        properties.setProperty("threads", Integer.toString(options.threads()));
        long deadline = System.nanoTime() + options.busyTimeout().toNanos();
        while (true) {
            try {
                Connection c = DriverManager.getConnection("jdbc:duckdb:" + path.toAbsolutePath(), properties);
                return (DuckDBConnection) c;
            } catch (SQLException e) {
                String message = String.valueOf(e.getMessage());
                if (!message.contains("Could not set lock")) {
                    throw new TrailKeeperException(ErrorCode.STORE_UNREADABLE, "cannot open the store " + path + ": "
                            + firstLine(message), "check that the file is a TrailKeeper store (a DuckDB file)", e);
                }
                if (System.nanoTime() > deadline) {
                    throw busy(path, message, options.busyTimeout(), e);
                }
                sleep(Duration.ofMillis(200));
            }
        }
    }

    private static TrailKeeperException busy(Path path, String message, Duration waited, SQLException e) {
        Matcher m = LOCK_HOLDER.matcher(message);
        String holder = m.find() ? "process " + m.group(2) + " (" + m.group(1) + ")" : "another process";
        return new TrailKeeperException(ErrorCode.STORE_BUSY, "the store " + path + " is in use by " + holder
                + "; waited " + waited.toSeconds() + " s",
                "wait for that command to finish, or use another store with --store", e);
    }

    private void initialise() {
        try (Statement s = connection.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT current_setting('TimeZone')")) {
                // settings may be locked when this process opened the store for --sql before
                if (r.next() && !"UTC".equals(r.getString(1))) {
                    s.execute("SET TimeZone = 'UTC'");
                }
            }
            if (!readOnly) {
                s.execute("SET preserve_insertion_order = false");
                s.execute("SET checkpoint_threshold = '256MB'");
                // keep freed memory for reuse instead of giving it back to the system page by page:
                // refaulting it cost more system time than the ingest's own file writes
                s.execute("SET allocator_flush_threshold = '1GB'");
                s.execute("SET block_allocator_memory = '256MB'");
                // nor after a single allocation of more than 512 MB (DuckDB's default): DuckDB then flushes all its
                // allocators, the C heap's trim included, which holds this process's Arrow buffers too. Without this,
                // 3 of 7 ingests of 2 million events took about 500,000 page faults instead of about 370,000
                s.execute("SET allocator_bulk_deallocation_flush_threshold = '4GB'");
            }
            new StoreSchema(connection, path, readOnly, options.clock()).ensure(s);
            if (readOnly) {
                sideTables = SideTables.readable(connection); // before the events view replaces the events table
                lakeView = LakeView.install(connection);
            } else {
                SideTables.makeListsWhole(connection);
                ColumnRules.atWriterOpen(connection);
            }
        } catch (SQLException e) {
            throw new TrailKeeperException(ErrorCode.STORE_UNREADABLE, "cannot read the store " + path + ": "
                    + firstLine(e.getMessage()), null, e);
        }
    }

    static String resource(String name) {
        try (InputStream in = EventStore.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrailKeeperException(ErrorCode.INTERNAL, "interrupted while waiting for the store", null, e);
        }
    }

    /** Closes something that lives as long as this store (a helper connection) when the store closes. */
    void closeWithStore(AutoCloseable resource) {
        closeWithStore.add(resource);
    }

    @Override
    public void close() {
        try {
            for (int i = closeWithStore.size() - 1; i >= 0; i--) {
                closeWithStore.get(i).close();
            }
            try {
                if (!readOnly) {
                    keepUp(OrderedTable.AFTER_ROWS);
                }
            } catch (SQLException ignored) {
                // what keepUp writes only makes reading faster, and is read safely when it is behind: postings that
                // do not cover the events are not read, a list not in order is read whole. A failure here (another
                // store of this process closing at the same moment, say) leaves them for the next close.
            } finally {
                connection.close();
            }
        } catch (TrailKeeperException e) {
            throw e;
        } catch (Exception e) {
            throw new TrailKeeperException(ErrorCode.STORE_WRITE_FAILED, "closing the store " + path + " failed: "
                    + firstLine(e.getMessage()), null, e);
        }
    }

    /**
     * Settings of the store's engine; defaults suit a laptop and a 2-core CI machine alike.
     *
     * @param memoryLimit DuckDB's memory limit, or null for the default of the way the store is opened: {@value
     *                    #WRITING_MEMORY} for writing (bounded, so that an ingest's memory does not grow with its
     *                    input; in 256 MB DuckDB spent a tenth of the ingest's time evicting and refaulting the
     *                    blocks of the transaction it was writing; a writer keeps DuckDB well under this between
     *                    transactions and lets it use half as much again within one, see {@link WriterMemory}), {@value
     *                    #READING_MEMORY} for reading (an investigation's working tables: in 256 MB, DuckDB spent a
     *                    third of {@code investigate s3}'s time on a busy bucket making room for them)
     */
    public record StoreOptions(String memoryLimit, int threads, Duration busyTimeout, Clock clock) {
        static final String WRITING_MEMORY = "384MB";
        static final String READING_MEMORY = "1GB";

        public static StoreOptions defaults() {
            return new StoreOptions(null, Math.max(1, Runtime.getRuntime().availableProcessors()),
                    Duration.ofSeconds(10), Clock.systemUTC());
        }

        public StoreOptions withBusyTimeout(Duration timeout) {
            return new StoreOptions(memoryLimit, threads, timeout, clock);
        }

        public StoreOptions withClock(Clock newClock) {
            return new StoreOptions(memoryLimit, threads, busyTimeout, newClock);
        }

        /** The memory limit given, or the default for a store opened this way. */
        String memoryLimit(boolean forReading) {
            return memoryLimit != null ? memoryLimit : forReading ? READING_MEMORY : WRITING_MEMORY;
        }

        public StoreOptions withMemoryLimit(String limit) {
            return new StoreOptions(limit, threads, busyTimeout, clock);
        }
    }
}
