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
 */
final class SinkDelivery implements Runnable {
    private final AlertSink sink;
    private final AlertState state;
    private final AlertDispatcher.Options options;
    private final BlockingQueue<Alert> queue;
    /** Keys queued or being delivered: an alert is never queued twice. */
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    /**
     * Keys delivered in this run: an alert raised while the pending list was being read back can be offered
     * twice (once from the state, once by raise); the second offer must not deliver it again.
     */
    private final Set<String> done = ConcurrentHashMap.newKeySet();
    /** Keys the sink refused in this run: retried by the next run only. */
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final Object signal = new Object();
    private volatile boolean readPending = true;
    private volatile long closeBy = Long.MAX_VALUE;
    private volatile boolean closing;
    private volatile long delivered;
    private volatile long failedAttempts;
    private volatile String lastError;

    SinkDelivery(AlertSink sink, AlertState state, AlertDispatcher.Options options) {
        this.sink = sink;
        this.state = state;
        this.options = options;
        this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
    }

    AlertSink sink() {
        return sink;
    }

    /**
     * Queues an alert without waiting; one that does not fit is read back from the state later. Says whether it
     * was queued now.
     */
    boolean offer(Alert alert) {
        if (refused.contains(alert.key()) || done.contains(alert.key()) || !queued.add(alert.key())) {
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
            try {
                deliver(alert);
            } finally {
                queued.remove(alert.key());
            }
        }
    }

    private boolean readBack() {
        List<Alert> pending;
        try {
            // a queue's worth: the rest is read once it drained (as many as the queue takes are held, not all)
            pending = state.pending(sink.name(), options.queueCapacity());
        } catch (RuntimeException e) {
            lastError = "cannot read the pending alerts: " + e.getMessage();
            return false;
        }
        boolean queuedAny = false;
        for (Alert a : pending) {
            queuedAny |= offer(a);
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
                record(() -> state.failed(alert, sink.name(), lastError));
                if (e instanceof AlertDeliveryException d && !d.retryable()) {
                    refused.add(alert.key());
                    return;
                }
                if (!pause(wait)) {
                    return;
                }
                wait = wait.multipliedBy(2).compareTo(options.longestWait()) > 0 ? options.longestWait()
                        : wait.multipliedBy(2);
                continue;
            }
            delivered++;
            done.add(alert.key());
            // when this fails the sink will get the alert again: at least once, never lost
            record(() -> state.delivered(alert, sink.name()));
            return;
        }
    }

    private void record(Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            lastError = "cannot record the delivery in the alert state: " + e.getMessage();
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
