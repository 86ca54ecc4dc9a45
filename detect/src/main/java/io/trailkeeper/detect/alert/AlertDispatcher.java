package io.trailkeeper.detect.alert;

import io.trailkeeper.detect.Match;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Raises alerts once and delivers them to every sink without holding up the caller (the collection loop of
 * {@code watch}): each sink has a bounded queue and a delivery thread of its own, which retries an
 * unavailable sink with exponential backoff. No alert is lost: an alert stays pending in the
 * {@link AlertState} for a sink until that sink took it, and what a run could not deliver (a queue that
 * overflowed, a sink down until {@link #close()}) is delivered by a later run, which starts by reading what is
 * pending. Delivery is at least once: a crash between a sink taking an alert and the state recording it
 * sends that alert again (the state is told a batch at a time: up to a queue's worth of alerts a sink took
 * in the second or so before the send under way, and every alert it took while the state could not be written).
 *
 * <pre>{@code
 * try (AlertDispatcher alerts = new AlertDispatcher(sinks, state, AlertDispatcher.Options.defaults())) {
 *     while (watching) {
 *         collect();
 *         alerts.raise(matchesOfNewEvents());   // returns at once
 *     }
 * }                                              // drains, within Options.closeDeadline
 * }</pre>
 */
public final class AlertDispatcher implements AutoCloseable {
    private final AlertState state;
    private final Options options;
    private final List<SinkDelivery> deliveries = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<String> sinkNames = new ArrayList<>();
    /** Held while alerts are raised and offered, and while a sink reads back what is pending: they take turns. */
    private final Object raising = new Object();
    private boolean closed;

    /**
     * @param queueCapacity alerts queued per sink; more stay pending in the state and are read back later
     * @param firstRetry    wait before retrying an unavailable sink; doubled after each failure
     * @param longestWait   no wait between retries is longer
     * @param closeDeadline how long {@link #close()} waits for the sinks to take what is queued
     */
    public record Options(int queueCapacity, Duration firstRetry, Duration longestWait, Duration closeDeadline) {
        public Options {
            if (queueCapacity < 1) {
                throw new IllegalArgumentException("queueCapacity must be at least 1");
            }
            Objects.requireNonNull(firstRetry, "firstRetry");
            Objects.requireNonNull(longestWait, "longestWait");
            Objects.requireNonNull(closeDeadline, "closeDeadline");
        }

        public static Options defaults() {
            return new Options(10_000, Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofSeconds(15));
        }
    }

    /** How a sink is doing: alerts delivered and failed attempts in this run, alerts waiting, the last error. */
    public record SinkStatus(String sink, long delivered, long failedAttempts, int queued, String lastError) {
    }

    /**
     * Starts one delivery thread per sink; each begins by delivering what earlier runs left pending for it.
     *
     * @throws IllegalArgumentException when two sinks have the same {@link AlertSink#name()}
     */
    public AlertDispatcher(List<AlertSink> sinks, AlertState state, Options options) {
        this.state = Objects.requireNonNull(state, "state");
        this.options = Objects.requireNonNull(options, "options");
        Set<String> names = new HashSet<>();
        for (AlertSink sink : sinks) {
            if (!names.add(sink.name())) {
                throw new IllegalArgumentException("the alert sink " + sink.name() + " is named twice");
            }
            sinkNames.add(sink.name());
            deliveries.add(new SinkDelivery(sink, state, options, raising));
        }
        for (SinkDelivery d : deliveries) {
            Thread t = new Thread(d, "alerts-" + d.sink().name());
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /**
     * {@link #raiseAlerts} for the alerts of these matches ({@link Alert#of}), a correlation's matches of one
     * incident as one alert ({@link CorrelationIncidents}).
     */
    public List<Alert> raise(List<Match> matches) {
        return raiseAlerts(CorrelationIncidents.merge(matches).stream().map(Alert::of).toList());
    }

    /**
     * Records the alerts not raised before in the state, and queues them for every sink. Waits for the state
     * (the store) only, never for a sink.
     *
     * @return the alerts raised now; those raised before (by this or an earlier run) are left out
     * @throws RuntimeException when the state cannot be written (nothing is queued then)
     */
    public synchronized List<Alert> raiseAlerts(List<Alert> alerts) {
        if (closed) {
            throw new IllegalStateException("the alert dispatcher is closed");
        }
        synchronized (raising) {
            List<Alert> raised = state.raise(alerts, List.copyOf(sinkNames));
            for (Alert a : raised) {
                for (SinkDelivery d : deliveries) {
                    d.offer(a);
                }
            }
            return raised;
        }
    }

    /** Has every sink read again what the state says is pending for it (as each does when it starts). */
    public void retryPending() {
        deliveries.forEach(SinkDelivery::retryPending);
    }

    /** How each sink is doing, in the order the sinks were given. */
    public List<SinkStatus> status() {
        return deliveries.stream().map(SinkDelivery::status).toList();
    }

    /**
     * Stops taking alerts and lets the sinks take what is queued until {@link Options#closeDeadline()}; what
     * they did not take by then stays pending for the next run. Returns how each sink ended.
     */
    public synchronized List<SinkStatus> closeAndReport() {
        if (!closed) {
            closed = true;
            long deadline = System.nanoTime() + options.closeDeadline().toNanos();
            deliveries.forEach(d -> d.close(deadline));
            for (Thread t : threads) {
                long left = deadline - System.nanoTime();
                try {
                    if (left > 0) {
                        t.join(Math.max(1, left / 1_000_000));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            // a sink still busy (a hung call) is interrupted: its alert stays pending
            threads.stream().filter(Thread::isAlive).forEach(Thread::interrupt);
        }
        return status();
    }

    @Override
    public void close() {
        closeAndReport();
    }
}
