package io.trailkeeper.cli;

import static io.trailkeeper.cli.Waits.await;
import static io.trailkeeper.cli.Waits.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.aws.s3.S3MockServer;
import io.trailkeeper.emulator.Emulator;
import io.trailkeeper.emulator.EmulatorConfig;
import io.trailkeeper.emulator.Scenario;
import io.trailkeeper.emulator.ScenarioBuilder;
import io.trailkeeper.events.TableSink;
import io.trailkeeper.store.EventSearch;
import io.trailkeeper.store.EventStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.junit.jupiter.api.io.TempDir;

/** watch --once collects, detects and alerts; run twice over the same events, each alert is raised once. */
class WatchCommandTest {
    private static final Instant NOW = Cli.CLOCK.instant();

    @TempDir
    Path dir;

    private static String call(Instant time, String region, String source, String name, String id) {
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDAEXAMPLE\","
                + "\"arn\":\"arn:aws:iam::123456789012:user/mallory\",\"accountId\":\"123456789012\","
                + "\"accessKeyId\":\"AKIAEXAMPLELEAKED01\",\"userName\":\"mallory\"},\"eventTime\":\"" + time
                + "\",\"eventSource\":\"" + source + "\",\"eventName\":\"" + name + "\",\"awsRegion\":\"" + region
                + "\",\"sourceIPAddress\":\"203.0.113.66\",\"userAgent\":\"aws-cli/2.15.30\",\"requestParameters\":"
                + "{\"name\":\"main-trail\"},\"responseElements\":null,\"eventID\":\"" + id + "\",\"readOnly\":false,"
                + "\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"123456789012\","
                + "\"eventCategory\":\"Management\"}";
    }

    @Test
    void twoRoundsOverTheSameEventsRaiseEachAlertOnce() throws Exception {
        ScenarioBuilder b = Scenario.builder().account("123456789012").now(NOW).enabledRegions("us-east-1", "eu-west-1");
        b.record(call(NOW.minus(Duration.ofHours(3)), "eu-west-1", "cloudtrail.amazonaws.com", "StopLogging",
                "11111111-1111-1111-1111-111111111111"));
        b.record(call(NOW.minus(Duration.ofHours(2)), "eu-west-1", "cloudtrail.amazonaws.com", "DeleteTrail",
                "22222222-2222-2222-2222-222222222222"));
        b.record(call(NOW.minus(Duration.ofHours(1)), "us-east-1", "ec2.amazonaws.com", "DescribeInstances",
                "33333333-3333-3333-3333-333333333333"));
        Path store = dir.resolve("s.duckdb");
        Path alerts = dir.resolve("alerts.jsonl");
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(b.build()).lookupRatePerSecond(50).build())) {
            String[] args = {"watch", "--from", "lookup", "--once", "--endpoint-url", emulator.endpoint().toString(),
                "--rate", "50", "--alert", "jsonl:" + alerts, "--alert", "stdout"};
            Cli.Result first = Cli.run(store, args);
            assertEquals(0, first.code(), first.toString());
            List<String> raised = Files.readAllLines(alerts);
            assertTrue(raised.stream().anyMatch(l -> l.contains("\"title\":\"CloudTrail Trail Logging Stopped\"")
                    && l.contains("\"author\":\"TrailKeeper\"")), String.join("\n", raised));
            assertTrue(raised.stream().anyMatch(l -> l.contains("CloudTrail Trail Deleted")), String.join("\n", raised));
            assertTrue(first.out().contains("StopLogging"), first.out());

            Cli.Result second = Cli.run(store, args);
            assertEquals(0, second.code(), second.toString());
            assertEquals(raised, Files.readAllLines(alerts), "no alert raised twice");
            assertTrue(second.err().contains(", 0 new alerts"), second.err());
        }
    }

    @Test
    void badSinksAndSourcesAreRefusedWithTheReason() {
        Cli.Result sink = Cli.run(dir.resolve("s.duckdb"), "watch", "--once", "--alert", "pager:x");
        assertEquals(2, sink.code(), sink.toString());
        assertTrue(sink.err().contains("--alert pager:x is not a sink"), sink.err());
        Cli.Result s3 = Cli.run(dir.resolve("s.duckdb"), "watch", "--once", "--from", "s3", "--alert", "stdout");
        assertEquals(2, s3.code(), s3.toString());
        assertTrue(s3.err().contains("--from s3 needs --bucket"), s3.err());
    }

    private static String rule(String id, String title) {
        return "title: " + title + "\nid: " + id + "\nstatus: experimental\nauthor: Tester\nlogsource:\n  product: aws\n"
                + "  service: cloudtrail\ndetection:\n  selection:\n    eventName: DescribeInstances\n"
                + "  condition: selection\nlevel: low\n";
    }

    @Test
    void aFailedRoundOrAnEditedRuleDoesNotEndTheWatchAndAnInterruptStopsIt() throws Exception {
        ScenarioBuilder b = Scenario.builder().account("123456789012").now(NOW).enabledRegions("us-east-1");
        b.record(call(NOW.minus(Duration.ofHours(1)), "us-east-1", "ec2.amazonaws.com", "DescribeInstances",
                "33333333-3333-3333-3333-333333333333"));
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        EmulatorConfig config = EmulatorConfig.builder(b.build()).lookupRatePerSecond(50).port(port).build();
        Path rules = describeRule("0b5f7f5e-0000-4000-8000-000000000001");
        Path alerts = dir.resolve("alerts.jsonl");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger code = new AtomicInteger(-1);
        String[] args = {"--store", dir.resolve("s.duckdb").toString(), "watch", "--from", "lookup", "--interval", "1s",
            "--endpoint-url", "http://127.0.0.1:" + port, "--rate", "50", "--rules", rules.toString(),
            "--alert", "jsonl:" + alerts};
        Thread watch = new Thread(() -> code.set(Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true),
                Cli.CLOCK)));
        Emulator first = Emulator.start(config);
        watch.start();
        try {
            await("the first alert", () -> read(alerts).contains("Describe seen"), err);
            first.close();
            await("a failed round", () -> err.toString().contains("failed, the next one tries again"), err);
            assertTrue(watch.isAlive(), "a round that failed after the first does not end the watch");
            try (Emulator again = Emulator.start(config)) {
                Files.writeString(rules.resolve("describe.yml"), "title: half written\ndetection:\n  selection: [");
                await("the broken rule told", () -> err.toString().contains("rule not used: ")
                        && err.toString().contains("describe.yml"), err);
                Files.writeString(rules.resolve("describe.yml"),
                        rule("0b5f7f5e-0000-4000-8000-000000000002", "Describe again"));
                await("the edited rule's alert", () -> read(alerts).contains("Describe again"), err);
                assertTrue(again.endpoint().toString().endsWith(":" + port));
                watch.interrupt();
                watch.join(Duration.ofSeconds(60).toMillis());
            }
        } finally {
            first.close();
        }
        assertTrue(!watch.isAlive(), "an interrupt (what Ctrl-C and SIGTERM do) ends the watch");
        assertEquals(0, code.get(), err.toString());
        assertEquals(1, err.toString().lines().filter(l -> l.startsWith("rule not used: ")).count(),
                "the broken rule told once, not every round: " + err);
        assertEquals(2, read(alerts).lines().count(), read(alerts));
    }

    /** A rules folder under the test's folder with one rule, "Describe seen", of this id. */
    private Path describeRule(String id) throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("describe.yml"), rule(id, "Describe seen"));
        return rules;
    }

    /** A new bucket holding one trail file, delivered an hour ago, of a DescribeInstances call then. */
    private static void bucketWithACallAnHourAgo(S3Client s3, String bucket, String eventId) throws Exception {
        s3.createBucket(b -> b.bucket(bucket));
        putTrailFile(s3, bucket, NOW.minus(Duration.ofHours(1)), call(NOW.minus(Duration.ofHours(1)), "us-east-1",
                "ec2.amazonaws.com", "DescribeInstances", eventId));
    }

    private static void putTrailFile(S3Client s3, String bucket, Instant delivered, String record) throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(("{\"Records\":[" + record + "]}").getBytes(StandardCharsets.UTF_8));
        }
        String day = delivered.toString().substring(0, 10).replace('-', '/');
        String stamp = delivered.toString().substring(0, 16).replace("-", "").replace(":", "") + "Z";
        String key = "AWSLogs/123456789012/CloudTrail/us-east-1/" + day + "/123456789012_CloudTrail_us-east-1_" + stamp
                + "_" + Math.abs(record.hashCode()) + ".json.gz";
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(gz.toByteArray()));
    }

    @Test
    void aTrailFileWithDamagedContentIsNamedOnStderr() throws Exception {
        S3Client s3 = S3MockServer.get().clients().s3("us-east-1");
        String bucket = "watch-damaged-" + System.nanoTime();
        bucketWithACallAnHourAgo(s3, bucket, "66666666-6666-6666-6666-666666666666");
        String day = NOW.toString().substring(0, 10).replace('-', '/');
        String empty = "AWSLogs/123456789012/CloudTrail/us-east-1/" + day + "/123456789012_CloudTrail_us-east-1_"
                + NOW.toString().substring(0, 16).replace("-", "").replace(":", "") + "Z_empty.json.gz";
        s3.putObject(b -> b.bucket(bucket).key(empty), RequestBody.fromBytes(new byte[0]));

        Cli.Result r = Cli.run(dir.resolve("s.duckdb"), "watch", "--once", "--from", "s3", "--bucket", bucket,
                "--region", "us-east-1", "--endpoint-url", S3MockServer.get().endpoint().toString(),
                "--alert", "jsonl:" + dir.resolve("alerts.jsonl"));

        assertEquals(0, r.code(), r.toString());
        assertTrue(r.err().contains("error: s3://" + bucket + "/" + empty + ": ") && r.err().contains("empty"),
                r.toString());
    }

    @Test
    void aFolderUnderAwsLogsThatIsNoAccountIsWarnedOfOncePerWatch() throws Exception {
        S3Client s3 = S3MockServer.get().clients().s3("us-east-1");
        String bucket = "watch-foreign-" + System.nanoTime();
        bucketWithACallAnHourAgo(s3, bucket, "77777777-7777-7777-7777-777777777777");
        s3.putObject(b -> b.bucket(bucket).key("AWSLogs/backup/x.json.gz"), RequestBody.fromBytes(new byte[] {1}));
        StringWriter err = new StringWriter();
        AtomicInteger code = new AtomicInteger(-1);
        String[] args = {"--store", dir.resolve("s.duckdb").toString(), "watch", "--from", "s3", "--bucket", bucket,
            "--region", "us-east-1", "--endpoint-url", S3MockServer.get().endpoint().toString(), "--interval", "1s",
            "--alert", "jsonl:" + dir.resolve("alerts.jsonl")};
        Thread watch = new Thread(() -> code.set(Main.run(args, new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true), Cli.CLOCK)));
        watch.start();
        try {
            await("three rounds", () -> err.toString().lines().filter(l -> l.startsWith("watch: round at")).count()
                    >= 3, err);
        } finally {
            watch.interrupt();
            watch.join(Duration.ofSeconds(60).toMillis());
        }
        assertEquals(0, code.get(), err.toString());
        assertEquals(1, err.toString().lines().filter(l -> l.startsWith("warning: passed over s3://" + bucket
                + "/AWSLogs/backup/: ") && l.contains("not in CloudTrail's layout")).count(), err.toString());
    }

    @Test
    void aTrailFileDeliveredLateWithEventsOlderThanTheLookBackStillRaisesItsAlert() throws Exception {
        S3Client s3 = S3MockServer.get().clients().s3("us-east-1");
        String bucket = "watch-late-" + System.nanoTime();
        bucketWithACallAnHourAgo(s3, bucket, "44444444-4444-4444-4444-444444444444");
        Path rules = describeRule("0b5f7f5e-0000-4000-8000-000000000003");
        Path alerts = dir.resolve("alerts.jsonl");
        StringWriter err = new StringWriter();
        AtomicInteger code = new AtomicInteger(-1);
        String[] args = {"--store", dir.resolve("s.duckdb").toString(), "watch", "--from", "s3", "--bucket", bucket,
            "--region", "us-east-1", "--endpoint-url", S3MockServer.get().endpoint().toString(), "--interval", "1s",
            "--lookback", "1h", "--rules", rules.toString(), "--alert", "jsonl:" + alerts};
        Thread watch = new Thread(() -> code.set(Main.run(args, new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true), Cli.CLOCK)));
        watch.start();
        try {
            await("the first alert", () -> read(alerts).contains("Describe seen"), err);
            await("a second round", () -> err.toString().lines().filter(l -> l.startsWith("watch: round at")).count()
                    >= 2, err);
            // six days old, in its own day's folder: a file the bucket gave only now (CloudTrail delivers late, a
            // bucket unreadable for days is read again); the rounds' look-back (1h) does not reach it
            Instant old = NOW.minus(Duration.ofDays(6));
            putTrailFile(s3, bucket, old, call(old, "us-east-1", "ec2.amazonaws.com", "DescribeInstances",
                    "55555555-5555-5555-5555-555555555555"));
            await("the late event's alert", () -> read(alerts).lines().count() == 2, err);
        } finally {
            watch.interrupt();
            watch.join(Duration.ofSeconds(60).toMillis());
        }
        assertEquals(0, code.get(), err.toString());
        assertTrue(read(alerts).contains(old(NOW.minus(Duration.ofDays(6)))), read(alerts));
    }

    private static String old(Instant t) {
        return "\"eventTime\":\"" + t + "\"";
    }

    @Test
    void lateEventsStoredByARoundWhoseDetectionFailedAreDetectedByTheNextRound() throws Exception {
        S3Client s3 = S3MockServer.get().clients().s3("us-east-1");
        String bucket = "watch-failed-" + System.nanoTime();
        bucketWithACallAnHourAgo(s3, bucket, "77777777-7777-7777-7777-777777777777");
        Path rules = describeRule("0b5f7f5e-0000-4000-8000-000000000005");
        Path store = dir.resolve("s.duckdb");
        Path alerts = dir.resolve("alerts.jsonl");
        String late = "88888888-8888-8888-8888-888888888888";
        AtomicBoolean failed = new AtomicBoolean();
        WatchCommand watch = new WatchCommand();
        // the round that stored the late event fails while it detects (as when the store is busy past --wait)
        watch.whileDetecting = () -> {
            if (!failed.get() && storedIds(store).contains(late)) {
                failed.set(true);
                throw new IllegalStateException("the detection failed here");
            }
        };
        StringWriter err = new StringWriter();
        AtomicInteger code = new AtomicInteger(-1);
        CommandLine cli = new CommandLine(new TrailKeeperCommand(Cli.CLOCK)).addSubcommand(new CommandLine(watch));
        cli.setOut(new PrintWriter(new StringWriter(), true)).setErr(new PrintWriter(err, true));
        Thread rounds = new Thread(() -> code.set(cli.execute("--store", store.toString(), "watch", "--from", "s3",
                "--bucket", bucket, "--region", "us-east-1", "--endpoint-url", S3MockServer.get().endpoint().toString(),
                "--interval", "1s", "--lookback", "1h", "--rules", rules.toString(), "--alert", "jsonl:" + alerts)));
        rounds.start();
        try {
            await("the first alert", () -> read(alerts).contains("Describe seen"), err);
            Instant old = NOW.minus(Duration.ofDays(6));
            putTrailFile(s3, bucket, old, call(old, "us-east-1", "ec2.amazonaws.com", "DescribeInstances", late));
            await("the failed round", () -> err.toString().contains("failed, the next one tries again: the detection"
                    + " failed here"), err);
            await("two rounds after it", () -> roundsAfterTheFailure(err.toString()) >= 2, err);
        } finally {
            rounds.interrupt();
            rounds.join(Duration.ofSeconds(60).toMillis());
        }
        assertEquals(0, code.get(), err.toString());
        assertTrue(read(alerts).contains(old(NOW.minus(Duration.ofDays(6)))), "the late event's alert: " + read(alerts)
                + "\n" + err);
        assertEquals(2, read(alerts).lines().count(), read(alerts));
    }

    private static long roundsAfterTheFailure(String err) {
        return err.substring(err.indexOf("failed, the next one tries again")).lines()
                .filter(l -> l.startsWith("watch: round at")).count();
    }

    private static List<String> storedIds(Path store) {
        List<String> ids = new ArrayList<>();
        // the watch's own configuration (in one process DuckDB shares a file only between connections of one)
        try (EventStore s = EventStore.openForReading(store, EventStore.StoreOptions.defaults())) {
            new EventSearch(s).sql("SELECT event_id FROM events", new TableSink() {
                @Override
                public void columns(List<String> names) {
                }

                @Override
                public void row(List<Object> values) {
                    ids.add((String) values.get(0));
                }
            });
        }
        return ids;
    }

    @Test
    void anotherCommandReadsTheStoreWhileARoundDetects() throws Exception {
        ScenarioBuilder b = Scenario.builder().account("123456789012").now(NOW).enabledRegions("us-east-1");
        b.record(call(NOW.minus(Duration.ofHours(1)), "us-east-1", "ec2.amazonaws.com", "DescribeInstances",
                "66666666-6666-6666-6666-666666666666"));
        Path rules = describeRule("0b5f7f5e-0000-4000-8000-000000000004");
        Path store = dir.resolve("s.duckdb");
        Path alerts = dir.resolve("alerts.jsonl");
        List<String> beside = new ArrayList<>();
        WatchCommand watch = new WatchCommand();
        // what a user's `trailkeeper query` in another process does while the round detects
        watch.whileDetecting = () -> beside.add(queryInAnotherProcess(store));
        StringWriter err = new StringWriter();
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(b.build()).lookupRatePerSecond(50).build())) {
            CommandLine cli = new CommandLine(new TrailKeeperCommand(Cli.CLOCK)).addSubcommand(new CommandLine(watch));
            cli.setOut(new PrintWriter(new StringWriter(), true)).setErr(new PrintWriter(err, true));
            int code = cli.execute("--store", store.toString(), "watch", "--from", "lookup", "--once",
                    "--endpoint-url", emulator.endpoint().toString(), "--rate", "50", "--rules", rules.toString(),
                    "--alert", "jsonl:" + alerts);
            assertEquals(0, code, err.toString());
        }
        assertEquals(1, beside.size(), beside.toString());
        assertTrue(beside.get(0).startsWith("exit 0\n") && beside.get(0).contains("66666666-6666-6666-6666"),
                "the query read the store beside the detection: " + beside.get(0));
        assertEquals(1, read(alerts).lines().filter(l -> l.contains("Describe seen")).count(), read(alerts));
    }

    /** {@code trailkeeper query --format jsonl} in a process of its own, waiting 2 s for a busy store: exit, output. */
    private static String queryInAnotherProcess(Path store) {
        String launcher = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            Process p = new ProcessBuilder(launcher, "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx256m",
                    "-Duser.timezone=Pacific/Chatham", "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "--store", store.toString(), "--wait", "2", "--format", "jsonl", "query")
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            return "exit " + p.exitValue() + "\n" + output;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
