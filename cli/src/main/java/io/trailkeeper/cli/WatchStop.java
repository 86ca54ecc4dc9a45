package io.trailkeeper.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How {@code watch} is asked to stop: Ctrl-C or SIGTERM (through a shutdown hook), or an interrupt of its thread.
 * The hook does not end the process at once: it asks the loop to stop and waits, up to a deadline, for it to
 * leave, so that the alert sinks can take what is queued and the store records what they took (what they did
 * not take stays pending, for the next run). Closing removes the hook.
 */
final class WatchStop implements AutoCloseable {
    /** The alert dispatcher's own deadline (15 s), and time for the store to close. */
    static final Duration HOOK_WAIT = Duration.ofSeconds(25);

    private final Thread watching;
    private final Thread hook;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean requested;

    private WatchStop(Thread watching, boolean onSignals) {
        this.watching = watching;
        this.hook = onSignals ? new Thread(this::stopAndWait, "watch-stop") : null;
        if (hook != null) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
    }

    /** Stops the calling thread's watch on Ctrl-C or SIGTERM, and on an interrupt of that thread. */
    static WatchStop onSignals() {
        return new WatchStop(Thread.currentThread(), true);
    }

    /** True once a stop was asked for (a signal, an interrupt). */
    boolean requested() {
        return requested || watching.isInterrupted();
    }

    /** Waits between rounds; returns early, with {@link #requested()} true, when a stop is asked for. */
    void sleep(Duration between) {
        try {
            Thread.sleep(between.toMillis());
        } catch (InterruptedException e) {
            requested = true;
        }
    }

    /**
     * After the loop: a stop asked for by an interrupt is kept as {@link #requested()}, and the interrupt cleared,
     * so that closing the alert sinks waits for them instead of giving up at once.
     */
    void settle() {
        if (Thread.interrupted()) {
            requested = true;
        }
    }

    private void stopAndWait() {
        requested = true;
        watching.interrupt();
        try {
            // not join(): the watching thread, done, goes on to System.exit, which waits for this hook
            closed.await(HOOK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        settle();
        closed.countDown();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the process is already exiting: the hook is running or has run
            }
        }
    }
}
