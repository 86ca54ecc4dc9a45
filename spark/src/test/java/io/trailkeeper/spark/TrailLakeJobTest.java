package io.trailkeeper.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.detect.InMemoryEngine;
import io.trailkeeper.detect.RuleLoader;
import io.trailkeeper.detect.SigmaRule;
import io.trailkeeper.detect.sql.UnsupportedRuleException;
import io.trailkeeper.events.RecordParser;
import io.trailkeeper.events.RecordHash;
import io.trailkeeper.events.TableSink;
import io.trailkeeper.store.EventQuery;
import io.trailkeeper.store.EventSearch;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.Ingest;
import io.trailkeeper.store.lake.LakeExport;
import io.trailkeeper.store.lake.LakeLayout;
import io.trailkeeper.store.lake.LakeTables;
import io.trailkeeper.store.lake.LocalLakeTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job in Spark's local mode on the shared data, against TrailKeeper's own store and detect over the same
 * files, and against the lake {@code export parquet} ({@link LakeExport}) writes from that store. Two runs into
 * one lake: the invictus-ir trail files first (given as a file: URI), then the rest (the
 * same records again as gzip files in an AWSLogs layout, and the stratus-red-team, panther, otrf and LookupEvents
 * files), so the second run merges into partitions the first wrote. The store ingests everything at once.
 */
class TrailLakeJobTest {
    private static final Path DATA = Path.of(System.getProperty("trailkeeper.shared", "../../shared"), "data");
    private static final Path SIGMA = DATA.resolveSibling("sigma").resolve("rules");
    private static final List<String> TYPED = LakeLayout.COLUMNS.stream().map(c -> c[0])
            .filter(c -> !c.equals("raw")).toList();

    @TempDir
    static Path tmp;
    static SparkSession spark;
    static TrailLakeJob.Summary first;
    static TrailLakeJob.Summary second;
    static Path lake;
    static Path detections;
    static Path storeFile;
    static List<SigmaRule> rules;
    /** What the job printed (it goes to stdout too). */
    static final java.io.ByteArrayOutputStream JOB_OUTPUT = new java.io.ByteArrayOutputStream();

    @BeforeAll
    static void runJobAndStore() throws IOException {
        spark = TrailLakeJob.settings(SparkSession.builder().master("local[2]").appName("trailkeeper-lake-test")
                        .config("spark.ui.enabled", "false")
                        .config("spark.driver.host", "127.0.0.1")
                        .config("spark.driver.bindAddress", "127.0.0.1")
                        .config("spark.sql.shuffle.partitions", "4")
                        .config("spark.default.parallelism", "4"))
                .getOrCreate();
        lake = tmp.resolve("lake");
        detections = tmp.resolve("detections");
        Path trailFiles = DATA.resolve("invictus-ir-aws_dataset/CloudTrail");
        List<Path> rest = List.of(DATA.resolve("invictus-ir-aws_dataset/derived-AWSLogs-layout"),
                DATA.resolve("stratus-red-team"), DATA.resolve("panther-analysis"),
                DATA.resolve("otrf-security-datasets"), DATA.resolve("lookup-events"));
        TrailLakeJob job = new TrailLakeJob(spark, new java.io.PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                JOB_OUTPUT.write(b);
                System.out.write(b);
            }
        }, true, StandardCharsets.UTF_8));
        Path windows = Files.createDirectories(tmp.resolve("windows-rules"));
        Files.writeString(windows.resolve("cmd.yml"), "title: cmd\nlogsource:\n  product: windows\n  category:"
                + " process_creation\ndetection:\n  s:\n    Image|endswith: cmd.exe\n  condition: s\n");
        first = job.run(JobArguments.parse("--input", trailFiles.toAbsolutePath().toUri().toString(),
                "--lake", lake.toString()));
        List<String> args = new ArrayList<>();
        for (Path p : rest) {
            args.addAll(List.of("--input", p.toAbsolutePath().toString()));
        }
        args.addAll(List.of("--lake", lake.toString(), "--rules", SIGMA.toString(), "--rules", windows.toString(),
                "--detections", detections.toString()));
        second = job.run(JobArguments.parse(args.toArray(String[]::new)));

        storeFile = tmp.resolve("store.duckdb");
        List<Path> all = new ArrayList<>(List.of(trailFiles));
        all.addAll(rest);
        try (EventStore store = EventStore.openForWriting(storeFile, EventStore.StoreOptions.defaults())) {
            // one thread: the store then keeps the first copy of a record in its file order, as the job does (with
            // several, a copy in a file without a delivery time in its name may win the race instead)
            new Ingest(store, Ingest.Options.defaults().withThreads(1), new Ingest.Listener() { }).run(all);
        }
        RuleLoader loader = new RuleLoader(Map.of("trail_buckets", List.of()));
        rules = new ArrayList<>(loader.bundled().rules());
        rules.addAll(loader.load(SIGMA).rules());
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void aRuleForAnotherLogSourceIsCountedAsSkipped() {
        String printed = JOB_OUTPUT.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("skipped 1 rules for another log source than CloudTrail"), printed);
        assertTrue(!printed.contains("cmd.yml"), printed);
    }

    @Test
    void theLakeHasOneZstdParquetFilePerPartitionInTheLayout() throws IOException, SQLException {
        List<String> files;
        try (Stream<Path> walk = Files.walk(lake)) {
            files = walk.filter(Files::isRegularFile).map(p -> lake.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
        assertTrue(files.size() >= 5, "partitions: " + files);
        for (String f : files) {
            assertTrue(f.matches("events/account=[^/]+/region=[^/]+/date=[^/]+/events\\.parquet")
                    || LakeTables.FILES.stream().anyMatch(t -> f.equals(LakeLayout.TABLES + "/" + t)), f);
        }
        assertTrue(files.contains(LakeLayout.partition("123837392027", "us-east-1",
                java.time.LocalDate.of(2023, 7, 10)) + LakeLayout.FILE), "invictus-ir's day: " + files);
        try (Connection c = duck(); Statement s = c.createStatement()) {
            List<String> described = new ArrayList<>();
            try (ResultSet r = s.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + glob()
                    + "', hive_partitioning = false)")) {
                while (r.next()) {
                    described.add(r.getString(1) + " " + r.getString(2));
                }
            }
            assertEquals(LakeLayout.COLUMNS.stream().map(col -> col[0] + " " + col[1]).toList(), described);
            try (ResultSet r = s.executeQuery("SELECT list(DISTINCT compression) FROM parquet_metadata('" + glob()
                    + "')")) {
                r.next();
                assertEquals("[ZSTD]", r.getString(1));
            }
            // every row sits in the partition the lake contract gives it
            try (ResultSet r = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE p_account IS DISTINCT FROM"
                    + " account OR p_region IS DISTINCT FROM region OR p_date IS DISTINCT FROM date) FROM (SELECT"
                    + " coalesce(p_account, '" + LakeLayout.NONE + "') AS p_account, coalesce(p_region, '"
                    + LakeLayout.NONE + "') AS p_region, coalesce(p_date, '" + LakeLayout.NONE + "') AS p_date, "
                    + LakeLayout.PARTITION_SQL + " FROM (SELECT account AS p_account, region AS p_region,"
                    + " date AS p_date, * EXCLUDE (account, region, date) FROM read_parquet('" + glob()
                    + "', hive_partitioning = true, hive_types_autocast = false)))")) {
                r.next();
                assertEquals(second.distinct() + first.distinct() - overlap(), r.getLong(1));
                assertEquals(0, r.getLong(2), "rows outside their partition");
            }
        }
    }

    @Test
    void theLakeHoldsTheStoresRowsKeyForKeyAndColumnForColumn() throws SQLException {
        Map<String, List<String>> stored = new HashMap<>();
        String select = "SELECT " + TYPED.stream().map(c -> "CAST(" + c + " AS VARCHAR)")
                .collect(Collectors.joining(", "));
        try (EventStore store = EventStore.openForReading(storeFile, EventStore.StoreOptions.defaults())) {
            new EventSearch(store).sql(select + " FROM events", rows(stored));
        }
        Map<String, List<String>> inLake = new HashMap<>();
        try (Connection c = duck(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(select + " FROM read_parquet('" + glob() + "', hive_partitioning = false)")) {
            while (r.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= TYPED.size(); i++) {
                    row.add(r.getString(i));
                }
                assertEquals(null, inLake.put(row.get(0), row), "a record twice in the lake: " + row.get(0));
            }
        }
        assertTrue(stored.size() > 3000, "records in the store: " + stored.size());
        assertEquals(new TreeSet<>(stored.keySet()), new TreeSet<>(inLake.keySet()));
        for (Map.Entry<String, List<String>> e : stored.entrySet()) {
            assertEquals(e.getValue(), inLake.get(e.getKey()), "columns " + TYPED);
        }
        // the second run read the invictus-ir records again (gzip copies): they were not added twice
        assertTrue(second.records() > second.distinct(), second.toString());
        assertTrue(first.records() >= first.distinct() && first.files() == 55, first.toString());
        assertEquals(stored.size(), first.distinct() + second.distinct() - overlap());
    }

    @Test
    void rawRecordsAreTheStoresByteForByte() throws SQLException {
        Map<String, byte[]> raw = new HashMap<>();
        try (EventStore store = EventStore.openForReading(storeFile, EventStore.StoreOptions.defaults())) {
            new EventSearch(store).records(EventQuery.all(), r -> raw.put(RecordHash.of(r).toString(), r));
        }
        int compared = 0;
        try (Connection c = duck(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT record_hash, raw FROM read_parquet('" + glob() + "')")) {
            while (r.next()) {
                byte[] expected = raw.get(r.getString(1));
                byte[] actual = r.getString(2).getBytes(StandardCharsets.UTF_8);
                assertArrayEquals(expected, actual, r.getString(1));
                assertEquals(r.getString(1), RecordHash.of(actual).toString());
                compared++;
            }
        }
        assertEquals(raw.size(), compared);
    }

    @Test
    void detectionsAsSparkSqlEqualDetectsOverTheStore() {
        Set<String> expected = new TreeSet<>();
        Set<String> correlated = new TreeSet<>();
        java.util.function.Consumer<io.trailkeeper.detect.Match> add = m -> (m.rule().correlation() == null ? expected
                : correlated).add(m.rule().source() + " " + m.event().recordHash());
        RecordParser parser = new RecordParser();
        InMemoryEngine engine = new InMemoryEngine(rules);
        try (EventStore store = EventStore.openForReading(storeFile, EventStore.StoreOptions.defaults())) {
            new EventSearch(store).records(EventQuery.all(), raw -> engine.accept(parser.parse(raw), add));
        }
        engine.finish(add);
        // correlations are not run as Spark SQL: each of them is named as not compiled instead
        assertTrue(!correlated.isEmpty(), "the data fires a correlation in memory");
        Set<String> found = new TreeSet<>();
        for (Row r : spark.read().json(detections.toString()).select("rule_source", "record_hash").collectAsList()) {
            assertTrue(found.add(r.getString(0) + " " + r.getString(1)), "a match twice: " + r);
        }
        SparkDetections.Result result = second.detections();
        for (UnsupportedRuleException e : result.rejected()) {
            assertTrue(e.rule().correlation() != null, "only correlations stay out of Spark SQL: " + e.getMessage());
        }
        long correlations = rules.stream().filter(r -> r.correlation() != null).count();
        assertEquals(SparkDetections.emitting(rules).size() + correlations, result.rules() + result.rejected().size());
        assertTrue(expected.size() > 20, "matches in memory: " + expected.size());
        assertEquals(expected, found);
        assertEquals(found.size(), result.matches());
    }

    @Test
    void theLakeIsTheOneExportParquetWritesFromTheStore() throws IOException, SQLException {
        Path exported = tmp.resolve("exported");
        LakeExport.Summary summary = new LakeExport(() -> EventStore.openForWriting(storeFile,
                EventStore.StoreOptions.defaults()), new LocalLakeTarget(exported), Clock.systemUTC(),
                Duration.ofSeconds(30)).run(null, null, new LakeExport.Listener() {
                    @Override
                    public void planned(int partitions, int unchanged, long events) {
                    }

                    @Override
                    public void written(int partitionsDone, long eventsDone) {
                    }
                });
        assertEquals(partitionFiles(lake), partitionFiles(exported));
        for (String table : LakeTables.FILES) {
            String relative = LakeLayout.TABLES + "/" + table;
            assertEquals(Files.readString(exported.resolve(relative)).replace(exported.toString(), lake.toString()),
                    Files.readString(lake.resolve(relative)), relative);
        }
        assertEquals(partitionFiles(lake).size(), summary.written());
        String columns = LakeLayout.COLUMNS.stream().map(c -> c[0]).collect(Collectors.joining(", "));
        String ours = "SELECT " + columns + " FROM read_parquet('" + glob() + "', hive_partitioning = false)";
        String theirs = "SELECT " + columns + " FROM read_parquet('" + exported.resolve(LakeLayout.EVENTS)
                + "/*/*/*/" + LakeLayout.FILE + "', hive_partitioning = false)";
        try (Connection c = duck(); Statement s = c.createStatement()) {
            for (String q : List.of("SELECT count(*) FROM (" + ours + " EXCEPT ALL " + theirs + ")",
                    "SELECT count(*) FROM (" + theirs + " EXCEPT ALL " + ours + ")")) {
                try (ResultSet r = s.executeQuery(q)) {
                    r.next();
                    assertEquals(0, r.getLong(1), q);
                }
            }
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM (" + theirs + ")")) {
                r.next();
                assertEquals(summary.events(), r.getLong(1));
                assertTrue(r.getLong(1) > 3000);
            }
        }
    }

    private static List<String> partitionFiles(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root.resolve(LakeLayout.EVENTS))) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    /** Records that both runs read (the second run's gzip copies of the first's files). */
    private static long overlap() {
        return first.distinct();
    }

    private static String glob() {
        return lake.resolve(LakeLayout.EVENTS) + "/*/*/*/" + LakeLayout.FILE;
    }

    private static Connection duck() throws SQLException {
        return DriverManager.getConnection("jdbc:duckdb:");
    }

    private static TableSink rows(Map<String, List<String>> into) {
        return new TableSink() {
            @Override
            public void columns(List<String> names) {
            }

            @Override
            public void row(List<Object> values) {
                List<String> row = values.stream().map(v -> v == null ? null : v.toString()).toList();
                into.put(row.get(0), row);
            }
        };
    }
}
