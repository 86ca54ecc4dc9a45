package io.trailkeeper.emulator;

import java.time.Instant;
import java.util.List;

/**
 * One event of a region's event history, with the values LookupEvents returns and filters on worked out
 * once at load time. The record itself is kept as its UTF-8 bytes and sent as the item's CloudTrailEvent.
 */
final class HistoryEvent {
    /** A LookupEvents {@code Resources[]} entry. */
    record Resource(String type, String name) {
    }

    private final Instant time;
    private final long sequence;
    private final String eventId;
    private final String eventName;
    private final String readOnly;
    private final String accessKeyId;
    private final String eventSource;
    private final String username;
    private final List<Resource> resources;
    private final byte[] raw;

    HistoryEvent(Instant time, long sequence, String eventId, String eventName, String readOnly, String accessKeyId,
                 String eventSource, String username, List<Resource> resources, byte[] raw) {
        this.time = time;
        this.sequence = sequence;
        this.eventId = eventId;
        this.eventName = eventName;
        this.readOnly = readOnly;
        this.accessKeyId = accessKeyId;
        this.eventSource = eventSource;
        this.username = username;
        this.resources = List.copyOf(resources);
        this.raw = raw;
    }

    Instant time() {
        return time;
    }

    /** Load order: breaks ties between events of the same second, so the order and the page tokens are stable. */
    long sequence() {
        return sequence;
    }

    String eventId() {
        return eventId;
    }

    String eventName() {
        return eventName;
    }

    /** "true", "false" or null, as LookupEvents sends it. */
    String readOnly() {
        return readOnly;
    }

    String accessKeyId() {
        return accessKeyId;
    }

    String eventSource() {
        return eventSource;
    }

    String username() {
        return username;
    }

    List<Resource> resources() {
        return resources;
    }

    /** The record's JSON, as the scenario holds it (compact). */
    byte[] raw() {
        return raw;
    }

    /** Whether the event has the value under a LookupAttribute key; keys are checked by the caller. */
    boolean matches(String key, String value) {
        return switch (key) {
            case "EventId" -> value.equals(eventId);
            case "EventName" -> value.equals(eventName);
            case "ReadOnly" -> value.equals(readOnly);
            case "Username" -> value.equals(username);
            case "EventSource" -> value.equals(eventSource);
            case "AccessKeyId" -> value.equals(accessKeyId);
            case "ResourceType" -> resources.stream().anyMatch(r -> value.equals(r.type()));
            case "ResourceName" -> resources.stream().anyMatch(r -> value.equals(r.name()));
            default -> false;
        };
    }
}
