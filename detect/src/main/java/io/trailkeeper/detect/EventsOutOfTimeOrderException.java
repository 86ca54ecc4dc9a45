package io.trailkeeper.detect;

/**
 * An engine made for events in time order ({@link InMemoryEngine#forEventsInTimeOrder}) was given an event more than
 * {@link InMemoryEngine#TIME_ORDER_SLACK} older than one before it. A type of its own, so that a caller that reads the
 * events can say where they came out of order, and is not told so by any other {@link IllegalArgumentException} thrown
 * while the event's matches are handled.
 */
public final class EventsOutOfTimeOrderException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    EventsOutOfTimeOrderException(String message) {
        super(message);
    }
}
