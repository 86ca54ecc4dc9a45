package io.trailkeeper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.investigate.InvestigationArgs;
import io.trailkeeper.store.investigate.InvestigationResult;
import io.trailkeeper.store.investigate.Investigator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The measured side of {@code bench query}: each investigation on the store of generated events, three ways.
 * <ul>
 * <li>process: {@code trailkeeper investigate NAME ...} in a new JVM with the launcher's settings, timed from its
 * start to its exit: what a user waits for (JVM start, opening the store, the answer printed);</li>
 * <li>cold: in this JVM, which has run every investigation once before (so the time is not class loading and
 * compilation), the store opened afresh (a new DuckDB instance: its cache empty) and the investigation run once,
 * opening included;</li>
 * <li>warm: the median of the runs after that on the same connection.</li>
 * </ul>
 * The operating system's file cache is not emptied (that needs root); the store was just written or read.
 */
final class BenchQueryInvestigations {
    /** The window every question covers: the generator's month. */
    static final Instant SINCE = Instant.parse("2024-03-01T00:00:00Z");
    static final Instant UNTIL = Instant.parse("2024-04-01T00:00:00Z");
    // "now" for the investigations: the end of the generated month, so that coverage sees the data as recent
    private static final Clock CLOCK = Clock.fixed(UNTIL, ZoneOffset.UTC);

    /** One investigation measured, in seconds, and its answer (from the cold run). */
    record Timing(double processSeconds, double coldSeconds, double warmMedianSeconds, InvestigationResult result,
                  JsonNode answer) {
    }

    private final Path store;
    private final EventStore.StoreOptions options;
    private final int runs;

    BenchQueryInvestigations(Path store, EventStore.StoreOptions options, int runs) {
        this.store = store;
        this.options = options.withClock(CLOCK);
        this.runs = runs;
    }

    /** Runs each question once, unmeasured, so that this JVM's cold runs do not pay for loading and compiling. */
    void warmUp(List<BenchQueryQuestion> questions) {
        for (BenchQueryQuestion q : questions) {
            try (EventStore st = EventStore.openForReading(store, options)) {
                new Investigator(st, CLOCK).run(q.name(), args(q));
            }
        }
    }

    Timing time(BenchQueryQuestion q) throws IOException, InterruptedException {
        double process = process(q);
        InvestigationArgs args = args(q);
        double[] warm = new double[runs - 1];
        long t0 = System.nanoTime();
        try (EventStore st = EventStore.openForReading(store, options)) {
            Investigator investigator = new Investigator(st, CLOCK);
            InvestigationResult result = investigator.run(q.name(), args);
            double cold = (System.nanoTime() - t0) / 1e9;
            for (int i = 0; i < warm.length; i++) {
                long t = System.nanoTime();
                investigator.run(q.name(), args);
                warm[i] = (System.nanoTime() - t) / 1e9;
            }
            Arrays.sort(warm);
            double median = warm.length % 2 == 1 ? warm[warm.length / 2]
                    : (warm[warm.length / 2 - 1] + warm[warm.length / 2]) / 2;
            return new Timing(process, cold, median, result, BenchQueryAnswers.of(q.name(), result));
        }
    }

    /** {@code trailkeeper investigate} in a new JVM with the launcher's settings (./trailkeeper), output dropped. */
    private double process(BenchQueryQuestion q) throws IOException, InterruptedException {
        List<String> command = BenchProcesses.javaCommand();
        command.addAll(List.of("--store", store.toString(), "--format", "json", "investigate", q.name()));
        if (q.subject() != null) {
            command.add(q.subject());
        }
        command.addAll(List.of("--since", SINCE.toString(), "--until", UNTIL.toString()));
        if (q.ip() != null) {
            command.addAll(List.of("--ip", q.ip()));
        }
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("`trailkeeper investigate " + q.label() + "` failed: " + err);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static InvestigationArgs args(BenchQueryQuestion q) {
        return new InvestigationArgs(q.subject(), SINCE, UNTIL, null, null, q.ip(), null);
    }
}
