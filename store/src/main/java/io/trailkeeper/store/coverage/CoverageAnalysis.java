package io.trailkeeper.store.coverage;

import io.trailkeeper.store.EventSearch;
import io.trailkeeper.store.EventStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What the store can and cannot answer for, per region and day. "Nothing found" is never the same as "could
 * not look": an investigation over days the store does not hold finds nothing, and this says why. The gaps:
 * <ul>
 * <li>days older than CloudTrail's 90-day event history (counted from the clock) with no trail files, in a
 *     region in use: the event history can no longer give them, only a trail's S3 files can;
 * <li>days inside the 90 days whose event history was never collected and that no trail file holds: {@code
 *     collect lookup} can still fetch them, until the date the gap names;
 * <li>regions never collected: known to be enabled (from the collectors, else the 17 regions AWS enables by
 *     default) with no event, no event-history window and no collector entry;
 * <li>the collectors' latest entries per region and scope that are not complete (denied, throttled, not
 *     enabled, failed, truncated);
 * <li>no data events at all (whether S3 objects were read cannot be told), or none from some regions;
 * <li>days prune's total retention deleted from the lake.
 * </ul>
 * See {@link CoverageMap} for the exact rules. Reads the store with two aggregate queries over the events and a
 * few small ones over the collector tables; the store must be open for reading only.
 */
public final class CoverageAnalysis {
    private final EventStore store;
    private final Clock clock;

    public CoverageAnalysis(EventStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The coverage of [since, until] over every region: nulls mean from the store's first day, and up to now. */
    public CoverageReport report(Instant since, Instant until) {
        return report(since, until, Set.of());
    }

    /** As {@link #report(Instant, Instant)}, of the given regions only (empty: every region). */
    public CoverageReport report(Instant since, Instant until, Set<String> regions) {
        check(since, until);
        Instant now = clock.instant();
        EventSearch search = new EventSearch(store);
        StoreFacts facts = StoreFacts.read(search, since, until, true);
        facts.readCarriedOver(since, until);
        CoverageMap map = new CoverageMap(facts, now, since, until, regions, store.lakeUnreadPartitions());
        List<CoverageGap> gaps = new java.util.ArrayList<>(new GapWriter(facts, map, regions).gaps(since, until, true));
        TrailFileNames names = TrailFileNames.parse(search, facts.collectorTables);
        AccountDays.Missing accounts = AccountDays.find(names, map);
        for (Found f : storeGaps(search, facts, map, names, accounts, since, until, regions, now, true)) {
            if (f.after() == null) {
                gaps.add(f.gap());
            } else {
                gaps.add(firstAfter(gaps, f.after()), f.gap());
            }
        }
        return new ReportBuilder(facts, map, gaps, accounts).build(since, until);
    }

    /**
     * Why an answer about events in [since, until] may be incomplete, one short reason each; empty when the
     * store saw everything. {@code regions} empty means any region; {@code needsDataEvents} when the question
     * is about data events (S3 object reads, Lambda invocations).
     */
    public List<String> caveats(Instant since, Instant until, Set<String> regions, boolean needsDataEvents) {
        check(since, until);
        Set<String> asked = regions == null ? Set.of() : regions;
        EventSearch search = new EventSearch(store);
        StoreFacts facts = StoreFacts.read(search, since, until, needsDataEvents);
        facts.readCarriedOver(since, until);
        CoverageMap map = new CoverageMap(facts, clock.instant(), since, until, asked, store.lakeUnreadPartitions());
        // the lake's unread partitions are said below, all of them, in one line
        List<String> out = new java.util.ArrayList<>(new GapWriter(facts, map, asked).gaps(since, until,
                needsDataEvents).stream().filter(g -> g.kind() != CoverageGap.Kind.LAKE_UNREAD)
                .map(CoverageGap::brief).toList());
        TrailFileNames names = TrailFileNames.parse(search, facts.collectorTables);
        storeGaps(search, facts, map, names, AccountDays.find(names, map), since, until, asked, clock.instant(),
                needsDataEvents).forEach(f -> out.add(f.gap().brief()));
        String lake = lakeUnread(store);
        if (lake != null) {
            out.add(lake);
        }
        return out;
    }

    /** A gap found beside {@link GapWriter}'s, and the kind the report lists it after (null: at the end). */
    private record Found(CoverageGap gap, CoverageGap.Kind after) {
    }

    /**
     * The gaps the store's other facts tell beside {@link GapWriter}'s (rejected input, unfinished runs, accounts'
     * missing days and silences, trails narrowed, data event selectors when {@code dataEvents}), in the order the
     * caveats say them: one list for the report and the caveats, so that each kind of gap is told by both.
     */
    private static List<Found> storeGaps(EventSearch search, StoreFacts facts, CoverageMap map, TrailFileNames names,
                                         AccountDays.Missing accounts, Instant since, Instant until,
                                         Set<String> regions, Instant now, boolean dataEvents) {
        List<Found> out = new java.util.ArrayList<>();
        RetentionDeleted.gap(search, since, until, regions)
                .ifPresent(g -> out.add(new Found(g, CoverageGap.Kind.LAKE_UNREAD)));
        TamperedLogs.gaps(search, since, regions).forEach(g -> out.add(new Found(g, CoverageGap.Kind.LAKE_UNREAD)));
        RejectedInput.gap(search, facts.collectorTables, since, regions)
                .ifPresent(g -> out.add(new Found(g, CoverageGap.Kind.LAKE_UNREAD)));
        if (facts.collectorTables) {
            UnfinishedRuns.gap(search).ifPresent(g -> out.add(new Found(g, CoverageGap.Kind.LAKE_UNREAD)));
        }
        accounts.gap().ifPresent(g -> out.add(new Found(g, CoverageGap.Kind.PARTIAL_DAY)));
        AccountSilences.gap(AccountSilences.find(names, windowStart(since, map), windowEnd(until, map), regions))
                .ifPresent(g -> out.add(new Found(g, CoverageGap.Kind.ACCOUNT_FILES)));
        if (!GapWriter.empty(facts)) {
            SelectorHistory history = SelectorHistory.read(search);
            TrailRegionsNarrowed.gaps(history, search, facts.collectorTables, windowStart(since, map),
                    windowEnd(until, map), regions, now).forEach(g -> out.add(new Found(g, null)));
            if (dataEvents) {
                DataEventSelectors.gaps(history, map.firstDay, map.lastDay, map.regions, facts.dataEventDays())
                        .forEach(g -> out.add(new Found(g, null)));
            }
        }
        return out;
    }

    /** The window's start, else the store's first day's. */
    private static Instant windowStart(Instant since, CoverageMap map) {
        return since != null ? since : map.firstDay == null ? Instant.EPOCH
                : map.firstDay.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    }

    /** The window's end, else the end of the store's last day. */
    private static Instant windowEnd(Instant until, CoverageMap map) {
        return until != null ? until : map.lastDay == null ? Instant.EPOCH
                : map.lastDay.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    }

    /**
     * The partitions that prune moved to the lake and that cannot be read here (file missing or damaged, an S3
     * lake's local copy gone), as one reason why an answer (query's, investigate's, stats' counts) lacks events;
     * null when every moved partition is read.
     */
    public static String lakeUnread(EventStore store) {
        List<String> unread = store.lakeUnread();
        if (unread.isEmpty()) {
            return null;
        }
        long events = store.lakeUnreadPartitions().stream().mapToLong(io.trailkeeper.store.lake.LakePartition::rows)
                .sum();
        return unread.size() + (unread.size() == 1 ? " partition" : " partitions") + " that prune moved to the lake ("
                + String.format(java.util.Locale.ROOT, "%,d %s", events, events == 1 ? "event" : "events")
                + ") cannot be read here (" + named(unread) + "): their events are not in this answer";
    }

    /**
     * For {@code collect auto}: per trail collected, since when it selected data events as far as the store's own
     * CloudTrail calls (PutEventSelectors, CreateTrail, StartLogging, StopLogging, DeleteTrail) tell, and what they
     * cannot tell; nothing for a trail that selects none now and never did in the store.
     *
     * @param selectsNow trail ARN (or name: the first trail of that name) to whether GetEventSelectors says it
     *                   selects data events now
     */
    public List<String> dataEventSelectorNotes(java.util.Map<String, Boolean> selectsNow) {
        List<String> notes = new java.util.ArrayList<>(DataEventSelectors.notes(SelectorHistory.read(
                new EventSearch(store)), selectsNow, clock.instant()));
        // the history reads the lake's rows too (the events view), but not a partition whose file cannot be read
        List<String> unread = store.lakeUnread();
        if (!notes.isEmpty() && !unread.isEmpty()) {
            boolean one = unread.size() == 1;
            notes.add(unread.size() + (one ? " lake partition" : " lake partitions") + " that prune moved there"
                    + " cannot be read here (" + named(unread) + "): the selector calls in " + (one ? "it" : "them")
                    + " were not read, so since when a trail selected data events may be earlier than said");
        }
        return notes;
    }

    /** Where a gap of the kind after {@code kind} goes: the gaps are listed in the order of their kinds. */
    private static int firstAfter(List<CoverageGap> gaps, CoverageGap.Kind kind) {
        int i = 0;
        while (i < gaps.size() && gaps.get(i).kind().ordinal() <= kind.ordinal()) {
            i++;
        }
        return i;
    }

    /** The lake's unread partitions as a note names them: the first three, then {@code ; ...}. */
    private static String named(List<String> unread) {
        return String.join("; ", unread.subList(0, Math.min(3, unread.size()))) + (unread.size() > 3 ? "; ..." : "");
    }

    private static void check(Instant since, Instant until) {
        if (since != null && until != null && since.isAfter(until)) {
            throw new IllegalArgumentException("the window starts (" + since + ") after it ends (" + until + ")");
        }
    }
}
