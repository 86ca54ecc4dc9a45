package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.ReportInsights;
import io.trailkeeper.store.ReportQueries;
import io.trailkeeper.store.investigate.ComputeAbuse;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The summary writes its counts with the thousands grouped ('2,400 objects', '3,118,691,955 bytes'), but some of its
 * lists' counts were written bare beside them: the launches' '; and 1200 more', the destructive calls past the first
 * six ('DeleteObject x1500 (and 1200 through a VPC endpoint)'), the Insights kinds ('x1500').
 */
class ReportCountsTest {
    private static final Instant AT = Instant.parse("2026-11-17T10:00:00Z");

    @Test
    void theLaunchesLeftOutAreCountedWithTheSeparator() {
        List<ComputeAbuse.Launches> launches = IntStream.range(0, 1_205).mapToObj(i -> new ComputeAbuse.Launches(
                "arn:aws:iam::111122223333:user/u" + i, 1, List.of("us-east-1"), List.of("t3.micro"), 0, 0)).toList();
        List<String> sentences = ReportComputeAbuse.sentences(new ComputeAbuse(List.of(), launches));
        assertEquals(1, sentences.size(), String.join("\n", sentences));
        assertTrue(sentences.get(0).endsWith("; and 1,200 more."), sentences.get(0));
    }

    @Test
    void theDestructiveCallsPastTheFirstAreCountedWithTheSeparator() {
        ReportQueries.NamedCalls deletes = new ReportQueries.NamedCalls("DeleteObject", 1_500, 1_500, 1_200, 0, AT, AT,
                List.of(), 0, List.of(), List.of(), List.of(), List.of());
        assertEquals("Also: DeleteObject x1,500 (and 1,200 through a VPC endpoint).",
                IncidentSummary.also(List.of(deletes)));
    }

    @Test
    void theInsightsKindsAreCountedWithTheSeparator() {
        String sentence = IncidentSummary.insights(new ReportInsights(3_000, List.of(
                new ReportInsights.Kind("ApiCallRateInsight", "ec2.amazonaws.com", "RunInstances", 1_500),
                new ReportInsights.Kind("ApiErrorRateInsight", "s3.amazonaws.com", "GetObject", 1_500))));
        assertTrue(sentence.contains("unusual API call rate of RunInstances (ec2.amazonaws.com) x1,500; unusual API"
                + " error rate of GetObject (s3.amazonaws.com) x1,500"), sentence);
    }
}
