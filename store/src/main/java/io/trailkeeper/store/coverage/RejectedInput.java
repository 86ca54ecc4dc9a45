package io.trailkeeper.store.coverage;

import io.trailkeeper.store.EventSearch;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Input read but not stored whole: the files of {@code ingest_problems} rows whose outcome is REJECTED (a file cut
 * short or damaged after some records, a record refused), as of each file's latest reading (a file's checkpoint,
 * an S3 object's, or its problems), so that a good copy loaded since under the same name, or an object replaced
 * and collected again, closes it. Their lost records are in no answer; no time is known for them, but a file named
 * as CloudTrail names its files ({@code ACCOUNT_CloudTrail_REGION_20260304T2230Z_...}) holds only events of that
 * region recorded before that minute ended (CloudTrail delivers late, never early): it is left out of the answers of
 * a window that starts after it, or of other regions only.
 */
final class RejectedInput {
    private static final String FILES = """
            WITH latest AS (
                SELECT source_name, max(run_id) AS run_id
                FROM (SELECT source_name, run_id FROM source_files
                      {{s3}}
                      UNION ALL SELECT source_name, run_id FROM ingest_problems)
                GROUP BY source_name
            )
            SELECT p.source_name, count(*) AS problems
            FROM ingest_problems p JOIN latest l ON l.source_name = p.source_name AND l.run_id = p.run_id
            WHERE p.outcome = 'REJECTED'
            GROUP BY p.source_name
            ORDER BY p.source_name""";
    private static final int NAMED = 3;

    private RejectedInput() {
    }

    private static final Pattern NAME = Pattern.compile(
            "(?:^|/)[0-9]{12}_CloudTrail_([a-z0-9-]+)_([0-9]{8}T[0-9]{4}Z)_[^/]*$");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter
            .ofPattern("yyyyMMdd'T'HHmmX").withZone(ZoneOffset.UTC);

    /**
     * The files not stored whole that may hold events of [since, ...) in {@code regions} (null: from the first; empty:
     * every region).
     *
     * @param s3Objects whether the store has the collectors' tables, s3_objects among them ({@link
     *                  StoreFacts#collectorTables}: the same schema version)
     */
    static Optional<CoverageGap> gap(EventSearch search, boolean s3Objects, Instant since, Set<String> regions) {
        List<String> files = new ArrayList<>();
        long[] problems = {0};
        String sql = FILES.replace("{{s3}}", s3Objects
                ? "UNION ALL SELECT 's3://' || bucket || '/' || key, run_id FROM s3_objects" : "");
        StoreFacts.rows(search, sql, List.of(), values -> {
            String name = String.valueOf(values.get(0));
            if (mayHold(name, since, regions)) {
                files.add(name);
                problems[0] += ((Number) values.get(1)).longValue();
            }
        });
        if (files.isEmpty()) {
            return Optional.empty();
        }
        boolean one = files.size() == 1;
        String named = String.join(", ", files.subList(0, Math.min(NAMED, files.size())))
                + (files.size() > NAMED ? " and " + (files.size() - NAMED) + " more" : "");
        String brief = files.size() + (one ? " input file was" : " input files were") + " not stored whole ("
                + named + "): " + (one ? "its" : "their") + " lost records are in no answer";
        String list = "trailkeeper query --sql \"SELECT * FROM ingest_problems WHERE outcome = 'REJECTED'\"";
        String sentence = String.format(Locale.ROOT, "%d %s (%s) could not be stored whole: %d %s (a file cut short"
                        + " or damaged, a record refused) left records out of the store, and no answer holds them;"
                        + " `%s` says what and where; load a good copy (`trailkeeper ingest FILE`, or `trailkeeper"
                        + " collect s3` once the object is replaced) to close it.", files.size(),
                one ? "input file" : "input files", named, problems[0], problems[0] == 1 ? "problem" : "problems", list);
        return Optional.of(new CoverageGap(CoverageGap.Kind.INPUT_REJECTED, List.of(), List.of(), "", brief,
                sentence, list));
    }

    /** Whether a file of this name may hold events of the window's regions from {@code since} on. */
    private static boolean mayHold(String name, Instant since, Set<String> regions) {
        Matcher m = NAME.matcher(name);
        if (!m.find()) {
            return true; // not named by CloudTrail: any region, any time
        }
        if (!regions.isEmpty() && !regions.contains(m.group(1))) {
            return false;
        }
        Instant delivered;
        try {
            delivered = Instant.from(MINUTE.parse(m.group(2)));
        } catch (DateTimeParseException e) {
            return true;
        }
        return since == null || since.isBefore(delivered.plusSeconds(60));
    }
}
