package io.trailkeeper.store.coverage;

import io.trailkeeper.events.Coverage;
import io.trailkeeper.store.lake.LakeLayout;
import io.trailkeeper.store.lake.LakePartition;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Per region and UTC day: what the store holds and which days are missing. The rules:
 * <ul>
 * <li>a day of a region is <em>held</em> when the store has trail-file or event-history events of it, or an
 *     event-history window or a complete listing of the region's trail folder reaches into it (a complete
 *     reading with no events there means nothing happened, which is an answer); trail-file events that all came
 *     in files delivered on another day (the minutes before midnight, in the next day's first file) do not hold it;
 * <li>a day not held that lies wholly before the 90-day event history (relative to the clock) is missing for
 *     good unless a trail's files have it: counted for regions in use (with events somewhere in the store);
 * <li>a day not held inside the 90 days can still be fetched by {@code collect lookup}: counted for every
 *     region known to be enabled or in use, except regions whose latest entry says not enabled;
 * <li>a region known to be enabled (from collectors, else the 17 AWS enables by default) or asked about, of
 *     which the store holds no event, no window and no collector entry, was never collected: it is one gap,
 *     not a gap per day.
 * </ul>
 */
final class CoverageMap {
    /** How long CloudTrail keeps the event history. */
    static final Duration HISTORY = Duration.ofDays(90);

    final Instant now;
    /** The regions asked about; empty means all. */
    final Set<String> asked;
    /** The first day that is not wholly older than the event history. */
    final LocalDate firstRecentDay;
    /** The days looked at, or null when there are none (nothing in the store, a window in the future). */
    final LocalDate firstDay;
    final LocalDate lastDay;
    final Set<String> inUse = new TreeSet<>();
    final Set<String> notEnabled = new TreeSet<>();
    final Set<String> enabled = new TreeSet<>();
    final Set<String> neverCollected = new TreeSet<>();
    /** The regions whose days are looked at, sorted. */
    final Set<String> regions = new TreeSet<>();
    final Map<String, TreeMap<LocalDate, StoreFacts.DayCount>> counts = new TreeMap<>();
    /** Days an event-history window reaches into, by region. */
    final Map<String, Set<LocalDate>> historyRead = new HashMap<>();
    /** Days a complete listing of the region's trail folder reaches into, by region. */
    final Map<String, Set<LocalDate>> listed = new HashMap<>();
    final Map<String, TreeSet<LocalDate>> beyondHistory = new TreeMap<>();
    final Map<String, TreeSet<LocalDate>> historyNotCollected = new TreeMap<>();
    /** Days of the window whose events prune moved to a lake file this store cannot read, by region. */
    final Map<String, TreeSet<LocalDate>> lakeUnread = new TreeMap<>();
    /** Days whose only trail files were delivered on another day (see {@link StoreFacts#carriedOver}), by region. */
    final Map<String, TreeSet<LocalDate>> carriedOver = new TreeMap<>();
    /**
     * Days a collector's latest entry says it could not read (denied, throttled, failed) in part or whole, by
     * region: the entries' labels ({@code s3 denied}). Such a day may still be held by what was read of it.
     */
    final Map<String, TreeMap<LocalDate, String>> unread = new TreeMap<>();
    private final Map<String, Set<LocalDate>> onlyCarriedOver;
    private final PartDays partDays;
    /** The same partitions' days, whatever the window, by region ("" for records naming none). */
    private final Map<String, Set<LocalDate>> unreadDays = new HashMap<>();

    /**
     * @param since   start of the window, or null for the store's first day
     * @param until   end of the window, or null for now
     * @param asked   regions to look at; empty means all
     * @param unread  the partitions prune moved to the lake that the store cannot read: their days are not held
     */
    CoverageMap(StoreFacts facts, Instant now, Instant since, Instant until, Set<String> asked,
                List<LakePartition> unread) {
        this.now = now;
        this.asked = asked;
        this.onlyCarriedOver = facts.carriedOver;
        this.partDays = facts.partDays;
        for (LakePartition p : unread) {
            if (!LakeLayout.NONE.equals(p.date())) {
                unreadDays.computeIfAbsent(LakeLayout.NONE.equals(p.region()) ? "" : p.region(), k -> new HashSet<>())
                        .add(LocalDate.parse(p.date()));
            }
        }
        this.firstRecentDay = day(now.minus(HISTORY));
        classify(facts, asked);
        for (StoreFacts.DayCount c : facts.days) {
            if (asked.isEmpty() || asked.contains(c.region())) {
                counts.computeIfAbsent(c.region(), k -> new TreeMap<>()).put(c.day(), c);
            }
        }
        LocalDate first = since != null ? day(since) : storeFirstDay(facts);
        Instant end = until == null || until.isAfter(now) ? now : until;
        // a window ending at midnight (--until 2024-03-08) ends with the day before, not an instant of that day
        LocalDate last = day(end.minusNanos(end.equals(day(end).atStartOfDay(ZoneOffset.UTC).toInstant())
                && (since == null || since.isBefore(end)) ? 1 : 0));
        boolean any = first != null && !last.isBefore(first);
        this.firstDay = any ? first : null;
        this.lastDay = any ? last : null;
        for (String r : inUse) {
            if (!r.isEmpty() && (asked.isEmpty() || asked.contains(r))) {
                regions.add(r);
            }
        }
        for (String r : enabled) {
            if (asked.isEmpty() || asked.contains(r)) {
                regions.add(r);
            }
        }
        regions.removeAll(neverCollected);
        if (any) {
            markRead(facts.readCompletely);
            findMissing();
            markUnread(facts.latestEntries);
        }
    }

    /** The days of the window each entry that is not complete reaches into (not only touches at midnight). */
    private void markUnread(List<CollectorEntry> entries) {
        for (CollectorEntry e : entries) {
            // an event-history window wholly older than 90 days is said by the days beyond the history
            boolean beyond = "lookup".equals(e.collector()) && e.to() != null && e.to().isBefore(now.minus(HISTORY));
            if (!regions.contains(e.region()) || !e.couldNotRead() || beyond) {
                continue;
            }
            TreeMap<LocalDate, String> days = unread.computeIfAbsent(e.region(), k -> new TreeMap<>());
            for (LocalDate d : daysOf(e)) {
                days.merge(d, e.collector() + " " + e.status().label(), (a, b) -> a.equals(b) ? a : a + "; " + b);
            }
            if (days.isEmpty()) {
                unread.remove(e.region());
            }
        }
    }

    private void classify(StoreFacts facts, Set<String> asked) {
        facts.regions.keySet().stream().filter(r -> !r.isEmpty()).forEach(inUse::add);
        Map<String, Boolean> latestNotEnabled = new HashMap<>();
        for (CollectorEntry e : facts.latestEntries) {
            if ("lookup".equals(e.collector()) && e.region() != null) {
                latestNotEnabled.merge(e.region(), e.status() == Coverage.Status.NOT_ENABLED, Boolean::logicalAnd);
            }
        }
        latestNotEnabled.forEach((r, off) -> {
            if (off) {
                notEnabled.add(r);
            }
        });
        if (facts.lookupEnabled.isEmpty()) {
            enabled.addAll(DefaultRegions.ENABLED);
        } else {
            enabled.addAll(facts.lookupEnabled);
        }
        enabled.addAll(facts.entryRegions);
        enabled.removeAll(notEnabled);
        Set<String> candidates = new HashSet<>(enabled);
        candidates.addAll(asked);
        Set<String> windowRegions = new HashSet<>();
        facts.readCompletely.forEach(i -> windowRegions.add(i.region()));
        for (String r : candidates) {
            if (!r.isEmpty() && !inUse.contains(r) && !windowRegions.contains(r) && !facts.entryRegions.contains(r)
                    && (asked.isEmpty() || asked.contains(r))) {
                neverCollected.add(r);
            }
        }
    }

    private static LocalDate storeFirstDay(StoreFacts facts) {
        LocalDate first = facts.firstEventDay();
        for (StoreFacts.Interval i : facts.readCompletely) {
            if (i.from() != null && (first == null || day(i.from()).isBefore(first))) {
                first = day(i.from());
            }
        }
        return first;
    }

    private void markRead(List<StoreFacts.Interval> intervals) {
        for (StoreFacts.Interval i : intervals) {
            if (!regions.contains(i.region())) {
                continue;
            }
            LocalDate from = i.from() == null || day(i.from()).isBefore(firstDay) ? firstDay : day(i.from());
            LocalDate to = i.to() == null || day(i.to()).isAfter(lastDay) ? lastDay : day(i.to());
            Set<LocalDate> read = ("lookup".equals(i.collector()) ? historyRead : listed)
                    .computeIfAbsent(i.region(), k -> new HashSet<>());
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                read.add(d);
            }
        }
    }

    /**
     * The days of the window the entry's own window reaches into (not only touches at midnight); open ends reach
     * to the window's; none when there is no day to look at.
     */
    List<LocalDate> daysOf(CollectorEntry e) {
        if (firstDay == null) {
            return List.of();
        }
        LocalDate from = e.from() == null || day(e.from()).isBefore(firstDay) ? firstDay : day(e.from());
        LocalDate to = e.to() == null ? lastDay : e.lastDay();
        to = to.isAfter(lastDay) ? lastDay : to;
        List<LocalDate> out = new java.util.ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            out.add(d);
        }
        return out;
    }

    private void findMissing() {
        unreadDays.forEach((r, days) -> days.stream().filter(d -> (asked.isEmpty() || asked.contains(r))
                && !d.isBefore(firstDay) && !d.isAfter(lastDay))
                .forEach(d -> lakeUnread.computeIfAbsent(r, k -> new TreeSet<>()).add(d)));
        for (String r : regions) {
            for (LocalDate d = firstDay; !d.isAfter(lastDay); d = d.plusDays(1)) {
                if (held(r, d) || lakeUnread.getOrDefault(r, new TreeSet<>()).contains(d)) {
                    continue;
                }
                StoreFacts.DayCount c = wholeDay(r, d);
                if (c != null && c.trailFiles() > 0) {
                    carriedOver.computeIfAbsent(r, k -> new TreeSet<>()).add(d);
                    continue;
                }
                if (d.isBefore(firstRecentDay)) {
                    if (inUse.contains(r)) {
                        beyondHistory.computeIfAbsent(r, k -> new TreeSet<>()).add(d);
                    }
                } else if (!notEnabled.contains(r)) {
                    historyNotCollected.computeIfAbsent(r, k -> new TreeSet<>()).add(d);
                }
            }
        }
    }

    /**
     * Whether the region's day is held (events of a trail file or the event history, or read completely), and none of
     * its events are in a lake file the store cannot read.
     */
    boolean held(String region, LocalDate day) {
        StoreFacts.DayCount c = wholeDay(region, day);
        if (unreadDays.getOrDefault(region, Set.of()).contains(day)) {
            return false;
        }
        boolean ownFiles = c != null && c.trailFiles() > 0 && !onlyCarriedOver.getOrDefault(region, Set.of())
                .contains(day);
        return historyRead.getOrDefault(region, Set.of()).contains(day) || listed.getOrDefault(region, Set.of())
                .contains(day) || ownFiles || c != null && c.eventHistory() > 0;
    }

    /** Whether every day of the window is {@link #held} in the region (false for a window of no day). */
    boolean heldThroughout(String region) {
        if (firstDay == null) {
            return false;
        }
        for (LocalDate d = firstDay; !d.isAfter(lastDay); d = d.plusDays(1)) {
            if (!held(region, d)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The region's events of the whole day, also when the window holds the day in part (whether a day is held is
     * told by all of it), or null when it has none.
     */
    StoreFacts.DayCount wholeDay(String region, LocalDate day) {
        return partDays.whole(region, day, count(region, day));
    }

    /** The region's events of the day in the window, or null when it has none. */
    StoreFacts.DayCount count(String region, LocalDate day) {
        TreeMap<LocalDate, StoreFacts.DayCount> byDay = counts.get(region);
        return byDay == null ? null : byDay.get(day);
    }

    static LocalDate day(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC);
    }
}
