package io.trailkeeper.store;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What to find in the store. Every part is optional; parts combine with AND, the values of one part with OR.
 *
 * @param since       events at or after this time
 * @param until       events at or before this time
 * @param regions     the regions that recorded the events
 * @param eventNames  exact names or globs ({@code Delete*}), case-insensitive
 * @param eventSources services, {@code s3} or {@code s3.amazonaws.com}
 * @param user        part of the principal's ARN or name, case-insensitive
 * @param accessKey   an access key id, kept as {@link #accessKeyId} gives it
 * @param ip          a source IP address, or a glob such as {@code 203.0.113.*}
 * @param resource    a name, ARN or key the event mentions (an ARN ending in it matches too)
 * @param error       an error code or glob, or {@code any} for every failed call
 * @param readOnly    true for reads only, false for writes only
 * @param category    Management, Data, Insight or NetworkActivity, case-insensitive
 * @param limit       at most this many events; null for all
 */
public record EventQuery(Instant since, Instant until, List<String> regions, List<String> eventNames,
                         List<String> eventSources, String user, String accessKey, String ip, String resource,
                         String error, Boolean readOnly, String category, Long limit) {

    public EventQuery {
        regions = regions == null ? List.of() : List.copyOf(regions);
        eventNames = eventNames == null ? List.of() : List.copyOf(eventNames);
        eventSources = eventSources == null ? List.of() : List.copyOf(eventSources);
        accessKey = accessKeyId(accessKey);
        if (limit != null && limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
    }

    /**
     * An access key id as CloudTrail records it: trimmed and upper case (AKIA..., ASIA...), however it was given (a
     * ticket or a lower-casing log tool writes akia...; as given, it matched nothing). Null for null.
     */
    public static String accessKeyId(String given) {
        return given == null ? null : given.trim().toUpperCase(Locale.ROOT);
    }

    /**
     * Whether the question is about data events, which a store may lack (then its coverage warning says so):
     * --category data, an object or function call ({@code *Object*}, {@code Invoke*}), or a resource in S3's object
     * forms as the query reads them ({@code s3://...}, an S3 ARN naming an object, a prefix ending in {@code /}).
     */
    public boolean asksAboutDataEvents() {
        if ((category != null && category.trim().equalsIgnoreCase("data"))
                || eventNames.stream().anyMatch(n -> n.contains("Object") || n.startsWith("Invoke"))) {
            return true;
        }
        if (resource == null) {
            return false;
        }
        String s3 = ResourceArn.s3Path(resource);
        return (s3 != null && (resource.startsWith("s3://") || s3.contains("/")))
                || QuerySql.objectPrefix(resource) != null;
    }

    public static EventQuery all() {
        return new EventQuery(null, null, List.of(), List.of(), List.of(), null, null, null, null, null, null, null,
                null);
    }

    public EventQuery withUser(String newUser) {
        return new EventQuery(since, until, regions, eventNames, eventSources, newUser, accessKey, ip, resource, error,
                readOnly, category, limit);
    }

    public EventQuery withLimit(Long newLimit) {
        return new EventQuery(since, until, regions, eventNames, eventSources, user, accessKey, ip, resource, error,
                readOnly, category, newLimit);
    }
}
