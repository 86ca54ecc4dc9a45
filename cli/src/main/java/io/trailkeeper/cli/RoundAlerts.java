package io.trailkeeper.cli;

import io.trailkeeper.detect.Match;
import io.trailkeeper.detect.alert.Alert;
import io.trailkeeper.detect.alert.AlertDispatcher;
import io.trailkeeper.detect.alert.IncidentsAsFound;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A watch round's alerts, made as its detection finds the matches and written to a file meanwhile, then raised a
 * batch at a time: the first round reads the whole store, and its matches (1.46 million of SigmaHQ's rules over 2
 * million events) kept in a list took gigabytes of heap. They cannot be raised while found: the round reads the
 * store opened for reading, and the ledger writes to it, which one process cannot do at the same time. What is
 * held is the correlations' open incidents ({@link IncidentsAsFound}) and one batch.
 */
final class RoundAlerts implements AutoCloseable {
    /**
     * Alerts raised in one call of the dispatcher (one transaction of the ledger, which costs about 0.1 s however many
     * it raises, then some 10 microseconds an alert): ten times as many as at first, a thousand, which left the ledger
     * opening the store for most of the time.
     */
    static final int BATCH = 10_000;

    private final int batchSize;
    private final Path file;
    private final BufferedWriter writer;
    private final IncidentsAsFound incidents;
    private long matches;
    /** The alerts written to the file, and those of them given to the dispatcher. */
    private long written;
    private long raised;
    private int mostHeld;

    RoundAlerts() {
        this(BATCH);
    }

    /** Raising {@code batchSize} alerts at a time. */
    RoundAlerts(int batchSize) {
        this.batchSize = batchSize;
        try {
            file = Files.createTempFile("trailkeeper-watch-alerts", ".jsonl");
            writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("watch could not write its round's alerts to a temporary file in "
                    + System.getProperty("java.io.tmpdir") + " (" + e.getMessage() + "): make room there, or point"
                    + " java.io.tmpdir elsewhere (JAVA_TOOL_OPTIONS=-Djava.io.tmpdir=DIR)", e);
        }
        incidents = new IncidentsAsFound(this::write);
    }

    /** Takes the round's next match, in time order. */
    void add(Match m) {
        matches++;
        incidents.add(m);
        mostHeld = Math.max(mostHeld, incidents.held());
    }

    /** The detection is over: the incidents still open are complete. */
    void finish() {
        incidents.finish();
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the round's alerts to " + file + " failed", e);
        }
    }

    /**
     * Raises every alert written, a batch at a time, in the order found, until {@code stopped} says so (a first round
     * raising a million alerts takes the ledger minutes: Ctrl-C ends it after the batch being raised, and the next
     * run, whose first round reads the whole store, raises the rest: {@link #unraised()}); returns how many were new.
     */
    long raise(AlertDispatcher dispatcher, java.util.function.BooleanSupplier stopped) {
        long fresh = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<Alert> batch = new ArrayList<>(batchSize);
            for (String line = r.readLine(); line != null && !stopped.getAsBoolean(); line = r.readLine()) {
                batch.add(Alert.fromJson(line));
                if (batch.size() == batchSize) {
                    fresh += raise(dispatcher, batch);
                }
            }
            fresh += batch.isEmpty() || stopped.getAsBoolean() ? 0 : raise(dispatcher, batch);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the round's alerts from " + file + " failed", e);
        }
        return fresh;
    }

    private long raise(AlertDispatcher dispatcher, List<Alert> batch) {
        long fresh = dispatcher.raiseAlerts(batch).size();
        raised += batch.size();
        batch.clear();
        return fresh;
    }

    long matches() {
        return matches;
    }

    /** The alerts found and not raised: a stop ended the raising before them (0 when every one was raised). */
    long unraised() {
        return written - raised;
    }

    /** The most correlation matches held at once (for tests). */
    int mostHeld() {
        return mostHeld;
    }

    private void write(Match m) {
        try {
            writer.write(Alert.of(m).toJson());
            writer.newLine();
            written++;
        } catch (IOException e) {
            throw new UncheckedIOException("writing the round's alerts to " + file + " failed", e);
        }
    }

    /**
     * Closes after the round failed with {@code e}, and returns {@code e}: a failure to close is added to it, so that
     * what failed the round is told rather than the file left after it.
     */
    RuntimeException closedAfter(RuntimeException e) {
        try {
            close();
        } catch (RuntimeException closing) {
            e.addSuppressed(closing);
        }
        return e;
    }

    /**
     * Deletes the file, also when the writer cannot be closed: after a write failed (a full disk), closing flushes
     * again and fails again, and the file left behind would be one more each round.
     */
    @Override
    public void close() {
        IOException failed = null;
        try {
            writer.close();
        } catch (IOException e) {
            failed = e;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            if (failed != null) {
                e.addSuppressed(failed);
            }
            failed = e;
        }
        if (failed != null) {
            throw new UncheckedIOException("closing and deleting the round's alerts file " + file + " failed", failed);
        }
    }
}
