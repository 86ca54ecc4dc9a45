package io.trailkeeper.aws;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedEventSelector;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedFieldSelector;
import software.amazon.awssdk.services.cloudtrail.model.EventSelector;
import software.amazon.awssdk.services.cloudtrail.model.GetEventSelectorsResponse;

/**
 * Which management events a trail's selectors leave out of its files, though the event history has them: the
 * read-only ones (ReadWriteType WriteOnly, or readOnly = false), the write ones, and those of sources excluded
 * (ExcludeManagementEventSources, eventSource NotEquals) or not named (eventSource Equals). A trail recording
 * no management events at all is told by {@link TrailFinder#selectors}, not here.
 */
final class ManagementScope {
    private ManagementScope() {
    }

    /** In words, what of the management events the selectors leave out; empty when nothing (or all). */
    static List<String> leftOut(GetEventSelectorsResponse sel) {
        boolean any = false;
        boolean reads = false;
        boolean writes = false;
        boolean everySource = false;
        Set<String> excludedByAll = null;
        Set<String> onlyThese = new TreeSet<>();
        for (EventSelector s : sel.eventSelectors()) {
            if (Boolean.FALSE.equals(s.includeManagementEvents())) {
                continue;
            }
            any = true;
            String rw = String.valueOf(s.readWriteTypeAsString());
            reads |= !"WriteOnly".equals(rw);
            writes |= !"ReadOnly".equals(rw);
            excludedByAll = intersect(excludedByAll, new TreeSet<>(s.excludeManagementEventSources()));
            everySource |= s.excludeManagementEventSources().isEmpty();
        }
        for (AdvancedEventSelector a : sel.advancedEventSelectors()) {
            Map<String, AdvancedFieldSelector> f = new java.util.LinkedHashMap<>();
            a.fieldSelectors().forEach(x -> f.put(x.field(), x));
            AdvancedFieldSelector category = f.get("eventCategory");
            if (category == null || !category.equalsValue().contains("Management")) {
                continue;
            }
            any = true;
            AdvancedFieldSelector readOnly = f.get("readOnly");
            String ro = readOnly == null || readOnly.equalsValue().isEmpty() ? null : readOnly.equalsValue().get(0);
            reads |= ro == null || "true".equalsIgnoreCase(ro);
            writes |= ro == null || "false".equalsIgnoreCase(ro);
            AdvancedFieldSelector source = f.get("eventSource");
            if (source != null && !source.equalsValue().isEmpty()) {
                onlyThese.addAll(source.equalsValue());
                excludedByAll = intersect(excludedByAll, Set.of());
            } else {
                Set<String> not = source == null ? Set.of() : new TreeSet<>(source.notEquals());
                excludedByAll = intersect(excludedByAll, not);
                everySource |= not.isEmpty();
            }
        }
        List<String> out = new ArrayList<>();
        if (!any) {
            return out;
        }
        if (!reads) {
            out.add("read-only management events");
        }
        if (!writes) {
            out.add("write management events");
        }
        if (excludedByAll != null && !excludedByAll.isEmpty()) {
            out.add("management events of " + String.join(", ", excludedByAll) + " (excluded)");
        }
        if (!onlyThese.isEmpty() && !everySource) {
            out.add("management events of every source but " + String.join(", ", onlyThese));
        }
        return out;
    }

    private static Set<String> intersect(Set<String> sofar, Set<String> next) {
        if (sofar == null) {
            return new LinkedHashSet<>(next);
        }
        sofar.retainAll(next);
        return sofar;
    }
}
