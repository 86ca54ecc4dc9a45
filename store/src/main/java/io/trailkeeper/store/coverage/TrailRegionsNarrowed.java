package io.trailkeeper.store.coverage;

import io.trailkeeper.events.TableSink;
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
 * still look held by the files delivered before it. CloudTrail's event history keeps those management events for 90
 * days; nothing gives back their data events. The gap names the regions whose trail files in the store end before the
 * change and that the store holds no event of after it (the evidence that the files are this trail's), and the
 * regions of which it holds events after it from another source; a trail CreateTrail made single-region was never
 * anything else and is not told here.
 */
final class TrailRegionsNarrowed {
    /** Regions named in a sentence. */
    private static final int REGIONS_SHOWN = 8;
    private static final String SQL = "SELECT aws_region, max(event_time) FILTER (WHERE source_kind = 'trail-file'"
            + " AND event_time < ?), count(*) FILTER (WHERE event_time >= ?) FROM events WHERE event_time >= ?"
            + " AND event_time < ? AND aws_region IS NOT NULL AND aws_region <> ? AND recipient_account_id = ?"
            + " GROUP BY aws_region ORDER BY aws_region";

    private TrailRegionsNarrowed() {
    }

    /** One span of a trail's being single-region: from the UpdateTrail that made it so, to the call undoing it or null. */
    record Span(SelectorHistory.Trail trail, SelectorHistory.Change change, Instant until) {
    }

    /**
     * The gaps of [start, end): one per span of a trail's being single-region that overlaps it, unless the regions
     * asked about ({@code asked}, empty for every region) are the trail's home region alone.
     */
    static List<CoverageGap> gaps(SelectorHistory history, EventSearch search, Instant start, Instant end,
                                  java.util.Set<String> asked, Instant now) {
        List<CoverageGap> out = new ArrayList<>();
        for (Span s : spans(history)) {
            if (asked != null && !asked.isEmpty() && asked.equals(java.util.Set.of(s.trail().home()))) {
                continue;
            }
            Instant from = s.change().at().isAfter(start) ? s.change().at() : start;
            Instant to = s.until() == null || s.until().isAfter(end) ? end : s.until();
            if (from.isBefore(to)) {
                out.add(gap(s, from, to, search, now));
            }
        }
        return out;
    }

    static List<Span> spans(SelectorHistory history) {
        List<Span> out = new ArrayList<>();
        for (SelectorHistory.Trail t : history.trails().values()) {
            SelectorHistory.Change narrowed = null;
            for (SelectorHistory.Change c : t.changes()) {
                boolean single = Boolean.FALSE.equals(c.multiRegion()) && c.call().equals("UpdateTrail");
                if (narrowed == null && single) {
                    narrowed = c;
                } else if (narrowed != null && (Boolean.TRUE.equals(c.multiRegion()) || c.call().equals("DeleteTrail"))) {
                    out.add(new Span(t, narrowed, c.at()));
                    narrowed = null;
                }
            }
            if (narrowed != null) {
                out.add(new Span(t, narrowed, null));
            }
        }
        return out;
    }

    private static CoverageGap gap(Span s, Instant from, Instant to, EventSearch search, Instant now) {
        SelectorHistory.Trail t = s.trail();
        Instant changed = s.change().at();
        Map<String, Instant> ended = new TreeMap<>();
        List<String> heldAfter = new ArrayList<>();
        search.statement(SQL, List.of(local(changed), local(from), local(changed.minusSeconds(86_400)), local(to),
                t.home(), t.account()), new TableSink() {
                    @Override
                    public void columns(List<String> names) {
                    }

                    @Override
                    public void row(List<Object> r) {
                        long after = ((Number) r.get(2)).longValue();
                        if (after > 0) {
                            heldAfter.add((String) r.get(0));
                        } else if (r.get(1) != null) {
                            ended.put((String) r.get(0), (Instant) r.get(1));
                        }
                    }
                });
        LocalDate deadline = LocalDate.ofInstant(from, ZoneOffset.UTC).plusDays(CoverageMap.HISTORY.toDays() - 1);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        String fix = "trailkeeper collect lookup --since " + from + (to.equals(s.until()) ? " --until " + to : "");
        String span = "from " + from + (to.equals(s.until()) ? " to " + to : " on");
        String brief = "trail " + t.name() + " (home region " + t.home() + ") was single-region " + span + ": its"
                + " files hold no event of another region then" + (ended.isEmpty() ? "" : " (" + names(ended.keySet())
                + " end before it)") + " (" + fix + ")";
        String evidence = ended.isEmpty() ? "" : " The store's trail files of " + names(ended.keySet()) + " end before"
                + " " + changed + " and it holds no event of theirs after it.";
        String others = heldAfter.isEmpty() ? "" : " The store holds events of " + names(heldAfter) + " after it from"
                + " another source (event history, another trail's files).";
        String sentence = "Trail " + t.name() + " (home region " + t.home() + ") was single-region " + span + ", as"
                + " the store's CloudTrail calls show (" + DataEventSelectors.calls(t) + "): its files hold no event of"
                + " any region but " + t.home() + " then, management events included, though the days look held by"
                + " the files delivered before it." + evidence + others + " What was done in the other regions then"
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
