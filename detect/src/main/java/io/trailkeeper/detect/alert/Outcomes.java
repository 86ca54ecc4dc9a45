package io.trailkeeper.detect.alert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What one sink did with its alerts (took them, or an attempt failed) and the {@link AlertState} has not been told yet:
 * told a batch at a time, as the store's ledger writes 10,000 in about the time it takes to open the store for one
 * (0.1 s). A crash before the state is told sends the alerts the sink took meanwhile again (at least once, never lost),
 * so a batch is told once it holds a queue's worth or its first is {@link #LONGEST_WAIT_NANOS} old, and whenever the
 * sink's queue is empty.
 *
 * <p>The sink's delivery thread adds and tells; {@link #delivered(String)} is asked from the thread offering alerts.
 */
final class Outcomes {
    static final long LONGEST_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final AlertState state;
    private final String sink;
    private final int batch;
    /** Taken by the sink, not yet told: kept until told, so that an alert still pending in the state is not sent again. */
    private final Map<String, Alert> delivered = new LinkedHashMap<>();
    /** Failed attempts not yet told, by error. */
    private final Map<String, List<Alert>> failed = new LinkedHashMap<>();
    private int untold;
    private long firstUntold;

    /** @param batch the most outcomes held before the state is told */
    Outcomes(AlertState state, String sink, int batch) {
        this.state = state;
        this.sink = sink;
        this.batch = batch;
    }

    synchronized void delivered(Alert alert) {
        delivered.put(alert.key(), alert);
        added();
    }

    synchronized void failed(Alert alert, String error) {
        failed.computeIfAbsent(error, e -> new ArrayList<>()).add(alert);
        added();
    }

    private void added() {
        if (untold++ == 0) {
            firstUntold = System.nanoTime();
        }
    }

    /** Whether the sink took the alert and the state has not been told yet. */
    synchronized boolean delivered(String key) {
        return delivered.containsKey(key);
    }

    /** Whether a batch is full or has waited long enough. */
    synchronized boolean due() {
        return untold >= batch || untold > 0 && System.nanoTime() - firstUntold >= LONGEST_WAIT_NANOS;
    }

    /**
     * Tells the state, the failed attempts first (an alert may have failed before the sink took it). Returns null, or
     * what failed: the deliveries not told are kept for the next time; failed attempts are not (they only count).
     */
    String record() {
        List<Alert> took;
        Map<String, List<Alert>> failures;
        synchronized (this) {
            if (untold == 0) {
                return null;
            }
            took = List.copyOf(delivered.values());
            failures = new LinkedHashMap<>(failed);
            failed.clear();
        }
        String error = null;
        for (Map.Entry<String, List<Alert>> f : failures.entrySet()) {
            error = tell(() -> state.failed(f.getValue(), sink, f.getKey()), error);
        }
        String delivering = took.isEmpty() ? null : tell(() -> state.delivered(took, sink), null);
        synchronized (this) {
            if (delivering == null) {
                took.forEach(a -> delivered.remove(a.key()));
            }
            untold = delivered.size();
            firstUntold = System.nanoTime();
        }
        return delivering != null ? delivering : error;
    }

    private static String tell(Runnable write, String error) {
        try {
            write.run();
            return error;
        } catch (RuntimeException e) {
            return String.valueOf(e.getMessage());
        }
    }
}
