package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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
        Cli.Result inLake = Cli.runAt(NOW, store, "--format", "csv", "query", "--sql",
                "SELECT count(*) FROM events WHERE raw_inline IS NOT NULL");
        assertTrue(Long.parseLong(inLake.out().lines().skip(1).findFirst().orElseThrow().trim()) > 2800, inLake.out());
        assertEquals(countBefore.out(), Cli.runAt(NOW, store, "--format", "csv", "query", "--sql",
                "SELECT count(*) FROM events").out());
        Cli.Result whoAfter = Cli.runAt(NOW, store, "--format", "json", "investigate", "who-deleted", BUCKET);
        assertEquals(whoBefore.out(), whoAfter.out());
        assertEquals(detectBefore.out(), Cli.runAt(NOW, store, "--format", "json", "detect").out(),
                "detect finds the same matches, the 300-day-old events now read from the lake");
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
}
