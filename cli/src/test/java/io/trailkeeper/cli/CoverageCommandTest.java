package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trailkeeper.store.EventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** coverage as a user runs it, on the Invictus trail files (us-east-1, 2023-07-10) ten days later. */
class CoverageCommandTest {
    private static final Clock TEN_DAYS_LATER = Clock.fixed(Instant.parse("2023-07-20T12:00:00Z"), ZoneOffset.UTC);
    private static final String SUMMARY = "2023-07-10..2023-07-20 (11 days), 17 regions: 2,900 events, 0 data events;"
            + " 3 gaps";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path invictusStore() {
        Path store = dir.resolve("s.duckdb");
        Cli.Result ingest = Cli.runAt(TEN_DAYS_LATER, store, "ingest",
                Cli.shared("invictus-ir-aws_dataset/CloudTrail").toString());
        assertEquals(0, ingest.code(), ingest.toString());
        return store;
    }

    @Test
    void tableShowsRegionsThenEachGapInASentenceThenTheSummary() {
        Path store = invictusStore();
        Cli.Result r = Cli.runAt(TEN_DAYS_LATER, store, "coverage");
        assertEquals(0, r.code(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals("regions", lines.get(0));
        String east = lines.stream().filter(l -> l.startsWith("us-east-1 ")).findFirst().orElseThrow();
        assertTrue(east.matches("us-east-1 +incomplete +2900 +0 +1 day: 2023-07-10 +10 *"), east);
        assertEquals(16, lines.stream().filter(l -> l.matches("[a-z0-9-]+ +never collected .*")).count(), r.out());
        assertTrue(lines.contains("3 gaps"), r.out());
        assertTrue(r.out().contains("  2. The event history of us-east-1 on 2023-07-11..2023-07-20 was never collected"),
                r.out());
        assertTrue(r.out().replaceAll("\\s+", " ").contains("`trailkeeper collect lookup --regions us-east-1 --since"
                + " 2023-07-11` can still fetch it until 2023-10-08"), r.out());
        assertEquals(SUMMARY, lines.get(lines.size() - 1));
        assertTrue(lines.stream().dropWhile(l -> !l.equals("3 gaps")).noneMatch(l -> l.length() > 100),
                "sentences wrap at 100 columns: " + r.out());
        assertTrue(r.out().contains("\n\n3 gaps\n"), "a blank line between the table and the gaps: " + r.out());

        Cli.Result days = Cli.runAt(TEN_DAYS_LATER, store, "coverage", "--days", "--region", "us-east-1");
        assertTrue(days.out().contains("\ndays\n"), days.out());
        assertEquals(11, days.out().lines().filter(l -> l.startsWith("us-east-1  2023-07-")).count(), days.out());
    }

    @Test
    void jsonHoldsEveryRegionDayAndTheGapsWithTheirFix() throws Exception {
        Path store = invictusStore();
        Cli.Result r = Cli.runAt(TEN_DAYS_LATER, store, "--format", "json", "coverage", "--region", "us-east-1");
        assertEquals(0, r.code(), r.toString());
        JsonNode doc = JSON.readTree(r.out());
        assertEquals(2_900, doc.get("summary").get(0).get("events").asLong());
        assertEquals(11, doc.get("days").size(), "2023-07-10..2023-07-20");
        assertEquals("2023-07-10", doc.get("days").get(0).get("day").asText());
        assertEquals(2_900, doc.get("days").get(0).get("trail_file_events").asLong());
        assertEquals("history-not-collected", doc.get("days").get(10).get("missing").asText());
        List<String> kinds = new ArrayList<>();
        doc.get("gaps").forEach(g -> kinds.add(g.get("kind").asText()));
        assertEquals(List.of("history-not-collected", "no-data-events"), kinds);
        assertEquals("2023-07-11..2023-07-20", doc.get("gaps").get(0).get("days").get(0).asText());
        assertEquals("trailkeeper collect lookup --regions us-east-1 --since 2023-07-11",
                doc.get("gaps").get(0).get("fix").asText());
        assertTrue(r.err().startsWith("2023-07-10..2023-07-20 (11 days), 1 region: 2,900 events"), r.err());
    }

    @Test
    void csvHasTheSameSections() {
        Path store = invictusStore();
        Cli.Result r = Cli.runAt(TEN_DAYS_LATER, store, "--format", "csv", "coverage");
        assertEquals(0, r.code(), r.toString());
        assertEquals(List.of("# summary", "# regions", "# gaps", "# days"),
                r.out().lines().filter(l -> l.startsWith("# ")).toList());
        assertTrue(r.out().contains("\r\nus-east-1,2023-07-11,0,0,0,0,0,false,false,history-not-collected,,\r\n"),
                r.out());
        assertEquals(SUMMARY, r.err().strip());
    }

    @Test
    void strictExitsFourWhenThereIsAGapAndZeroWhenThereIsNone() throws Exception {
        Path store = invictusStore();
        Cli.Result gaps = Cli.runAt(TEN_DAYS_LATER, store, "coverage", "--strict");
        assertEquals(4, gaps.code(), gaps.toString());
        // one real data event (S3 PutObject in us-west-2) delivered in a trail file: its day, region and data held
        Path file = dir.resolve("put-object.json");
        JsonNode all = JSON.readTree(Cli.shared("panther-analysis/rule_test_events.records.json").toFile());
        for (JsonNode rec : all.get("Records")) {
            if (rec.path("eventName").asText().equals("PutObject") && rec.path("awsRegion").asText().equals("us-west-2")) {
                Files.writeString(file, "{\"Records\":[" + JSON.writeValueAsString(rec) + "]}");
            }
        }
        Clock later = Clock.fixed(Instant.parse("2025-12-10T00:00:00Z"), ZoneOffset.UTC);
        assertEquals(0, Cli.runAt(later, store, "ingest", file.toString()).code());
        Cli.Result none = Cli.runAt(later, store, "coverage", "--strict", "--region", "us-west-2", "--since",
                "2025-12-03", "--until", "2025-12-03T23:59:59Z");
        assertEquals(0, none.code(), none.toString());
        assertTrue(none.out().contains("\nno gaps\n"), none.out());
        assertTrue(none.out().endsWith("2025-12-03 (1 day), 1 region: 1 event, 1 data event; no gaps\n"),
                none.out());
    }

    @Test
    void anEmptyStoreSaysHowToFillIt() {
        Path store = dir.resolve("empty.duckdb");
        EventStore.openForWriting(store, EventStore.StoreOptions.defaults()).close();
        Cli.Result r = Cli.run(store, "coverage", "--strict");
        assertEquals(4, r.code(), r.toString());
        assertTrue(r.out().startsWith("1 gap\n  1. The store holds no events and no collector has run"), r.out());
        assertTrue(r.out().contains("`trailkeeper ingest PATH`"), r.out());
        assertTrue(r.out().strip().endsWith("the store is empty: load events with `trailkeeper ingest PATH` or"
                + " `trailkeeper collect auto`"), r.out());
    }

    @Test
    void badWindowsAndMissingStoresAreUsageErrors() {
        Path store = invictusStore();
        Cli.Result r = Cli.runAt(TEN_DAYS_LATER, store, "coverage", "--since", "2023-07-15", "--until", "2023-07-01");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--since 2023-07-15 is after --until 2023-07-01"), r.err());
        Cli.Result missing = Cli.run(dir.resolve("none.duckdb"), "coverage");
        assertEquals(2, missing.code(), missing.toString());
        assertTrue(missing.err().contains("there is no store at"), missing.err());
    }
}
