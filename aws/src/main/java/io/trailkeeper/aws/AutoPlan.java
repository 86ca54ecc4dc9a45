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
 * words. Only enabled regions are planned: nothing was recorded in the others, and a note names them.
 * Pure: the same trails and regions always give the same plan.
 */
public final class AutoPlan {
    /** A trail's last files may reach its bucket up to about 15 minutes after it stops; overlap by an hour. */
    static final Duration STOP_OVERLAP = Duration.ofHours(1);
    /** Where each partition records global service events (IAM, STS's global endpoint, CloudFront). */
    static final java.util.Set<String> GLOBAL_EVENTS_REGIONS = java.util.Set.of("us-east-1", "us-gov-west-1",
            "cn-north-1");

    private AutoPlan() {
    }

    /**
     * @param trail         the trail whose bucket to collect, or null to rely on the event history alone
     * @param lookupRegions regions to collect from the event history
     * @param lookupSince   per region, where its event history collection starts (absent: 90 days back)
     * @param lookupUntil   per region, where it ends (absent: now): the trail's files hold the time after
     * @param notes         what the plan means for the record, in words
     * @param alsoCollected other trails whose files are collected too, for what only they hold
     *                      ({@link OtherTrails}); their buckets being unreadable changes nothing else in the plan
     */
    public record Plan(TrailInfo trail, List<RegionInfo> lookupRegions, Map<String, Instant> lookupSince,
                       Map<String, Instant> lookupUntil, List<String> notes, List<TrailInfo> alsoCollected) {
        public Plan {
            lookupRegions = List.copyOf(lookupRegions);
            lookupSince = Map.copyOf(lookupSince);
            lookupUntil = Map.copyOf(lookupUntil);
            notes = List.copyOf(notes);
            alsoCollected = List.copyOf(alsoCollected);
        }

        public Plan(TrailInfo trail, List<RegionInfo> lookupRegions, Map<String, Instant> lookupSince,
                    List<String> notes) {
            this(trail, lookupRegions, lookupSince, Map.of(), notes, List.of());
        }

        /** The same plan with other notes. */
        public Plan withNotes(List<String> other) {
            return new Plan(trail, lookupRegions, lookupSince, lookupUntil, other, alsoCollected);
        }
    }

    /**
     * The plan when the trail's bucket turned out to be unreadable: every enabled region from the event
     * history, the notes so far kept and the reason added.
     */
    public static Plan fallBack(List<RegionInfo> regions, List<String> notes, String why) {
        List<String> all = new ArrayList<>();
        for (String n : notes) {
            // the trail is no longer what is collected: keep what it tells about the set-up, not the plan
            all.add(n.startsWith("collecting trail ") ? "found trail " + n.substring("collecting trail ".length())
                    : n);
        }
        all.add(why + "; falling back to the event history of every region (90 days)");
        return new Plan(null, enabled(regions), Map.of(), all);
    }

    /**
     * The plan once the trail's bucket was read: the regions whose record its files turned out not to hold
     * ({@link TrailFileGaps}) are read from their event history too, with the reasons, for the part each gap
     * needs (all of the 90 days where nothing of the region's files is known read); a region the plan already
     * reads gets the time from the earlier start to the later end of both parts.
     */
    static Plan withGaps(Plan plan, List<RegionInfo> regions, Map<String, TrailFileGaps.Gap> gaps) {
        if (gaps.isEmpty()) {
            return plan;
        }
        List<RegionInfo> lookup = new ArrayList<>();
        Map<String, Instant> since = new LinkedHashMap<>(plan.lookupSince());
        Map<String, Instant> until = new LinkedHashMap<>(plan.lookupUntil());
        for (RegionInfo r : enabled(regions)) {
            boolean already = plan.lookupRegions().contains(r);
            TrailFileGaps.Gap gap = gaps.get(r.name());
            if (gap != null || already) {
                lookup.add(r);
            }
            if (gap == null) {
                continue;
            }
            TrailFileGaps.Gap planned = already ? new TrailFileGaps.Gap("", since.get(r.name()),
                    until.get(r.name())) : null;
            TrailFileGaps.Gap read = TrailFileGaps.Gap.both(planned, gap);
            since.remove(r.name());
            until.remove(r.name());
            if (read.from() != null) {
                since.put(r.name(), read.from());
            }
            if (read.until() != null) {
                until.put(r.name(), read.until());
            }
        }
        List<String> notes = new ArrayList<>(plan.notes());
        Map<String, List<String>> byReason = new LinkedHashMap<>();
        gaps.forEach((region, gap) -> byReason.computeIfAbsent(gap.why(), k -> new ArrayList<>()).add(region));
        byReason.forEach((why, names) -> notes.add("the trail's files do not hold the record of " + String.join(", ",
                names) + " (" + why + "): " + (names.size() == 1 ? "its" : "their") + " event history is collected"
                + " too (" + part(names, since, until) + ")"));
        return new Plan(plan.trail(), lookup, since, until, notes, plan.alsoCollected());
    }

    /** The part of the regions' event history read, in words: {@code 90 days}, {@code from T}, {@code to T}... */
    private static String part(List<String> names, Map<String, Instant> since, Map<String, Instant> until) {
        Instant from = names.stream().allMatch(since::containsKey)
                ? names.stream().map(since::get).min(Instant::compareTo).orElse(null) : null;
        Instant to = names.stream().allMatch(until::containsKey)
                ? names.stream().map(until::get).max(Instant::compareTo).orElse(null) : null;
        if (to == null) {
            return from == null ? "90 days" : "from " + from;
        }
        return "from " + (from == null ? "90 days back" : from.toString()) + " to " + to;
    }

    /** As {@link #plan(List, List, Map, Instant)}, with no trail's start compared to the event history's. */
    public static Plan plan(List<TrailInfo> trails, List<RegionInfo> regions) {
        return plan(trails, regions, Map.of(), null);
    }

    /** As {@link #plan(List, List, Map, Instant)}, with no trail's start compared to the event history's. */
    public static Plan plan(List<TrailInfo> trails, List<RegionInfo> regions, Map<String, String> unlisted) {
        return plan(trails, regions, unlisted, null);
    }

    /**
     * @param unlisted     regions whose trails could not be listed, with the reason (TrailFinder's region errors):
     *                     a trail there may exist, so "no trail" is not claimed
     * @param historyStart the oldest moment the event history holds (90 days before now): a trail that last
     *                     started logging after it has no files of the time before, which the event history
     *                     then covers; null to not compare
     */
    public static Plan plan(List<TrailInfo> trails, List<RegionInfo> regions, Map<String, String> unlisted,
                            Instant historyStart) {
        List<String> notes = new ArrayList<>();
        unlisted.forEach((region, why) -> notes.add("the trails of " + region + " could not be listed (" + why
                + "): a trail there would be missed"));
        List<TrailInfo> usable = trails.stream().filter(t -> t.bucket() != null && !t.bucket().isBlank()).toList();
        if (usable.isEmpty()) {
            notes.add(trails.isEmpty() ? (unlisted.isEmpty() ? "no trail in any region" : "no trail found")
                    + ": the only record is each region's event history (90 days, management events only)"
                    : "no trail delivers to an S3 bucket: the only record is each region's event history");
            notEnabled(regions, notes);
            return new Plan(null, enabled(regions), Map.of(), notes);
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
        OtherTrails.Choice others = OtherTrails.choose(best, usable, regions);
        notes.addAll(others.notes());
        return withTrail(best, others.collected(), regions, notes, historyStart);
    }

    /** The regions the trail's files leave to the event history, and from when. */
    private static Plan withTrail(TrailInfo best, List<TrailInfo> others, List<RegionInfo> regions,
                                  List<String> notes, Instant historyStart) {
        Instant started = historyStart != null && best.startLoggingTime() != null
                && best.startLoggingTime().isAfter(historyStart) ? best.startLoggingTime() : null;
        boolean leavesOut = best.managementEvents() && !best.managementLeftOut().isEmpty();
        boolean partial = !best.logging() || deliveryFailing(best) || !best.managementEvents() || started != null
                || leavesOut;
        // files that begin inside the event history's window, or lack some management events: read it whole
        Instant filesEnd = best.managementEvents() && started == null && !leavesOut ? filesEnd(best) : null;
        // files that begin inside the window and hold everything after: only the time before them
        Instant filesBegin = started != null && best.logging() && !deliveryFailing(best) && best.managementEvents()
                && !leavesOut ? started.plus(STOP_OVERLAP) : null;
        Map<String, Instant> since = new LinkedHashMap<>();
        Map<String, Instant> until = new LinkedHashMap<>();
        List<RegionInfo> lookup = new ArrayList<>();
        List<String> uncovered = new ArrayList<>();
        List<String> withoutGlobal = new ArrayList<>();
        for (RegionInfo r : enabled(regions)) {
            boolean global = !best.includeGlobalServiceEvents() && GLOBAL_EVENTS_REGIONS.contains(r.name());
            if (!best.covers(r.name())) {
                lookup.add(r);
                uncovered.add(r.name());
            } else if (partial || global) {
                lookup.add(r);
                if (filesEnd != null && !global) {
                    since.put(r.name(), filesEnd.minus(STOP_OVERLAP));
                }
                if (filesBegin != null && !global) {
                    until.put(r.name(), filesBegin);
                }
            }
            if (global && best.covers(r.name())) {
                withoutGlobal.add(r.name());
            }
        }
        if (!withoutGlobal.isEmpty()) {
            notes.add("the trail does not include global service events (IAM, STS's global endpoint, CloudFront and"
                    + " others, recorded in " + String.join(", ", withoutGlobal) + "): they come from the event history"
                    + " of " + String.join(", ", withoutGlobal) + " (90 days)");
        }
        if (!uncovered.isEmpty()) {
            notes.add("the trail records only " + best.homeRegion() + "; " + uncovered.size()
                    + " other regions come from their event history (90 days): " + String.join(", ", uncovered));
        }
        if (leavesOut) {
            notes.add("the trail's selectors leave out " + String.join("; ", best.managementLeftOut()) + ": those"
                    + " come from the event history of its regions (90 days); older ones were recorded nowhere");
        }
        if (started != null) {
            notes.add("the trail started logging at " + started + " (its latest start): it has no files of the time"
                    + " before, so the event history of its regions is collected too (" + (filesBegin == null
                    ? "90 days" : "from 90 days back to " + filesBegin) + "); what is older than both was recorded"
                    + " nowhere");
        }
        statusNotes(best, others, notes);
        notEnabled(regions, notes);
        return new Plan(best, lookup, since, until, notes, others);
    }

    private static void statusNotes(TrailInfo best, List<TrailInfo> others, List<String> notes) {
        String error = best.statusError() == null ? "" : best.statusError();
        if (!best.logging() && error.contains("GetTrailStatus")) {
            // could not look is not "stopped": say so, and read the event history of its regions to be safe
            notes.add("the trail's status could not be read (" + error + "): whether it is logging is not known,"
                    + " so the event history of its regions is collected too");
        } else if (!best.logging()) {
            notes.add("the trail is not logging" + (best.stopLoggingTime() == null ? ""
                    : " since " + best.stopLoggingTime()) + ": its files end there, the event history covers the"
                    + " time after");
        }
        if (deliveryFailing(best)) {
            notes.add("the trail's latest delivery failed (" + best.latestDeliveryError() + ")"
                    + (best.latestDeliveryTime() == null ? ": its files may have gaps anywhere"
                    : ": its files may end at " + best.latestDeliveryTime())
                    + ", the event history of its regions covers the time after");
        }
        if (!best.managementEvents()) {
            notes.add("the trail does not record management events: those come only from the event history,"
                    + " collected for every region (90 days)");
        }
        if (error.contains("GetEventSelectors")) {
            notes.add("the trail's event selectors could not be read: whether it records data events is not known");
        } else {
            List<String> elsewhere = OtherTrails.dataEventsElsewhere(best, others);
            notes.add(best.dataEvents().isEmpty() && elsewhere.isEmpty()
                    // today's selectors: any data events it logged before they changed are in its files
                    ? "the trail selects no data events today (GetEventSelectors): S3 object reads and writes, Lambda"
                    + " invocations and DynamoDB item changes are not logged now; what it logged before its"
                    + " selectors changed is in its files, and nothing else has them"
                    : best.dataEvents().isEmpty() ? "the trail selects no data events; other trails' are collected"
                    + " from their files: " + String.join("; ", elsewhere)
                    : "data events selected today (GetEventSelectors does not say since when): "
                    + String.join("; ", best.dataEvents())
                    + (elsewhere.isEmpty() ? "" : "; and from other trails' files: " + String.join("; ", elsewhere)));
        }
    }

    private static boolean deliveryFailing(TrailInfo t) {
        return t.latestDeliveryError() != null && !t.latestDeliveryError().isBlank();
    }

    /** Where the trail's files are known to end, or null when they may end anywhere in the last 90 days. */
    private static Instant filesEnd(TrailInfo t) {
        Instant stop = t.logging() ? null : t.stopLoggingTime();
        Instant delivered = deliveryFailing(t) ? t.latestDeliveryTime() : null;
        if ((!t.logging() && stop == null) || (deliveryFailing(t) && delivered == null)) {
            return null;
        }
        if (stop == null || delivered == null) {
            return stop == null ? delivered : stop;
        }
        return stop.isBefore(delivered) ? stop : delivered;
    }

    private static List<RegionInfo> enabled(List<RegionInfo> regions) {
        return regions.stream().filter(RegionInfo::enabled).toList();
    }

    private static void notEnabled(List<RegionInfo> regions, List<String> notes) {
        List<String> off = regions.stream().filter(r -> !r.enabled()).map(RegionInfo::name).toList();
        if (!off.isEmpty()) {
            // not enabled now says nothing of earlier: a region switched off again (DisableRegion) was on before
            notes.add((off.size() == 1 ? "1 region is" : off.size() + " regions are")
                    + " not enabled for the account now, so " + (off.size() == 1 ? "it" : "they")
                    + " cannot be read: " + String.join(", ", off) + " (nothing is recorded in a region while it is"
                    + " off; `trailkeeper coverage` names one the collected events show was on in the window)");
        }
    }
}
