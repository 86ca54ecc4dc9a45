package io.trailkeeper.cli;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import io.trailkeeper.report.incident.IncidentReport;
import io.trailkeeper.store.EventQuery;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.ReportQueries;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills an {@link IncidentReport} from the store: the aggregates come from SQL ({@link ReportQueries}), the
 * detections from one pass of the bundled rules over the window's records, the findings from the newest kept
 * account snapshots, the coverage and gaps from the store's coverage analysis.
 */
final class IncidentReportBuilder {
    /** Windows up to this long are drawn by the hour, longer ones by the day. */
    static final Duration HOURLY_UP_TO = Duration.ofDays(14);
    static final int TOP = 10;

    private final EventStore store;
    private final Clock clock;
    private final PrintWriter err;
    private final ReportQueries queries;

    /** What the user narrowed the report to; each part optional. */
    record Filters(String actor, String accessKey, String ip, List<String> regions) {
        Filters {
            regions = regions == null ? List.of() : List.copyOf(regions);
        }

        EventQuery query(Instant since, Instant until) {
            return new EventQuery(since, until, regions, null, null, actor, accessKey, ip, null, null, null, null,
                    null);
        }

        /** As the report shows them: "actor: alice". */
        List<String> describe() {
            List<String> out = new ArrayList<>();
            if (actor != null) {
                out.add("actor: " + actor);
            }
            if (accessKey != null) {
                out.add("access key: " + accessKey);
            }
            if (ip != null) {
                out.add("source IP: " + ip);
            }
            if (!regions.isEmpty()) {
                out.add("region: " + String.join(", ", regions));
            }
            return out;
        }
    }

    /**
     * The window the report covers, the width of its buckets, and how many events the filters select that have
     * no readable time (outside every window, so left out).
     */
    record Window(Instant since, Instant until, Duration bucket, long withoutTime) {
    }

    IncidentReportBuilder(EventStore store, Clock clock, PrintWriter err) {
        this.store = store;
        this.clock = clock;
        this.err = err;
        this.queries = new ReportQueries(store);
    }

    /**
     * The window: the ends given, else the span of the events the filters select (else of every event).
     *
     * @throws TrailKeeperException when the store holds no event at all
     */
    Window window(Instant since, Instant until, Filters filters) {
        ReportQueries.Span all = queries.span(EventQuery.all());
        if (all.events() == 0) {
            throw new TrailKeeperException(ErrorCode.STORE_MISSING, "the store " + store.path() + " holds no events,"
                    + " so there is nothing to report", "load events first: `trailkeeper ingest PATH...` (trail files,"
                    + " folders, LookupEvents output) or `trailkeeper collect auto` (from AWS)");
        }
        ReportQueries.Span matching = queries.span(filters.query(since, until));
        long withoutTime = queries.span(filters.query(null, null)).withoutTime();
        Instant to = until != null ? until : matching.last() != null ? matching.last()
                : since != null ? clock.instant() : first(all.last(), clock.instant());
        Instant from = since != null ? since : matching.first() != null ? matching.first()
                : first(all.first(), to.minus(Duration.ofDays(1)));
        if (from.isAfter(to) && since == null) {
            from = to.minus(Duration.ofDays(1)); // no event matches before the end given
        }
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("the window starts (" + ReportText.time(from) + ") after it ends ("
                    + ReportText.time(to) + "); check --since and --until");
        }
        Duration bucket = Duration.between(from, to).compareTo(HOURLY_UP_TO) <= 0 ? Duration.ofHours(1)
                : Duration.ofDays(1);
        return new Window(from, to, bucket, withoutTime);
    }

    IncidentReport build(Window w, Filters filters) {
        EventQuery q = filters.query(w.since(), w.until());
        ReportQueries.Totals totals = queries.totals(q);
        ReportDetections detections = ReportDetections.run(store, filters, w, err);
        ReportFindings findings = ReportFindings.of(store);
        ReportCoverage coverage = ReportCoverage.of(store, clock, w.since(), w.until(), filters.regions());
        List<String> summary = IncidentSummary.sentences(totals, w.withoutTime(), filters.describe(),
                queries.namedCalls(q, IncidentSummary.TOLD_CALLS), queries.serviceGrants(q),
                queries.scheduledDeletions(q), queries.computeAbuse(q), queries.dataReads(q), detections, findings,
                coverage);
        List<IncidentReport.RegionBucket> cells = queries.regionBuckets(q, w.bucket()).stream()
                .map(c -> new IncidentReport.RegionBucket(c.region(), c.start(), c.events())).toList();
        return new IncidentReport(title(totals), clock.instant(), w.since(), w.until(), filters.describe(), summary,
                w.bucket(), timeline(q, w, detections), cells, queries.topPrincipals(q, TOP), queries.topIps(q, TOP),
                queries.topCalls(q, TOP), detections.table(), findings.table(), coverage.table(), coverage.gaps());
    }

    /** Every bucket of the window, empty ones too, so the chart shows quiet time as quiet. */
    private List<IncidentReport.TimeBucket> timeline(EventQuery q, Window w, ReportDetections detections) {
        Map<Instant, ReportQueries.Bucket> counted = new HashMap<>();
        queries.timeline(q, w.bucket()).forEach(b -> counted.put(b.start(), b));
        List<IncidentReport.TimeBucket> out = new ArrayList<>();
        Instant last = ReportDetections.bucketStart(w.until(), w.bucket());
        Instant first = ReportDetections.bucketStart(w.since(), w.bucket());
        for (Instant t = first; !t.isAfter(last); t = t.plus(w.bucket())) {
            ReportQueries.Bucket b = counted.get(t);
            out.add(b == null ? new IncidentReport.TimeBucket(t, 0, 0, 0, detections.inBucket(t))
                    : new IncidentReport.TimeBucket(t, b.events(), b.errors(), b.writes(), detections.inBucket(t)));
        }
        return out;
    }

    private static String title(ReportQueries.Totals totals) {
        return totals.accounts().size() == 1 ? "Incident report: AWS account " + totals.accounts().get(0)
                : "Incident report";
    }

    private static Instant first(Instant a, Instant b) {
        return a != null ? a : b;
    }
}
