package io.trailkeeper.events;

import static io.trailkeeper.events.TestInputs.JSON;
import static io.trailkeeper.events.TestInputs.compact;
import static io.trailkeeper.events.TestInputs.ids;
import static io.trailkeeper.events.TestInputs.only;
import static io.trailkeeper.events.TestInputs.records;
import static io.trailkeeper.events.TestInputs.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forms evidence reaches a responder in besides a trail's own files: CloudTrail sent to CloudWatch Logs and
 * taken out again (a subscription's payloads, FilterLogEvents output, an export to S3), archives (zip, tar,
 * tar.gz) with what archivers add, files concatenated with their byte order marks, and empty files.
 */
class EvidenceFormatsTest {
    private final List<ObjectNode> small = records(TestInputs.SMALL);

    @TempDir
    Path dir;

    private CollectingSink read(String name, byte[] content) throws IOException {
        return TestInputs.readFile(dir, name, content);
    }

    /** A CloudWatch Logs subscription payload as Firehose writes it to S3 (each payload gzipped on its own). */
    private static byte[] subscriptionPayload(String type, List<String> messages) {
        ObjectNode payload = JSON.createObjectNode().put("messageType", type).put("owner", "123837392027")
                .put("logGroup", "aws-cloudtrail-logs-123837392027")
                .put("logStream", "123837392027_CloudTrail_us-east-1");
        payload.putArray("subscriptionFilters").add("to-firehose");
        ArrayNode events = payload.putArray("logEvents");
        for (int i = 0; i < messages.size(); i++) {
            events.addObject().put("id", "3727" + i).put("timestamp", 1_689_000_000_000L + i)
                    .put("message", messages.get(i));
        }
        return compact(payload);
    }

    private List<String> messages(List<ObjectNode> records) {
        return records.stream().map(r -> new String(compact(r), StandardCharsets.UTF_8)).toList();
    }

    /** What CloudWatch Logs sends a subscription: a control message, then two payloads of small's first 9 records. */
    private byte[] gzippedPayloads() {
        return concat(
                TestInputs.gzip(subscriptionPayload("CONTROL_MESSAGE",
                        List.of("CWL CONTROL MESSAGE: Checking health of destination Firehose."))),
                TestInputs.gzip(subscriptionPayload("DATA_MESSAGE", messages(small.subList(0, 4)))),
                TestInputs.gzip(subscriptionPayload("DATA_MESSAGE", messages(small.subList(4, 9)))));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void cloudWatchLogsSubscriptionPayloadsGiveTheirRecordsAndPassOverControlMessages() throws IOException {
        byte[] file = gzippedPayloads();
        for (String name : List.of("cwl-to-firehose-1-2023-07-10-11-42-36-6f1c", "payloads.gz")) {
            CollectingSink sink = read(name, file);
            assertEquals(ids(small.subList(0, 9)), ids(sink));
            assertTrue(sink.kinds.stream().allMatch(k -> k == SourceKind.CLOUDWATCH_LOGS), sink.kinds::toString);
            assertArrayEquals(compact(small.get(5)), sink.events.get(5).raw(), "the message is the record");
            assertEquals(List.of(), sink.problems);
        }
    }

    /**
     * A Firehose that compresses to S3 with GZIP gzips the subscription's payloads, already gzipped by CloudWatch
     * Logs, again: a gzip file whose content is gzip members.
     */
    @Test
    void subscriptionPayloadsGzippedAgainByFirehoseGiveTheirRecords() throws IOException {
        byte[] members = gzippedPayloads();
        byte[] twice = TestInputs.gzip(members);
        for (String name : List.of("cwl-to-firehose-1-2023-07-10-11-42-36-6f1c.gz", "cwl-to-firehose-1-2023-07-10")) {
            CollectingSink sink = read(name, twice);
            assertEquals(ids(small.subList(0, 9)), ids(sink));
            assertTrue(sink.kinds.stream().allMatch(k -> k == SourceKind.CLOUDWATCH_LOGS), sink.kinds::toString);
            assertEquals(List.of(), sink.problems);
        }
        CollectingSink cut = read("cut.gz", Arrays.copyOf(twice, twice.length - 12));
        TestInputs.assertMessage(only(cut, ProblemCode.CORRUPT_COMPRESSION, IngestProblem.Outcome.REJECTED),
                "the gzip data ends too early");
    }

    /**
     * What Firehose writes under its error prefix for records it could not process (a transforming Lambda failed): a
     * JSON document a record, the record itself in base64 in rawData. An EventBridge event, and a CloudWatch Logs
     * payload (gzipped, as CloudWatch Logs sends it), give their records; a rawData that holds no JSON is named.
     */
    @Test
    void firehoseFailureDocumentsGiveTheRecordsTheyHeld() throws IOException {
        ObjectNode envelope = JSON.createObjectNode().put("version", "0").put("id", "e1")
                .put("detail-type", "AWS API Call via CloudTrail").put("source", "aws.s3");
        envelope.set("detail", small.get(0));
        List<byte[]> raws = List.of(compact(envelope),
                TestInputs.gzip(subscriptionPayload("DATA_MESSAGE", messages(small.subList(1, 3)))),
                utf8("an application's log line"));
        StringBuilder file = new StringBuilder();
        for (byte[] raw : raws) {
            ObjectNode failure = JSON.createObjectNode().put("attemptsMade", 4)
                    .put("arrivalTimestamp", 1_689_000_000_000L).put("errorCode", "Lambda.FunctionError")
                    .put("errorMessage", "The Lambda function returned an error.")
                    .put("attemptEndingTimestamp", 1_689_000_060_000L)
                    .put("rawData", java.util.Base64.getEncoder().encodeToString(raw))
                    .put("lambdaArn", "arn:aws:lambda:us-east-1:123837392027:function:t:$LATEST");
            file.append(new String(compact(failure), StandardCharsets.UTF_8)).append('\n');
        }
        CollectingSink sink = read("processing-failed-1-2023-07-10-11-42-36-6f1c", utf8(file.toString()));
        assertEquals(ids(small.subList(0, 3)), ids(sink));
        assertEquals(List.of(SourceKind.ENVELOPE, SourceKind.CLOUDWATCH_LOGS, SourceKind.CLOUDWATCH_LOGS), sink.kinds);
        IngestProblem p = only(sink, ProblemCode.NOT_JSON, IngestProblem.Outcome.SKIPPED);
        assertEquals("line 3 rawData", p.location());
    }

    @Test
    void filterLogEventsOutputGivesTheMessagesAndNamesAMessageThatIsNoRecord() throws IOException {
        ObjectNode output = JSON.createObjectNode();
        ArrayNode events = output.putArray("events");
        List<String> messages = new ArrayList<>(messages(small.subList(0, 3)));
        messages.add(1, "START RequestId: 8f5e Version: $LATEST");
        messages.add(3, "{\"level\":\"info\",\"msg\":\"a JSON log line, not a record\"}");
        for (int i = 0; i < messages.size(); i++) {
            events.addObject().put("logStreamName", "123837392027_CloudTrail_us-east-1")
                    .put("timestamp", 1_689_000_000_000L).put("message", messages.get(i))
                    .put("ingestionTime", 1_689_000_000_500L).put("eventId", "e" + i);
        }
        output.putArray("searchedLogStreams");
        CollectingSink sink = read("filter-log-events.json", TestInputs.pretty(output));
        assertEquals(ids(small.subList(0, 3)), ids(sink));
        assertEquals(2, sink.problems.size(), sink.problems::toString);
        IngestProblem text = sink.problems(ProblemCode.NOT_CLOUDTRAIL).get(0);
        assertEquals(IngestProblem.Outcome.SKIPPED, text.outcome());
        assertEquals("events[1]", text.location());
        TestInputs.assertMessage(text, "the log event's message is not a JSON record");
        assertTrue(text.excerpt() == null && !text.message().contains("RequestId"), "a log line is not repeated");
        IngestProblem json = sink.problems(ProblemCode.BAD_LOG_EVENT).get(0);
        assertEquals(IngestProblem.Outcome.REJECTED, json.outcome());
        assertEquals("events[3]", json.location());
        TestInputs.assertMessage(json, "the message has no eventName or eventSource");
    }

    @Test
    void anotherLogGroupsEventsArePassedOverAfterTheFirstFewWithOneNote() throws IOException {
        ObjectNode output = JSON.createObjectNode();
        ArrayNode events = output.putArray("events");
        for (int i = 0; i < 500; i++) {
            events.addObject().put("timestamp", 1_689_000_000_000L + i).put("message", "INFO request " + i
                    + " token=secret-" + i);
        }
        CollectingSink sink = read("app-logs.json", TestInputs.pretty(output));
        assertEquals(List.of(), sink.events);
        assertTrue(sink.problems.stream().allMatch(p -> p.outcome() == IngestProblem.Outcome.SKIPPED),
                sink.problems::toString);
        assertEquals(11, sink.problems.size(), "ten events judged, then one note for the list");
        TestInputs.assertMessage(sink.problems.get(10), "the log group is not CloudTrail's");
        assertTrue(sink.problems.stream().noneMatch(p -> p.message().contains("secret")
                || p.excerpt() != null && p.excerpt().contains("secret")));
    }

    @Test
    void aCloudWatchLogsExportToS3HasItsTimesDropped() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            text.append(i % 2 == 0 ? "2023-07-10T11:42:3" + i + ".123Z " : "2023-07-10T11:42:36+02:00 ")
                    .append(new String(compact(small.get(i)), StandardCharsets.UTF_8)).append('\n');
        }
        CollectingSink sink = read("000000.gz", TestInputs.gzip(utf8(text.toString())));
        assertEquals(ids(small.subList(0, 6)), ids(sink));
        assertArrayEquals(compact(small.get(3)), sink.events.get(3).raw());
        assertEquals(List.of(), sink.problems);
    }

    @Test
    void anArrayOfCloudTrailEventStringsIsReadAsLookupEventsRecords() throws IOException {
        // aws cloudtrail lookup-events --query 'Events[].CloudTrailEvent'
        ArrayNode strings = JSON.createArrayNode();
        messages(small.subList(0, 3)).forEach(strings::add);
        CollectingSink sink = read("strings.json", TestInputs.pretty(strings));
        assertEquals(ids(small.subList(0, 3)), ids(sink));
        assertTrue(sink.kinds.stream().allMatch(k -> k == SourceKind.LOOKUP_EVENTS));
        assertEquals(List.of(), sink.problems);
    }

    /**
     * Zip members that are gzip files of two members each, the first ending at every place around the 64 KiB
     * a buffer holds: each second member is read too (the reader once took the buffer's edge for the end).
     */
    @Test
    void everyMemberOfAConcatenatedGzipInsideAZipIsRead() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int expected = 0;
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int target = 65_490; target <= 65_560; target += 2) {
                zip.putNextEntry(new ZipEntry("part-" + target + ".jsonl.gz"));
                zip.write(storedGzipOfSize(record("first-" + target), target));
                zip.write(TestInputs.gzip(utf8(record("second-" + target) + "}\n")));
                expected += 2;
            }
        }
        TestInputs.SourcedSink sink = new TestInputs.SourcedSink();
        new CloudTrailReader().read(Files.write(dir.resolve("members.zip"), bytes.toByteArray()), sink);
        assertEquals(List.of(), sink.all.problems);
        assertEquals(expected, sink.all.events.size());
        assertTrue(ids(sink.all).contains("second-65530"));
    }

    private static String record(String id) {
        return "{\"eventVersion\":\"1.08\",\"eventTime\":\"2023-07-10T11:42:36Z\",\"eventSource\":\"s3.amazonaws.com\","
                + "\"eventName\":\"GetObject\",\"awsRegion\":\"us-east-1\",\"eventID\":\"" + id + "\"";
    }

    /** A gzip member holding one JSON line, padded and stored (not deflated), of exactly {@code size} bytes. */
    private static byte[] storedGzipOfSize(String recordStart, int size) throws IOException {
        int pad = size - 200;
        for (int attempt = 0; attempt < 10; attempt++) {
            byte[] gz = stored(utf8(recordStart + ",\"padding\":\"" + "x".repeat(pad) + "\"}\n"));
            if (gz.length == size) {
                return gz;
            }
            pad += size - gz.length;
        }
        throw new IllegalStateException("no padding gives a member of " + size + " bytes");
    }

    private static byte[] stored(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out) {
            {
                def.setLevel(Deflater.NO_COMPRESSION);
            }
        }) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    @Test
    void tarAndTarGzBundlesAreReadMemberByMember() throws IOException, InterruptedException {
        Path tree = dir.resolve("bundle");
        String day = "AWSLogs/123837392027/CloudTrail/us-east-1/2023/07/10/"
                + "a-folder-name-long-enough-to-need-more-than-the-hundred-bytes-of-a-plain-ustar-header/";
        Files.createDirectories(tree.resolve(day));
        Files.write(tree.resolve(day + "123837392027_CloudTrail_us-east-1_20230710T1145Z_a.json.gz"),
                TestInputs.gzip(TestInputs.trail(small.subList(0, 4))));
        Files.write(tree.resolve(day + "plain.json"), TestInputs.trail(small.subList(4, 6)));
        Files.write(tree.resolve(".DS_Store"), new byte[] {0, 0, 0, 1, 'B', 'u', 'd', '1'});
        for (String format : List.of("gnu", "pax", "ustar")) {
            for (String compression : List.of("", "z")) {
                Path archive = dir.resolve("evidence-" + format + (compression.isEmpty() ? ".tar" : ".tar.gz"));
                Process tar = new ProcessBuilder("tar", "-c" + compression + "f", archive.toString(),
                        "--format=" + format, "-C", tree.toString(), ".").redirectErrorStream(true).start();
                String out = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (tar.waitFor() != 0) {
                    // ustar cannot hold the long folder name: GNU and pax can, which is the point of them
                    assertEquals("ustar", format, out);
                    continue;
                }
                TestInputs.SourcedSink sink = new TestInputs.SourcedSink();
                new CloudTrailReader().read(archive, sink);
                assertEquals(List.of(), sink.all.problems, format + compression);
                assertEquals(6, sink.all.events.size(), format + compression);
                assertTrue(sink.eventSources.contains(archive + "!/./" + day + "plain.json"),
                        sink.eventSources::toString);
            }
        }
    }

    @Test
    void aDamagedTarKeepsTheMembersBeforeTheDamage() throws IOException, InterruptedException {
        Path tree = dir.resolve("t");
        Files.createDirectories(tree);
        Files.write(tree.resolve("a.json"), TestInputs.trail(small.subList(0, 3)));
        Files.write(tree.resolve("b.json"), TestInputs.trail(small.subList(3, 6)));
        Path archive = dir.resolve("e.tar");
        assertEquals(0, new ProcessBuilder("tar", "-cf", archive.toString(), "-C", tree.toString(), "a.json",
                "b.json").start().waitFor());
        byte[] tar = Files.readAllBytes(archive);
        int second = 512 + ((TestInputs.trail(small.subList(0, 3)).length + 511) / 512) * 512;
        tar[second + 150] ^= 0x55; // the second header's checksum field
        CollectingSink sink = read("damaged.tar", tar);
        assertEquals(ids(small.subList(0, 3)), ids(sink));
        TestInputs.assertMessage(only(sink, ProblemCode.CORRUPT_COMPRESSION, IngestProblem.Outcome.REJECTED),
                "the tar archive is damaged", "the members before the damage were read");
    }

    @Test
    void whatMacOsAddsToAZipIsPassedOver() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("logs/a.json.gz"));
            zip.write(TestInputs.gzip(TestInputs.trail(small.subList(0, 2))));
            zip.putNextEntry(new ZipEntry("__MACOSX/logs/._a.json.gz"));
            zip.write(new byte[] {0, 5, 22, 7, 0, 2, 0, 0, 'M', 'a', 'c', ' ', 'O', 'S', ' ', 'X'});
            zip.putNextEntry(new ZipEntry("logs/.DS_Store"));
            zip.write(new byte[] {0, 0, 0, 1, 'B', 'u', 'd', '1', 0, 0, 16, 0});
        }
        CollectingSink sink = read("from-a-mac.zip", bytes.toByteArray());
        assertEquals(ids(small.subList(0, 2)), ids(sink));
        assertEquals(List.of(), sink.problems);
    }

    @Test
    void filesConcatenatedWithTheirByteOrderMarksAndIndentedLinesLoseNothing() throws IOException {
        List<String> lines = TestInputs.lines(small.subList(0, 6));
        String bom = "\uFEFF";
        String concatenated = bom + lines.get(0) + "\r\n" + lines.get(1) + "\r\n" + bom + lines.get(2) + "\r\n"
                + bom + lines.get(3) + "\n";
        CollectingSink boms = read("concatenated.jsonl", utf8(concatenated));
        assertEquals(ids(small.subList(0, 4)), ids(boms));
        assertEquals(List.of(), boms.problems);

        String indented = lines.get(0) + "\n{\"eventName\": oops}\n  " + lines.get(1) + "\n\t" + lines.get(2) + "\n";
        CollectingSink sink = read("indented.jsonl", utf8(indented));
        assertEquals(ids(small.subList(0, 3)), ids(sink));
        assertEquals(1, sink.problems(ProblemCode.MALFORMED_JSON).size(), sink.problems::toString);
    }

    @Test
    void anEmptyFileIsSaidAndAnEmptyGzipNamedFileIsAnError() throws IOException {
        TestInputs.assertMessage(only(read("empty.json", new byte[0]), ProblemCode.NOT_JSON,
                IngestProblem.Outcome.SKIPPED), "the file is empty");
        TestInputs.assertMessage(only(read("blank.jsonl", utf8(" \n\n")), ProblemCode.NOT_JSON,
                IngestProblem.Outcome.SKIPPED), "the file is empty");
        TestInputs.assertMessage(only(read("cut.json.gz", new byte[0]), ProblemCode.CORRUPT_COMPRESSION,
                IngestProblem.Outcome.REJECTED), "empty", "cut short");
        TestInputs.assertMessage(only(read("nothing.json.gz", TestInputs.gzip(new byte[0])), ProblemCode.NOT_JSON,
                IngestProblem.Outcome.SKIPPED), "the compressed data holds nothing");
    }

    @Test
    void aCloudWatchLogsInsightsRowIsReadFromItsWholeMessage() throws IOException {
        ArrayNode rows = JSON.createArrayNode();
        for (ObjectNode r : small.subList(0, 3)) {
            rows.addObject().put("@timestamp", "2023-07-10 11:42:36.000").put("eventName", r.get("eventName").asText())
                    .put("userIdentity.arn", "arn:aws:iam::123837392027:user/x")
                    .put("@message", new String(compact(r), StandardCharsets.UTF_8));
        }
        CollectingSink sink = read("insights-results.json", TestInputs.pretty(rows));
        assertEquals(ids(small.subList(0, 3)), ids(sink));
        assertArrayEquals(compact(small.get(1)), sink.events.get(1).raw(), "the message, not the row");
        assertEquals(small.get(2).get("awsRegion").asText(), sink.events.get(2).awsRegion());
        assertEquals(List.of(), sink.problems);
    }

    @Test
    void utf16WithoutAByteOrderMarkIsReadToo() throws IOException {
        String text = String.join("\n", TestInputs.lines(small.subList(0, 4))) + "\n";
        for (var charset : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
            CollectingSink sink = read("utf16-" + charset.name() + ".jsonl", text.getBytes(charset));
            assertEquals(ids(small.subList(0, 4)), ids(sink), charset.name());
            assertEquals(List.of(), sink.problems);
        }
    }

    @Test
    void aTrailFileHoldingUstarWhereATarHeaderHasItIsStillReadAsJson() throws IOException {
        // a session name the caller chooses can put "ustar" at byte 257, where tar keeps its magic
        String head = "{\"Records\":[{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"AssumedRole\","
                + "\"arn\":\"arn:aws:sts::123456789012:assumed-role/R/";
        String session = "s".repeat(257 - head.length()) + "ustar  x";
        String file = head + session + "\"},\"eventTime\":\"2024-03-10T12:00:00Z\",\"eventSource\":"
                + "\"s3.amazonaws.com\",\"eventName\":\"ListBuckets\",\"awsRegion\":\"us-east-1\",\"eventID\":\"u1\"}]}";
        assertEquals("ustar", file.substring(257, 262));
        for (CollectingSink sink : List.of(read("t.json", utf8(file)), read("t.json.gz", TestInputs.gzip(utf8(file))))) {
            assertEquals(List.of("u1"), ids(sink));
            assertEquals(List.of(), sink.problems);
        }
    }

    @Test
    void aTarGzCutShortKeepsTheMembersBeforeTheCut() throws IOException, InterruptedException {
        Path tree = Files.createDirectories(dir.resolve("cut"));
        Files.write(tree.resolve("a.json"), TestInputs.trail(small.subList(0, 3)));
        Files.write(tree.resolve("b.json"), TestInputs.trail(small.subList(3, 20)));
        Path archive = dir.resolve("cut.tar.gz");
        assertEquals(0, new ProcessBuilder("tar", "-czf", archive.toString(), "-C", tree.toString(), "a.json",
                "b.json").start().waitFor());
        byte[] whole = Files.readAllBytes(archive);
        CollectingSink sink = read("cut-short.tar.gz", java.util.Arrays.copyOf(whole, whole.length - 200));
        assertTrue(ids(sink).containsAll(ids(small.subList(0, 3))), ids(sink)::toString);
        assertTrue(sink.problems.stream().anyMatch(p -> p.code() == ProblemCode.CORRUPT_COMPRESSION
                || p.code() == ProblemCode.UNREADABLE), sink.problems::toString);
    }
}
