package io.trailkeeper.detect.alert;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One sink's delivery thread: takes alerts from a bounded queue in order and retries the one at the head
 * with exponential backoff while the sink is unavailable, so a slow or failing sink delays only itself.
 * Alerts that did not fit in the queue stay pending in the {@link AlertState} and are read back from it once
 * the queue has drained.
 *
 * <p>What the sink took (or refused) is recorded in the state a batch at a time ({@link Outcomes}): one write per
 * alert took longer than most sinks. Nothing else is remembered of the alerts delivered: the state knows them. An
 * alert raised while the pending list is read back would be offered twice (read back, then by raise) and so
 * delivered twice; reading back and raising take turns ({@code raising}, the dispatcher's lock) instead.
 */
final class SinkDelivery implements Runnable {
    private final AlertSink sink;
    private final AlertState state;
    private final AlertDispatcher.Options options;
    private final Object raising;
    private final BlockingQueue<Alert> queue;
    /** Keys queued or being delivered: an alert is never queued twice. */
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    /** What the sink did with the alerts since the state was last told. */
    private final Outcomes outcomes;
    /** Keys the sink refused in this run: retried by the next run only. */
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final Object signal = new Object();
    private volatile boolean readPending = true;
    private volatile long closeBy = Long.MAX_VALUE;
    private volatile boolean closing;
    private volatile long delivered;
    private volatile long failedAttempts;
    private volatile String lastError;

    /** @param raising held by the dispatcher while it raises and offers alerts, and here while reading back */
    SinkDelivery(AlertSink sink, AlertState state, AlertDispatcher.Options options, Object raising) {
        this.sink = sink;
        this.state = state;
        this.options = options;
        this.raising = raising;
        this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
        this.outcomes = new Outcomes(state, sink.name(), options.queueCapacity());
    }

    AlertSink sink() {
        return sink;
    }

    /**
     * Queues an alert without waiting; one that does not fit is read back from the state later. Says whether it
     * was queued now.
     */
    boolean offer(Alert alert) {
        if (refused.contains(alert.key()) || outcomes.delivered(alert.key()) || !queued.add(alert.key())) {
            return false;
        }
        if (!queue.offer(alert)) {
            queued.remove(alert.key());
            readPending = true;
            return false;
        }
        return true;
    }

    /** Reads what the state says is pending for this sink, once the queue has room. */
    void retryPending() {
        readPending = true;
    }

    void close(long deadlineNanos) {
        closeBy = deadlineNanos;
        closing = true;
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    AlertDispatcher.SinkStatus status() {
        return new AlertDispatcher.SinkStatus(sink.name(), delivered, failedAttempts, queued.size(), lastError);
    }

    @Override
    public void run() {
        try {
            deliverAll();
        } finally {
            record();
        }
    }

    private void deliverAll() {
        while (!Thread.currentThread().isInterrupted()) {
            if (readPending && queue.isEmpty()) {
                readPending = false;
                if (!readBack()) {
                    if (closing) {
                        return;
                    }
                    readPending = true;
                    if (!pause(options.firstRetry())) {
                        return;
                    }
                }
            }
            Alert alert;
            try {
                alert = queue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (alert == null) {
                if (closing && !readPending) {
                    return;
                }
                continue;
            }
            if (outcomes.due()) {
                record(); // before a send that may take long
            }
            try {
                deliver(alert);
            } finally {
                queued.remove(alert.key());
            }
            if (queue.isEmpty()) {
                record();
            }
        }
    }

    private boolean readBack() {
        record(); // so that what was delivered is no longer pending
        List<Alert> pending;
        boolean queuedAny = false;
        synchronized (raising) {
            try {
                // a queue's worth: the rest is read once it drained (as many as the queue takes are held, not all)
                pending = state.pending(sink.name(), options.queueCapacity());
            } catch (RuntimeException e) {
                lastError = "cannot read the pending alerts: " + e.getMessage();
                return false;
            }
            for (Alert a : pending) {
                queuedAny |= offer(a);
            }
        }
        if (pending.size() == options.queueCapacity() && queuedAny) {
            readPending = true;
        }
        return true;
    }

    private void deliver(Alert alert) {
        Duration wait = options.firstRetry();
        while (true) {
            try {
                sink.send(alert);
            } catch (RuntimeException e) {
                failedAttempts++;
                lastError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                outcomes.failed(alert, lastError);
                if (e instanceof AlertDeliveryException d && !d.retryable()) {
                    refused.add(alert.key());
                    return;
                }
                record(); // before a wait that may be long
                if (!pause(wait)) {
                    return;
                }
                wait = wait.multipliedBy(2).compareTo(options.longestWait()) > 0 ? options.longestWait()
                        : wait.multipliedBy(2);
                continue;
            }
            delivered++;
            outcomes.delivered(alert);
            return;
        }
    }

    /** Tells the state what the sink did since it was last told (kept for the next time when it cannot be told). */
    private void record() {
        String error = outcomes.record();
        if (error != null) {
            lastError = "cannot record the deliveries in the alert state: " + error;
        }
    }

    /** Waits before a retry; false when closing leaves no time for it (the alert stays pending). */
    private boolean pause(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        if (closing && until - closeBy > 0) {
            return false;
        }
        synchronized (signal) {
            long left;
            while ((left = until - System.nanoTime()) > 0) {
                if (closing && until - closeBy > 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(signal, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }
}
