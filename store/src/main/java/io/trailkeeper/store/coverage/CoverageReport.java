package io.trailkeeper.store.coverage;

import io.trailkeeper.events.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the store can answer for over a window, per region and day, and what it cannot: the gaps, each in one
 * plain sentence. Made by {@link CoverageAnalysis#report}.
 *
 * @param since         the window's start as asked, or null (the store's first day)
 * @param until         the window's end as asked, or null (now)
 * @param asOf          the clock's time when the report was made: the 90-day event history is counted from it
 * @param firstDay      the first day looked at, or null when there is none (an empty store)
 * @param lastDay       the last day looked at, or null
 * @param events        events in the window (of the regions looked at)
 * @param dataEvents    of which data events
 * @param eventsWithoutTime events in the store whose record has no readable time (outside every window)
 * @param regions       one entry per region: those with events, those known to be enabled, those asked about
 * @param days          one entry per region and day with events, read by a collector, or missing
 * @param coverageGaps  the gaps, most urgent first
 */
public record CoverageReport(Instant since, Instant until, Instant asOf, LocalDate firstDay, LocalDate lastDay,
                             long events, long dataEvents, long eventsWithoutTime, List<RegionCoverage> regions,
                             List<RegionDay> days, List<CoverageGap> coverageGaps) {
    public CoverageReport {
        regions = List.copyOf(regions);
        days = List.copyOf(days);
        coverageGaps = List.copyOf(coverageGaps);
    }

    /** The gaps, one plain sentence each (what is missing, what it means, what closes it). */
    public List<String> gaps() {
        return coverageGaps.stream().map(CoverageGap::sentence).toList();
    }

    /** Whether nothing is missing. */
    public boolean complete() {
        return coverageGaps.isEmpty();
    }

    /** Whether the store holds nothing at all. */
    public boolean empty() {
        return coverageGaps.stream().anyMatch(g -> g.kind() == CoverageGap.Kind.EMPTY_STORE);
    }

    /** The tables, in the order they are shown: summary, regions, gaps, days. */
    public List<Table> sections() {
        return List.of(summaryTable(), regionTable(), gapTable(), dayTable());
    }

    /** One line: the window, the regions, the events, how many gaps. */
    public String summary() {
        if (empty()) {
            return "the store is empty: load events with `trailkeeper ingest PATH` or `trailkeeper collect auto`";
        }
        String window = firstDay == null ? "no day to look at" : new DayRange(firstDay, lastDay) + " ("
                + count(new DayRange(firstDay, lastDay).days(), "day") + ")";
        long n = coverageGaps.size();
        return window + ", " + count(regions.stream().filter(r -> !r.region().isEmpty()).count(), "region") + ": "
                + count(events, "event") + ", " + count(dataEvents, "data event") + "; "
                + (n == 0 ? "no gaps" : count(n, "gap"));
    }

    private static String count(long n, String noun) {
        return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
    }

    /** One row: the window, what is in it, how many gaps. */
    public Table summaryTable() {
        List<Object> row = new ArrayList<>();
        row.add(firstDay == null ? null : firstDay.toString());
        row.add(lastDay == null ? null : lastDay.toString());
        row.add(asOf);
        row.add(regions.stream().filter(r -> !r.region().isEmpty()).count());
        row.add(events);
        row.add(dataEvents);
        row.add(eventsWithoutTime);
        row.add((long) coverageGaps.size());
        return new Table("summary", List.of("first_day", "last_day", "as_of", "regions", "events", "data_events",
                "events_without_time", "gaps"), List.of(row));
    }

    /** Per region: status, events, the days held from each source (as ranges), the collectors' latest entries. */
    public Table regionTable() {
        List<List<Object>> rows = new ArrayList<>();
        for (RegionCoverage r : regions) {
            List<Object> row = new ArrayList<>();
            row.add(r.region().isEmpty() ? "(none)" : r.region());
            row.add(r.status());
            row.add(r.events());
            row.add(r.dataEvents());
            row.add(cell(r.trailFiles()));
            row.add(cell(r.eventHistory()));
            row.add(cell(r.otherFiles()));
            row.add(r.missingDays());
            row.add(String.join("; ", r.collectors()));
            rows.add(row);
        }
        return new Table("regions", List.of("region", "status", "events", "data_events", "trail_files",
                "event_history", "other_files", "missing_days", "collectors"), rows);
    }

    /** The gaps: kind, regions, days, status, the sentence, the fix. */
    public Table gapTable() {
        List<List<Object>> rows = new ArrayList<>();
        for (CoverageGap g : coverageGaps) {
            rows.add(List.of(g.kind().label(), List.copyOf(g.regions()),
                    g.days().stream().map(d -> (Object) d.toString()).toList(), g.status(), g.sentence(), g.fix()));
        }
        return new Table("gaps", List.of("kind", "regions", "days", "status", "gap", "fix"), rows);
    }

    /** Every region and day with events, read by a collector, or missing. */
    public Table dayTable() {
        List<List<Object>> rows = new ArrayList<>();
        for (RegionDay d : days) {
            rows.add(List.of(d.region().isEmpty() ? "(none)" : d.region(), d.day().toString(), d.events(),
                    d.dataEvents(), d.trailFileEvents(), d.eventHistoryEvents(), d.otherFileEvents(), d.historyRead(),
                    d.listed(), d.missing(), String.join(",", d.accountsMissing()), d.unread()));
        }
        return new Table("days", List.of("region", "day", "events", "data_events", "trail_file_events",
                "event_history_events", "other_file_events", "history_read", "listed", "missing", "accounts_missing",
                "unread"), rows);
    }

    /**
     * {@code 365 days: 2025-11-01..2026-10-31}, or for scattered days {@code 93 days in 71 ranges, 2025-11-02..
     * 2026-10-30} (the ranges themselves are in the days table); empty when none.
     */
    private static String cell(List<DayRange> ranges) {
        if (ranges.isEmpty()) {
            return "";
        }
        long days = ranges.stream().mapToLong(DayRange::days).sum();
        String span = new DayRange(ranges.get(0).first(), ranges.get(ranges.size() - 1).last()).toString();
        return days + (days == 1 ? " day" : " days") + (ranges.size() == 1 ? ": " : " in " + ranges.size()
                + " ranges, ") + span;
    }
}
