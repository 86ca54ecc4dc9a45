package io.trailkeeper.store.coverage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the trails' selector history ({@link SelectorHistory}) means for data events, in words: the days of a
 * window on which a trail that recorded data events at some time did not (or may not have, before its first
 * stored call that sets its selectors). A trail's files hold data events only from the moment its selectors
 * select them, so those days' object reads cannot be told from them.
 */
final class DataEventSelectors {
    /** Calls named in a sentence, the latest ones. */
    private static final int CALLS_SHOWN = 4;
    private static final int RANGES_SHOWN = 6;

    private DataEventSelectors() {
    }

    /** One gap per trail that recorded data events at some time but not on every day of [first, last]. */
    static List<CoverageGap> gaps(SelectorHistory history, LocalDate first, LocalDate last) {
        List<CoverageGap> out = new ArrayList<>();
        if (first == null) {
            return out;
        }
        for (SelectorHistory.Trail t : history.trails().values()) {
            if (t.changes().stream().noneMatch(c -> t.at(c.at()) == SelectorHistory.Recording.YES)) {
                continue; // never seen recording data events: a trail of management events, said elsewhere
            }
            List<LocalDate> recorded = new ArrayList<>();
            List<LocalDate> not = new ArrayList<>();
            for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
                (recordedAllDay(t, d) ? recorded : not).add(d);
            }
            if (not.isEmpty()) {
                continue;
            }
            out.add(gap(t, DayRange.of(recorded), DayRange.of(not)));
        }
        return out;
    }

    private static CoverageGap gap(SelectorHistory.Trail t, List<DayRange> recorded, List<DayRange> not) {
        String brief = "trail " + t.name() + " recorded data events " + (recorded.isEmpty() ? "on no day of this window"
                : "only on " + DayRange.list(recorded, RANGES_SHOWN)) + " (its selector history in the store)";
        String fix = "nothing collects a trail's data events for the time its selectors did not select them;"
                + " another trail's files may hold them (`trailkeeper collect auto` reads every trail that selects them)";
        String sentence = "Trail " + t.name() + " recorded data events " + (recorded.isEmpty() ? "on no day of this"
                + " window" : "only on " + DayRange.list(recorded, RANGES_SHOWN)) + ", as the store's CloudTrail calls"
                + " show (" + calls(t) + "); on " + DayRange.list(not, RANGES_SHOWN) + " it did not" + unknown(t)
                + ", so whether S3 objects were read or written, DynamoDB items changed or Lambda functions invoked"
                + " then cannot be told from its files; " + fix + ".";
        return new CoverageGap(CoverageGap.Kind.NO_DATA_EVENTS, List.of(), not, "", brief, sentence, fix);
    }

    /**
     * For {@code collect auto}: per trail collected that selects data events now (GetEventSelectors), since when it
     * did, as far as the store's calls tell, and what they cannot tell.
     *
     * @param selectsNow trail name to whether GetEventSelectors says it selects data events
     */
    static List<String> notes(SelectorHistory history, Map<String, Boolean> selectsNow, Instant now) {
        List<String> out = new ArrayList<>();
        selectsNow.forEach((name, selects) -> {
            SelectorHistory.Trail t = history.trails().values().stream().filter(x -> x.name().equals(name))
                    .findFirst().orElse(null);
            if (t == null) {
                if (selects) {
                    out.add("the store holds no call that set trail " + name + "'s selectors (PutEventSelectors,"
                            + " CreateTrail) in its files or event history: since when it selects data events is not"
                            + " known, so no day is proven to have them logged before its first stored data event");
                }
                return;
            }
            LocalDate first = LocalDate.ofInstant(t.changes().get(0).at(), ZoneOffset.UTC);
            List<LocalDate> recorded = new ArrayList<>();
            for (LocalDate d = first; !d.isAfter(LocalDate.ofInstant(now, ZoneOffset.UTC)); d = d.plusDays(1)) {
                if (recordedAllDay(t, d)) {
                    recorded.add(d);
                }
            }
            if (!selects && recorded.isEmpty()) {
                return;
            }
            out.add("trail " + name + "'s selectors, as the store's CloudTrail calls show: " + calls(t) + "; it"
                    + " recorded data events " + (recorded.isEmpty() ? "on no whole day since" : "only on "
                    + DayRange.list(DayRange.of(recorded), RANGES_SHOWN)) + unknown(t));
        });
        return out;
    }

    /** Whether the trail recorded data events from the day's start to its end, through every call of the day. */
    private static boolean recordedAllDay(SelectorHistory.Trail t, LocalDate d) {
        Instant start = d.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        if (t.at(start) != SelectorHistory.Recording.YES) {
            return false;
        }
        return t.changes().stream().filter(c -> c.at().isAfter(start) && c.at().isBefore(end))
                .allMatch(c -> t.at(c.at()) == SelectorHistory.Recording.YES);
    }

    /** The trail's latest calls, oldest first. */
    private static String calls(SelectorHistory.Trail t) {
        List<SelectorHistory.Change> all = t.changes();
        List<String> shown = all.subList(Math.max(0, all.size() - CALLS_SHOWN), all.size()).stream()
                .map(SelectorHistory.Change::words).toList();
        return (all.size() > CALLS_SHOWN ? (all.size() - CALLS_SHOWN) + " earlier calls, then " : "")
                + String.join(", ", shown);
    }

    /** What the store cannot tell: the selectors before the trail's first call that sets them. */
    private static String unknown(SelectorHistory.Trail t) {
        SelectorHistory.Change first = t.firstSelectors();
        if (first != null && first.call().equals("CreateTrail")) {
            return ""; // the trail began there: nothing before it to know
        }
        if (first == null) {
            return "; what it selected is not known: the store holds no PutEventSelectors or CreateTrail of it";
        }
        return "; what it selected before " + first.at() + " is not known: the store holds no earlier"
                + " PutEventSelectors or CreateTrail of it";
    }
}
