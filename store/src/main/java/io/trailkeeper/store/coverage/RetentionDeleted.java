package io.trailkeeper.store.coverage;

import io.trailkeeper.store.EventSearch;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The days prune's total retention deleted from the lake (table {@code lake_pruned}: a moved partition marked removed,
 * none of that account, region and day moved since). Their events are in no answer: an answer over a window that
 * reaches them would otherwise start at the retention's first day as if nothing had been done before it (a key's
 * first use 14 months ago, deleted at 400 days, left its second as its first, the network no longer new).
 */
final class RetentionDeleted {
    private static final String ROWS = """
            SELECT date, account, region, rows FROM lake_pruned p
            WHERE removed_at IS NOT NULL AND date >= ? AND date <= ?
              AND NOT EXISTS (SELECT 1 FROM lake_pruned q WHERE q.removed_at IS NULL AND q.account = p.account
                              AND q.region = p.region AND q.date = p.date)
            QUALIFY row_number() OVER (PARTITION BY account, region, date ORDER BY removed_at DESC, lake) = 1
            ORDER BY date, account, region""";
    private static final int RANGES = 3;

    private RetentionDeleted() {
    }

    /** The gap of the deleted days in [since, until] (nulls: unbounded) of {@code regions} (empty: any). */
    static Optional<CoverageGap> gap(EventSearch search, Instant since, Instant until, Set<String> regions) {
        boolean[] kept = {false};
        StoreFacts.rows(search, "SELECT 1 FROM duckdb_tables() WHERE table_name = 'lake_pruned'"
                + " AND database_name = current_database()", List.of(), v -> kept[0] = true);
        if (!kept[0]) {
            return Optional.empty(); // nothing was ever moved
        }
        TreeSet<LocalDate> days = new TreeSet<>();
        TreeSet<String> accounts = new TreeSet<>();
        TreeSet<String> where = new TreeSet<>();
        long[] counts = {0, 0};
        StoreFacts.rows(search, ROWS, List.of(day(since, "0000-01-01"), day(until, "9999-12-31")), v -> {
            if (regions.isEmpty() || regions.contains((String) v.get(2))) {
                days.add(LocalDate.parse((String) v.get(0)));
                accounts.add((String) v.get(1));
                where.add((String) v.get(2));
                counts[0]++;
                counts[1] += ((Number) v.get(3)).longValue();
            }
        });
        return days.isEmpty() ? Optional.empty()
                : Optional.of(gap(DayRange.of(days), accounts, new ArrayList<>(where), counts[0], counts[1]));
    }

    private static CoverageGap gap(List<DayRange> ranges, Set<String> accounts, List<String> regions,
                                   long partitions, long events) {
        String said = String.join(", ", ranges.subList(0, Math.min(RANGES, ranges.size())).stream()
                .map(DayRange::toString).toList()) + (ranges.size() > RANGES ? " and " + (ranges.size() - RANGES)
                + " more" : "");
        String brief = String.format(Locale.ROOT, "prune's total retention deleted %,d %s (%,d %s) of %s from the"
                + " lake (%s; %s): what was done on those days is in no answer", partitions, partitions == 1
                ? "partition" : "partitions", events, events == 1 ? "event" : "events", said,
                accounts.size() == 1 ? "account " + accounts.iterator().next() : accounts.size() + " accounts",
                String.join(", ", regions));
        DayRange all = new DayRange(ranges.get(0).first(), ranges.get(ranges.size() - 1).last());
        String fix = "trailkeeper collect s3 --bucket BUCKET --since " + all.first() + " --until " + all.last();
        String sentence = brief + "; the trail's own files, where the bucket still keeps them, can be read again (`"
                + fix + "`, or `trailkeeper ingest` them), and a hold (retention.holds in the config file) keeps a"
                + " case's days from the next prune.";
        return new CoverageGap(CoverageGap.Kind.RETENTION_DELETED, regions, ranges, "", brief, sentence, fix);
    }

    private static String day(Instant t, String none) {
        return t == null ? none : t.atZone(ZoneOffset.UTC).toLocalDate().toString();
    }
}
