package io.trailkeeper.report.incident;

import io.trailkeeper.events.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Incident reports built in the tests: a plausible one, and one whose every string is an attack. */
final class IncidentFixtures {
    static final Instant SINCE = Instant.parse("2026-03-02T00:00:00Z");
    static final Instant GENERATED = Instant.parse("2026-03-04T09:15:00Z");
    static final List<String> REGIONS = List.of("us-east-1", "eu-west-1", "ap-southeast-2");

    /** Payloads an attacker can put in a user name, an agent, a request parameter or a region name. */
    static final List<String> PAYLOADS = List.of(
            "<script>window.__pwned=1</script>",
            "\"><img src=x onerror=\"window.__pwned=2\">",
            "</script><script>window.__pwned=3</script>",
            "'><svg onload='window.__pwned=4'></svg>",
            "<iframe src=\"javascript:window.parent.__pwned=5\"></iframe>",
            "javascript:window.__pwned=6",
            "{{7*7}} ${7*7} <!-- x --> ]]> \u2028line\u2029para",
            "| cell | [link](javascript:alert(1)) `code` *bold* _em_ \\ # h\nsecond line");

    private IncidentFixtures() {
    }

    /** Two days of hourly buckets with a burst of activity from one key in three regions. */
    static IncidentReport sample() {
        List<IncidentReport.TimeBucket> timeline = new ArrayList<>();
        List<IncidentReport.RegionBucket> regions = new ArrayList<>();
        for (int h = 0; h < 48; h++) {
            Instant start = SINCE.plus(Duration.ofHours(h));
            long events = h % 11 == 4 ? 0 : 20 + (h * 37L) % 90 + (h >= 30 && h <= 33 ? 400 : 0);
            timeline.add(new IncidentReport.TimeBucket(start, events, events / 9, events / 4, h == 31 ? 3 : 0));
            for (int r = 0; r < REGIONS.size() && events > 0; r++) {
                if (r == 0 || (h + r) % 3 == 0 || h >= 30 && h <= 33) {
                    regions.add(new IncidentReport.RegionBucket(REGIONS.get(r), start, events / (r + 1)));
                }
            }
        }
        Instant burst = SINCE.plus(Duration.ofHours(31));
        return new IncidentReport("Incident INC-4711: leaked key AKIAEXAMPLEKEY000001", GENERATED, SINCE,
                SINCE.plus(Duration.ofHours(48)), List.of("actor: arn:aws:iam::111122223333:user/ci-deploy"),
                List.of("9,412 events in 3 regions from 2 principals.",
                        "AccessDenied burst from 203.0.113.77 at 2026-03-03 07:00 UTC (enumeration)."),
                Duration.ofHours(1), timeline, regions,
                table("principals", List.of("principal", "events", "errors"),
                        row("arn:aws:iam::111122223333:user/ci-deploy", 8100L, 640L),
                        row("arn:aws:sts::111122223333:assumed-role/Admin/ci", 1312L, 2L)),
                table("ips", List.of("source_ip", "events", "user_agent"),
                        row("203.0.113.77", 7000L, "aws-cli/2.15.0 Python/3.11"),
                        row("198.51.100.23", 2412L, "Boto3/1.34.0")),
                table("calls", List.of("event_source", "event_name", "events", "errors"),
                        row("s3.amazonaws.com", "ListBuckets", 3011L, 2900L),
                        row("iam.amazonaws.com", "CreateAccessKey", 4L, 0L)),
                table("detections", List.of("time", "rule", "level", "author", "principal", "call", "region"),
                        row(burst, "AWS Enumeration Burst", "high", List.of("Jane Doe", "John Roe"),
                                "arn:aws:iam::111122223333:user/ci-deploy", "ListBuckets", "us-east-1")),
                table("findings", List.of("check", "outcome", "resource", "region"),
                        row("cloudtrail_multi_region_enabled", "FAIL", "trail/main", "us-east-1"),
                        row("s3_bucket_object_lock", "UNKNOWN", "bucket/trail-logs", "eu-west-1")),
                table("coverage", List.of("region", "sources", "events", "first_day", "last_day", "status"),
                        row("us-east-1", "trail files, event history", 6000L, "2026-03-02", "2026-03-03", "complete"),
                        row("ap-southeast-2", "event history", 900L, "2026-03-02", "2026-03-03", "denied")),
                List.of("Region sa-east-1 was never collected.", "No S3 data events in the store."));
    }

    /** A report whose every string (title, filters, summary, table cells and columns, regions, gaps) attacks. */
    static IncidentReport hostile() {
        List<IncidentReport.TimeBucket> timeline = new ArrayList<>();
        List<IncidentReport.RegionBucket> regions = new ArrayList<>();
        for (int d = 0; d < 6; d++) {
            Instant start = SINCE.plus(Duration.ofDays(d));
            timeline.add(new IncidentReport.TimeBucket(start, 10 + d, d, 2, d % 2));
            for (int p = 0; p < PAYLOADS.size(); p++) {
                regions.add(new IncidentReport.RegionBucket(PAYLOADS.get(p), start, 1 + p + d));
            }
        }
        return new IncidentReport(String.join(" ", PAYLOADS), GENERATED, SINCE, SINCE.plus(Duration.ofDays(6)),
                PAYLOADS, PAYLOADS, Duration.ofDays(1), timeline, regions,
                hostileTable("principals"), hostileTable("ips"), hostileTable("calls"), hostileTable("detections"),
                hostileTable("findings"), hostileTable("coverage"), PAYLOADS);
    }

    private static Table hostileTable(String name) {
        List<List<Object>> rows = new ArrayList<>();
        for (String p : PAYLOADS) {
            rows.add(List.of(p, 1L, List.of(p, p), p));
        }
        return new Table(name, List.of("<b>" + name + "</b>", "events", "outcome", "\"status\"<svg>"), rows);
    }

    static Table table(String name, List<String> columns, List<?>... rows) {
        List<List<Object>> list = new ArrayList<>();
        for (List<?> row : rows) {
            list.add(new ArrayList<>(row));
        }
        return new Table(name, columns, list);
    }

    static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }
}
