package io.trailkeeper.events;

import static io.trailkeeper.events.TestInputs.JSON;
import static io.trailkeeper.events.TestInputs.assertMessage;
import static io.trailkeeper.events.TestInputs.compact;
import static io.trailkeeper.events.TestInputs.ids;
import static io.trailkeeper.events.TestInputs.only;
import static io.trailkeeper.events.TestInputs.records;
import static io.trailkeeper.events.TestInputs.utf8;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shapes CloudTrail arrives in besides trail files and arrays: digests, Insights, EventBridge envelopes,
 * LookupEvents output (also as UTF-16), archives, pretty-printed JSON, and the compressions we refuse.
 */
class InputShapesTest {
    private final List<ObjectNode> small = records(TestInputs.SMALL);

    @TempDir
    Path dir;

    private CollectingSink read(String name, byte[] content) throws IOException {
        return TestInputs.readFile(dir, name, content);
    }

    @Test
    void digestFilesAreCountedNotRead() throws IOException {
        String digest = "{\"awsAccountId\":\"123837392027\",\"digestStartTime\":\"2023-07-10T11:00:00Z\","
                + "\"digestEndTime\":\"2023-07-10T12:00:00Z\",\"digestS3Bucket\":\"trail\",\"digestS3Object\":\"d\","
                + "\"newestEventTime\":\"2023-07-10T11:59:00Z\",\"oldestEventTime\":\"2023-07-10T11:01:00Z\","
                + "\"previousDigestSignature\":\"00ff\",\"digestPublicKeyFingerprint\":\"ab\","
                + "\"digestSignatureAlgorithm\":\"SHA256withRSA\",\"logFiles\":[{\"s3Bucket\":\"trail\","
                + "\"s3Object\":\"k\",\"hashValue\":\"aa\",\"hashAlgorithm\":\"SHA-256\"}]}";
        CollectingSink plain = read("digest.json", utf8(digest));
        CollectingSink gzipped = read("digest.json.gz", TestInputs.gzip(utf8(digest)));
        for (CollectingSink sink : List.of(plain, gzipped)) {
            assertEquals(1, sink.digests);
            assertEquals(List.of(), sink.events);
            assertEquals(List.of(), sink.problems);
        }
    }

    @Test
    void insightsRecordsAreDelivered() throws IOException {
        ObjectNode start = JSON.createObjectNode().put("eventVersion", "1.07").put("eventTime", "2023-07-10T12:00:00Z")
                .put("awsRegion", "us-east-1").put("eventID", "insight-start").put("eventType", "AwsCloudTrailInsight")
                .put("recipientAccountId", "123837392027").put("sharedEventID", "shared-1");
        start.putObject("insightDetails").put("state", "Start").put("eventSource", "ec2.amazonaws.com")
                .put("eventName", "RunInstances").put("insightType", "ApiCallRateInsight");
        ObjectNode end = start.deepCopy().put("eventID", "insight-end").put("eventCategory", "Insight");
        CollectingSink sink = read("insight.json", TestInputs.trail(List.of(start, end)));
        assertEquals(List.of("insight-start", "insight-end"), ids(sink));
        for (CloudTrailEvent e : sink.events) {
            assertEquals("Insight", e.eventCategory());
            assertEquals("AwsCloudTrailInsight", e.eventType());
            assertEquals(java.time.Instant.parse("2023-07-10T12:00:00Z"), e.eventTime());
        }
        assertEquals(List.of(), sink.problems, "an Insights record lacks eventName by design");
    }

    @Test
    void eventBridgeEnvelopeYieldsTheCompactDetail() throws IOException {
        ObjectNode envelope = JSON.createObjectNode().put("version", "0").put("id", "6f8e")
                .put("detail-type", "AWS API Call via CloudTrail").put("source", "aws.s3").put("account", "123837392027")
                .put("time", "2023-07-10T11:42:44Z").put("region", "us-east-1");
        envelope.putArray("resources");
        envelope.set("detail", small.get(1));
        CollectingSink sink = read("eventbridge.json", TestInputs.pretty(envelope));
        assertEquals(ids(small.subList(1, 2)), ids(sink));
        assertEquals(List.of(SourceKind.ENVELOPE), sink.kinds);
        assertArrayEquals(compact(small.get(1)), sink.events.get(0).raw());
        assertEquals(RecordHash.of(compact(small.get(1))), sink.events.get(0).recordHash());
        assertEquals(List.of(), sink.problems);
    }

    @Test
    void lookupEventsTakeEventTimeAsEpochSecondsOrIsoWhenTheRecordHasNone() throws IOException {
        CollectingSink sink = read("lookup.json", TestInputs.lookupResponse(small));
        assertEquals(ids(small.subList(0, 3)), ids(sink));
        assertTrue(sink.kinds.stream().allMatch(k -> k == SourceKind.LOOKUP_EVENTS));
        assertEquals(java.time.Instant.parse("2023-07-10T11:42:36Z"), sink.events.get(0).eventTime(),
                "the record's own eventTime wins over the item's");
        assertEquals(java.time.Instant.ofEpochSecond(1_689_000_000L), sink.events.get(1).eventTime());
        assertEquals(java.time.Instant.parse("2023-07-10T19:42:36Z"), sink.events.get(2).eventTime());
        assertEquals("Mozilla/5.0 (\u00fc \uD83D\uDE00)", sink.events.get(0).userAgent());
        assertEquals(List.of(), sink.problems);
    }

    @Test
    void aCloudTrailEventStringWithTextAfterTheRecordIsRefusedAndTheOthersRead() throws IOException {
        String record = "{\"eventName\":\"GetObject\",\"eventSource\":\"s3.amazonaws.com\",\"eventID\":\"%s\"}";
        List<String> strings = List.of(String.format(record, "one") + " junk more", String.format(record, "two") + " 7",
                " " + String.format(record, "three") + "\n");
        StringBuilder response = new StringBuilder("{\"Events\":[");
        for (int i = 0; i < strings.size(); i++) {
            response.append(i == 0 ? "" : ",").append("{\"EventId\":\"").append(i).append("\",\"EventTime\":")
                    .append(1_689_000_000 + i).append(",\"CloudTrailEvent\":")
                    .append(JSON.writeValueAsString(strings.get(i))).append('}');
        }
        CollectingSink sink = read("lookup-after.json", response.append("]}").toString()
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("three"), sink.events.stream().map(CloudTrailEvent::eventId).toList());
        assertEquals(String.format(record, "three"), new String(sink.events.get(0).raw(), StandardCharsets.UTF_8),
                "the white space around a record is not kept");
        List<IngestProblem> refused = sink.problems(ProblemCode.BAD_LOOKUP_EVENT);
        assertEquals(2, refused.size(), sink.problems.toString());
        assertTrue(refused.get(0).message().contains("Unrecognized token 'junk'"), refused.get(0).message());
        assertTrue(refused.get(1).message().contains("text after the record's closing brace"),
                refused.get(1).message());
    }

    @Test
    void utf16WithByteOrderMarkReadsLikeUtf8() throws IOException {
        byte[] utf8 = TestInputs.lookupResponse(small);
        String text = "\uFEFF" + new String(utf8, StandardCharsets.UTF_8).replace("\n", "\r\n");
        CollectingSink expected = read("lookup.json", utf8);
        CollectingSink le = read("lookup-le.json", text.getBytes(StandardCharsets.UTF_16LE));
        CollectingSink be = read("lookup-be.json", text.getBytes(StandardCharsets.UTF_16BE));
        CollectingSink utf8Bom = read("lookup-bom.json", text.getBytes(StandardCharsets.UTF_8));
        for (CollectingSink sink : List.of(le, be, utf8Bom)) {
            assertEquals(3, sink.events.size());
            assertEquals(expected.events.stream().map(CloudTrailEvent::recordHash).toList(),
                    sink.events.stream().map(CloudTrailEvent::recordHash).toList());
            assertEquals(expected.events.stream().map(CloudTrailEvent::eventTime).toList(),
                    sink.events.stream().map(CloudTrailEvent::eventTime).toList());
            assertEquals("Mozilla/5.0 (\u00fc \uD83D\uDE00)", sink.events.get(0).userAgent());
            assertEquals(List.of(), sink.problems);
        }
    }

    @Test
    void zipMembersAreReadWithTheMemberAsSource() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("logs/trail.json"));
            zip.write(TestInputs.bytes(TestInputs.SMALL));
            zip.putNextEntry(new ZipEntry("notes.csv"));
            zip.write(utf8("account,region\n123837392027,us-east-1\n"));
            zip.putNextEntry(new ZipEntry("logs/more.json.gz"));
            zip.write(TestInputs.gzip(TestInputs.trail(small.subList(0, 2))));
        }
        Path zip = Files.write(dir.resolve("x.zip"), bytes.toByteArray());
        TestInputs.SourcedSink sink = new TestInputs.SourcedSink();
        new CloudTrailReader().read(zip, sink);
        List<String> expected = new ArrayList<>(ids(small));
        expected.addAll(ids(small.subList(0, 2)));
        assertEquals(expected, ids(sink.all));
        assertEquals(29, sink.eventSources.stream().filter(s -> s.equals(zip + "!/logs/trail.json")).count());
        assertEquals(2, sink.eventSources.stream().filter(s -> s.equals(zip + "!/logs/more.json.gz")).count());
        IngestProblem p = only(sink.all, ProblemCode.NOT_JSON, IngestProblem.Outcome.SKIPPED);
        assertEquals(zip + "!/notes.csv", p.source());
    }

    @Test
    void bzip2AndZstdAreNamedAndRefused() throws IOException {
        byte[] bzip2 = utf8("BZh91AY&SY\u0001\u0002\u0003 not really compressed");
        IngestProblem bz = only(read("trail.json.bz2", bzip2), ProblemCode.UNSUPPORTED_COMPRESSION,
                IngestProblem.Outcome.REJECTED);
        assertMessage(bz, "bzip2 is not supported", "bunzip2");
        byte[] zstd = {(byte) 0x28, (byte) 0xB5, (byte) 0x2F, (byte) 0xFD, 0, 0, 0, 0};
        IngestProblem zs = only(read("trail.json.zst", zstd), ProblemCode.UNSUPPORTED_COMPRESSION,
                IngestProblem.Outcome.REJECTED);
        assertMessage(zs, "zstd is not supported");
    }

    @Test
    void prettyPrintedArrayIsStoredCompactWithTheSameHash() throws IOException {
        var array = JSON.createArrayNode().addAll(small.subList(0, 3));
        CollectingSink pretty = read("pretty.json", TestInputs.pretty(array));
        CollectingSink flat = read("flat.json", compact(array));
        assertEquals(ids(small.subList(0, 3)), ids(pretty));
        for (int i = 0; i < 3; i++) {
            CloudTrailEvent e = pretty.events.get(i);
            assertNotNull(e.eventTime());
            assertTrue(e.rawJson().indexOf('\n') < 0 && !e.rawJson().contains("\" : "), e::rawJson);
            assertArrayEquals(compact(small.get(i)), e.raw());
            assertArrayEquals(flat.events.get(i).raw(), e.raw());
            assertEquals(flat.events.get(i).recordHash(), e.recordHash());
            assertEquals(RecordHash.of(e.raw()), e.recordHash());
        }
        assertEquals(List.of(), pretty.problems);
    }

    /**
     * Records written as an array's elements, one a line with its comma (CRLF, blank lines between), and an array
     * with a comma before its closing bracket: every record, and no problem, since the commas hold nothing. A bad
     * line after them is still named by its own line number.
     */
    @Test
    void commasAfterRecordsHoldNothing() throws IOException {
        List<String> lines = TestInputs.lines(small.subList(0, 4));
        String withCommas = lines.get(0) + ",\r\n\r\n" + lines.get(1) + " ,\r\n" + lines.get(2) + ",\r\n";
        CollectingSink sink = read("commas.jsonl", utf8(withCommas));
        assertEquals(ids(small.subList(0, 3)), ids(sink));
        assertEquals(List.of(), sink.problems);

        CollectingSink bad = read("then-bad.jsonl", utf8(withCommas + "{\"eventName\" oops}\n" + lines.get(3) + "\n"));
        assertEquals(ids(small.subList(0, 4)), ids(bad));
        assertEquals("line 5", only(bad, ProblemCode.MALFORMED_JSON, IngestProblem.Outcome.REJECTED).location());

        CollectingSink array = read("array.json", utf8("[" + String.join(",\n", lines) + ",\n]\n"));
        assertEquals(ids(small.subList(0, 4)), ids(array));
        assertEquals(List.of(), array.problems);
    }
}
