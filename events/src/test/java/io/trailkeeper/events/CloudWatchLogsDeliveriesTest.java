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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CloudTrail sent to CloudWatch Logs and taken out again: a subscription's payloads as Firehose delivers them to S3
 * (gzipped once or twice), the documents Firehose writes for records it could not process, FilterLogEvents output,
 * another log group's events, an export to S3 and Logs Insights rows. The other forms evidence comes in are in
 * {@link EvidenceFormatsTest}.
 */
class CloudWatchLogsDeliveriesTest {
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

    /** What CloudWatch Logs sends a subscription: a control message, then two payloads of small's first 9 records. */
    private byte[] gzippedPayloads() {
        return concat(
                TestInputs.gzip(subscriptionPayload("CONTROL_MESSAGE",
                        List.of("CWL CONTROL MESSAGE: Checking health of destination Firehose."))),
                TestInputs.gzip(subscriptionPayload("DATA_MESSAGE", TestInputs.lines(small.subList(0, 4)))),
                TestInputs.gzip(subscriptionPayload("DATA_MESSAGE", TestInputs.lines(small.subList(4, 9)))));
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
                TestInputs.gzip(subscriptionPayload("DATA_MESSAGE", TestInputs.lines(small.subList(1, 3)))),
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
        List<String> messages = new ArrayList<>(TestInputs.lines(small.subList(0, 3)));
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
}
