package io.trailkeeper.report.incident;

import io.trailkeeper.events.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What an incident report shows, as plain data: built from the store by the {@code report} command, rendered
 * as one self-contained HTML page, Markdown or JSON. Every string that came from a log record (names, agents,
 * parameters) is attacker-controlled; renderers escape all of it.
 *
 * @param title         the report's title
 * @param generatedAt   when the report was made
 * @param since         start of the window the report covers (inclusive)
 * @param until         end of the window (inclusive)
 * @param filters       the filters the user gave, as text ("actor: alice"), empty when none
 * @param summary       plain sentences: what happened, how many events, who, what stands out
 * @param bucketSize    the width of each timeline and heat-map bucket (an hour, or a day for long windows)
 * @param timeline      events per bucket, oldest first (empty buckets included, so the chart shows quiet time)
 * @param regionBuckets events per region and bucket, for the heat map (only non-zero cells)
 * @param topPrincipals who acted most (columns chosen by the builder)
 * @param topIps        source IPs
 * @param topCalls      API calls
 * @param detections    Sigma matches: time, rule, level, author(s), principal, call, region
 * @param findings      audit findings of the latest account snapshot in the store; null when there is none
 * @param coverage      per region: sources, events, first and last day, collector status
 * @param gaps          what the store could not see, one sentence each (regions never collected, days with
 *                      no trail files outside the event history, denied regions, no data events)
 */
public record IncidentReport(String title, Instant generatedAt, Instant since, Instant until, List<String> filters,
                             List<String> summary, Duration bucketSize, List<TimeBucket> timeline,
                             List<RegionBucket> regionBuckets, Table topPrincipals, Table topIps, Table topCalls,
                             Table detections, Table findings, Table coverage, List<String> gaps) {
    public IncidentReport {
        Objects.requireNonNull(title);
        Objects.requireNonNull(generatedAt);
        Objects.requireNonNull(bucketSize);
        filters = List.copyOf(filters);
        summary = List.copyOf(summary);
        timeline = List.copyOf(timeline);
        regionBuckets = List.copyOf(regionBuckets);
        Objects.requireNonNull(topPrincipals);
        Objects.requireNonNull(topIps);
        Objects.requireNonNull(topCalls);
        Objects.requireNonNull(detections);
        Objects.requireNonNull(coverage);
        gaps = List.copyOf(gaps);
    }

    /** Events in one timeline bucket starting at {@code start}. */
    public record TimeBucket(Instant start, long events, long errors, long writes, long detections) {
    }

    /** Events recorded in one region in the bucket starting at {@code start}. */
    public record RegionBucket(String region, Instant start, long events) {
    }
}
