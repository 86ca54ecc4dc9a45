package io.trailkeeper.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DuckDB's memory while a writer is open: room to insert a transaction without evicting, and the store's budget
 * (its memory limit) kept between transactions.
 *
 * <p>At its memory limit DuckDB evicts a block for each block it allocates, and after such evictions it gives freed
 * memory back to the system (madvise, malloc_trim), which the next allocations then fault in again, page by page:
 * an ingest at the limit of 384 MB took 265,000 page faults in DuckDB's block allocator for 2 million events, and
 * most of its writer thread's 5.5 s in the kernel. What filled the limit was not the transaction being written but
 * blocks DuckDB keeps cached after writing or reading them (about 175 MB), and the rows of small tables it holds in
 * memory until a checkpoint (the event lists, about 50 bytes an event, 350 MB at 6 million events).
 *
 * <p>So while the writer is open the limit is half as much again as the budget, and after each commit, once the rows
 * held in memory take a third of the budget they are written out (a checkpoint), and once DuckDB holds more than two
 * thirds of the budget the cached blocks are evicted in one go. DuckDB's limit bounds its memory in any case; these
 * steps keep it away from the limit. Polled every 0.1 s over a whole ingest of 2 and of 6 million events, DuckDB
 * held at most 359 MB either way.
 *
 * <p>A store whose limit is unbounded, or given in a form not read here, has no budget to keep: the writer then leaves
 * the limit alone.
 */
final class WriterMemory {
    /** DuckDB's sizes as it prints them ("366.2 MiB") or as they are set ("384MB"). */
    private static final Pattern SIZE = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([a-zA-Z]*)\\s*");
    /** A budget this large is no budget (DuckDB's "no limit" prints as 16384 PiB). */
    private static final long UNBOUNDED = 1L << 50;

    private final Connection connection;
    private final String limitBefore;
    private final long budget;
    private final long ceiling;
    private final long trimAbove;

    private WriterMemory(Connection connection, String limitBefore, long budget) {
        this.connection = connection;
        this.limitBefore = limitBefore;
        this.budget = budget;
        this.ceiling = budget * 3 / 2;
        this.trimAbove = budget * 2 / 3;
    }

    /**
     * Raises the connection's memory limit for writing; {@link #restore()} sets it back.
     *
     * @param limit the store's memory limit as it was set ("384MB"): set back exactly as it was, where DuckDB's own
     *              print of it ("366.2 MiB") is rounded
     */
    static WriterMemory raise(Connection c, String limit) throws SQLException {
        long budget;
        try {
            budget = bytes(limit);
        } catch (IllegalArgumentException e) {
            budget = 0; // a size this code cannot read: the limit is left alone, as for an unbounded one
        }
        WriterMemory m = new WriterMemory(c, limit, budget < UNBOUNDED ? budget : 0);
        if (m.budget > 0) {
            m.setLimit(m.ceiling);
        }
        return m;
    }

    /**
     * After a commit: writes the tables DuckDB holds in memory to the file once they take a third of the budget, and
     * evicts the tables' cached blocks once DuckDB holds more than two thirds of it.
     *
     * <p>Both only keep DuckDB away from its limit, which bounds its memory anyway, and the commit stands whatever
     * they do: a checkpoint that another connection's open write holds off, or an eviction DuckDB cannot make without
     * writing buffers out, is left for a later commit. Such a failure aborts the transaction it ran in (which holds
     * nothing but this step), so that one is rolled back. Should the connection be broken, the writer's next
     * statement fails with its own error.
     *
     * @throws SQLException when the limit, lowered for an eviction, cannot be raised again: every later transaction
     *                      would then run in what DuckDB used less its cache, evicting or failing without a word
     */
    void afterCommit() throws SQLException {
        if (budget == 0) {
            return;
        }
        boolean lowered = false;
        try {
            Use use = use();
            if (use.heldRows() > budget / 3) {
                StoreSql.execute(connection, "CHECKPOINT", List.of());
                use = use();
            }
            if (use.total() > trimAbove && use.cachedBlocks() > 0) {
                lowered = true;
                setLimit(use.total() - use.cachedBlocks() + (1 << 20));
            }
        } catch (SQLException e) {
            rollbackQuietly();
        }
        if (lowered) {
            try {
                setLimit(ceiling);
            } catch (SQLException e) {
                rollbackQuietly();
                throw new SQLException("DuckDB's memory limit, lowered to evict cached blocks, could not be set back"
                        + " to " + (ceiling >> 20) + " MiB: " + EventStore.firstLine(e.getMessage()), e);
            }
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // the connection is broken: the writer's next statement says so
        }
    }

    /** DuckDB's memory in use: all of it, the tables' cached blocks, and the rows of tables not yet written. */
    private record Use(long total, long cachedBlocks, long heldRows) {
    }

    private Use use() throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("SELECT coalesce(sum(memory_usage_bytes), 0),"
                     + " coalesce(sum(memory_usage_bytes) FILTER (WHERE tag = 'BASE_TABLE'), 0),"
                     + " coalesce(sum(memory_usage_bytes) FILTER (WHERE tag = 'IN_MEMORY_TABLE'), 0)"
                     + " FROM duckdb_memory()")) {
            r.next();
            return new Use(r.getLong(1), r.getLong(2), r.getLong(3));
        }
    }

    /** Sets the memory limit the connection had before {@link #raise}. */
    void restore() throws SQLException {
        if (budget > 0) {
            StoreSql.execute(connection, "SET memory_limit = '" + limitBefore.replace("'", "''") + "'", List.of());
        }
    }

    private void setLimit(long bytes) throws SQLException {
        StoreSql.execute(connection, "SET memory_limit = '" + (bytes >> 10) + "KiB'", List.of());
    }

    /** The bytes of a DuckDB size: "366.2 MiB", "384MB", "1GB", "512 bytes"; Long.MAX_VALUE at most. */
    static long bytes(String size) {
        Matcher m = SIZE.matcher(size);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: " + size);
        }
        double n = Double.parseDouble(m.group(1));
        long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "b", "byte", "bytes" -> 1L;
            case "kb" -> 1000L;
            case "kib" -> 1L << 10;
            case "mb" -> 1000L * 1000;
            case "mib" -> 1L << 20;
            case "gb" -> 1000L * 1000 * 1000;
            case "gib" -> 1L << 30;
            case "tb" -> 1000L * 1000 * 1000 * 1000;
            case "tib" -> 1L << 40;
            case "pb" -> 1000L * 1000 * 1000 * 1000 * 1000;
            case "pib" -> 1L << 50;
            default -> throw new IllegalArgumentException("not a size: " + size);
        };
        return (long) (n * unit);
    }
}
