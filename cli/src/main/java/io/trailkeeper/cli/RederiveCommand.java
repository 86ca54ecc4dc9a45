package io.trailkeeper.cli;

import io.trailkeeper.events.PrintableText;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.Rederive;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code trailkeeper rederive}: the stored events' derived columns recomputed from their original records. */
@Command(name = "rederive", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Recompute the stored events' columns from their original records (after an upgrade).",
        description = {"",
            "The store keeps each event's original record beside the columns read from it (name, identity,",
            "region, resources, ...). An event keeps the columns of the TrailKeeper that stored it, and loading",
            "its file again adds nothing (the record is stored already). rederive reads every stored record",
            "again with this version's reader and rewrites the columns that differ: for a store from before",
            "schema 13, the person behind a role session (sourceIdentity, onBehalfOf.userId) that query --user",
            "and investigate actor search. The original records and where each event came from are not changed.",
            "Nor are the lake's Parquet files (the days `prune` moved there): their rows keep the columns they",
            "were exported with; the person behind a session is read from their records when asked.",
            "",
            "The store is written a step of about 50,000 events at a time, each step one transaction that also",
            "records how far it has come: stopped (Ctrl-C) or killed midway, the store stays consistent and the",
            "same command goes on from there. It takes about 15 s a million events, and holds the store for",
            "about 5 s at a time: a query, collect or watch beside it gets the store in between. A record that",
            "cannot be read again is counted and named, and its event keeps its columns.", ""},
        footer = {"", "Examples:",
            "  trailkeeper rederive",
            "  trailkeeper rederive --store /cases/2025-041/store.duckdb"})
final class RederiveCommand implements Callable<Integer> {
    /** How long a turn waits for a command that took the store in between (at least). */
    private static final java.time.Duration TURN_WAIT = java.time.Duration.ofMinutes(2);

    @ParentCommand
    TrailKeeperCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Output.requireTabular(root.format);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path storePath = root.storePath();
        Bar bar = new Bar(err, Terminal.errorsInteractive());
        Rederive.Summary s;
        // the first opening waits as every command does; later ones, between turns, wait for whoever came in
        EventStore.StoreOptions first = root.storeOptions();
        EventStore.StoreOptions later = first.withBusyTimeout(
                first.busyTimeout().compareTo(TURN_WAIT) > 0 ? first.busyTimeout() : TURN_WAIT);
        int[] opened = {0};
        try {
            s = new Rederive(() -> EventStore.openForWriting(storePath, opened[0]++ == 0 ? first : later), bar).run();
        } finally {
            bar.clear();
        }
        if (root.format == TrailKeeperCommand.Format.json || root.format == TrailKeeperCommand.Format.jsonl) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("store", storePath.toString());
            m.put("events", s.events());
            m.put("changed", s.changed());
            m.put("changed_by_column", s.changedByColumn());
            m.put("unreadable", s.unreadable());
            m.put("unreadable_named", s.unreadableNamed());
            m.put("resumed", s.resumed());
            m.put("elapsed_seconds", s.elapsed().toMillis() / 1000.0);
            Json.printObject(out, m);
        } else {
            out.println(summaryLine(s, storePath));
        }
        out.flush();
        if (s.unreadable() > 0) {
            err.printf(Locale.ROOT, "warning: %,d %s%n", s.unreadable(), s.unreadable() == 1
                    ? "event's record could not be read again; the event keeps the columns it was stored with:"
                    : "events' records could not be read again; the events keep the columns they were stored with:");
            s.unreadableNamed().forEach(n -> err.println("  " + PrintableText.line(n)));
            if (s.unreadable() > s.unreadableNamed().size()) {
                err.printf(Locale.ROOT, "  and %,d more%n", s.unreadable() - s.unreadableNamed().size());
            }
        }
        return 0;
    }

    static String summaryLine(Rederive.Summary s, Path store) {
        double seconds = s.elapsed().toMillis() / 1000.0;
        String columns = s.changedByColumn().entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "rederived %,d %s of %s%s: %,d changed%s; %,d could not be read again;"
                        + " %.1f s", s.events(), s.events() == 1 ? "event" : "events", store,
                s.resumed() ? " (the rest of an earlier run's pass)" : "",
                s.changed(), columns.isEmpty() ? "" : " (" + columns + ")", s.unreadable(), seconds);
    }

    /** The progress line on stderr, drawn only on a terminal. */
    private static final class Bar implements Rederive.Listener {
        private final PrintWriter err;
        private final boolean enabled;
        private long total;
        private long started;
        private boolean drawn;

        Bar(PrintWriter err, boolean enabled) {
            this.err = err;
            this.enabled = enabled;
        }

        @Override
        public void started(long events, boolean resumed) {
            total = events;
            started = System.nanoTime();
        }

        @Override
        public void progress(long done) {
            if (!enabled) {
                return;
            }
            double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
            err.print(String.format(Locale.ROOT, "\rrederive: %3.0f%%  %,d/%,d events  %,.0f/s ",
                    total > 0 ? Math.min(100.0, 100.0 * done / total) : 100.0, done, total, done / seconds));
            err.flush();
            drawn = true;
        }

        void clear() {
            if (drawn) {
                err.print("\r" + " ".repeat(72) + "\r");
                err.flush();
                drawn = false;
            }
        }
    }
}
