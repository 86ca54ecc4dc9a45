package io.trailkeeper.detect.alert;

/**
 * Where alerts go: a terminal, a file, a webhook, a topic.
 *
 * <p>{@link #send} returns once the destination has the alert and throws when it could not be delivered:
 * an {@link AlertDeliveryException} says whether trying again may help; any other exception counts as worth
 * retrying. A sink is called from one thread at a time (its own delivery thread in {@link AlertDispatcher}).
 */
public interface AlertSink {
    /**
     * A stable name for this destination, under which the store remembers what it was given (e.g.
     * {@code stdout}, {@code jsonl:/var/log/alerts.jsonl}); it never holds a secret.
     */
    String name();

    /** Delivers one alert, or throws. */
    void send(Alert alert);
}
