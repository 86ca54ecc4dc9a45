package io.trailkeeper.store.coverage;

import io.trailkeeper.store.EventSearch;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A trail made single-region inside the window (a stored UpdateTrail with IsMultiRegionTrail false, after which no
 * stored call made it multi-region again): from then on its files hold its home region's events only, management
 * events included, so every other region's calls after it are missing from them, while the days of those regions
 * still look held by the files delivered before it. Likewise a trail that stopped logging (StopLogging or
 * DeleteTrail until a StartLogging: a trail made again logs nothing before it), for every region, when its home
 * region's trail files in the store end there too; when they go on (another trail's, one of the home region only, say),
 * for the regions whose trail files end there though they had files as long before it as the stop lasted (a day at
 * most): those are the stopped trail's, and a quiet region's silence proves nothing; with none, the store's files are
 * another trail's. CloudTrail's event
 * history keeps those management events for 90 days; nothing gives back their data events. The gap names the regions whose trail files in the store end before the
 * change (the evidence that the files are this trail's; a region with trail files after it is another trail's, held)
 * and whose event history the store's collectors did not read over the whole time after it; when every such region's
 * was read, there is no gap. A trail CreateTrail made single-region was never anything else and is not told here.
 */
final class TrailRegionsNarrowed {
    /** Regions named in a sentence. */
    private static final int REGIONS_SHOWN = 8;
    private static final String SQL = "SELECT aws_region, max(event_time) FILTER (WHERE source_kind = 'trail-file'"
            + " AND event_time < ?), count(*) FILTER (WHERE event_time > ?), count(*) FILTER (WHERE event_time > ? AND"
            + " source_kind = 'trail-file'), count(*) FILTER (WHERE source_kind = 'trail-file' AND event_time >= ? AND"
            + " event_time < ?) FROM events WHERE event_time >= ?"
            + " AND event_time < ? AND aws_region IS NOT NULL AND aws_region <> ? AND recipient_account_id = ?"
            + " GROUP BY aws_region ORDER BY aws_region";

    private TrailRegionsNarrowed() {
    }

    /**
     * One span of a trail's being single-region (from the UpdateTrail that made it so) or not logging at all
     * ({@code stopped}: from its StopLogging or DeleteTrail), to the call undoing it or null.
     */
    record Span(SelectorHistory.Trail trail, SelectorHistory.Change change, Instant until, boolean stopped) {
        /** The region whose events the trail still recorded, or "" when none. */
        String kept() {
            return stopped ? "" : trail.home();
        }
    }

    /**
     * The gaps of [start, end): one per span of a trail's being single-region that overlaps it, unless the regions
     * asked about ({@code asked}, empty for every region) are the trail's home region alone.
     *
     * @param windowsKept whether the store has the collectors' tables ({@link StoreFacts#collectorTables}): else no
     *                    event history is known to have been read
     */
    static List<CoverageGap> gaps(SelectorHistory history, EventSearch search, boolean windowsKept, Instant start,
                                  Instant end, java.util.Set<String> asked, Instant now) {
        List<CoverageGap> out = new ArrayList<>();
        for (Span s : spans(history)) {
            if (!s.stopped() && asked != null && !asked.isEmpty() && asked.equals(java.util.Set.of(s.trail().home()))) {
                continue;
            }
            Instant from = s.change().at().isAfter(start) ? s.change().at() : start;
            Instant to = s.until() == null || s.until().isAfter(end) ? end : s.until();
            if (from.isBefore(to)) {
                CoverageGap g = gap(s, from, to, search, windowsKept, now);
                if (g != null) {
                    out.add(g);
                }
            }
        }
        return out;
    }

    static List<Span> spans(SelectorHistory history) {
        List<Span> out = new ArrayList<>();
        for (SelectorHistory.Trail t : history.trails().values()) {
            SelectorHistory.Change narrowed = null;
            SelectorHistory.Change stopped = null;
            for (SelectorHistory.Change c : t.changes()) {
                boolean single = Boolean.FALSE.equals(c.multiRegion()) && c.call().equals("UpdateTrail");
                // CreateTrail's trail logs nothing until StartLogging: it never recorded, so nothing stopped, nor does
                // a trail made again after its DeleteTrail record anything before its StartLogging
                boolean ends = Boolean.FALSE.equals(c.logging()) && !c.call().equals("CreateTrail");
                boolean starts = Boolean.TRUE.equals(c.logging());
                if (narrowed == null && single) {
                    narrowed = c;
                } else if (narrowed != null && (Boolean.TRUE.equals(c.multiRegion()) || c.call().equals("DeleteTrail"))) {
                    out.add(new Span(t, narrowed, c.at(), false));
                    narrowed = null;
                }
                if (stopped == null && ends) {
                    stopped = c;
                } else if (stopped != null && starts) {
                    out.add(new Span(t, stopped, c.at(), true));
                    stopped = null;
                }
            }
            if (narrowed != null) {
                out.add(new Span(t, narrowed, null, false));
            }
            if (stopped != null) {
                out.add(new Span(t, stopped, null, true));
            }
        }
        return out;
    }

    private static CoverageGap gap(Span s, Instant from, Instant to, EventSearch search, boolean windowsKept,
                                   Instant now) {
        SelectorHistory.Trail t = s.trail();
        Instant changed = s.change().at();
        Files files = Files.read(search, s, from, to);
        Map<String, Instant> ended = files.ended;
        List<String> heldAfter = files.heldAfter;
        if (s.stopped() && !ended.containsKey(t.home())) {
            // the home region's files go on: another trail's (one of the home region only, say). The regions whose
            // busy files end at the stop are still this trail's; with none, the store's files are another trail's
            ended.keySet().retainAll(files.busyBefore);
            if (ended.isEmpty()) {
                return null;
            }
        }
        java.util.Set<String> collected = windowsKept ? historyRead(search, t, s.kept(), from, to)
                : java.util.Set.of();
        ended.keySet().removeAll(collected);
        if (ended.isEmpty() && !collected.isEmpty()) {
            return null; // every region the files stopped for was read from the event history over that time
        }
        LocalDate deadline = LocalDate.ofInstant(from, ZoneOffset.UTC).plusDays(CoverageMap.HISTORY.toDays() - 1);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        String fix = "trailkeeper collect lookup --since " + from + (to.equals(s.until()) ? " --until " + to : "");
        String span = "from " + from + (to.equals(s.until()) ? " to " + to : " on");
        String state = s.stopped() ? "did not log " + span + " (" + s.change().call() + ")" : "was single-region " + span;
        String brief = "trail " + t.name() + " (home region " + t.home() + ") " + state + ": its files hold no event"
                + (s.stopped() ? "" : " of another region") + " then" + (ended.isEmpty() ? "" : " ("
                + names(ended.keySet()) + " end before it)") + " (" + fix + ")";
        String evidence = (ended.isEmpty() ? "" : " The store's trail files of " + names(ended.keySet()) + " end before"
                + " " + changed + ".") + (s.stopped() && files.after.contains(t.home()) ? " Those of its home region " + t.home() + " go on after it: another"
                + " trail's files, which hold only what that trail records." : "");
        heldAfter.removeAll(collected);
        String others = (heldAfter.isEmpty() ? "" : " The store holds some events of " + names(heldAfter) + " after it"
                + " from another source (files, or event history no collector says it read over that whole time).")
                + (collected.isEmpty() ? "" : " The event history of " + names(collected) + " was collected over that"
                + " time.");
        String sentence = "Trail " + t.name() + " (home region " + t.home() + ") " + state + ", as the store's"
                + " CloudTrail calls show (" + DataEventSelectors.calls(t) + "): its files hold no event of " + (s.stopped()
                ? "any region" : "any region but " + t.home()) + " then, management events included, though the days"
                + " look held by the files delivered before it." + evidence + others + " What was done in "
                + (s.stopped() ? "any region" : "the other regions") + " then"
                + " cannot be seen from its files; CloudTrail's event history still holds the management events: `"
                + fix + "` can fetch them" + (deadline.isBefore(today) ? " where they are younger than 90 days"
                : " until " + deadline) + " (their data events are lost).";
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = LocalDate.ofInstant(from, ZoneOffset.UTC); d.atStartOfDay(ZoneOffset.UTC).toInstant()
                .isBefore(to); d = d.plusDays(1)) {
            days.add(d);
        }
        return new CoverageGap(CoverageGap.Kind.TRAIL_REGIONS, List.copyOf(ended.keySet()), DayRange.of(days), "",
                brief, sentence, fix);
    }

    /**
     * The store's trail files around a span's change, per region but the one the trail kept: when each region's end
     * before it ({@code ended}: regions with no trail file after it), the regions with other events after it
     * ({@code heldAfter}), with trail files after it ({@code after}: another trail's), and with trail files as long
     * before it as the span lasts, a day at most ({@code busyBefore}: a quiet region's silence proves nothing).
     */
    private record Files(Map<String, Instant> ended, List<String> heldAfter, List<String> after,
                         List<String> busyBefore) {
        static Files read(EventSearch search, Span s, Instant from, Instant to) {
            Instant changed = s.change().at();
            java.time.Duration lasts = java.time.Duration.between(from, to);
            Instant before = changed.minus(lasts.compareTo(java.time.Duration.ofDays(1)) > 0
                    ? java.time.Duration.ofDays(1) : lasts);
            Files f = new Files(new TreeMap<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            StoreFacts.rows(search, SQL, List.of(local(changed), local(from), local(changed), local(before),
                    local(changed), local(changed.minusSeconds(86_400)), local(to), s.kept(), s.trail().account()),
                    r -> f.add(r));
            return f;
        }

        private void add(List<Object> r) {
            String region = (String) r.get(0);
            if (((Number) r.get(3)).longValue() > 0) {
                after.add(region); // files of the region after the change are another trail's: it stayed held
                return;
            }
            if (r.get(1) != null) {
                ended.put(region, (Instant) r.get(1));
            }
            if (((Number) r.get(2)).longValue() > 0) {
                heldAfter.add(region);
            }
            if (((Number) r.get(4)).longValue() > 0) {
                busyBefore.add(region);
            }
        }
    }

    /**
     * The regions (not {@code kept}, the region the trail still recorded) whose management event history the store's collectors read over the
     * whole of [from, to), their windows joined.
     */
    private static java.util.Set<String> historyRead(EventSearch search, SelectorHistory.Trail t, String kept,
                                                     Instant from, Instant to) {
        Map<String, List<Instant[]>> windows = new TreeMap<>();
        StoreFacts.rows(search, "SELECT region, window_from, window_to FROM lookup_windows WHERE category = 'management'"
                + " AND account = ? AND region <> ? AND window_to > ? AND window_from < ? ORDER BY region, window_from",
                List.of(t.account(), kept, local(from), local(to)), r -> windows.computeIfAbsent(
                        (String) r.get(0), k -> new ArrayList<>()).add(new Instant[] {(Instant) r.get(1),
                        (Instant) r.get(2)}));
        java.util.Set<String> out = new java.util.TreeSet<>();
        windows.forEach((region, list) -> {
            Instant reached = from;
            for (Instant[] w : list) {
                if (w[0].isAfter(reached)) {
                    break; // a hole
                }
                reached = w[1].isAfter(reached) ? w[1] : reached;
            }
            if (!reached.isBefore(to)) {
                out.add(region);
            }
        });
        return out;
    }

    private static String names(java.util.Collection<String> regions) {
        List<String> all = List.copyOf(regions);
        if (all.size() <= REGIONS_SHOWN) {
            return all.size() == 1 ? all.get(0) : String.join(", ", all.subList(0, all.size() - 1)) + " and "
                    + all.get(all.size() - 1);
        }
        return String.join(", ", all.subList(0, REGIONS_SHOWN)) + " and " + (all.size() - REGIONS_SHOWN) + " more";
    }

    private static LocalDateTime local(Instant t) {
        return LocalDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
