package io.trailkeeper.store.coverage;

import io.trailkeeper.store.EventSearch;
import io.trailkeeper.store.VerifyFindings;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The log files {@code verify --keep} found deleted, altered or inserted after CloudTrail delivered them (table
 * {@code verify_findings}, as of each file's latest verification). A deleted file's records are in no answer and no
 * bucket holds them any more, unless the store read it before (told as an altered file is); an altered or inserted
 * file's records are in the store but are not proven CloudTrail's:
 * an intruder who edits a log file hides a call, or makes one look like someone else's. A file named as CloudTrail names
 * its files holds only events of its region recorded before its delivery minute ended: it is told for windows that
 * start before then and that ask about its region.
 */
final class TamperedLogs {
    /*
     * The events are counted per source once, then matched to the files: a count of events per file kept scanned the
     * events once per file (50 files on the 2.1 million event store: 3.3 s in every answer, now 0.1 s).
     */
    private static final String ROWS = """
            WITH per_source AS (
                SELECT source_name, count(*) AS n FROM events
                WHERE EXISTS (SELECT 1 FROM verify_findings) GROUP BY source_name)
            SELECT f.bucket, f.key, f.region, f.delivered_at, f.verdict,
                   (SELECT coalesce(sum(p.n), 0) FROM per_source p
                    WHERE p.source_name = 's3://' || f.bucket || '/' || f.key OR ends_with(p.source_name, '/' || f.key))
            FROM verify_findings f
            ORDER BY f.delivered_at NULLS FIRST, f.region, f.key""";
    private static final int NAMED = 3;

    private TamperedLogs() {
    }

    /** One file as kept. */
    private record Row(String bucket, String key, String region, Instant delivered, String verdict, long stored) {
        String named() {
            return "s3://" + bucket + "/" + key + (delivered == null ? "" : " (" + region + ", delivered "
                    + delivered + ")");
        }
    }

    /** The gaps (deleted files; altered or inserted files) that may concern [since, ...) in {@code regions}. */
    static List<CoverageGap> gaps(EventSearch search, Instant since, Set<String> regions) {
        boolean[] kept = {false};
        StoreFacts.rows(search, "SELECT 1 FROM duckdb_tables() WHERE table_name = 'verify_findings'"
                + " AND database_name = current_database()", List.of(), v -> kept[0] = true);
        if (!kept[0]) {
            return List.of(); // a store of schema version 14 or older opened for reading
        }
        List<Row> deleted = new ArrayList<>();
        List<Row> untrusted = new ArrayList<>();
        StoreFacts.rows(search, ROWS, List.of(), v -> {
            Row r = new Row((String) v.get(0), (String) v.get(1), (String) v.get(2), instant(v.get(3)),
                    (String) v.get(4), ((Number) v.get(5)).longValue());
            if (mayHold(r, since, regions)) {
                // a deleted file the store read before its deletion: its records are in the answers, unproven
                (VerifyFindings.DELETED.equals(r.verdict) && r.stored == 0 ? deleted : untrusted).add(r);
            }
        });
        List<CoverageGap> out = new ArrayList<>();
        if (!deleted.isEmpty()) {
            out.add(deleted(deleted));
        }
        if (!untrusted.isEmpty()) {
            out.add(untrusted(untrusted));
        }
        return out;
    }

    private static CoverageGap deleted(List<Row> rows) {
        boolean one = rows.size() == 1;
        String brief = String.format(Locale.ROOT, "%,d trail log %s deleted after CloudTrail delivered %s (verify"
                + " found %s missing though a signed digest lists %s: %s): %s records are in no answer",
                rows.size(), one ? "file was" : "files were", one ? "it" : "them", one ? "it" : "them",
                one ? "it" : "them", named(rows), one ? "its" : "their");
        Row first = rows.get(0);
        String fix = first.delivered == null ? "trailkeeper collect lookup"
                : "trailkeeper collect lookup --regions " + lookupRegions(rows) + " --since "
                + first.delivered.minus(1, ChronoUnit.HOURS) + " --until " + rows.get(rows.size() - 1).delivered;
        String sentence = brief + "; no copy of the bucket holds them now, and what was done in those hours of those"
                + " regions cannot be told from the trail's files. A file holds its region's events recorded before the"
                + " minute it was delivered, most of them in the quarter-hour before; CloudTrail's event history still"
                + " holds their management events for 90 days: `" + fix + "` fetches the hour before each delivery"
                + " (its data events are lost). "
                + "`trailkeeper query --sql \"SELECT * FROM verify_findings\"` lists them with the digest that lists each.";
        return new CoverageGap(CoverageGap.Kind.LOG_TAMPERED, regions(rows), List.of(), "deleted", brief, sentence,
                fix);
    }

    private static CoverageGap untrusted(List<Row> rows) {
        boolean one = rows.size() == 1;
        long stored = rows.stream().mapToLong(Row::stored).sum();
        String verdicts = String.join(", ", new TreeSet<>(rows.stream().map(Row::verdict).toList()));
        String brief = String.format(Locale.ROOT, "%,d trail log %s not as CloudTrail delivered %s (%s: %s): the"
                + " store's %,d %s from %s may be forged or edited, and calls may have been removed from %s",
                rows.size(), one ? "file is" : "files are", one ? "it" : "them", verdicts, named(rows), stored,
                stored == 1 ? "record" : "records", one ? "it" : "them", one ? "it" : "them");
        String sentence = brief + ": an altered file can hide a call or make one look like another principal's. "
                + "Do not rely on those records; CloudTrail's event history still holds the management events of"
                + " those times for 90 days (`trailkeeper collect lookup --regions " + lookupRegions(rows)
                + " --since ... --until ...`, then compare). `trailkeeper query --sql \"SELECT event_time, event_name,"
                + " principal_arn, source_ip FROM events WHERE ends_with(source_name, '/" + rows.get(0).key
                + "')\"` lists " + (one ? "its" : "the first one's") + " stored records.";
        return new CoverageGap(CoverageGap.Kind.LOG_TAMPERED, regions(rows), List.of(), "altered", brief, sentence,
                "trailkeeper collect lookup");
    }

    private static List<String> regions(List<Row> rows) {
        return new ArrayList<>(new TreeSet<>(rows.stream().map(r -> r.region == null ? "?" : r.region).toList()));
    }

    /**
     * The regions for collect lookup's --regions: all of them when a file's region is not known (a file not named as
     * CloudTrail names its files, an inserted one say), which the gap's regions show as "?".
     */
    private static String lookupRegions(List<Row> rows) {
        List<String> regions = regions(rows);
        return regions.contains("?") ? "all" : String.join(",", regions);
    }

    private static String named(List<Row> rows) {
        List<String> names = rows.stream().limit(NAMED).map(Row::named).toList();
        return String.join(", ", names)
                + (rows.size() > NAMED ? String.format(Locale.ROOT, " and %,d more", rows.size() - NAMED) : "");
    }

    /** Whether a file delivered then may hold events of the window's regions from {@code since} on. */
    private static boolean mayHold(Row r, Instant since, Set<String> regions) {
        if (!regions.isEmpty() && r.region != null && !regions.contains(r.region)) {
            return false;
        }
        return since == null || r.delivered == null || since.isBefore(r.delivered.plusSeconds(60));
    }

    private static Instant instant(Object v) {
        return v == null ? null : v instanceof LocalDateTime t ? t.toInstant(ZoneOffset.UTC) : (Instant) v;
    }
}
