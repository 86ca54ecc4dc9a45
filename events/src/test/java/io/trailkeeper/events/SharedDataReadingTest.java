package io.trailkeeper.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every real CloudTrail file we have must read completely. */
class SharedDataReadingTest {
    private final CloudTrailReader reader = new CloudTrailReader();

    private CollectingSink readAll(java.util.List<Path> files) {
        CollectingSink sink = new CollectingSink();
        files.forEach(f -> reader.read(f, sink));
        return sink;
    }

    @Test
    void invictusTrailFilesYieldAll2900Records() {
        CollectingSink sink = readAll(SharedData.files("invictus-ir-aws_dataset/CloudTrail", ".json"));
        assertEquals(2900, sink.events.size());
        assertEquals(java.util.List.of(), sink.problems);
        assertTrue(sink.kinds.stream().allMatch(k -> k == SourceKind.TRAIL_FILE));
        assertEquals(300, sink.events.stream().filter(e -> e.errorCode() != null).count());
        assertEquals(3, sink.events.stream().filter(e -> "StopLogging".equals(e.eventName())).count());
        assertTrue(sink.events.stream().allMatch(e -> e.eventTime() != null && "us-east-1".equals(e.awsRegion())));
    }

    @Test
    void gzippedS3LayoutIsByteIdenticalToThePlainFiles() {
        CollectingSink plain = readAll(SharedData.files("invictus-ir-aws_dataset/CloudTrail", ".json"));
        CollectingSink gzipped = readAll(SharedData.files("invictus-ir-aws_dataset/derived-AWSLogs-layout", ".json.gz"));
        assertEquals(2900, gzipped.events.size());
        Set<java.util.UUID> a = new HashSet<>();
        plain.events.forEach(e -> a.add(e.recordHash()));
        Set<java.util.UUID> b = new HashSet<>();
        gzipped.events.forEach(e -> b.add(e.recordHash()));
        assertEquals(a, b);
    }

    @Test
    void stratusArraysWithFictitiousRegionsLoad() {
        CollectingSink sink = readAll(SharedData.files("stratus-red-team/docs/detonation-logs", ".json"));
        assertEquals(310, sink.events.size());
        assertEquals(java.util.List.of(), sink.problems);
        assertTrue(sink.events.stream().anyMatch(e -> "sagov-westsouth-1r".equals(e.awsRegion())));
        // pretty-printed input is stored compact
        assertTrue(sink.events.stream().noneMatch(e -> e.rawJson().contains("\n")));
    }

    @Test
    void pantherRecordsLoadWithOddValuesReported() {
        CollectingSink sink = readAll(java.util.List.of(SharedData.dir("panther-analysis/rule_test_events.records.json")));
        assertEquals(459, sink.events.size());
        // 13 records have no eventTime, two have "redacted" and "..."; all are kept, without a time
        assertEquals(13, sink.problems(ProblemCode.MISSING_EVENT_TIME).size());
        assertEquals(2, sink.problems(ProblemCode.BAD_EVENT_TIME).size());
        assertEquals(15, sink.events.stream().filter(e -> e.eventTime() == null).count());
        assertEquals(Set.of("1.03", "1.04", "1.05", "1.06", "1.08", "1.09", "1.10", "1.11"),
                sink.events.stream().map(CloudTrailEvent::eventVersion).filter(java.util.Objects::nonNull)
                        .collect(java.util.stream.Collectors.toSet()));
        assertTrue(sink.problems.stream().allMatch(p -> p.outcome() == IngestProblem.Outcome.STORED));
    }

    @Test
    void otrfLogstashRecordsTakeTheirTimeFromTimestamp() {
        CollectingSink sink = readAll(SharedData.files("otrf-security-datasets/datasets/atomic/aws/collection", ".json"));
        assertEquals(103, sink.events.size());
        assertEquals(java.util.List.of(), sink.problems);
        assertTrue(sink.events.stream().allMatch(e -> e.eventTime() != null));
        assertTrue(sink.kinds.stream().allMatch(k -> k == SourceKind.JSON_LINES));
    }

    @Test
    void lookupEventsResponsesYieldTheEmbeddedRecord() {
        CollectingSink sink = readAll(SharedData.files("lookup-events", ".json"));
        assertEquals(2, sink.events.size());
        CloudTrailEvent e = sink.events.get(0);
        assertEquals("ConsoleLogin", e.eventName());
        assertEquals(java.time.Instant.parse("2016-01-26T21:42:12Z"), e.eventTime());
        assertEquals("my-role/my-session-name", e.userName());
        assertTrue(e.rawJson().startsWith("{\"eventVersion\":\"1.02\""));
        assertTrue(sink.kinds.stream().allMatch(k -> k == SourceKind.LOOKUP_EVENTS));
    }

    @Test
    void pantherAnnotatedWrappersUnwrapToTheSameRecords() {
        CollectingSink annotated = readAll(java.util.List.of(
                SharedData.dir("panther-analysis/rule_test_events.annotated.ndjson")));
        CollectingSink plain = readAll(java.util.List.of(SharedData.dir("panther-analysis/rule_test_events.records.json")));
        assertEquals(plain.events.size(), annotated.events.size());
        Set<java.util.UUID> a = new HashSet<>();
        plain.events.forEach(e -> a.add(e.recordHash()));
        Set<java.util.UUID> b = new HashSet<>();
        annotated.events.forEach(e -> b.add(e.recordHash()));
        assertEquals(a, b);
    }
}
