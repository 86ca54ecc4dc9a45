package io.trailkeeper.store;

import static io.trailkeeper.store.StoreSql.scalar;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import io.trailkeeper.store.Prune.Action;
import io.trailkeeper.store.Prune.Step;
import io.trailkeeper.store.lake.LakeLayout;
import io.trailkeeper.store.lake.LakePartition;
import io.trailkeeper.store.lake.LakeTarget;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The total retention in the lake: partitions older than it have their files deleted and their records kept as
 * removed, unless a hold covers them. The store stops naming a file and counting its events before the file goes.
 */
final class TotalRetention {
    private final LakeTarget target;
    private final String lake;
    private final RetentionPolicy policy;
    private final Clock clock;
    private final LakeRecords records;
    private final LakeCopies copies;
    private final LakeFileReader reader;

    TotalRetention(LakeTarget target, RetentionPolicy policy, Clock clock, LakeRecords records, LakeCopies copies,
            LakeFileReader reader) {
        this.target = target;
        this.lake = target.location();
        this.policy = policy;
        this.clock = clock;
        this.records = records;
        this.copies = copies;
        this.reader = reader;
    }

    /** The first UTC day kept at all. */
    LocalDate keptFrom() {
        return keptFrom(policy, clock);
    }

    /** The first UTC day the policy keeps at all, now. */
    static LocalDate keptFrom(RetentionPolicy policy, Clock clock) {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(policy.totalDays());
    }

    /** Why a partition before {@code keptFrom} goes, or would go but for a hold: the policy's days, the first kept. */
    static String older(RetentionPolicy policy, LocalDate keptFrom) {
        return "older than the total retention (" + policy.totalDays() + " days: kept from " + keptFrom + ")";
    }

    /** The lake's partitions older than the total retention: deleted (a dry run only says so), or held. */
    List<Step> apply(Connection c, boolean act) throws SQLException {
        List<String> files;
        try {
            files = target.list(LakeLayout.EVENTS + "/").stream().filter(f -> f.endsWith("/" + LakeLayout.FILE))
                    .toList();
        } catch (IOException e) {
            throw new TrailKeeperException(ErrorCode.STORE_WRITE_FAILED, "cannot list the lake " + lake + ": "
                    + e.getMessage(), null, e);
        }
        LocalDate keptFrom = keptFrom();
        List<Step> steps = new ArrayList<>();
        for (String relative : files) {
            LakePartition partition = olderPartition(relative, keptFrom);
            if (partition != null) {
                steps.add(remove(c, relative, partition, keptFrom, act));
            }
        }
        if (target.remote()) {
            steps.addAll(copies.goneFromTheLake(c, new HashSet<>(files), keptFrom, act));
            steps.addAll(copies.goneWithinRetention(c, new HashSet<>(files), keptFrom, act));
        }
        return steps;
    }

    /**
     * What a dry run must also say: held partitions not in the lake yet (prune exports them first, then moves them)
     * that are older than the total retention are kept in the lake. Unheld ones are not exported: their events are
     * deleted from the store ({@link StoreRetention}). Logs imported for a case years later are such partitions.
     */
    List<Step> exportedThenRemoved(List<Step> planned) {
        List<Step> out = new ArrayList<>();
        LocalDate keptFrom = keptFrom();
        for (Step st : planned) {
            if (st.action() != Action.KEEP || !st.reason().startsWith(Prune.NOT_IN_LAKE) || !isDay(st.date())
                    || !LocalDate.parse(st.date()).isBefore(keptFrom)) {
                continue;
            }
            RetentionPolicy.Hold hold = policy.holding(st.account(), LocalDate.parse(st.date()));
            if (hold != null) {
                out.add(new Step(st.account(), st.region(), st.date(), st.events(), Action.HOLD, older(policy,
                        keptFrom) + " but held by " + hold.describe() + ": exported, moved and kept in the lake"));
            }
        }
        return out;
    }

    /**
     * The partition of a lake file older than {@code keptFrom}, its rows not yet known; null when the file is not a
     * dated partition of the layout (NONE, or a folder of someone else's) or is not that old.
     */
    private static LakePartition olderPartition(String relative, LocalDate keptFrom) {
        String[] folder = relative.split("/");
        if (folder.length != 5) {
            return null;
        }
        String account = value(folder[1], "account=");
        String region = value(folder[2], "region=");
        String date = value(folder[3], "date=");
        if (account == null || region == null || date == null || !isDay(date)
                || !LocalDate.parse(date).isBefore(keptFrom)) {
            return null;
        }
        return new LakePartition(account, region, date, 0, null);
    }

    private Step remove(Connection c, String relative, LakePartition found, LocalDate keptFrom, boolean act)
            throws SQLException {
        // moved partitions count in day_counts (their events are still read); exported-only ones are in the store
        Long moved = records.movedRows(c, found);
        Long exported = records.exportedRows(c, found);
        FileRows counted = moved != null ? new FileRows(moved, "") : exported != null ? new FileRows(exported, "")
                : countIn(c, relative);
        LakePartition partition = new LakePartition(found.account(), found.region(), found.date(), counted.rows(),
                null);
        String named = lake + "/" + relative + counted.note();
        RetentionPolicy.Hold hold = policy.holding(partition.account(), LocalDate.parse(partition.date()));
        if (hold != null) {
            return Step.of(partition, Action.HOLD, older(policy, keptFrom) + " but held by " + hold.describe() + ": "
                    + named);
        }
        if (act) {
            String failed = delete(c, relative, partition, moved != null);
            if (failed != null) {
                return Step.of(partition, Action.KEEP, failed);
            }
        }
        return Step.of(partition, Action.REMOVE, older(policy, keptFrom) + ": " + named);
    }

    /**
     * The store stops naming the file and counting its events, then the file goes: a failure between the two leaves
     * a file nobody reads (deleted by the next prune), never a store naming a lost file. Null when done, else why not.
     */
    private String delete(Connection c, String relative, LakePartition partition, boolean moved) throws SQLException {
        // counted again without the file when the day's other files can be read (the file itself may be damaged: it
        // is deleted all the same), else its own rows subtracted; when it is damaged too, its count stays until the
        // day is counted again (the last of the day's damaged files to go recounts it)
        records.forget(c, partition, !moved ? null : () -> {
            if (!LakeRecords.recount(c, partition)) {
                reader.read(relative, file -> {
                    if (LakeView.damage(file) == null) {
                        LakeRecords.uncount(c, file, partition);
                    }
                    return null;
                });
            }
        });
        try {
            target.delete(relative);
            return null;
        } catch (IOException e) {
            return "older than the total retention, no longer read, but " + lake + "/" + relative + " could not be"
                    + " deleted (" + e.getMessage() + "): the next prune tries again; check the lake's permissions";
        }
    }

    /** A lake file's rows, and what its step adds to the file's name (empty, or why they could not be counted). */
    private record FileRows(long rows, String note) {
    }

    /**
     * The rows of a lake file no record names (a delete that failed before, a file put there by hand). One that
     * cannot be read as a lake file (damaged, not Parquet) counts none and is deleted all the same: were it to stop
     * prune, total retention would stop for the whole lake, run after run.
     */
    private FileRows countIn(Connection c, String relative) throws SQLException {
        try {
            return new FileRows(reader.read(relative, file -> Long.parseLong(scalar(c, "SELECT count(*) FROM"
                    + " read_parquet(?)", List.of(file.toString())))), "");
        } catch (SQLException e) {
            return new FileRows(0, " (no record names it, and it cannot be read as a lake file: "
                    + EventStore.firstLine(e.getMessage()) + ")");
        }
    }

    private static boolean isDay(String text) {
        try {
            LocalDate.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String value(String segment, String name) {
        return segment.startsWith(name) ? LakeLayout.decode(segment.substring(name.length())) : null;
    }
}
