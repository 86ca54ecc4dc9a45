package io.trailkeeper.aws;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code collect auto} does, decided from the trails found before anything is collected: which trail's
 * bucket to read, and which regions (from when) only the event history can cover, with the reasons in
 * words. Pure: the same trails and regions always give the same plan.
 */
public final class AutoPlan {
    /** A trail's last files may reach its bucket up to about 15 minutes after it stops; overlap by an hour. */
    static final Duration STOP_OVERLAP = Duration.ofHours(1);

    private AutoPlan() {
    }

    /**
     * @param trail         the trail whose bucket to collect, or null to rely on the event history alone
     * @param lookupRegions regions to collect from the event history
     * @param lookupSince   per region, where its event history collection starts (absent: the whole 90 days)
     * @param notes         what the plan means for the record, in words
     */
    public record Plan(TrailInfo trail, List<RegionInfo> lookupRegions, Map<String, Instant> lookupSince,
                       List<String> notes) {
        public Plan {
            lookupRegions = List.copyOf(lookupRegions);
            lookupSince = Map.copyOf(lookupSince);
            notes = List.copyOf(notes);
        }
    }

    /** The plan when the trail's bucket turned out to be unreadable: every region from the event history. */
    public static Plan fallBack(List<RegionInfo> regions, List<String> notes, String why) {
        List<String> all = new ArrayList<>(notes);
        all.add(why + "; falling back to the event history of every region (90 days)");
        return new Plan(null, regions, Map.of(), all);
    }

    public static Plan plan(List<TrailInfo> trails, List<RegionInfo> regions) {
        List<String> notes = new ArrayList<>();
        List<TrailInfo> usable = trails.stream().filter(t -> t.bucket() != null && !t.bucket().isBlank()).toList();
        if (usable.isEmpty()) {
            notes.add(trails.isEmpty() ? "no trail in any region: the only record is each region's event history"
                    + " (90 days, management events only)"
                    : "no trail delivers to an S3 bucket: the only record is each region's event history");
            return new Plan(null, regions, Map.of(), notes);
        }
        TrailInfo best = usable.stream().sorted(Comparator
                .comparing((TrailInfo t) -> !t.logging())
                .thenComparing(t -> !t.multiRegion())
                .thenComparing(t -> !t.organization())
                .thenComparing(t -> !t.managementEvents())
                .thenComparing(TrailInfo::name)).findFirst().orElseThrow();
        notes.add("collecting trail " + best.name() + " (" + (best.multiRegion() ? "all regions" : "only "
                + best.homeRegion()) + (best.organization() ? ", organization trail" : "") + ") from s3://"
                + best.bucket() + (best.keyPrefix().isEmpty() ? "" : "/" + best.keyPrefix()));
        for (TrailInfo other : usable) {
            if (other != best) {
                notes.add("also found trail " + other.name() + " (s3://" + other.bucket() + "), not collected;"
                        + " use collect s3 --bucket " + other.bucket() + " for it");
            }
        }
        Map<String, Instant> since = new LinkedHashMap<>();
        List<RegionInfo> lookup = new ArrayList<>();
        List<String> uncovered = new ArrayList<>();
        for (RegionInfo r : regions) {
            if (!r.enabled()) {
                continue;
            }
            if (!best.covers(r.name())) {
                lookup.add(r);
                uncovered.add(r.name());
            } else if (!best.logging()) {
                lookup.add(r);
                if (best.stopLoggingTime() != null) {
                    since.put(r.name(), best.stopLoggingTime().minus(STOP_OVERLAP));
                }
            }
        }
        if (!uncovered.isEmpty()) {
            notes.add("the trail records only " + best.homeRegion() + "; " + uncovered.size()
                    + " other regions come from their event history (90 days): " + String.join(", ", uncovered));
        }
        if (!best.logging()) {
            notes.add("the trail is not logging" + (best.stopLoggingTime() == null ? ""
                    : " since " + best.stopLoggingTime()) + ": its files end there, the event history covers the"
                    + " time after");
        }
        if (!best.managementEvents()) {
            notes.add("the trail does not record management events: those come only from the event history");
        }
        notes.add(best.dataEvents().isEmpty()
                ? "the trail selects no data events: S3 object reads and writes, Lambda invocations and"
                + " DynamoDB item changes were never logged and cannot be collected from anywhere"
                : "data events selected: " + String.join("; ", best.dataEvents()));
        if (best.latestDeliveryError() != null && !best.latestDeliveryError().isBlank()) {
            notes.add("the trail's latest delivery failed: " + best.latestDeliveryError());
        }
        return new Plan(best, lookup, since, notes);
    }
}
