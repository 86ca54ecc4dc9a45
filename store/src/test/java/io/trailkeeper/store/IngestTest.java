package io.trailkeeper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.IngestProblem;
import io.trailkeeper.events.ProblemCode;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestTest {
    @TempDir
    Path dir;

    @Test
    void invictusLoadsOnceFromBothLayouts() {
        try (EventStore store = TestStores.open(dir)) {
            Ingest.Summary first = TestStores.ingest(store, TestStores.shared("invictus-ir-aws_dataset"));
            assertEquals(110, first.files());
            assertEquals(5800, first.records());
            assertEquals(2900, first.newEvents());
            assertEquals(2900, first.duplicates());
            assertEquals(0, first.filesWithErrors());
            assertEquals(2900, TestStores.count(store, EventQuery.all()));
            assertEquals(2900, TestStores.scalar(store, "SELECT count(DISTINCT record_hash) FROM events"));
        }
    }

    @Test
    void duplicatesAcrossTheTransactionsOfOneRunAreStoredOnce() {
        // small transactions: the plain and gzipped copies of a record land in different ones
        Ingest.Options small = new Ingest.Options(2, false, Ingest.Options.defaults().maxRecordBytes(), 500);
        try (EventStore store = TestStores.open(dir)) {
            Ingest.Summary s = TestStores.ingest(store, small, new ArrayList<>(),
                    TestStores.shared("invictus-ir-aws_dataset"));
            assertEquals(5800, s.records());
            assertEquals(2900, s.newEvents());
            assertEquals(2900, TestStores.count(store, EventQuery.all()));
            assertEquals(2900, TestStores.scalar(store, "SELECT count(DISTINCT record_hash) FROM events"));
        }
    }

    @Test
    void duckDbsThreadsAreGivenBackWhenTheWriterCloses() throws Exception {
        // the writer inserts on one DuckDB thread; what runs after it in the same process gets its threads back
        try (EventStore store = TestStores.open(dir)) {
            try (java.sql.Statement s = store.connection().createStatement()) {
                s.execute("SET threads = 3");
            }
            Ingest.Summary s = TestStores.ingest(store, TestStores.shared("stratus-red-team"));
            assertEquals(310, s.newEvents());
            assertEquals(3, TestStores.scalar(store, "SELECT CAST(current_setting('threads') AS BIGINT)"));
        }
    }

    @Test
    void loadingTheSameInputAgainChangesNothing() {
        Path input = TestStores.shared("stratus-red-team");
        try (EventStore store = TestStores.open(dir)) {
            Ingest.Summary first = TestStores.ingest(store, input);
            assertEquals(310, first.newEvents());
            Ingest.Summary second = TestStores.ingest(store, input);
            assertEquals(35, second.unchanged(), "files read completely are passed over");
            assertEquals(0, second.files());
            assertEquals(0, second.newEvents());
            long chunks = TestStores.scalar(store, "SELECT count(*) FROM events WHERE raw_data IS NOT NULL");
            Ingest.Summary rescan = TestStores.ingest(store, Ingest.Options.defaults().withRescan(true),
                    new ArrayList<>(), input);
            assertEquals(310, rescan.records());
            assertEquals(0, rescan.newEvents());
            assertEquals(310, rescan.duplicates());
            assertEquals(310, TestStores.count(store, EventQuery.all()));
            assertEquals(chunks, TestStores.scalar(store, "SELECT count(*) FROM events WHERE raw_data IS NOT NULL"),
                    "records already stored leave no second copy of their raw JSON behind");
        }
    }

    @Test
    void theStoredKeyIsTheRecordHashOfTheCompactRecord() throws Exception {
        // stores written by every version key a record the same way, so that loading it again finds it stored;
        // the hash's top bit set and clear, and bytes in every position, catch a key stored in another byte order
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            records.add("{\"eventVersion\":\"1.08\",\"eventTime\":\"2024-05-01T10:00:" + (10 + i) + "Z\","
                    + "\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\",\"awsRegion\":\"us-east-1\","
                    + "\"eventID\":\"id-" + i + "\"}");
        }
        Path file = dir.resolve("records.jsonl");
        Files.write(file, records);
        List<String> expected = new ArrayList<>();
        for (String r : records) {
            expected.add(io.trailkeeper.events.RecordHash.of(r.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .toString());
        }
        expected.sort(null);
        assertTrue(expected.stream().anyMatch(h -> h.charAt(0) >= '8') && expected.stream().anyMatch(h -> h.charAt(0)
                < '8'), expected.toString());
        try (EventStore store = TestStores.open(dir)) {
            assertEquals(40, TestStores.ingest(store, file).newEvents());
            assertEquals(String.join(",", expected), TestStores.text(store, "SELECT string_agg(CAST(record_hash AS"
                    + " VARCHAR), ',' ORDER BY CAST(record_hash AS VARCHAR)) FROM events"));
            assertEquals("UUID", TestStores.text(store, "SELECT data_type FROM duckdb_columns() WHERE table_name ="
                    + " 'events' AND column_name = 'record_hash'"));
        }
    }

    @Test
    void recordsSharingAnEventIdAreKeptApart() {
        // every record of Panther's scenarios has eventID "1", and all 27 differ
        try (EventStore store = TestStores.open(dir)) {
            Ingest.Summary s = TestStores.ingest(store, TestStores.shared("panther-analysis/test_scenarios"));
            assertEquals(27, s.newEvents());
            assertEquals(27, TestStores.scalar(store, "SELECT count(*) FROM events WHERE event_id = '1'"));
        }
    }

    @Test
    void timesAreStoredInUtcWhateverTheDefaultZone() {
        try (EventStore store = TestStores.open(dir)) {
            TestStores.ingest(store, TestStores.shared("invictus-ir-aws_dataset/CloudTrail"));
            EventQuery at = new EventQuery(Instant.parse("2023-07-10T12:08:10Z"), Instant.parse("2023-07-10T12:08:10Z"),
                    List.of(), List.of("DeleteBucket"), List.of(), null, null, null, null, null, null, null, null);
            assertEquals(1, TestStores.count(store, at));
            assertEquals(1, TestStores.scalar(store, "SELECT count(*) FROM events WHERE event_name = 'DeleteBucket'"
                    + " AND event_time = TIMESTAMP '2023-07-10 12:08:10'"));
        }
    }

    @Test
    void problemsAreKeptInTheStoreAndGoodFilesStillLoad() throws Exception {
        Path input = Files.createDirectories(dir.resolve("input"));
        byte[] good = Files.readAllBytes(TestStores.shared("stratus-red-team/docs/detonation-logs/"
                + "aws.defense-evasion.cloudtrail-stop.json"));
        Files.write(input.resolve("good.json"), good);
        var bytes = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(Files.readAllBytes(TestStores.shared("invictus-ir-aws_dataset/CloudTrail/"
                    + "218007301253_CloudTrail_us-east-1_20230710T1145Z_7xgocspSowgK0Gto.json")));
        }
        byte[] gz = bytes.toByteArray();
        Files.write(input.resolve("truncated.json.gz"), java.util.Arrays.copyOf(gz, gz.length / 2));
        Files.writeString(input.resolve("notes.json"), "{\"hello\": \"world\"}");
        List<IngestProblem> problems = new ArrayList<>();
        try (EventStore store = TestStores.open(dir)) {
            Ingest.Summary s = TestStores.ingest(store, Ingest.Options.defaults(), problems, input);
            assertEquals(3, s.files());
            assertEquals(1, s.filesWithErrors());
            assertEquals(1, s.filesNotCloudTrail());
            assertTrue(s.newEvents() > 1, "the good file and the readable part of the damaged one load");
            assertTrue(problems.stream().anyMatch(p -> p.code() == ProblemCode.CORRUPT_COMPRESSION
                    && p.source().endsWith("truncated.json.gz")));
            assertEquals(1, TestStores.scalar(store, "SELECT count(*) FROM ingest_problems WHERE code = 'TK-IN-02'"
                    + " AND source_name LIKE '%truncated.json.gz'"));
            assertEquals(1, TestStores.scalar(store, "SELECT count(*) FROM ingest_problems WHERE problem = 'NOT_CLOUDTRAIL'"));
            // only clean files get a checkpoint: the damaged one is read again next time
            assertEquals(0, TestStores.scalar(store, "SELECT count(*) FROM source_files WHERE source_name LIKE '%truncated%'"));
            assertEquals(1, TestStores.scalar(store, "SELECT count(*) FROM source_files WHERE source_name LIKE '%good.json'"));
            Ingest.Summary again = TestStores.ingest(store, input);
            assertEquals(1, again.files(), "the damaged file is read again; the unchanged others are not");
            assertEquals(0, again.newEvents());
        }
    }

    @Test
    void aMissingInputIsReportedAndTheRestLoads() {
        List<IngestProblem> problems = new ArrayList<>();
        try (EventStore store = TestStores.open(dir)) {
            Ingest.Summary s = TestStores.ingest(store, Ingest.Options.defaults(), problems,
                    dir.resolve("no-such-folder"), TestStores.shared("lookup-events"));
            assertEquals(2, s.newEvents());
            assertEquals(1, s.filesWithErrors());
            assertEquals(ProblemCode.UNREADABLE, problems.get(0).code());
            assertTrue(problems.get(0).message().contains("no such file"));
        }
    }

    @Test
    void symbolicLinksAreFollowedAndALinkToNothingIsReported() throws Exception {
        // a folder named through a link (an evidence mount, say), a link inside a folder to another folder, a
        // link back to a folder being walked, and a link whose target is gone
        Path stratus = TestStores.shared("stratus-red-team");
        Path lookup = TestStores.shared("lookup-events");
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.createSymbolicLink(tree.resolve("stratus"), stratus);
        Files.createSymbolicLink(tree.resolve("stratus-again"), stratus);
        Files.createSymbolicLink(tree.resolve("loop"), tree);
        Files.createSymbolicLink(tree.resolve("gone.txt"), dir.resolve("deleted.txt"));
        Files.createSymbolicLink(tree.resolve("gone.json"), dir.resolve("deleted.json"));
        Path named = Files.createSymbolicLink(dir.resolve("evidence"), tree);
        Path alone = Files.createSymbolicLink(dir.resolve("lookup"), lookup);
        List<IngestProblem> problems = new ArrayList<>();
        List<Ingest.PassedOver> passedOver = new ArrayList<>();
        try (EventStore store = TestStores.open(dir.resolve("store"))) {
            Ingest.Summary s = new Ingest(store, Ingest.Options.defaults(), heard(problems, passedOver)).run(List.of(named, alone));
            assertEquals(310 + 2, s.newEvents(), "every record behind the links is read");
            assertEquals(0, s.duplicates(), "the folder behind two links is read once");
            assertEquals(1, s.filesWithErrors(), "a broken link to a name that is never read is no error");
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).source().endsWith("gone.json"), problems.get(0).source());
            assertTrue(problems.get(0).message().contains("symbolic link that cannot be followed"),
                    problems.get(0).message());
            List<String> loops = passedOver.stream().filter(p -> p.reason().contains("link back"))
                    .map(p -> p.path().getFileName().toString()).toList();
            assertEquals(List.of("loop"), loops, "the link back to its own folder is passed over");
            assertEquals(1, passedOver.stream().filter(p -> p.reason().startsWith("the folder read already as"))
                    .count(), passedOver.toString());
        }
    }

    @Test
    void aFolderWalkReadsFirehoseObjectsSetAsideCopiesAndTarBundlesAndPassesOverSidecars() throws Exception {
        // Firehose names its objects without an extension; collect s3 --keep-raw writes a .s3meta.json beside each
        // object and sets an object's earlier content aside as <key>.before-<time>
        Path day = TestStores.shared("invictus-ir-aws_dataset").resolve("derived-AWSLogs-layout/AWSLogs/218007301253/"
                + "CloudTrail/us-east-1/2023/07/10");
        List<Path> trailFiles;
        try (var files = Files.list(day)) {
            trailFiles = files.filter(f -> f.toString().endsWith(".json.gz")).sorted().limit(4).toList();
        }
        Path tree = Files.createDirectories(dir.resolve("tree/2023/07/10/11"));
        Files.copy(trailFiles.get(0), tree.resolve("cloudtrail-stream-1-2023-07-10-11-42-36-6f1c2a9e"));
        Files.copy(trailFiles.get(1), tree.resolve("k.json.gz.before-20240101T000000Z"));
        // a stream whose name has a dot: what follows it is no extension
        Files.copy(trailFiles.get(3), tree.resolve("ct.cwl-1-2023-07-10-11-42-36-7a2b"));
        Files.writeString(tree.resolve("k.json.gz.s3meta.json"), "{\"etag\":\"abc\",\"size\":12}");
        Files.writeString(tree.resolve("README"), "collected for case 42\n");
        Path bundle = Files.createDirectories(dir.resolve("bundle"));
        Files.copy(trailFiles.get(2), bundle.resolve("t.json.gz"));
        Process tar = new ProcessBuilder("tar", "-czf", tree.resolve("bundle.tgz").toString(), "-C",
                bundle.toString(), "t.json.gz").start();
        assertEquals(0, tar.waitFor());
        long expected;
        try (EventStore probe = TestStores.open(dir.resolve("probe"))) {
            expected = TestStores.ingest(probe, trailFiles.toArray(Path[]::new)).newEvents();
        }
        List<IngestProblem> problems = new ArrayList<>();
        List<Ingest.PassedOver> passedOver = new ArrayList<>();
        try (EventStore store = TestStores.open(dir.resolve("store"))) {
            Ingest.Summary s = new Ingest(store, Ingest.Options.defaults(), heard(problems, passedOver)).run(List.of(dir.resolve("tree")));
            assertTrue(expected > 0);
            assertEquals(expected, s.newEvents(), "the four trail files, in their four disguises");
            assertEquals(List.of(), problems, "the sidecar is not read as a file that is not CloudTrail");
            assertEquals(List.of("README", "k.json.gz.s3meta.json"), passedOver.stream()
                    .map(p -> p.path().getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void filesAnOlderReaderFoundNothingInAreReadAgainOnceAfterAnUpgrade() throws Exception {
        // CloudWatch Logs output the reader before generation 2 noted as not CloudTrail, and checkpointed
        Path day = TestStores.shared("lookup-events");
        Path file = dir.resolve("filter-log-events.json");
        StringBuilder out = new StringBuilder("{\"events\":[");
        List<String> records = new ArrayList<>();
        try (var files = Files.walk(day)) {
            for (Path f : files.filter(x -> x.toString().endsWith(".json")).sorted().toList()) {
                var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(f.toFile());
                tree.path("Events").forEach(e -> records.add(e.path("CloudTrailEvent").asText()));
            }
        }
        for (int i = 0; i < records.size(); i++) {
            out.append(i == 0 ? "" : ",").append("{\"timestamp\":1,\"message\":")
                    .append(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(records.get(i)))
                    .append('}');
        }
        Files.writeString(file, out.append("]}").toString());
        assertTrue(records.size() >= 2, records::toString);
        Path empty = Files.writeString(dir.resolve("empty.json"), "");
        try (EventStore store = TestStores.open(dir.resolve("store"))) {
            assertEquals(records.size(), TestStores.ingest(store, file, empty).newEvents());
            // as an older reader left it: the file read, nothing found, no generation recorded
            try (java.sql.Statement st = store.connection().createStatement()) {
                st.execute("DELETE FROM events");
                st.execute("UPDATE source_files SET records = 0");
                st.execute("DELETE FROM store_meta WHERE key LIKE 'reader_generation%'");
            }
            Ingest.Summary upgraded = TestStores.ingest(store, file, empty);
            assertEquals(2, upgraded.files(), "both files are read again once");
            assertEquals(records.size(), upgraded.newEvents());
            Ingest.Summary again = TestStores.ingest(store, file, empty);
            assertEquals(0, again.files(), "and not again: this reader has read them");
            assertEquals(2, again.unchanged());
        }
    }

    /** A listener keeping what an ingest reports: its problems, and the files it passes over. */
    private static Ingest.Listener heard(List<IngestProblem> problems, List<Ingest.PassedOver> passedOver) {
        return new Ingest.Listener() {
            @Override
            public void started(long files, long bytes, long unchanged, List<Ingest.PassedOver> ignored) {
                passedOver.addAll(ignored);
            }

            @Override
            public void problem(IngestProblem problem) {
                problems.add(problem);
            }
        };
    }
}
