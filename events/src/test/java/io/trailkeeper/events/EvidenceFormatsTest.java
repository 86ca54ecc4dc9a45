package io.trailkeeper.events;

import static io.trailkeeper.events.TestInputs.JSON;
import static io.trailkeeper.events.TestInputs.ids;
import static io.trailkeeper.events.TestInputs.only;
import static io.trailkeeper.events.TestInputs.records;
import static io.trailkeeper.events.TestInputs.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forms evidence reaches a responder in besides a trail's own files and CloudWatch Logs (those are in
 * {@link CloudWatchLogsDeliveriesTest}): LookupEvents' CloudTrailEvent strings, archives (zip, tar, tar.gz) with
 * what archivers add, files concatenated with their byte order marks, UTF-16 without one, and empty files.
 */
class EvidenceFormatsTest {
    private final List<ObjectNode> small = records(TestInputs.SMALL);

    @TempDir
    Path dir;

    private CollectingSink read(String name, byte[] content) throws IOException {
        return TestInputs.readFile(dir, name, content);
    }

    @Test
    void anArrayOfCloudTrailEventStringsIsReadAsLookupEventsRecords() throws IOException {
        // aws cloudtrail lookup-events --query 'Events[].CloudTrailEvent'
        ArrayNode strings = JSON.createArrayNode();
        TestInputs.lines(small.subList(0, 3)).forEach(strings::add);
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
