package io.trailkeeper.store.coverage;

import static io.trailkeeper.store.coverage.CoverageStores.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.EventStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file stored only in part is a gap of coverage, and of every answer, until a good copy is loaded. */
class RejectedInputTest {
    private static final Path INVICTUS = CoverageStores.shared("invictus-ir-aws_dataset/CloudTrail");

    @TempDir
    Path dir;

    @Test
    void aFileCutShortIsAGapUntilAGoodCopyOfItIsLoaded() throws IOException {
        Path store = dir.resolve("store.duckdb");
        Path in = Files.createDirectories(dir.resolve("in"));
        byte[] whole = gzip(Files.readAllBytes(INVICTUS.resolve(
                "218007301253_CloudTrail_us-east-1_20230710T1220Z_WMiHxZgr5Hdd6UDc.json")));
        Path file = in.resolve("218007301253_CloudTrail_us-east-1_20230710T1220Z_cut.json.gz");
        Files.write(file, Arrays.copyOf(whole, whole.length * 2 / 3));
        CoverageStores.ingest(store, INVICTUS, in);

        CoverageReport r = report(store);
        List<CoverageGap> rejected = r.coverageGaps().stream()
                .filter(g -> g.kind() == CoverageGap.Kind.INPUT_REJECTED).toList();
        assertEquals(1, rejected.size(), r.coverageGaps().toString());
        assertEquals("1 input file was not stored whole (" + file + "): its lost records are in no answer",
                rejected.get(0).brief());
        assertTrue(rejected.get(0).sentence().contains("SELECT * FROM ingest_problems WHERE outcome = 'REJECTED'"),
                rejected.get(0).sentence());
        assertEquals(List.of(CoverageGap.Kind.INPUT_REJECTED, CoverageGap.Kind.NEVER_COLLECTED),
                r.coverageGaps().stream().map(CoverageGap::kind).toList().subList(0, 2), "listed in the kinds' order");
        assertTrue(caveats(store).contains(rejected.get(0).brief()), caveats(store).toString());

        Files.write(file, whole); // a good copy, under the same name
        CoverageStores.ingest(store, in);
        assertTrue(report(store).coverageGaps().stream().noneMatch(g -> g.kind() == CoverageGap.Kind.INPUT_REJECTED),
                report(store).coverageGaps().toString());
        assertFalse(caveats(store).stream().anyMatch(c -> c.contains("not stored whole")), caveats(store).toString());
    }

    @Test
    void aDamagedObjectOfABucketIsAGapUntilItsReplacementIsCollected() throws Exception {
        Path store = dir.resolve("store.duckdb");
        CoverageStores.ingest(store, INVICTUS);
        String key = "AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10/cut.json.gz";
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + store.toAbsolutePath());
             java.sql.Statement s = c.createStatement()) {
            // as collect s3 leaves a .json.gz cut short: read to its end in run 7, the rest after 13 records refused
            s.execute("INSERT INTO ingest_problems VALUES (7, 's3://logs/" + key + "', '', NULL, 'TK-IN-02',"
                    + " 'CORRUPT_COMPRESSION', 'REJECTED', 'the gzip data ends too early', NULL)");
            s.execute("INSERT INTO s3_objects VALUES ('logs', '" + key + "', 'a', 3000, TIMESTAMP '2023-07-10 13:00:00',"
                    + " 'log', 13, 7)");
        }
        assertTrue(caveats(store).contains("1 input file was not stored whole (s3://logs/" + key + "): its lost"
                + " records are in no answer"), caveats(store).toString());
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + store.toAbsolutePath());
             java.sql.Statement s = c.createStatement()) {
            // the object replaced by a good copy and collected again (another ETag) in run 8, without a problem
            s.execute("INSERT INTO s3_objects VALUES ('logs', '" + key + "', 'b', 9000, TIMESTAMP '2023-07-10 14:00:00',"
                    + " 'log', 40, 8)");
        }
        assertFalse(caveats(store).stream().anyMatch(c -> c.contains("not stored whole")), caveats(store).toString());
    }

    private static CoverageReport report(Path store) {
        try (EventStore s = CoverageStores.read(store)) {
            return new CoverageAnalysis(s, at("2023-07-20T12:00:00Z")).report(null, null);
        }
    }

    private static List<String> caveats(Path store) {
        try (EventStore s = CoverageStores.read(store)) {
            return new CoverageAnalysis(s, at("2023-07-20T12:00:00Z")).caveats(null, null, Set.of(), false);
        }
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
