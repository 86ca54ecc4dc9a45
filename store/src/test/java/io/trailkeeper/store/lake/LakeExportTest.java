package io.trailkeeper.store.lake;

import static io.trailkeeper.store.lake.LakeStores.export;
import static io.trailkeeper.store.lake.LakeStores.lake;
import static io.trailkeeper.store.lake.LakeStores.lakeColumn;
import static io.trailkeeper.store.lake.LakeStores.lakeValue;
import static io.trailkeeper.store.lake.LakeStores.storeValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.TrailKeeperException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** export parquet into a local lake, on the Invictus set and Panther's rule test records (many accounts and days). */
class LakeExportTest {
    @TempDir
    Path dir;

    private static final String INVICTUS = "\"recipientAccountId\":\"123837392027\"";

    private Path store() {
        Path store = dir.resolve("store.duckdb");
        LakeStores.ingest(store, LakeStores.shared("invictus-ir-aws_dataset/CloudTrail"),
                LakeStores.shared("panther-analysis/rule_test_events.records.json"));
        return store;
    }

    private static final String STORE_CHECKSUM = "SELECT " + LakeLayout.CHECKSUM_SQL
            + " FROM (SELECT CAST(record_hash AS VARCHAR) AS record_hash FROM events)";

    @Test
    void everyRowOnceWithItsRawRecordAndPartitionValues() throws IOException {
        Path store = store();
        Path root = dir.resolve("lake");
        LakeExport.Summary s = export(store, new LocalLakeTarget(root));
        long events = Long.parseLong(storeValue(store, "SELECT count(*) FROM events"));
        assertTrue(events > 2900, "the store holds both sets: " + events);
        long partitions = Long.parseLong(storeValue(store, "SELECT count(*) FROM (SELECT DISTINCT "
                + LakeLayout.PARTITION_SQL + " FROM events)"));
        assertEquals(partitions, s.written());
        assertEquals(0, s.unchanged());
        assertEquals(events, s.events());
        assertEquals(s.bytes(), new LocalLakeTarget(root).list("events/").stream()
                .mapToLong(f -> root.resolve(f).toFile().length()).sum());
        // DuckDB reading the lake as a user would: the same rows, the same checksum, the same raw records
        assertEquals(storeValue(store, STORE_CHECKSUM), lakeValue("SELECT " + LakeLayout.CHECKSUM_SQL + " FROM "
                + lake(root)));
        assertEquals(LakeStores.storeRecords(store), lakeColumn("SELECT raw FROM " + lake(root) + " ORDER BY raw"));
        // the path's values are the row's, a missing one read back as NULL; the typed columns are the store's
        assertEquals("0", lakeValue("SELECT count(*) FROM " + lake(root) + " WHERE account IS DISTINCT FROM"
                + " nullif(recipient_account_id, '') OR region IS DISTINCT FROM nullif(aws_region, '')"
                + " OR date IS DISTINCT FROM CAST(event_time AS DATE)"));
        assertTrue(Long.parseLong(lakeValue("SELECT count(*) FROM " + lake(root) + " WHERE account IS NULL")) > 0);
        assertEquals(storeValue(store, "SELECT sum(hash(event_name, event_time, resources, read_only, source_index))"
                + " FROM events"), lakeValue("SELECT sum(hash(event_name, event_time, resources, read_only,"
                + " source_index)) FROM " + lake(root)));
        assertEquals(String.valueOf(partitions), storeValue(store, "SELECT count(*) FROM lake_exports WHERE lake = '"
                + root.toAbsolutePath() + "' AND verified_at IS NOT NULL"));
        assertEquals("zstd", lakeValue("SELECT DISTINCT lower(compression) FROM parquet_metadata('"
                + root.toAbsolutePath() + "/events/*/*/*/*.parquet')"));
        assertEquals(List.of("_tables/athena.sql", "_tables/spark.sql", "_tables/trino.sql"),
                new LocalLakeTarget(root).list("_tables/"));
    }

    @Test
    void aSecondExportWritesNothingAndALateEventRewritesOnlyItsDay() throws IOException {
        Path store = store();
        Path root = dir.resolve("lake");
        LakeExport.Summary first = export(store, new LocalLakeTarget(root));
        Map<String, FileTime> times = times(root);
        LakeExport.Summary again = export(store, new LocalLakeTarget(root));
        assertEquals(0, again.written());
        assertEquals(first.written(), again.unchanged());
        assertEquals(times, times(root));
        assertEquals(List.of(), again.tables());
        assertEquals(3, first.tables().size());

        LakeStores.ingest(store, LakeStores.variant(store, dir, INVICTUS, INVICTUS));
        LakeExport.Summary late = export(store, new LocalLakeTarget(root));
        assertEquals(1, late.written());
        Map<String, FileTime> after = times(root);
        List<String> changed = after.keySet().stream().filter(f -> !after.get(f).equals(times.get(f))).toList();
        assertEquals(1, changed.size(), changed.toString());
        assertTrue(changed.get(0).startsWith("events/account=123837392027/region=us-east-1/date=2023-07-"), changed.toString());
        assertEquals(storeValue(store, STORE_CHECKSUM), lakeValue("SELECT " + LakeLayout.CHECKSUM_SQL + " FROM "
                + lake(root)));
    }

    @Test
    void aCrashLeavesOnlyAHiddenTemporaryThatReadersPassOverAndTheNextExportRemoves() throws IOException {
        Path store = store();
        Path root = dir.resolve("lake");
        export(store, new LocalLakeTarget(root));
        String before = lakeValue("SELECT " + LakeLayout.CHECKSUM_SQL + " FROM " + lake(root));
        LakeStores.ingest(store, LakeStores.variant(store, dir, INVICTUS, INVICTUS));
        // killed between writing the new file and moving it into place: the temporary stays, nothing is recorded
        LakeTarget crashing = new DelegatingLakeTarget(root) {
            @Override
            public long put(Path temporary, String relative) throws IOException {
                // what a kill leaves: the writer's finally never runs, so its temporary stays
                Files.copy(temporary, temporary.resolveSibling(temporary.getFileName() + ".tmp"));
                throw new IOException("killed");
            }
        };
        assertThrows(TrailKeeperException.class, () -> export(store, crashing));
        List<String> temporaries = new LocalLakeTarget(root).list("events/").stream()
                .filter(f -> f.substring(f.lastIndexOf('/') + 1).startsWith(".")).toList();
        assertEquals(1, temporaries.size(), temporaries.toString());
        assertTrue(Files.size(root.resolve(temporaries.get(0))) > 0);
        assertEquals(before, lakeValue("SELECT " + LakeLayout.CHECKSUM_SQL + " FROM " + lake(root)));
        assertNotEquals(storeValue(store, STORE_CHECKSUM), before);

        LakeExport.Summary next = export(store, new LocalLakeTarget(root));
        assertEquals(1, next.written());
        assertFalse(Files.exists(root.resolve(temporaries.get(0))));
        assertEquals(storeValue(store, STORE_CHECKSUM), lakeValue("SELECT " + LakeLayout.CHECKSUM_SQL + " FROM "
                + lake(root)));
    }

    @Test
    void aForeignFileAtAPartitionsPlaceIsNamedAndTheOtherPartitionsAreStillWritten() throws IOException {
        Path store = store();
        export(store, new LocalLakeTarget(dir.resolve("first")));
        List<String> files = new LocalLakeTarget(dir.resolve("first")).list("events/");
        // another lake whose oldest partition (the first the export writes) holds someone else's Parquet file
        Path root = dir.resolve("lake");
        Path foreign = root.resolve(files.stream().filter(f -> f.contains("date=2015-")).findFirst().orElseThrow());
        Files.createDirectories(foreign.getParent());
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
             java.sql.Statement s = c.createStatement()) {
            s.execute("COPY (SELECT 1 AS x) TO '" + foreign + "' (FORMAT parquet)");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        TrailKeeperException e = assertThrows(TrailKeeperException.class, () -> export(store,
                new LocalLakeTarget(root)));
        assertTrue(e.getMessage().contains(foreign.toString()) && e.getMessage().contains("no column record_hash"),
                e.getMessage());
        assertEquals(files.size(), new LocalLakeTarget(root).list("events/").size(), "every other partition written");
        assertEquals("1", lakeValue("SELECT count(*) FROM read_parquet('" + foreign + "')"), "the file left as it was");
    }

    @Test
    void oddPartitionValuesStayInsideTheLake() throws IOException {
        Path store = store();
        LakeStores.ingest(store, LakeStores.variant(store, dir, INVICTUS,
                "\"recipientAccountId\":\"../../../out'; DROP x\""),
                LakeStores.variant(store, dir, "\"awsRegion\":\"us-east-1\"", "\"awsRegion\":\"/etc/..\\\\x\""));
        Path root = dir.resolve("deep/lake");
        export(store, new LocalLakeTarget(root));
        try (var all = Files.walk(dir.resolve("deep"))) {
            List<Path> outside = all.filter(Files::isRegularFile)
                    .filter(p -> !p.startsWith(root.resolve("events")) && !p.startsWith(root.resolve("_tables"))).toList();
            assertEquals(List.of(), outside);
        }
        assertTrue(Files.isDirectory(root.resolve("events/account=%2E.%2F..%2F..%2Fout%27%3B%20DROP%20x")));
        try (var folders = Files.walk(root.resolve("events"), 2)) {
            assertEquals(1, folders.filter(p -> p.getFileName().toString().equals("region=%2Fetc%2F..%5Cx")).count());
        }
        assertEquals(storeValue(store, STORE_CHECKSUM), lakeValue("SELECT " + LakeLayout.CHECKSUM_SQL + " FROM "
                + lake(root)));
        assertEquals("1", lakeValue("SELECT count(*) FROM " + lake(root) + " WHERE recipient_account_id ="
                + " '../../../out''; DROP x'"));
    }

    @Test
    void sinceAndUntilExportOnlyThoseDays() {
        Path store = store();
        Path root = dir.resolve("lake");
        LakeExport.Summary s = new LakeExport(LakeStores.opener(store), new LocalLakeTarget(root), LakeStores.CLOCK,
                java.time.Duration.ofSeconds(30)).run(java.time.LocalDate.parse("2023-07-10"),
                        java.time.LocalDate.parse("2023-07-10"), LakeStores.QUIET);
        assertEquals(Long.parseLong(storeValue(store, "SELECT count(*) FROM events WHERE CAST(event_time AS DATE)"
                + " = DATE '2023-07-10'")), s.events());
        assertTrue(s.events() > 0);
        assertEquals(List.of("2023-07-10"), lakeColumn("SELECT DISTINCT CAST(date AS VARCHAR) FROM " + lake(root)));
    }

    @Test
    void anExportInSlicesClosesTheStoreBetweenThemAndWritesTheSame() throws Exception {
        Path store = dir.resolve("store.duckdb");
        LakeStores.ingest(store, LakeStores.shared("invictus-ir-aws_dataset/CloudTrail"));
        LakeStores.ingest(store, LakeStores.variant(store, dir, "\"awsRegion\":\"us-east-1\"", "\"awsRegion\":\"eu-west-1\""),
                LakeStores.variant(store, dir, "\"eventTime\":\"2023-07-1", "\"eventTime\":\"2023-06-1"));
        Path root = dir.resolve("lake");
        java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
        LakeExport.Summary s = new LakeExport(() -> {
            opened.incrementAndGet();
            return LakeStores.opener(store).get();
        }, new LocalLakeTarget(root), LakeStores.CLOCK, java.time.Duration.ZERO).run(null, null, LakeStores.QUIET);
        assertTrue(s.written() >= 3, s.toString());
        assertEquals(s.written() + 1, opened.get(), "one slice a partition, and the plan's");
        assertEquals(storeValue(store, STORE_CHECKSUM), lakeValue("SELECT " + LakeLayout.CHECKSUM_SQL + " FROM "
                + lake(root)));
    }

    private static Map<String, FileTime> times(Path root) throws IOException {
        Map<String, FileTime> out = new HashMap<>();
        for (String f : new LocalLakeTarget(root).list("events/")) {
            out.put(f, Files.getLastModifiedTime(root.resolve(f)));
        }
        return out;
    }
}
