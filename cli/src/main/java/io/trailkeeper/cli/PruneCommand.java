package io.trailkeeper.cli;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.Table;
import io.trailkeeper.events.TrailKeeperException;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.Prune;
import io.trailkeeper.store.RetentionPolicy;
import io.trailkeeper.store.lake.LakeExport;
import io.trailkeeper.store.lake.LakeTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code trailkeeper prune}: the retention policy applied to the store and the lake. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        header = "Apply the retention policy: move events older than the hot window to the Parquet lake, and"
                + " delete from the lake and the store what is past the total retention.",
        description = {"",
            "The store keeps the last hot_days of events (default 90); older days go to the lake, a folder of",
            "Parquet files (see `trailkeeper export parquet --help`). prune first exports those days, then reads",
            "each partition's file back and deletes the partition (account, region, UTC day) from the store only",
            "when the file holds exactly its rows (row count and checksum); a partition that does not match",
            "stays, with the reason. Partitions older than total_days (default 400) are deleted from the",
            "lake, and from the store (prune's export leaves them out: the lake gets no new copy), unless a",
            "hold covers them: retention counts from the event's day, so logs imported for a case (years old)",
            "are deleted at the first prune unless a hold names their days.",
            "",
            "Nothing is lost to the reader: query, investigate, detect, coverage and report read the store and",
            "the lake's moved partitions together (the store's events view), without any option.",
            "",
            "The policy is read from --config FILE, else ~/.trailkeeper/config.yaml if it exists:",
            "  retention:",
            "    hot_days: 90      # days kept in the store",
            "    total_days: 400   # days kept at all; at least 365 (PCI DSS 10.5.1: 12 months, 3 at hand)",
            "    holds:            # kept past total_days whatever their age: a case, a legal hold",
            "      - name: case-2026-041",
            "        since: 2015-01-01   # first UTC day held",
            "        until: 2016-12-31   # last one (optional: no end)",
            "        accounts: [123456789012]   # optional: every account",
            "  lake: /data/trailkeeper-lake   # a relative folder is relative to the config file",
            "A total retention under 365 days is refused unless --force gives the reason (it is printed).",
            "",
            "The lake may be a folder or s3://bucket/prefix (AWS options as for every command). DuckDB here reads",
            "no S3, so each partition moved to an S3 lake is also kept as a local copy that the store's readers",
            "read: under --lake-cache (default: STORE.lake-cache/ beside the store file), a folder per lake. The",
            "copy kept is the one checked (row count and checksum). A copy deleted by hand is named as unread",
            "until the next prune fetches it again, checked against the rows moved. Past the total retention",
            "the object and its copy are deleted (on a versioned bucket S3 keeps older versions until its",
            "lifecycle expires them); an object a lifecycle rule deleted first takes its copy with it at the",
            "next prune.", ""},
        footer = {"", "Examples:",
            "  trailkeeper prune --dry-run                      what would move and what would be deleted",
            "  trailkeeper prune --lake /data/lake              with the default policy (90 days hot, 400 in all)",
            "  trailkeeper prune --lake s3://my-lake/cloudtrail --region eu-west-1",
            "  trailkeeper prune --config retention.yaml",
            "  trailkeeper prune --config short.yaml --force \"legal hold copy kept by the SIEM\"",
            "",
            "Exit codes: 0 done (partitions kept are listed with their reason); 2 usage or config error; 4 moved",
            "partitions missing (gone from the lake and from their local copies: their events cannot be read), or",
            "gone from the lake and not put back (their events are read from the local copies, now the only ones)."})
final class PruneCommand implements Callable<Integer> {
    @ParentCommand
    TrailKeeperCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The config file with the retention policy (default: ~/.trailkeeper/config.yaml if it exists).")
    Path config;

    @Option(names = "--lake", paramLabel = "DIR|s3://B/P", description = "The lake (default: the config file's lake).")
    String lake;

    @Option(names = "--lake-cache", paramLabel = "DIR",
            description = "Where the local copies of an S3 lake's moved partitions are kept (default: STORE.lake-cache).")
    Path lakeCache;

    @Mixin
    AwsOptionsMixin aws;

    @Option(names = "--dry-run", description = "Print what prune would move and delete; change nothing.")
    boolean dryRun;

    @Option(names = "--force", paramLabel = "REASON",
            description = "Accept a total retention under 365 days, for this reason (printed with the result).")
    String force;

    @Override
    public Integer call() throws IOException {
        Output.requireTabular(root.format);
        RetentionConfig policy = RetentionConfig.load(config);
        if (policy.totalDays() < RetentionConfig.MINIMUM_TOTAL_DAYS && (force == null || force.isBlank())) {
            throw new TrailKeeperException(ErrorCode.USAGE, "retention.total_days is " + policy.totalDays() + " in "
                    + policy.describe() + ": under a year (PCI DSS 10.5.1 asks 12 months), so prune refuses it",
                    "raise total_days to 365 or more, or give the reason with --force \"REASON\"");
        }
        String location = lakeLocation(policy);
        Path cache = null;
        if (location.startsWith("s3://")) {
            // one folder of copies per S3 lake: two S3 lakes pruned from one store never share copies
            String where = location.substring("s3://".length()).replaceAll("/+$", "");
            cache = (lakeCache != null ? lakeCache
                    : root.storePath().resolveSibling(root.storePath().getFileName() + ".lake-cache")).resolve(where);
        }
        return LakeTargets.with(location, aws, cache, target -> prune(policy, target));
    }

    private int prune(RetentionConfig policy, LakeTarget target) {
        PrintWriter out = spec.commandLine().getOut();
        // the table on stdout; what was decided and done beside it (on stderr when stdout is json or csv)
        PrintWriter info = root.format == TrailKeeperCommand.Format.table ? out : spec.commandLine().getErr();
        RetentionPolicy p = policy.policy();
        info.printf(Locale.ROOT, "policy: %d days in the store, %d in all%s (%s); lake %s%s%n", p.hotDays(),
                p.totalDays(), p.holds().isEmpty() ? "" : ", " + p.holds().size() + (p.holds().size() == 1 ? " hold"
                        : " holds"), policy.describe(), target.location(), force == null ? "" : "; forced: " + force);
        if (!dryRun) {
            // the days about to leave the store are exported (or exported again) first; not those total retention
            // deletes, which the lake must not get a copy of
            LakeExport.Summary exported = new LakeExport(
                    () -> EventStore.openForWriting(root.storePath(), root.storeOptions()),
                    target, root.clock, Duration.ofSeconds(10))
                    .run(null, Prune.hotFrom(p, root.clock).minusDays(1), Prune.exported(p, root.clock),
                            LakeExport.Listener.NONE);
            info.printf(Locale.ROOT, "exported first: %,d partitions written, %,d unchanged%n", exported.written(),
                    exported.unchanged());
            for (String gone : exported.notWritten()) {
                info.printf(Locale.ROOT, "warning: not exported: %s (put the file back from a backup of the lake)%n",
                        gone);
            }
        }
        List<Prune.Step> steps;
        try (EventStore store = EventStore.openForWriting(root.storePath(), root.storeOptions())) {
            Prune prune = new Prune(store, target, p, root.clock);
            steps = dryRun ? prune.plan() : prune.run();
        }
        print(out, info, steps);
        // a missing partition past the total retention, deleted from the lake by this run, is no longer owed
        java.util.Set<String> removed = new java.util.HashSet<>();
        steps.stream().filter(s -> s.action() == Prune.Action.REMOVE).forEach(s -> removed.add(partition(s)));
        List<Prune.Step> missing = steps.stream().filter(s -> s.action() == Prune.Action.MISSING
                && !removed.contains(partition(s))).toList();
        if (!missing.isEmpty()) {
            throw missing(missing, target.location());
        }
        List<Prune.Step> unrestored = steps.stream().filter(s -> s.action() == Prune.Action.UNRESTORED).toList();
        if (!unrestored.isEmpty()) {
            throw unrestored(unrestored, target.location());
        }
        return 0;
    }

    /**
     * Moved partitions gone from a remote lake that could not be put back from their local copies: nothing is lost
     * (the store reads the copies), but each copy is the only one left, so the run did not do its job: an error, not
     * the "cannot be read" of {@link #missing}.
     */
    private static TrailKeeperException unrestored(List<Prune.Step> unrestored, String lake) {
        return new TrailKeeperException(ErrorCode.INCOMPLETE, counted(unrestored) + " gone from the lake " + lake
                + " could not be put back; their events are still read from the local copies, which are now their"
                + " only copies: " + named(unrestored), "fix what refused the write (named above: permissions to put"
                + " objects in the lake, the network), then run prune again: it puts them back from the copies");
    }

    /**
     * Moved partitions whose events no reader can read any more (gone from the lake and from their local copy, or
     * holding other rows): lost evidence, an error of its own after the table, not a warning beside a success.
     */
    private static TrailKeeperException missing(List<Prune.Step> missing, String lake) {
        return new TrailKeeperException(ErrorCode.INCOMPLETE, counted(missing) + " cannot be read from the lake "
                + lake + " or from a local copy, so no answer includes their events: " + named(missing), "put each"
                + " file back at its place in the lake (from a backup of it, or an earlier version of the object in a"
                + " versioned bucket), then run prune again: it fetches the copy and checks that it holds the rows"
                + " moved");
    }

    /** "2 moved partitions (1,234 events)". */
    private static String counted(List<Prune.Step> steps) {
        return String.format(Locale.ROOT, "%,d moved %s (%,d events)", steps.size(), steps.size() == 1 ? "partition"
                : "partitions", steps.stream().mapToLong(Prune.Step::events).sum());
    }

    /** The first three partitions with their reasons, "; ..." after them when there are more. */
    private static String named(List<Prune.Step> steps) {
        return String.join("; ", steps.stream().limit(3).map(s -> partition(s) + ": " + s.reason()).toList())
                + (steps.size() > 3 ? "; ..." : "");
    }

    private static String partition(Prune.Step s) {
        return s.account() + "/" + s.region() + "/" + s.date();
    }

    private String lakeLocation(RetentionConfig policy) {
        if (lake != null) {
            return lake;
        }
        if (policy.lake() == null) {
            throw new TrailKeeperException(ErrorCode.USAGE, "prune needs a lake: none in " + policy.describe(),
                    "give --lake DIR or --lake s3://bucket/prefix, or set lake: in the config file");
        }
        return policy.lake();
    }

    private void print(PrintWriter out, PrintWriter info, List<Prune.Step> steps) {
        List<List<Object>> rows = new ArrayList<>();
        long moved = 0;
        long kept = 0;
        long removed = 0;
        int movedParts = 0;
        int keptParts = 0;
        int removedParts = 0;
        long deleted = 0;
        int deletedParts = 0;
        long held = 0;
        int fetchedParts = 0;
        int heldParts = 0;
        int restoredParts = 0;
        for (Prune.Step s : steps) {
            String action = switch (s.action()) {
                case MOVE -> dryRun ? "would move" : "moved";
                case REMOVE -> dryRun ? "would delete from lake" : "deleted from lake";
                case DELETE -> dryRun ? "would delete from store" : "deleted from store";
                case HOLD -> "held in lake";
                case FETCH -> dryRun ? "would fetch its copy" : "fetched its copy";
                case MISSING -> "missing";
                case RESTORE -> dryRun ? "would put back in lake" : "put back in lake";
                case UNRESTORED -> "not put back in lake";
                case KEEP -> dryRun && s.exportFirst() ? "would export, then move" : "kept";
            };
            rows.add(List.of(action, s.account(), s.region(), s.date(), s.events(), s.reason()));
            switch (s.action()) {
                case MOVE -> {
                    moved += s.events();
                    movedParts++;
                }
                case REMOVE -> {
                    removed += s.events();
                    removedParts++;
                }
                case DELETE -> {
                    deleted += s.events();
                    deletedParts++;
                }
                case KEEP -> {
                    // a run exports those first, then moves them: a dry run that counted them kept said "would move
                    // 0 partitions" of a store whose every old day then moved
                    if (dryRun && s.exportFirst()) {
                        moved += s.events();
                        movedParts++;
                    } else {
                        kept += s.events();
                        keptParts++;
                    }
                }
                case HOLD -> {
                    held += s.events();
                    heldParts++;
                }
                case FETCH -> fetchedParts++;
                case RESTORE -> restoredParts++;
                case MISSING, UNRESTORED -> { } // an error after the table: see missing() and unrestored()
            }
        }
        Output.sections(root.format, out, Terminal.width(), List.of(new Table("prune", List.of("action", "account",
                "region", "date", "events", "reason"), rows)));
        info.printf(Locale.ROOT, "%s %,d partitions (%,d events) to the lake; kept %,d (%,d events) in the store;"
                        + " %s %,d lake partitions (%,d events) past the total retention%n",
                dryRun ? "would move" : "moved", movedParts, moved, keptParts, kept,
                dryRun ? "would delete" : "deleted", removedParts, removed);
        if (deletedParts > 0) {
            info.printf(Locale.ROOT, "%s %,d store partitions (%,d events) past the total retention, never moved to the"
                    + " lake%n", dryRun ? "would delete" : "deleted", deletedParts, deleted);
        }
        if (fetchedParts > 0) {
            info.printf(Locale.ROOT, "%s the local copies of %,d moved partitions from the lake%n",
                    dryRun ? "would fetch" : "fetched", fetchedParts);
        }
        if (restoredParts > 0) {
            info.printf(Locale.ROOT, "warning: %,d moved partitions were gone from the lake within the retention (a"
                    + " lifecycle rule shorter than total_days?): %s from their local copies%n", restoredParts,
                    dryRun ? "would be put back" : "put back");
        }
        if (heldParts > 0) {
            info.printf(Locale.ROOT, "held: %,d lake partitions (%,d events) past the total retention, kept by a hold%n",
                    heldParts, held);
        }
        if (dryRun && removedParts + deletedParts > 0) {
            info.println("to keep evidence past the total retention (a case's imported logs, a legal hold), add it to"
                    + " retention.holds in the config file (see --help) before running prune without --dry-run");
        }
    }
}
