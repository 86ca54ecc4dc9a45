package io.trailkeeper.store.coverage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /**
     * One gap per trail that recorded data events at some time but not through every day of [first, last] (its
     * home region's), and one more for the other regions of {@code regions} when a stored CreateTrail or UpdateTrail
     * shows it single-region on some of those days: a single-region trail records its home region's data events only.
     * A day before the trail's first stored selector call is not said to be one it may not have recorded when the
     * store holds data events of its home region on that day: they show data events were recorded then.
     *
     * @param dataDays per region, the days on which the store holds data events
     */
    static List<CoverageGap> gaps(SelectorHistory history, LocalDate first, LocalDate last, Set<String> regions,
                                  Map<String, Set<LocalDate>> dataDays) {
        List<CoverageGap> out = new ArrayList<>();
        if (first == null) {
            return out;
        }
        Instant start = first.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        for (SelectorHistory.Trail t : history.trails().values()) {
            if (t.changes().stream().noneMatch(c -> t.at(c.at()) == SelectorHistory.Recording.YES)) {
                // never seen recording data events: a trail of management events, said elsewhere, unless a stored
                // PutEventSelectors took them away (what it selected before is unknown, not "nothing")
                removed(t, first, last, end).ifPresent(out::add);
                continue;
            }
            List<LocalDate> not = new ArrayList<>();
            List<LocalDate> unknown = new ArrayList<>();
            days(t, null, first, last, not, unknown);
            unknown.removeAll(dataDays.getOrDefault(t.home(), Set.of()));
            if (!not.isEmpty() || !unknown.isEmpty()) {
                out.add(gap(t, recorded(t, null, start, end), not, unknown));
            }
            members(t, first, last, start, end, not, unknown).ifPresent(out::add);
            List<String> others = regions.stream().filter(r -> !r.equals(t.home())).sorted().toList();
            if (!t.regionsKnown() || !regions.isEmpty() && others.isEmpty()) {
                continue;
            }
            List<LocalDate> otherNot = new ArrayList<>();
            List<LocalDate> otherUnknown = new ArrayList<>();
            days(t, OTHER, first, last, otherNot, otherUnknown);
            otherNot.removeAll(not);
            otherUnknown.removeAll(unknown);
            otherUnknown.removeAll(otherNot);
            if (!otherNot.isEmpty() || !otherUnknown.isEmpty()) {
                out.add(otherRegions(t, others, recorded(t, OTHER, start, end), otherNot, otherUnknown));
            }
        }
        out.addAll(S3SelectionGaps.gaps(history, start, end));
        out.addAll(ItemSelectionGaps.gaps(history, start, end));
        return out;
    }

    /**
     * The days an organization trail did not record its member accounts' data events (it was not one then), or
     * may not have (before a stored call says whether it was), beyond the days it recorded none at all.
     */
    private static java.util.Optional<CoverageGap> members(SelectorHistory.Trail t, LocalDate first, LocalDate last,
                                                           Instant start, Instant end, List<LocalDate> not,
                                                           List<LocalDate> unknown) {
        if (!t.everOrganization()) {
            return java.util.Optional.empty();
        }
        List<LocalDate> notDays = new ArrayList<>();
        List<LocalDate> unknownDays = new ArrayList<>();
        days(t, SelectorHistory.MEMBER_ACCOUNTS, first, last, notDays, unknownDays);
        notDays.removeAll(not);
        unknownDays.removeAll(unknown);
        unknownDays.removeAll(notDays);
        if (notDays.isEmpty() && unknownDays.isEmpty()) {
            return java.util.Optional.empty();
        }
        String recorded = recorded(t, SelectorHistory.MEMBER_ACCOUNTS, start, end);
        String of = "its organization's member accounts (every account but its own, " + t.account() + ")";
        String brief = "trail " + t.name() + " recorded data events of " + of + " " + recorded + " (while an"
                + " organization trail, as its selector history in the store shows)";
        String fix = "an organization trail records member accounts' events only while IsOrganizationTrail is set;"
                + " a member's own trails' files may hold them (run `trailkeeper collect auto` in that account)";
        List<DayRange> notRanges = DayRange.of(notDays);
        List<DayRange> unknownRanges = DayRange.of(unknownDays);
        String sentence = "Trail " + t.name() + " recorded data events of " + of + " " + recorded + ", as the store's"
                + " CloudTrail calls show (" + calls(t) + ")" + (notRanges.isEmpty() ? "" : "; on "
                + DayRange.list(notRanges, RANGES_SHOWN) + " it was not an organization trail, all day or part of it")
                + (unknownRanges.isEmpty() ? "" : "; on " + DayRange.list(unknownRanges, RANGES_SHOWN) + " it may not"
                + " have been: the store holds no earlier CreateTrail or UpdateTrail saying") + ": member accounts'"
                + " data events then cannot be told from its files; " + fix + ".";
        return java.util.Optional.of(new CoverageGap(CoverageGap.Kind.NO_DATA_EVENTS, List.of(),
                both(notDays, unknownDays), "", brief, sentence, fix));
    }

    /**
     * A trail whose first stored selector call is a PutEventSelectors selecting no data events (the usual case of an
     * intruder's: the selectors were set long before the window, and only their removal is in it): from that call on
     * it recorded none, whatever it selected before, which the store cannot tell (its data events of before may be
     * this trail's). The days from the call to the window's end that it did not record, all day or part of it.
     */
    private static java.util.Optional<CoverageGap> removed(SelectorHistory.Trail t, LocalDate first, LocalDate last,
                                                           Instant end) {
        SelectorHistory.Change removal = t.firstSelectors(); // a CreateTrail first: it never selected any
        if (removal == null || !removal.call().equals("PutEventSelectors") || !removal.at().isBefore(end)) {
            return java.util.Optional.empty();
        }
        List<LocalDate> notDays = new ArrayList<>();
        LocalDate from = LocalDate.ofInstant(removal.at(), ZoneOffset.UTC);
        for (LocalDate d = from.isAfter(first) ? from : first; !d.isAfter(last); d = d.plusDays(1)) {
            if (states(t, null, d).contains(SelectorHistory.Recording.NO)) {
                notDays.add(d);
            }
        }
        if (notDays.isEmpty()) {
            return java.util.Optional.empty();
        }
        String trail = t.name() + " (home region " + t.home() + ")";
        String brief = "trail " + trail + " selected no data events from " + removal.at() + " ("
                + removal.call() + "; its selector history in the store)";
        String fix = "nothing collects a trail's data events for the time its selectors did not select them;"
                + " another trail's files may hold them (`trailkeeper collect auto` reads every trail that selects them)";
        String sentence = "Trail " + trail + " selected no data events from " + removal.at() + ", as the store's"
                + " CloudTrail calls show (" + calls(t) + "); on " + DayRange.list(DayRange.of(notDays), RANGES_SHOWN)
                + ", all day or part of it, whether S3 objects were read or written, DynamoDB items changed or Lambda"
                + " functions invoked cannot be told from its files; what it selected before is not known (the store"
                + " holds no earlier PutEventSelectors or CreateTrail of it), so its data events of before may be"
                + " among the store's; " + fix + ".";
        return java.util.Optional.of(new CoverageGap(CoverageGap.Kind.NO_DATA_EVENTS, List.of(),
                DayRange.of(notDays), "", brief, sentence, fix));
    }

    /** The days not recorded and those that may not have been, as one list of ranges. */
    private static List<DayRange> both(List<LocalDate> not, List<LocalDate> unknown) {
        List<LocalDate> all = new ArrayList<>(not);
        all.addAll(unknown);
        return DayRange.of(all);
    }

    /** Any region but a trail's home region (no region is named so). */
    private static final String OTHER = "(another region)";

    /** The days of [first, last] on which the trail did not record {@code region}'s data events, or may not have. */
    private static void days(SelectorHistory.Trail t, String region, LocalDate first, LocalDate last,
                             List<LocalDate> not, List<LocalDate> unknown) {
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            List<SelectorHistory.Recording> states = states(t, region, d);
            if (states.contains(SelectorHistory.Recording.UNKNOWN)) {
                unknown.add(d);
            } else if (states.contains(SelectorHistory.Recording.NO)) {
                not.add(d);
            }
        }
    }

    private static CoverageGap otherRegions(SelectorHistory.Trail t, List<String> others, String recorded,
                                            List<LocalDate> notDays, List<LocalDate> unknownDays) {
        List<DayRange> not = DayRange.of(notDays);
        List<DayRange> unknown = DayRange.of(unknownDays);
        String of = "regions other than its home region " + t.home();
        String brief = "trail " + t.name() + " recorded data events of " + of + " " + recorded
                + " (while multi-region, as its selector history in the store shows)";
        String fix = "a single-region trail records its home region's data events only; another trail's files may"
                + " hold the other regions' (`trailkeeper collect auto` reads every trail that selects them)";
        String sentence = "Trail " + t.name() + " recorded data events of " + of + " " + recorded + ", as the"
                + " store's CloudTrail calls show (" + calls(t) + ")" + (not.isEmpty() ? "" : "; on "
                + DayRange.list(not, RANGES_SHOWN) + " it was single-region, all day or part of it")
                + (unknown.isEmpty() ? "" : "; on " + DayRange.list(unknown, RANGES_SHOWN) + " it may have been"
                + " single-region: the store holds no earlier CreateTrail or UpdateTrail saying") + ": data events of those regions"
                + " then cannot be told from its files; " + fix + ".";
        return new CoverageGap(CoverageGap.Kind.NO_DATA_EVENTS, others, both(notDays, unknownDays), "", brief,
                sentence, fix);
    }

    private static CoverageGap gap(SelectorHistory.Trail t, String recorded, List<LocalDate> notDays,
                                   List<LocalDate> unknownDays) {
        List<DayRange> not = DayRange.of(notDays);
        List<DayRange> unknown = DayRange.of(unknownDays);
        String brief = "trail " + t.name() + " recorded data events " + recorded + " (its selector history in the"
                + " store)";
        String fix = "nothing collects a trail's data events for the time its selectors did not select them;"
                + " another trail's files may hold them (`trailkeeper collect auto` reads every trail that selects them)";
        String sentence = "Trail " + t.name() + " recorded data events " + recorded + ", as the store's CloudTrail"
                + " calls show (" + calls(t) + ")" + (not.isEmpty() ? "" : "; on " + DayRange.list(not, RANGES_SHOWN)
                + " it did not, all day or part of it") + (unknown.isEmpty() ? "" : "; on " + DayRange.list(unknown,
                RANGES_SHOWN) + " it may not have" + unknown(t)) + ": whether S3 objects were read or written,"
                + " DynamoDB items changed or Lambda functions invoked then cannot be told from its files; " + fix + "."
                + settingsAssumed(t, " ");
        return new CoverageGap(CoverageGap.Kind.NO_DATA_EVENTS, List.of(), both(notDays, unknownDays), "", brief,
                sentence, fix);
    }

    /**
     * For {@code collect auto}: per trail collected that selects data events now (GetEventSelectors), since when it
     * did, as far as the store's calls tell, and what they cannot tell.
     *
     * @param selectsNow trail ARN (or name) to whether GetEventSelectors says it selects data events
     */
    static List<String> notes(SelectorHistory history, Map<String, Boolean> selectsNow, Instant now) {
        List<String> out = new ArrayList<>();
        selectsNow.forEach((nameOrArn, selects) -> {
            SelectorHistory.Trail t = history.find(nameOrArn);
            String name = SelectorHistory.shortName(nameOrArn);
            if (t == null) {
                if (selects) {
                    out.add("the store holds no call that set trail " + name + "'s selectors (PutEventSelectors,"
                            + " CreateTrail) in its files or event history: since when it selects data events is not"
                            + " known, so no day is proven to have them logged before its first stored data event");
                }
                return;
            }
            boolean ever = t.changes().stream().anyMatch(c -> t.at(c.at()) == SelectorHistory.Recording.YES);
            if (!selects && !ever) {
                return;
            }
            Instant first = t.changes().get(0).at();
            String home = recorded(t, null, first, now);
            String others = t.regionsKnown() ? recorded(t, OTHER, first, now) : home;
            String members = t.everOrganization() ? recorded(t, SelectorHistory.MEMBER_ACCOUNTS, first, now) : home;
            out.add("trail " + name + "'s selectors, as the store's CloudTrail calls show: " + calls(t) + "; it"
                    + " recorded data events " + home + (others.equals(home) ? "" : ", those of regions other than"
                    + " its home region " + t.home() + " " + others + " (while multi-region)") + (members.equals(home)
                    ? "" : ", those of its organization's member accounts " + members + " (while an organization"
                    + " trail)") + unknown(t) + S3SelectionGaps.unlogged(history, t, first, now) + settingsAssumed(t, "; "));
        });
        return out;
    }

    /** {@code only from A to B, from C on}, or {@code at no time of this window}: when the trail recorded them. */
    private static String recorded(SelectorHistory.Trail t, String region, Instant start, Instant end) {
        List<String> spans = new ArrayList<>();
        Instant from = t.at(start, region) == SelectorHistory.Recording.YES ? start : null;
        for (SelectorHistory.Change c : t.changes()) {
            if (!c.at().isAfter(start) || !c.at().isBefore(end)) {
                continue;
            }
            boolean yes = t.at(c.at(), region) == SelectorHistory.Recording.YES;
            if (yes && from == null) {
                from = c.at();
            } else if (!yes && from != null) {
                spans.add("from " + from + " to " + c.at());
                from = null;
            }
        }
        if (from != null) {
            spans.add("from " + from + " on");
        }
        return spans.isEmpty() ? "at no time of this window" : "only " + String.join(", ", spans);
    }

    /** What the trail recorded at some time of the day: its state at the day's start and after each call of it. */
    private static List<SelectorHistory.Recording> states(SelectorHistory.Trail t, String region, LocalDate d) {
        Instant start = d.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<SelectorHistory.Recording> out = new ArrayList<>(List.of(t.at(start, region)));
        t.changes().stream().filter(c -> c.at().isAfter(start) && c.at().isBefore(end))
                .forEach(c -> out.add(t.at(c.at(), region)));
        return out;
    }

    /** The trail's latest calls, oldest first. */
    static String calls(SelectorHistory.Trail t) {
        List<SelectorHistory.Change> all = t.changes();
        List<String> shown = all.subList(Math.max(0, all.size() - CALLS_SHOWN), all.size()).stream()
                .map(SelectorHistory.Change::words).toList();
        return (all.size() > CALLS_SHOWN ? (all.size() - CALLS_SHOWN) + " earlier calls, then " : "")
                + String.join(", ", shown);
    }

    /**
     * What the store cannot tell of the trail's settings, plainly: with no stored CreateTrail or UpdateTrail saying
     * whether it was multi-region (or an organization trail), which regions' (accounts') data events it recorded is
     * today's setting assumed, not known.
     */
    private static String settingsAssumed(SelectorHistory.Trail t, String before) {
        List<String> unknown = new ArrayList<>();
        List<String> members = new ArrayList<>();
        List<String> which = new ArrayList<>();
        if (!t.regionsKnown()) {
            unknown.add("multi-region");
            members.add("IsMultiRegionTrail");
            which.add("regions");
        }
        if (!t.organizationKnown()) {
            unknown.add("an organization trail");
            members.add("IsOrganizationTrail");
            which.add("accounts");
        }
        if (unknown.isEmpty()) {
            return "";
        }
        boolean sentence = before.equals(" ");
        return before + (sentence ? "Whether" : "whether") + " it was " + String.join(" or ", unknown) + " is not"
                + " known: the store holds no CreateTrail or UpdateTrail of it saying (" + String.join(", ", members)
                + "), so the " + String.join(" and ", which) + " whose data events it recorded are assumed to be"
                + " those of today's " + (unknown.size() == 1 ? "setting" : "settings") + " (`trailkeeper audit` shows"
                + " them), not known" + (sentence ? "." : "");
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
