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
import java.io.ByteArrayInputStream;
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
 * Damaged and unexpected inputs, built from real records in a temporary folder: what is delivered, what is
 * reported, where, and why. Valid but unusual shapes are in InputShapesTest.
 */
class BadInputTest {
    private final List<ObjectNode> small = records(TestInputs.SMALL);

    @TempDir
    Path dir;

    private CollectingSink read(String name, byte[] content) throws IOException {
        return TestInputs.readFile(dir, name, content);
    }

    @Test
    void truncatedGzipDeliversEveryRecordBeforeTheCut() throws IOException {
        byte[] plain = TestInputs.bytes(TestInputs.LARGE);
        List<String> all = ids(records(TestInputs.LARGE));
        byte[] gz = TestInputs.gzip(plain);
        byte[] cut = Arrays.copyOf(gz, gz.length / 2);
        int recoverable = TestInputs.gunzipPrefix(cut).length;
        int complete = (int) TestInputs.recordBounds(plain).stream().filter(b -> b[1] <= recoverable).count();
        assertTrue(complete > 50 && complete < all.size() - 50, "the cut must be well inside the records");

        CollectingSink sink = read("cut.json.gz", cut);
        assertEquals(all.subList(0, complete), ids(sink));
        IngestProblem p = only(sink, ProblemCode.CORRUPT_COMPRESSION, IngestProblem.Outcome.REJECTED);
        assertMessage(p, "truncated", "the rest of the file after its first " + complete + " records (those "
                + complete + " were stored)");
        assertEquals(p.source() + ": not stored: the rest of the file after its first " + complete + " records (those "
                + complete + " were stored): the gzip data ends too early (the file is truncated) [" + p.code().code()
                + "]", p.describe(), "what was stored and what was lost, without contradicting 'not stored'");
        assertEquals(dir.resolve("cut.json.gz").toString(), p.source());

        CollectingSink header = read("header.json.gz", Arrays.copyOf(gz, 6));
        assertMessage(only(header, ProblemCode.CORRUPT_COMPRESSION, IngestProblem.Outcome.REJECTED), "header");
    }

    @Test
    void flippedBytesInGzipAreReportedAsDamagedCompression() throws IOException {
        byte[] plain = TestInputs.bytes(TestInputs.LARGE);
        List<String> all = ids(records(TestInputs.LARGE));
        byte[] bad = TestInputs.gzip(plain);
        for (int i = bad.length / 2; i < bad.length / 2 + 16; i++) {
            bad[i] ^= (byte) 0xFF;
        }
        byte[] inflated = TestInputs.gunzipPrefix(bad);
        int damage = Arrays.mismatch(inflated, plain);
        int before = (int) TestInputs.recordBounds(plain).stream().filter(b -> b[1] <= damage).count();
        assertTrue(before > 50 && before < all.size() - 50, "the damage must be well inside the records");

        CollectingSink sink = read("flipped.json.gz", bad);
        assertEquals(all.subList(0, before), ids(sink));
        List<IngestProblem> corrupt = sink.problems(ProblemCode.CORRUPT_COMPRESSION);
        assertEquals(1, corrupt.size(), sink.problems::toString);
        assertEquals(IngestProblem.Outcome.REJECTED, corrupt.get(0).outcome());
        assertMessage(corrupt.get(0), "gzip data is damaged", "the rest of the file after its first " + before
                + " records (those " + before + " were stored)");
    }

    @Test
    void jsonCutAnywhereInsideRecordThreeKeepsExactlyTheFirstThree() throws IOException {
        byte[] file = TestInputs.bytes(TestInputs.SMALL);
        long[] third = TestInputs.recordBounds(file).get(3);
        List<String> firstThree = ids(small.subList(0, 3));
        Path path = dir.resolve("cut.json");
        for (int cut = (int) third[0]; cut < third[1]; cut++) {
            CollectingSink sink = new CollectingSink();
            new CloudTrailReader().read(Files.write(path, Arrays.copyOf(file, cut)), sink);
            int at = cut;
            assertAll("cut at byte " + cut + " ..." + new String(file, cut - 20, 20, StandardCharsets.UTF_8),
                    () -> assertEquals(firstThree, ids(sink)),
                    () -> assertMessage(only(sink, ProblemCode.TRUNCATED, IngestProblem.Outcome.REJECTED),
                            "ends in the middle of a record", "the rest of the file after its first 3 records"
                                    + " (those 3 were stored)"),
                    // at the end, or at the start of a cut-off literal ("fals")
                    () -> assertTrue(at - sink.problems.get(0).byteOffset() <= 4, "the place is the end"));
        }
    }

    @Test
    void jsonThatIsNotCloudTrailIsSkipped() throws IOException {
        CollectingSink sink = read("package.json", utf8("{\"name\":\"x\",\"version\":3,\"items\":[1,2]}"));
        assertEquals(List.of(), sink.events);
        IngestProblem p = only(sink, ProblemCode.NOT_CLOUDTRAIL, IngestProblem.Outcome.SKIPPED);
        assertMessage(p, "not CloudTrail", "name, version, items");
        assertEquals("", p.location());
    }

    @ParameterizedTest
    @ValueSource(strings = {"eventTime,eventName,awsRegion\n2023-07-10T11:42:36Z,StopLogging,us-east-1\n",
        "2023-07-10 11:42:36 INFO trail delivered\n", "hello world"})
    void csvAndTextAreSkippedAsNotJson(String content) throws IOException {
        CollectingSink sink = read("export.csv", utf8(content));
        assertEquals(List.of(), sink.events);
        assertMessage(only(sink, ProblemCode.NOT_JSON, IngestProblem.Outcome.SKIPPED), "not JSON");
    }

    @Test
    void invalidUtf8IsReplacedAndTheRecordKept() throws IOException {
        List<ObjectNode> three = small.subList(0, 3);
        String marker = "bad@@agent";
        three.get(1).put("userAgent", marker);
        byte[] clean = TestInputs.trail(three);
        ByteArrayOutputStream dirty = new ByteArrayOutputStream();
        int at = new String(clean, StandardCharsets.ISO_8859_1).indexOf(marker) + 3;
        dirty.write(clean, 0, at);
        dirty.write(new byte[] {(byte) 0xFF, (byte) 0xFE});
        dirty.write(clean, at + 2, clean.length - at - 2);

        CollectingSink sink = read("utf8.json", dirty.toByteArray());
        assertEquals(ids(three), ids(sink));
        assertEquals("bad\uFFFD\uFFFDagent", sink.events.get(1).userAgent());
        assertTrue(sink.events.get(1).rawJson().contains("\"userAgent\":\"bad\uFFFD\uFFFDagent\""));
        CollectingSink reference = read("clean.json", clean);
        assertEquals(reference.events.get(0).recordHash(), sink.events.get(0).recordHash());
        assertEquals(reference.events.get(2).recordHash(), sink.events.get(2).recordHash());
        IngestProblem p = only(sink, ProblemCode.INVALID_UTF8, IngestProblem.Outcome.STORED);
        assertEquals("Records[1]", p.location());
        assertMessage(p, "2 invalid UTF-8 sequence(s) replaced by U+FFFD");
    }

    @Test
    void invalidUtf8InARejectedValueIsNotBlamedOnTheNextRecord() throws IOException {
        byte[] record = compact(small.get(0));
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        // an S3 notification (not CloudTrail) whose key holds a lone UTF-8 lead byte, then a real record
        lines.write(utf8("{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"key\":\""));
        lines.write(new byte[] {(byte) 0xC3, '"', '}', '\n'});
        lines.write(record);
        CollectingSink jsonLines = read("lines.json", lines.toByteArray());
        assertEquals(ids(small.subList(0, 1)), ids(jsonLines));
        assertEquals(List.of(), jsonLines.problems(ProblemCode.INVALID_UTF8));

        ByteArrayOutputStream array = new ByteArrayOutputStream();
        array.write(new byte[] {'[', '"', (byte) 0xFF, '"', ','});
        array.write(record);
        array.write(']');
        CollectingSink inArray = read("array.json", array.toByteArray());
        assertEquals(ids(small.subList(0, 1)), ids(inArray));
        assertEquals("[0]", only(inArray, ProblemCode.NOT_AN_OBJECT, IngestProblem.Outcome.REJECTED).location());
    }

    @ParameterizedTest
    @ValueSource(strings = {"value", "name"})
    void tenMegabyteRecordIsRejectedAndItsNeighboursKept(String bigPart) throws IOException {
        List<ObjectNode> three = small.subList(0, 3);
        ObjectNode huge = three.get(1).deepCopy();
        String tenMb = "x".repeat(10_000_000);
        if (bigPart.equals("value")) {
            huge.putObject("requestParameters").put("bucketName", tenMb);
        } else {
            huge.putObject("requestParameters").put(tenMb, 1);
        }
        CollectingSink sink = read("big.json", TestInputs.trail(List.of(three.get(0), huge, three.get(2))));
        assertEquals(List.of(TestInputs.id(three.get(0)), TestInputs.id(three.get(2))), ids(sink));
        assertArrayEquals(compact(three.get(2)), sink.events.get(1).raw());
        IngestProblem p = only(sink, ProblemCode.RECORD_TOO_LARGE, IngestProblem.Outcome.REJECTED);
        assertEquals("Records[1]", p.location());
        assertMessage(p, "over the 1,048,576-byte limit", "--max-record-size");
    }

    @Test
    void missingOrBadTimeAndMissingNameAreStoredWithWarnings() throws IOException {
        List<ObjectNode> four = small.subList(0, 4);
        four.get(0).remove("eventTime");
        four.get(1).put("eventTime", "not-a-time");
        four.get(2).remove("eventName");
        four.get(3).put("eventTime", "99999999999999999999");
        CollectingSink sink = read("fields.json", TestInputs.trail(four));
        assertEquals(ids(four), ids(sink));
        assertNull(sink.events.get(0).eventTime());
        assertNull(sink.events.get(1).eventTime());
        assertNull(sink.events.get(2).eventName());
        assertEquals(java.time.Instant.parse(four.get(2).get("eventTime").asText()), sink.events.get(2).eventTime());
        assertNull(sink.events.get(3).eventTime());
        List<String> got = sink.problems.stream().map(p -> p.code() + " " + p.outcome() + " " + p.location()).toList();
        assertEquals(List.of("MISSING_EVENT_TIME STORED Records[0]", "BAD_EVENT_TIME STORED Records[1]",
                "MISSING_EVENT_NAME STORED Records[2]", "BAD_EVENT_TIME STORED Records[3]"), got);
        assertMessage(sink.problems.get(0), "no eventTime");
        assertMessage(sink.problems.get(1), "\"not-a-time\" is not a time");
        assertMessage(sink.problems.get(2), "no eventName");
    }

    @Test
    void numberWhereAStringBelongsIsKeptAsText() throws IOException {
        ObjectNode record = small.get(0);
        record.put("awsRegion", 123);
        CollectingSink sink = read("region.json", TestInputs.trail(List.of(record)));
        assertEquals("123", sink.events.get(0).awsRegion());
        assertTrue(sink.events.get(0).rawJson().contains("\"awsRegion\":123"), "raw keeps the original value");
        assertMessage(only(sink, ProblemCode.WRONG_TYPE, IngestProblem.Outcome.STORED), "awsRegion is a number");
    }

    @Test
    void brokenJsonLineCostsOnlyThatLine() throws IOException {
        List<String> lines = new ArrayList<>(TestInputs.lines(small.subList(0, 5)));
        lines.set(2, lines.get(2).substring(0, lines.get(2).length() - 40));
        CollectingSink sink = read("lines.jsonl", utf8(String.join("\n", lines) + "\n"));
        assertEquals(List.of(0, 1, 3, 4).stream().map(i -> TestInputs.id(small.get(i))).toList(), ids(sink));
        IngestProblem p = only(sink, ProblemCode.MALFORMED_JSON, IngestProblem.Outcome.REJECTED);
        assertEquals("line 3", p.location());
        assertMessage(p, "not valid JSON", "this line was skipped");
    }

    @Test
    void garbageTextLineBetweenJsonLinesIsSkipped() throws IOException {
        List<String> lines = new ArrayList<>(TestInputs.lines(small.subList(0, 5)));
        lines.add(2, "this is not json at all");
        CollectingSink sink = read("lines.jsonl", utf8(String.join("\n", lines) + "\n"));
        assertEquals(ids(small.subList(0, 5)), ids(sink));
        assertTrue(sink.kinds.stream().allMatch(k -> k == SourceKind.JSON_LINES));
        IngestProblem p = only(sink, ProblemCode.MALFORMED_JSON, IngestProblem.Outcome.REJECTED);
        assertEquals("line 3", p.location());
        assertMessage(p, "Unrecognized token 'this'");
    }

    @Test
    void elementsThatAreNotObjectsAreRejectedOneByOne() throws IOException {
        String json = "{\"Records\":[" + TestInputs.lines(small.subList(0, 1)).get(0) + ",\"text\",42,null,[1],"
                + TestInputs.lines(small.subList(1, 2)).get(0) + "]}";
        CollectingSink sink = read("mixed.json", utf8(json));
        assertEquals(ids(small.subList(0, 2)), ids(sink));
        assertEquals(List.of("Records[1]", "Records[2]", "Records[3]", "Records[4]"),
                sink.problems(ProblemCode.NOT_AN_OBJECT).stream().map(IngestProblem::location).toList());
        assertEquals(4, sink.problems.size());
        List<String> what = List.of("a string", "a number", "null", "an array");
        for (int i = 0; i < 4; i++) {
            assertEquals(IngestProblem.Outcome.REJECTED, sink.problems.get(i).outcome());
            assertMessage(sink.problems.get(i), "must be a JSON object, this is " + what.get(i));
        }
    }

    /**
     * A record nested deeper than the parser's limit (here 100,000 arrays, 200 KB: valid JSON) costs itself only, in
     * a trail file's Records, in a top-level array and in JSON lines, whether the depth is arrays or objects; so does
     * a record holding a number longer than the parser reads.
     */
    @ParameterizedTest
    @ValueSource(strings = {"trail", "array", "lines", "objects", "number"})
    void aRecordNestedTooDeeplyCostsOnlyItself(String shape) throws IOException {
        List<ObjectNode> three = small.subList(0, 3);
        String deep = switch (shape) {
            case "objects" -> "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000);
            case "number" -> "9".repeat(2_000);
            default -> "[".repeat(100_000) + "]".repeat(100_000);
        };
        List<String> lines = new ArrayList<>(TestInputs.lines(three));
        lines.set(1, "{\"requestParameters\":{\"policy\":" + deep + "}," + lines.get(1).substring(1));
        String content = switch (shape) {
            case "trail", "number" -> "{\"Records\":[" + String.join(",", lines) + "]}";
            case "array" -> "[" + String.join(",\n", lines) + "]";
            default -> String.join("\n", lines) + "\n";
        };
        CollectingSink sink = read("deep.json", utf8(content));
        assertEquals(List.of(TestInputs.id(three.get(0)), TestInputs.id(three.get(2))), ids(sink));
        assertArrayEquals(compact(three.get(2)), sink.events.get(1).raw());
        IngestProblem p = only(sink, ProblemCode.TOO_DEEP, IngestProblem.Outcome.REJECTED);
        assertEquals(shape.equals("trail") || shape.equals("number") ? "Records[1]" : shape.equals("array") ? "[1]"
                : "line 2", p.location());
        assertMessage(p, shape.equals("number") ? "the record is beyond the reader's limits (Number value length"
                : "the record is nested deeper than 1,000 levels", "the records after it were read");
    }

    /**
     * After the last gzip member, bytes that are not another member end the data: Java's gzip reader stops there in
     * silence. A second member whose header is damaged loses its records; zeros are padding. Both are said.
     */
    @Test
    void bytesAfterTheGzipDataAreSaid() throws IOException {
        List<ObjectNode> six = small.subList(0, 6);
        byte[] first = TestInputs.gzip(utf8(String.join("\n", TestInputs.lines(six.subList(0, 3))) + "\n"));
        byte[] second = TestInputs.gzip(utf8(String.join("\n", TestInputs.lines(six.subList(3, 6))) + "\n"));
        second[2] = 7; // a compression method that is not deflate: the member's header is damaged
        CollectingSink damaged = read("members.jsonl.gz", concat(first, second));
        assertEquals(ids(six.subList(0, 3)), ids(damaged));
        IngestProblem lost = only(damaged, ProblemCode.CORRUPT_COMPRESSION, IngestProblem.Outcome.REJECTED);
        assertMessage(lost, "bytes after the gzip data are not gzip", "whose records are lost");

        CollectingSink padded = read("padded.jsonl.gz", concat(first, new byte[4096]));
        assertEquals(ids(six.subList(0, 3)), ids(padded));
        assertMessage(only(padded, ProblemCode.CORRUPT_COMPRESSION, IngestProblem.Outcome.SKIPPED),
                "4,096 zero bytes after the gzip data (padding)");

        CollectingSink clean = read("clean.jsonl.gz", concat(first, TestInputs.gzip(utf8("\n"))));
        assertEquals(List.of(), clean.problems, "a further member is no trailing bytes");
    }

    /**
     * The count is the same whether the bytes after the last member are in the inflater's buffer or come after it
     * (a source handing out the member in one read, then the rest: GZIPInputStream's look for another header then
     * takes its first bytes from the source itself).
     */
    @Test
    void bytesAfterTheGzipDataAreCountedWhereverTheyFall() throws IOException {
        byte[] member = TestInputs.gzip(utf8(String.join("\n", TestInputs.lines(small.subList(0, 3))) + "\n"));
        for (byte[] after : List.of(utf8("not gzip at all"), new byte[100], new byte[] {0x1f, (byte) 0x8b, 7, 0, 1})) {
            for (boolean split : List.of(false, true)) {
                CollectingSink sink = new CollectingSink();
                new CloudTrailReader().read("after.jsonl.gz", split ? new OneMemberARead(member, after)
                        : new ByteArrayInputStream(concat(member, after)), sink);
                assertEquals(ids(small.subList(0, 3)), ids(sink));
                IngestProblem said = sink.problems.get(0);
                assertEquals(1, sink.problems.size(), sink.problems.toString());
                assertTrue(said.message().startsWith(String.format("%,d ", after.length)),
                        (split ? "after the buffer: " : "in the buffer: ") + said.message());
                assertEquals(after[0] == 0, said.message().contains("zero bytes"), said.message());
            }
        }
        CollectingSink twice = new CollectingSink();
        new CloudTrailReader().read("twice.jsonl.gz", new OneMemberARead(member, member), twice);
        assertEquals(6, twice.events.size());
        assertEquals(List.of(), twice.problems, "a second member past the buffer is no trailing bytes");
    }

    /** Hands out the first part in one read and says nothing more is available until it is read. */
    private static final class OneMemberARead extends java.io.SequenceInputStream {
        OneMemberARead(byte[] first, byte[] rest) {
            super(new ByteArrayInputStream(first), new ByteArrayInputStream(rest));
        }

        @Override
        public int available() {
            return 0;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A record that names eventName twice says two things: stored, and said, since tools differ on which counts. */
    @Test
    void aFieldNamedTwiceIsSaid() throws IOException {
        List<String> lines = TestInputs.lines(small.subList(0, 2));
        String twice = lines.get(0).substring(0, lines.get(0).length() - 1) + ",\"eventName\":\"DeleteBucket\"}";
        CollectingSink sink = read("twice.jsonl", utf8(twice + "\n" + lines.get(1) + "\n"));
        assertEquals(ids(small.subList(0, 2)), ids(sink));
        assertEquals("DeleteBucket", sink.events.get(0).eventName());
        IngestProblem p = only(sink, ProblemCode.DUPLICATE_KEY, IngestProblem.Outcome.STORED);
        assertEquals("line 1", p.location());
        assertMessage(p, "eventName is in the record twice (\"" + small.get(0).get("eventName").asText()
                + "\", then \"DeleteBucket\")", "SQL on the record's JSON reads the first");
    }

    @Test
    void s3EventNotificationIsNotCloudTrail() throws IOException {
        String s3 = "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"awsRegion\":\"us-east-1\","
                + "\"eventTime\":\"2023-07-10T11:42:36.000Z\",\"eventName\":\"ObjectCreated:Put\","
                + "\"s3\":{\"bucket\":{\"name\":\"logs\"},\"object\":{\"key\":\"a.json\"}}}]}";
        CollectingSink sink = read("s3-event.json", utf8(s3));
        assertEquals(List.of(), sink.events);
        assertEquals(1, sink.problems.size());
        IngestProblem p = sink.problems.get(0);
        assertEquals(ProblemCode.NOT_CLOUDTRAIL, p.code());
        assertEquals("Records[0]", p.location());
        assertMessage(p, "S3 event notification", "aws:s3");
    }
}
