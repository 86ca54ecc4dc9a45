package io.trailkeeper.detect.alert;

import java.util.Collection;
import java.util.List;

/**
 * What {@link AlertDispatcher} remembers between runs: which alerts were raised, and which of them each sink
 * has not taken yet. The store's {@code AlertLedger} keeps it in the store (the command line adapts it);
 * {@link MemoryAlertState} keeps it for one process.
 *
 * <p>Implementations are called from several threads (the caller of {@code raise} and one delivery thread
 * per sink) and must be thread-safe. Any method may throw when the state cannot be read or written.
 */
public interface AlertState {
    /**
     * Records the alerts not raised before (by {@link Alert#key()}), each pending for every one of the sinks. An
     * alert about several records (a correlation's) sharing a record with one of the same rule raised before is a
     * repeat of that incident (evaluated from another start, or with a late event added) and is not raised.
     *
     * @return the alerts raised now, in the order given
     */
    List<Alert> raise(List<Alert> alerts, Collection<String> sinks);

    /**
     * The {@code limit} oldest of the alerts raised for {@code sink} and not yet delivered to it, oldest first: what a
     * sink's queue takes at once (a first watch round over a large store raises a million alerts; all of them read
     * back at once took gigabytes), so an implementation reads no more than that.
     */
    List<Alert> pending(String sink, int limit);

    /** Every alert raised for {@code sink} and not yet delivered to it, oldest first. */
    default List<Alert> pending(String sink) {
        return pending(sink, Integer.MAX_VALUE);
    }

    /** The sink took the alert: it is no longer pending for it. */
    void delivered(Alert alert, String sink);

    /** An attempt to deliver failed: the alert stays pending for the sink. */
    void failed(Alert alert, String sink, String error);

    /**
     * The sink took the alerts, as {@link #delivered(Alert, String)} for each; a state kept in a store writes them at
     * once (the dispatcher tells them a batch at a time).
     */
    default void delivered(List<Alert> alerts, String sink) {
        alerts.forEach(a -> delivered(a, sink));
    }

    /** An attempt to deliver each of the alerts failed with this error, as {@link #failed(Alert, String, String)}. */
    default void failed(List<Alert> alerts, String sink, String error) {
        alerts.forEach(a -> failed(a, sink, error));
    }
}
