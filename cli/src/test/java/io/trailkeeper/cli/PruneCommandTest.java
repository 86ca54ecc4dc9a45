package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code prune} end to end on real records: the policy from a config file, a dry run that changes nothing, the run
 * that exports and moves the old days, and query and investigate answering as before from store and lake.
 */
class PruneCommandTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2024-05-06T12:00:00Z"), ZoneOffset.UTC);
    private static final String BUCKET = "stratus-red-team-ctlr-bucket-zqfsvooxqj";

    @TempDir
    Path dir;

    /** An investigation's JSON without the note that says it read the lake (it did not before prune). */
    private static String withoutLakeNote(String json) {
        return json.replaceAll("(,\\s*)?\\{\\s*\"note\"\\s*:\\s*\"read from the store and the lake: [^\"]*\"\\s*}", "");
    }

    @Test
    void oldDaysMoveToTheLakeAndAnswersStayTheSame() throws Exception {
        Path store = dir.resolve("store.duckdb");
        Path lake = dir.resolve("lake");
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, "retention:\n  hot_days: 90\n  total_days: 5000\nlake: " + lake + "\n");
        assertEquals(0, Cli.run(store, "ingest", Cli.shared("invictus-ir-aws_dataset/CloudTrail").toString()).code());
        Cli.Result countBefore = Cli.runAt(NOW, store, "--format", "csv", "query", "--sql", "SELECT count(*) FROM events");
        Cli.Result whoBefore = Cli.runAt(NOW, store, "--format", "json", "investigate", "who-deleted", BUCKET);
        assertTrue(whoBefore.out().contains("bert-jan"), whoBefore.out());
        Cli.Result detectBefore = Cli.runAt(NOW, store, "--format", "json", "detect");
        assertTrue(detectBefore.out().contains("\"rule"), detectBefore.out());

        Cli.Result dry = Cli.runAt(NOW, store, "prune", "--config", config.toString(), "--dry-run");
        assertEquals(0, dry.code(), dry.err());
        assertTrue(dry.out().contains("would export, then move") && dry.out().contains("2023-07-10"), dry.out());
        assertTrue(!Files.exists(lake), "a dry run writes nothing");

        Cli.Result run = Cli.runAt(NOW, store, "prune", "--config", config.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("moved") && run.out().contains("exported first"), run.out());
        // drill 15: the dry run of a store never exported said "would move 0 partitions (0 events)", the run moved all
        java.util.regex.Matcher would = java.util.regex.Pattern.compile("would move ([0-9,]+ partitions \\([0-9,]+ events"
                + "\\))").matcher(dry.out());
        assertTrue(would.find() && run.out().contains("moved " + would.group(1) + " to the lake")
                && !would.group(1).startsWith("0 "), dry.out() + run.out());
        Cli.Result inLake = Cli.runAt(NOW, store, "--format", "csv", "query", "--sql",
                "SELECT count(*) FROM events WHERE raw_inline IS NOT NULL");
        assertTrue(Long.parseLong(inLake.out().lines().skip(1).findFirst().orElseThrow().trim()) > 2800, inLake.out());
        assertEquals(countBefore.out(), Cli.runAt(NOW, store, "--format", "csv", "query", "--sql",
                "SELECT count(*) FROM events").out());
        Cli.Result whoAfter = Cli.runAt(NOW, store, "--format", "json", "investigate", "who-deleted", BUCKET);
        assertTrue(whoAfter.out().contains("\"read from the store and the lake: "), whoAfter.out());
        assertEquals(whoBefore.out(), withoutLakeNote(whoAfter.out()), "the same answer, which now says it read the lake");
        assertEquals(detectBefore.out(), Cli.runAt(NOW, store, "--format", "json", "detect").out(),
                "detect finds the same matches, the 300-day-old events now read from the lake");
    }

    @Test
    void daysPastTheTotalRetentionAreDeletedFromTheStoreAndTheOutputSaysSo() throws Exception {
        Path store = dir.resolve("store.duckdb");
        Path records = dir.resolve("case.json");
        Files.writeString(records, "{\"Records\":[{\"eventVersion\":\"1.08\",\"eventID\":\"e1\","
                + "\"eventTime\":\"2013-06-01T10:00:00Z\",\"awsRegion\":\"us-east-1\",\"eventSource\":"
                + "\"iam.amazonaws.com\",\"eventName\":\"CreateUser\",\"recipientAccountId\":\"111122223333\","
                + "\"userIdentity\":{\"type\":\"IAMUser\"}}]}");
        assertEquals(0, Cli.run(store, "ingest", records.toString()).code());
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, "retention:\n  hot_days: 90\n  total_days: 400\nlake: " + dir.resolve("lake") + "\n");
        Cli.Result dry = Cli.runAt(NOW, store, "prune", "--config", config.toString(), "--dry-run");
        assertTrue(dry.out().contains("would delete from store")
                && dry.out().contains("would delete 1 store partitions (1 events)"), dry.out());
        Cli.Result run = Cli.runAt(NOW, store, "prune", "--config", config.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("deleted from store") && run.out().contains("deleted 1 store partitions"),
                run.out());
        assertTrue(run.out().contains("exported first: 0 partitions written")
                && !run.out().contains("deleted from lake"), "the lake never got a copy: " + run.out());
        Cli.Result left = Cli.runAt(NOW, store, "--format", "csv", "query", "--sql",
                "SELECT count(*) + (SELECT coalesce(sum(events), 0) FROM day_counts) FROM events");
        assertEquals("0", left.out().lines().skip(1).findFirst().orElseThrow().trim(), left.out());
    }

    @Test
    void aShortRetentionIsRefusedUnlessForcedAndBadConfigIsNamed() throws Exception {
        Path store = dir.resolve("store.duckdb");
        assertEquals(0, Cli.run(store, "ingest", Cli.shared("invictus-ir-aws_dataset/CloudTrail").toString()).code());
        Path shortConfig = dir.resolve("short.yaml");
        Files.writeString(shortConfig, "retention:\n  hot_days: 30\n  total_days: 180\nlake: " + dir.resolve("lake")
                + "\n");
        Cli.Result refused = Cli.runAt(NOW, store, "prune", "--config", shortConfig.toString(), "--dry-run");
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("under a year") && refused.err().contains("--force"), refused.err());
        Cli.Result forced = Cli.runAt(NOW, store, "prune", "--config", shortConfig.toString(), "--dry-run", "--force",
                "copy kept by the SIEM");
        assertEquals(0, forced.code(), forced.err());
        assertTrue(forced.out().contains("forced: copy kept by the SIEM"), forced.out());
        // a lake folder named shorter than "s3://"
        Cli.Result shortName = Cli.runAt(NOW, store, "prune", "--config", shortConfig.toString(), "--lake", "lk",
                "--dry-run", "--force", "test");
        assertEquals(0, shortName.code(), shortName.err());
        assertTrue(shortName.out().contains(Path.of("lk").toAbsolutePath().toString()), shortName.out());

        Path typo = dir.resolve("typo.yaml");
        Files.writeString(typo, "retention:\n  hot_day: 30\n");
        Cli.Result bad = Cli.runAt(NOW, store, "prune", "--config", typo.toString(), "--dry-run");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains(typo.toString()) && bad.err().contains("unknown key retention.hot_day"),
                bad.err());
        Cli.Result noLake = Cli.runAt(NOW, store, "prune", "--config", dir.resolve("missing.yaml").toString());
        assertTrue(noLake.code() == 2 && noLake.err().contains("missing.yaml"), noLake.err());
    }

    @Test
    void aHoldKeepsImportedEvidencePastTheTotalRetention() throws Exception {
        Path store = dir.resolve("store.duckdb");
        Path lake = dir.resolve("lake");
        assertEquals(0, Cli.run(store, "ingest", Cli.shared("invictus-ir-aws_dataset/CloudTrail").toString()).code());
        Path plain = dir.resolve("plain.yaml");
        Files.writeString(plain, "retention:\n  hot_days: 90\n  total_days: 400\nlake: " + lake + "\n");
        Path held = dir.resolve("held.yaml");
        Files.writeString(held, "retention:\n  hot_days: 90\n  total_days: 400\n  holds:\n    - name: case-invictus\n"
                + "      since: 2023-07-01\n      until: 2023-07-31\n      accounts: [123837392027]\nlake: " + lake + "\n");
        assertEquals(0, Cli.runAt(NOW, store, "prune", "--config", held.toString()).code());
        Clock later = Clock.offset(NOW, java.time.Duration.ofDays(500));
        // without the hold, a dry run says the case's days would go, and how to keep them
        Cli.Result unheld = Cli.runAt(later, store, "prune", "--config", plain.toString(), "--dry-run");
        assertTrue(unheld.out().contains("would delete from lake") && unheld.out().contains("2023-07-10"), unheld.out());
        assertTrue(unheld.out().contains("add it to retention.holds"), unheld.out());
        Cli.Result kept = Cli.runAt(later, store, "prune", "--config", held.toString());
        assertEquals(0, kept.code(), kept.err());
        assertTrue(kept.out().contains("1 hold"), kept.out());
        assertTrue(kept.out().contains("held in lake") && kept.out().contains("held by case-invictus"), kept.out());
        assertTrue(kept.out().matches("(?s).*held: [1-9][0-9,]* lake partitions.*"), kept.out());
        Cli.Result count = Cli.runAt(later, store, "--format", "csv", "query", "--sql",
                "SELECT count(*) FROM events WHERE CAST(event_time AS DATE) = DATE '2023-07-10'");
        assertTrue(Long.parseLong(count.out().lines().skip(1).findFirst().orElseThrow().trim()) > 0, count.out());

        for (String[] bad : new String[][] {
            {"  holds:\n    - since: 2023-07-01\n", "retention.holds[0].name is missing"},
            {"  holds:\n    - name: x\n", "retention.holds[0].since is missing"},
            {"  holds:\n    - name: x\n      since: July\n", "retention.holds[0].since must be a day like 2015-01-01"},
            {"  holds:\n    - name: x\n      since: 2023-07-01\n      until: 2023-06-01\n", "ends (2023-06-01) before"},
            {"  holds:\n    - name: x\n      since: 2023-07-01\n      accounts: [1234]\n", "not a 12-digit account id"},
            {"  holds:\n    - name: x\n      since: 2023-07-01\n      reason: y\n", "unknown key retention.holds[0].reason"},
            {"  holds: case-1\n", "retention.holds must be a list"}}) {
            Path file = dir.resolve("bad.yaml");
            Files.writeString(file, "retention:\n  total_days: 400\n" + bad[0] + "lake: " + lake + "\n");
            Cli.Result r = Cli.runAt(later, store, "prune", "--config", file.toString(), "--dry-run");
            assertEquals(2, r.code(), r.out());
            assertTrue(r.err().contains(file.toString()) && r.err().contains(bad[1]), bad[1] + " in " + r.err());
        }
    }

    @Test
    void aMovedDayGoneFromTheS3LakeWithinTheRetentionIsPutBackFromItsLocalCopy() throws Exception {
        Path store = dir.resolve("store.duckdb");
        var s3 = io.trailkeeper.aws.s3.S3MockServer.get().clients().s3("us-east-1");
        s3.createBucket(b -> b.bucket("gone-lake"));
        String endpoint = io.trailkeeper.aws.s3.S3MockServer.get().endpoint().toString();
        assertEquals(0, Cli.run(store, "ingest", Cli.shared("invictus-ir-aws_dataset/CloudTrail").toString()).code());
        Path keepAll = dir.resolve("keep-all.yaml");
        Files.writeString(keepAll, "retention:\n  total_days: 5000\nlake: s3://gone-lake/ct\n");
        assertEquals(0, Cli.runAt(NOW, store, "prune", "--config", keepAll.toString(), "--endpoint-url", endpoint)
                .code());
        String day = "ct/events/account=123837392027/region=us-east-1/date=2023-07-10/events.parquet";
        byte[] moved = s3.getObjectAsBytes(b -> b.bucket("gone-lake").key(day)).asByteArray();
        // a lifecycle rule (or a person) deletes the object: the store still reads its local copy, S3 has none
        s3.deleteObject(b -> b.bucket("gone-lake").key(day));
        Cli.Result dry = Cli.runAt(NOW, store, "prune", "--config", keepAll.toString(), "--endpoint-url", endpoint,
                "--dry-run");
        assertEquals(0, dry.code(), dry.err());
        assertTrue(dry.out().contains("would put back in lake") && dry.out().contains("date=2023-07-10"), dry.out());
        assertEquals(0, s3.listObjectsV2(b -> b.bucket("gone-lake").prefix(day)).keyCount(), "a dry run puts nothing");
        Cli.Result run = Cli.runAt(NOW, store, "prune", "--config", keepAll.toString(), "--endpoint-url", endpoint);
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("put back in lake") && run.out().contains("warning: 1 moved partitions were gone"
                + " from the lake within the retention"), run.out());
        assertArrayEquals(moved, s3.getObjectAsBytes(b -> b.bucket("gone-lake").key(day)).asByteArray());
        Cli.Result again = Cli.runAt(NOW, store, "prune", "--config", keepAll.toString(), "--endpoint-url", endpoint);
        assertTrue(!again.out().contains("put back"), again.out());

        // gone again, and a late event of that day arrives: prune's export writes the day with the moved rows (from
        // the local copy) and the late one, never the late one alone
        long movedRows = rows(moved);
        s3.deleteObject(b -> b.bucket("gone-lake").key(day));
        Path late = dir.resolve("late.json");
        Files.writeString(late, "{\"Records\":[{\"eventVersion\":\"1.08\",\"eventTime\":\"2023-07-10T23:58:00Z\","
                + "\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"ListBuckets\",\"awsRegion\":\"us-east-1\","
                + "\"eventID\":\"late-0003\",\"recipientAccountId\":\"123837392027\",\"userIdentity\":{\"type\":"
                + "\"IAMUser\"}}]}");
        assertEquals(0, Cli.run(store, "ingest", late.toString()).code());
        Cli.Result withLate = Cli.runAt(NOW, store, "prune", "--config", keepAll.toString(), "--endpoint-url",
                endpoint);
        assertEquals(0, withLate.code(), withLate.err());
        assertEquals(movedRows + 1, rows(s3.getObjectAsBytes(b -> b.bucket("gone-lake").key(day)).asByteArray()));
    }

    /** The rows of a Parquet file's bytes. */
    private long rows(byte[] parquet) throws Exception {
        Path file = Files.write(Files.createTempFile(dir, "object", ".parquet"), parquet);
        try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); var st = c.createStatement();
             var r = st.executeQuery("SELECT count(*) FROM read_parquet('" + file + "')")) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void anS3LakeIsPrunedToAndReadThroughItsLocalCopies() throws Exception {
        Path store = dir.resolve("store.duckdb");
        var s3 = io.trailkeeper.aws.s3.S3MockServer.get().clients().s3("us-east-1");
        s3.createBucket(b -> b.bucket("prune-lake"));
        String endpoint = io.trailkeeper.aws.s3.S3MockServer.get().endpoint().toString();
        assertEquals(0, Cli.run(store, "ingest", Cli.shared("invictus-ir-aws_dataset/CloudTrail").toString(),
                Cli.shared("panther-analysis/rule_test_events.records.json").toString()).code());
        String count = "SELECT count(*) FROM events";
        Cli.Result countBefore = Cli.runAt(NOW, store, "--format", "csv", "query", "--sql", count);
        Cli.Result whoBefore = Cli.runAt(NOW, store, "--format", "json", "investigate", "who-deleted", BUCKET);

        // every record kept at first (the Panther set goes back to 2015); the lake named by the option
        Path keepAll = dir.resolve("keep-all.yaml");
        Files.writeString(keepAll, "retention:\n  total_days: 5000\n");
        Path cache = dir.resolve("store.duckdb.lake-cache").resolve("prune-lake/ct");
        Cli.Result dry = Cli.runAt(NOW, store, "prune", "--config", keepAll.toString(), "--lake", "s3://prune-lake/ct",
                "--endpoint-url", endpoint, "--dry-run");
        assertEquals(0, dry.code(), dry.err());
        assertTrue(!Files.exists(dir.resolve("store.duckdb.lake-cache")), "a dry run keeps no copy");
        Cli.Result run = Cli.runAt(NOW, store, "prune", "--config", keepAll.toString(), "--lake", "s3://prune-lake/ct",
                "--endpoint-url", endpoint);
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("lake s3://prune-lake/ct") && run.out().contains("moved"), run.out());
        String day = "ct/events/account=123837392027/region=us-east-1/date=2023-07-10/events.parquet";
        assertEquals(1, s3.listObjectsV2(b -> b.bucket("prune-lake").prefix(day)).keyCount());
        Path copy = cache.resolve("events/account=123837392027/region=us-east-1/date=2023-07-10/events.parquet");
        assertTrue(Files.isRegularFile(copy), "the moved day's local copy");
        Cli.Result inStore = Cli.runAt(NOW, store, "--format", "csv", "query", "--sql",
                "SELECT count(*) FROM events WHERE raw_inline IS NULL");
        assertTrue(Long.parseLong(inStore.out().lines().skip(1).findFirst().orElseThrow().trim()) < 100, inStore.out());
        assertEquals(countBefore.out(), Cli.runAt(NOW, store, "--format", "csv", "query", "--sql", count).out());
        assertEquals(whoBefore.out(), withoutLakeNote(Cli.runAt(NOW, store, "--format", "json", "investigate",
                "who-deleted", BUCKET).out()), "the answer from the S3 lake's copies is the answer from the store");

        // the copies deleted by hand: answers say what they cannot read; the next prune fetches them again
        LakeTargets.delete(cache);
        Cli.Result blind = Cli.runAt(NOW, store, "investigate", "who-deleted", BUCKET);
        assertTrue(blind.out().contains("file missing") || blind.err().contains("file missing"), blind.out() + blind.err());
        Cli.Result fetched = Cli.runAt(NOW, store, "prune", "--config", keepAll.toString(), "--lake",
                "s3://prune-lake/ct", "--endpoint-url", endpoint);
        assertEquals(0, fetched.code(), fetched.err());
        assertTrue(fetched.out().contains("fetched its copy") && fetched.out().contains("fetched the local copies of"),
                fetched.out());
        assertTrue(Files.isRegularFile(copy));
        assertEquals(whoBefore.out(), withoutLakeNote(Cli.runAt(NOW, store, "--format", "json", "investigate",
                "who-deleted", BUCKET).out()));

        // an object changed behind prune's back while its copy is gone: not fetched as if it held the moved rows
        String other = "ct/events/account=123456789012/region=us-east-1/date=2019-01-01/events.parquet";
        String swapped = "ct/events/account=123456789012/region=us-west-2/date=2019-01-01/events.parquet";
        s3.copyObject(b -> b.sourceBucket("prune-lake").sourceKey(other).destinationBucket("prune-lake")
                .destinationKey(swapped));
        Files.delete(cache.resolve(swapped.substring("ct/".length())));
        Cli.Result swappedRun = Cli.runAt(NOW, store, "prune", "--config", keepAll.toString(), "--lake",
                "s3://prune-lake/ct", "--endpoint-url", endpoint);
        assertEquals(4, swappedRun.code(), "evidence lost is not a success: " + swappedRun.err());
        assertTrue(swappedRun.out().contains("missing") && swappedRun.out().contains("no longer holds the rows moved"
                + " there"), swappedRun.out());
        assertTrue(swappedRun.err().contains("error: 1 moved partition (") && swappedRun.err().contains("cannot be"
                + " read from the lake s3://prune-lake/ct or from a local copy") && swappedRun.err().contains(
                "123456789012/us-west-2/2019-01-01") && swappedRun.err().contains("[TK-201]")
                && swappedRun.err().contains("to fix: put each file back"), swappedRun.err());
        assertTrue(!Files.exists(cache.resolve(swapped.substring("ct/".length()))), "the wrong copy is not kept");

        // gone from the lake and from its copy: named the same way, and so is the other one still
        s3.deleteObject(b -> b.bucket("prune-lake").key(other));
        Files.delete(cache.resolve(other.substring("ct/".length())));
        Cli.Result goneRun = Cli.runAt(NOW, store, "prune", "--config", keepAll.toString(), "--lake",
                "s3://prune-lake/ct", "--endpoint-url", endpoint);
        assertEquals(4, goneRun.code(), goneRun.err());
        assertTrue(goneRun.out().contains("and so is s3://prune-lake/ct/" + other.substring("ct/".length())),
                goneRun.out());
        assertTrue(goneRun.err().contains("error: 2 moved partitions (") && goneRun.err().contains(
                "123456789012/us-east-1/2019-01-01: its local copy") && goneRun.err().contains("[TK-201]"),
                goneRun.err());

        // past the total retention, the objects and their copies go, unless held; an object a lifecycle rule deleted
        // first takes its copy with it
        String expired = "ct/events/account=999999999999/region=us-east-1/date=2015-03-18/events.parquet";
        s3.deleteObject(b -> b.bucket("prune-lake").key(expired));
        assertTrue(Files.isRegularFile(cache.resolve(expired.substring("ct/".length()))));
        Clock later = Clock.offset(NOW, java.time.Duration.ofDays(500));
        Path held = dir.resolve("held.yaml");
        Files.writeString(held, "retention:\n  holds:\n    - name: case-invictus\n      since: 2023-07-10\n"
                + "      until: 2023-07-10\nlake: s3://prune-lake/ct\n");
        Cli.Result removed = Cli.runAt(later, store, "prune", "--config", held.toString(), "--endpoint-url", endpoint);
        assertEquals(0, removed.code(), removed.err());
        assertTrue(removed.out().contains("deleted from lake") && removed.out().contains("held in lake"), removed.out());
        assertTrue(removed.out().contains("was already gone from the lake"), removed.out());
        assertTrue(!Files.exists(cache.resolve(expired.substring("ct/".length()))));
        assertEquals(1, s3.listObjectsV2(b -> b.bucket("prune-lake").prefix(day)).keyCount(), "held");
        assertTrue(Files.isRegularFile(copy));
        List<String> left = s3.listObjectsV2Paginator(b -> b.bucket("prune-lake").prefix("ct/events/")).contents()
                .stream().map(o -> o.key()).toList();
        for (String key : left) {
            String date = key.replaceAll(".*/date=([^/]+)/.*", "$1");
            assertTrue(date.equals("2023-07-10") || date.compareTo("2024-08-14") >= 0, key + " should be gone");
        }
        try (var copies = Files.walk(cache)) {
            List<String> old = copies.filter(f -> f.getFileName().toString().equals("events.parquet"))
                    .map(f -> f.getParent().getFileName().toString().substring("date=".length()))
                    .filter(date -> date.compareTo("2024-08-14") < 0).toList();
            assertEquals(List.of("2023-07-10"), old, "of the days past the retention only the held day's copy stays");
        }
        assertEquals("2900", Cli.runAt(later, store, "--format", "csv", "query", "--sql", count
                + " WHERE event_time < DATE '2024-08-14'").out().lines().skip(1).findFirst().orElseThrow().trim(),
                "of the days past the retention the held day is all that is left");
    }
}
