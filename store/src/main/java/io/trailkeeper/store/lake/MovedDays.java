package io.trailkeeper.store.lake;

import io.trailkeeper.store.MovedPartitions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an export writes of the days prune moved out of the store: the partitions to write (the store's, and for
 * export parquet those moved to other lakes, whose rows its readers read), the local files whose rows each partition
 * also gets, and the moved partitions that cannot be written whole, in words.
 */
final class MovedDays {
    private final LakeTarget target;
    private final List<LakePartition> partitions;
    private final Map<String, List<Path>> moved;
    private final List<String> unread;

    private MovedDays(LakeTarget target, List<LakePartition> partitions, Map<String, List<Path>> moved,
            List<String> unread) {
        this.target = target;
        this.partitions = partitions;
        this.moved = moved;
        this.unread = unread;
    }

    /** The store's partitions alone (prune's export). */
    static MovedDays storeOnly(LakeTarget target, List<LakePartition> store) {
        return new MovedDays(target, store, new HashMap<>(), new ArrayList<>());
    }

    /** The partitions to export, each with its rows and checksum (see {@link #withElsewhere}). */
    List<LakePartition> partitions() {
        return partitions;
    }

    /** The local files whose rows the partition's file also holds (those the store does not, each once). */
    List<Path> files(LakePartition p) {
        return moved.getOrDefault(key(p), List.of());
    }

    /** The moved partitions not written, in words. */
    List<String> unread() {
        return unread;
    }

    /**
     * The store's partitions and those prune moved to other lakes than {@code target}: a partition prune moved to
     * another lake is the store's too (its readers read it), with the rows and checksum of both (so that the next
     * export finds it unchanged until either changes); one whose file cannot be read here is not written but named.
     */
    static MovedDays withElsewhere(Connection c, LakeTarget target, List<LakePartition> store, LocalDate since,
            LocalDate until) throws SQLException {
        Map<String, LakePartition> all = new LinkedHashMap<>();
        store.forEach(p -> all.put(key(p), p));
        Map<String, List<Path>> files = new HashMap<>();
        Set<String> unreadKeys = new HashSet<>();
        List<String> unread = new ArrayList<>();
        for (MovedPartitions.Moved m : MovedPartitions.elsewhere(c, target.location(), since, until)) {
            LakePartition p = m.partition();
            String k = key(p);
            if (m.file() == null) {
                unreadKeys.add(k);
                unread.add(p.file().replaceAll("/" + LakeLayout.FILE + "$", "") + " moved to " + m.lake() + " ("
                        + m.damage() + ")");
                continue;
            }
            files.computeIfAbsent(k, x -> new ArrayList<>()).add(m.file());
            LakePartition before = all.get(k);
            all.put(k, new LakePartition(p.account(), p.region(), p.date(), p.rows() + (before == null ? 0
                    : before.rows()), (before == null ? "" : before.checksum()) + "+" + m.lake() + ":"
                    + p.checksum()));
        }
        // a partition partly unreadable is not written: its file would hold fewer events than the store's readers see
        List<LakePartition> out = all.values().stream().filter(p -> !unreadKeys.contains(key(p)))
                .sorted(Comparator.comparing(LakePartition::date).thenComparing(LakePartition::account)
                        .thenComparing(LakePartition::region)).toList();
        return new MovedDays(target, out, files, unread);
    }

    /**
     * The partitions to write, less those moved to this lake whose file is gone with no copy left here: written with
     * the store's rows alone (late events of the day), the file would stand for the whole day with the moved events
     * missing, and the store's readers would stop saying they cannot read them. Those are named; a remote lake's
     * gone object is written with the rows of the local copy the store reads (added to the partition's files).
     */
    List<LakePartition> keepingMovedRows(Connection c, List<LakePartition> todo, Set<String> present)
            throws SQLException {
        Map<String, MovedPartitions.Moved> here = new HashMap<>();
        for (MovedPartitions.Moved m : MovedPartitions.in(c, target.location())) {
            here.put(key(m.partition()), m);
        }
        List<LakePartition> out = new ArrayList<>();
        for (LakePartition p : todo) {
            MovedPartitions.Moved m = here.get(key(p));
            if (m == null || present.contains(p.file())) {
                out.add(p);
            } else if (m.file() != null) {
                moved.computeIfAbsent(key(p), k -> new ArrayList<>()).add(m.file());
                out.add(p);
            } else {
                unread.add(p.file().replaceAll("/" + LakeLayout.FILE + "$", "") + ": moved to this lake with "
                        + m.partition().rows() + " events, its file is gone and no copy is left here; not written with"
                        + " the store's " + p.rows() + " alone");
            }
        }
        return out;
    }

    private static String key(LakePartition p) {
        return p.account() + '\0' + p.region() + '\0' + p.date();
    }
}
