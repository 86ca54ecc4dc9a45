package io.trailkeeper.audit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.trailkeeper.events.DataEventSelectors;
import io.trailkeeper.events.DataEventSelectors.Kind;
import io.trailkeeper.events.AccountSnapshot.AdvancedEventSelector;
import io.trailkeeper.events.AccountSnapshot.EventSelector;
import io.trailkeeper.events.AccountSnapshot.FieldSelector;
import io.trailkeeper.events.AccountSnapshot.Trail;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What a trail's event selectors log of management events, basic and advanced alike. A trail that logs only
 * data events ("IncludeManagementEvents": false, or advanced selectors with no eventCategory Management) logs
 * no management event at all, in any region: no sign-in, no StopLogging, no IAM change.
 *
 * <p>Basic selectors log management events when IncludeManagementEvents is true, reads and/or writes by their
 * ReadWriteType, but for the ExcludeManagementEventSources. Advanced selectors with eventCategory Management
 * narrow them by readOnly, exclude sources with a negative eventSource test, and filter them by any other
 * field (eventName, userIdentity.arn...). A trail with no selector at all (none read, no error) has the
 * default selector every trail is created with: all management events, as {@code collect auto} also assumes.
 */
public final class ManagementEventSelectors {
    /** Why an excluded source matters in an investigation. */
    private static final Map<String, String> WHY = Map.of(
            "kms.amazonaws.com", "KMS Decrypt is the evidence that encrypted data was read",
            "rdsdata.amazonaws.com", "RDS Data API calls are the SQL run against Aurora");

    private ManagementEventSelectors() {
    }

    /**
     * What is logged of one kind (reads or writes) of management events.
     *
     * @param any      some events of the kind are logged
     * @param full     every event of the kind is logged
     * @param excluded when not full: the event sources left out by every selector that does not filter further
     * @param filters  when not full and no selector merely excludes sources: the fields the selectors filter on
     */
    public record Part(boolean any, boolean full, List<String> excluded, List<String> filters) {
        static final Part NONE = new Part(false, false, List.of(), List.of());
        static final Part FULL = new Part(true, true, List.of(), List.of());
    }

    /** What a trail logs of management events: reads and writes. */
    public record ManagementEvents(Part reads, Part writes) {
        /** No management event is logged. */
        public boolean none() {
            return !reads.any() && !writes.any();
        }

        /** Every management event is logged, read and write, from every source. */
        public boolean complete() {
            return reads.full() && writes.full();
        }

        /** Reads and writes are logged but for whole event sources (kms.amazonaws.com, rdsdata.amazonaws.com). */
        public boolean onlySourcesExcluded() {
            return !complete() && reads.any() && writes.any() && reads.filters().isEmpty()
                    && writes.filters().isEmpty() && (reads.full() || !reads.excluded().isEmpty())
                    && (writes.full() || !writes.excluded().isEmpty());
        }

        /** What is missing, in words a responder can act on; "" when complete. */
        public String gaps() {
            if (none()) {
                return "no management events are logged (no sign-in, no IAM change, no StopLogging)";
            }
            List<String> out = new ArrayList<>();
            if (!reads.any()) {
                out.add("only write management events are logged: reads (List, Describe and Get reconnaissance,"
                        + " STS AssumeRole, KMS Decrypt) are not");
            } else if (!writes.any()) {
                out.add("only read management events are logged: changes (CreateAccessKey, StopLogging,"
                        + " DeleteBucket...) are not");
            }
            Set<String> excluded = new LinkedHashSet<>(reads.excluded());
            excluded.addAll(writes.excluded());
            for (String source : excluded) {
                out.add("management events from " + source + " are not logged"
                        + (WHY.containsKey(source) ? " (" + WHY.get(source) + ")" : ""));
            }
            Set<String> filters = new LinkedHashSet<>(reads.filters());
            filters.addAll(writes.filters());
            if (!filters.isEmpty()) {
                out.add("management events are filtered on " + String.join(", ", filters) + ": some are not logged");
            }
            return String.join("; ", out);
        }
    }

    /** What {@code trail} logs of management events (its selectors must be readable). */
    public static ManagementEvents of(Trail trail) {
        if (trail.eventSelectors().isEmpty() && trail.advancedEventSelectors().isEmpty()) {
            return new ManagementEvents(Part.FULL, Part.FULL);
        }
        return new ManagementEvents(part(trail, Kind.READ), part(trail, Kind.WRITE));
    }

    /**
     * Whether {@code trail} logs the management event whose fields {@code field} gives (eventSource, eventName,
     * readOnly, userIdentity.arn...; null when the record has no such field).
     */
    public static boolean logs(Trail trail, Function<String, String> field) {
        if (trail.eventSelectors().isEmpty() && trail.advancedEventSelectors().isEmpty()) {
            return true;
        }
        String readOnly = field.apply("readOnly");
        String source = field.apply("eventSource");
        for (EventSelector s : trail.eventSelectors()) {
            boolean kind = readOnly == null ? DataEventSelectors.covers(s.readWriteType(), Kind.READ)
                    && DataEventSelectors.covers(s.readWriteType(), Kind.WRITE)
                    : DataEventSelectors.covers(s.readWriteType(), "true".equals(readOnly) ? Kind.READ : Kind.WRITE);
            if (s.includeManagementEvents() && kind && !s.excludeManagementEventSources().contains(source)) {
                return true;
            }
        }
        return trail.advancedEventSelectors().stream().filter(ManagementEventSelectors::management)
                .anyMatch(s -> s.fieldSelectors().stream().allMatch(f -> f.field().equalsIgnoreCase("eventCategory")
                        || test(f, field.apply(f.field()))));
    }

    /** As {@link #logs(Trail, Function)}, for a CloudTrail record. */
    public static boolean logs(Trail trail, JsonNode record) {
        return logs(trail, name -> {
            JsonNode node = record;
            for (String part : name.split("\\.")) {
                node = node.path(part);
            }
            return node.isMissingNode() || node.isNull() ? null : node.asText();
        });
    }

    /** As {@link #logs(Trail, Function)}, for an event named by its source, name and whether it is read-only. */
    public static boolean logs(Trail trail, String eventSource, String eventName, boolean readOnly) {
        Map<String, String> fields = Map.of("eventCategory", "Management", "eventSource", eventSource,
                "eventName", eventName, "readOnly", Boolean.toString(readOnly));
        return logs(trail, fields::get);
    }

    private static Part part(Trail trail, Kind kind) {
        List<List<String>> exclusions = new ArrayList<>();
        Set<String> filters = new LinkedHashSet<>();
        boolean any = false;
        for (EventSelector s : trail.eventSelectors()) {
            if (s.includeManagementEvents() && DataEventSelectors.covers(s.readWriteType(), kind)) {
                any = true;
                exclusions.add(s.excludeManagementEventSources());
            }
        }
        for (AdvancedEventSelector s : trail.advancedEventSelectors()) {
            if (!management(s) || !readOnlyAllows(s, kind)) {
                continue;
            }
            any = true;
            List<String> excluded = new ArrayList<>();
            List<String> filtered = new ArrayList<>();
            for (FieldSelector f : s.fieldSelectors()) {
                String name = f.field().toLowerCase(Locale.ROOT);
                if (name.equals("eventcategory") || name.equals("readonly")) {
                    continue;
                }
                if (name.equals("eventsource") && !DataEventSelectors.hasPositive(f)) {
                    excluded.addAll(f.notEquals());
                    f.notStartsWith().forEach(v -> excluded.add(v + "*"));
                    f.notEndsWith().forEach(v -> excluded.add("*" + v));
                } else {
                    filtered.add(f.field());
                }
            }
            if (filtered.isEmpty()) {
                exclusions.add(excluded);
            } else {
                filters.addAll(filtered);
            }
        }
        if (!any) {
            return Part.NONE;
        }
        if (exclusions.stream().anyMatch(List::isEmpty)) {
            return Part.FULL;
        }
        if (exclusions.isEmpty()) {
            return new Part(true, false, List.of(), List.copyOf(filters));
        }
        Set<String> common = new LinkedHashSet<>(exclusions.get(0));
        exclusions.forEach(common::retainAll);
        // Selectors excluding different sources together log every source; the sources all of them exclude are lost.
        return common.isEmpty() ? Part.FULL : new Part(true, false, List.copyOf(common), List.of());
    }

    private static boolean management(AdvancedEventSelector s) {
        return s.fieldSelectors().stream().anyMatch(f -> f.field().equalsIgnoreCase("eventCategory")
                && DataEventSelectors.test(f, "Management"));
    }

    private static boolean readOnlyAllows(AdvancedEventSelector s, Kind kind) {
        return s.fieldSelectors().stream().filter(f -> f.field().equalsIgnoreCase("readOnly"))
                .allMatch(f -> DataEventSelectors.test(f, kind == Kind.READ ? "true" : "false"));
    }

    /** A field test against a record's value; a field the record lacks passes only negative tests. */
    private static boolean test(FieldSelector f, String value) {
        return value == null ? !DataEventSelectors.hasPositive(f) : DataEventSelectors.test(f, value);
    }
}
