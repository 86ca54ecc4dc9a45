package io.trailkeeper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills prune (SIGKILL) after its export wrote the lake's files and before any partition left the store, and then
 * while partitions leave it (each move deletes the rows and records them as moved in one transaction): after each
 * kill the store opens and its readers find every event once; the next prune ends with every old partition moved,
 * every event once in the store or the lake, and day_counts counting each once.
 */
class PruneCrashTest {
    private static final String NOW = "2026-11-27T12:00:00Z";
    /** 120 days from 2026-06-01, two regions: the days before 2026-08-29 (89 of them) leave the store. */
    private static final int DAYS = 120;
    private static final int PER_DAY_AND_REGION = 40;
    private static final int EVENTS = DAYS * 2 * PER_DAY_AND_REGION;

    @TempDir
    Path dir;

    /** Four files, each with every day of both regions: raw chunks span the days that move and those that stay. */
    private Path input() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("input"));
        LocalDate first = LocalDate.parse("2026-06-01");
        int n = 0;
        for (int f = 0; f < 4; f++) {
            StringBuilder b = new StringBuilder("{\"Records\":[");
            for (int d = 0; d < DAYS; d++) {
                for (String region : List.of("us-east-1", "eu-west-1")) {
                    for (int i = 0; i < PER_DAY_AND_REGION / 4; i++, n++) {
                        b.append(b.length() > 12 ? "," : "").append("{\"eventVersion\":\"1.08\",\"eventID\":\"ev-")
                                .append(n).append("\",\"eventTime\":\"").append(first.plusDays(d)).append("T")
                                .append(String.format("%02d:%02d:00Z", (i * 5) % 24, f * 10)).append("\",")
                                .append("\"awsRegion\":\"").append(region).append("\",\"eventSource\":")
                                .append("\"iam.amazonaws.com\",\"eventName\":\"DeleteUser\",\"recipientAccountId\":")
                                .append("\"111122223333\",\"userIdentity\":{\"type\":\"IAMUser\",\"accessKeyId\":")
                                .append("\"AKIAEXAMPLE").append(n % 7).append("\"},\"requestParameters\":")
                                .append("{\"userName\":\"u").append(n).append("\"}}");
                    }
                }
            }
            Files.writeString(folder.resolve("part-" + f + ".json"), b.append("]}").toString());
        }
        return folder;
    }

    @Test
    void aKilledPruneLosesNothingAndDuplicatesNothing() throws Exception {
        Path store = dir.resolve("store.duckdb");
        TestStores.ingestAt(dir, java.time.Clock.fixed(Instant.parse(NOW), java.time.ZoneOffset.UTC), input());
        List<Integer> moved = new ArrayList<>();
        // after the export, before any move; then during the moves (a kill lands in a move's check or transaction)
        for (int checked : new int[] {0, 7, 60}) {
            killPrune(store, checked);
            moved.add((int) readable());
        }
        assertTrue(moved.get(moved.size() - 1) > 0 && moved.get(moved.size() - 1) < 2 * 89,
                "the last kill landed mid-prune: " + moved);
        Process p = ChildJvm.start(PruneProcess.class, store.toString(), dir.resolve("lake").toString(), NOW, "90",
                "5000");
        ChildJvm.killWhen(p, line -> false);
        assertEquals(2 * 89, readable(), "every old partition moved");
        try (EventStore s = TestStores.open(dir)) {
            assertEquals(0, TestStores.scalar(s, "SELECT count(*) FROM events WHERE event_time < '2026-08-29'"));
            assertEquals(0, TestStores.scalar(s, "SELECT count(*) FROM (SELECT raw_chunk FROM events GROUP BY"
                    + " raw_chunk HAVING count(raw_data) <> 1)"), "each staying row's raw chunk readable once");
        }
    }

    /** Checks what a store opened for reading shows and returns the partitions moved so far. */
    private long readable() {
        try (EventStore s = TestStores.openReadOnly(dir)) {
            assertEquals(EVENTS, TestStores.scalar(s, "SELECT count(*) FROM events"));
            assertEquals(EVENTS, TestStores.scalar(s, "SELECT count(DISTINCT event_id) FROM events"));
            assertEquals(EVENTS, TestStores.scalar(s, "SELECT sum(events) FROM day_counts"));
            java.util.Set<String> records = new java.util.HashSet<>();
            new EventSearch(s).records(EventQuery.all(), r -> records.add(new String(r,
                    java.nio.charset.StandardCharsets.UTF_8).replaceAll(".*\"eventID\":\"(ev-\\d+)\".*", "$1")));
            assertEquals(EVENTS, records.size(), "each original record read, once");
            assertTrue(records.stream().allMatch(id -> id.matches("ev-\\d+")));
            assertEquals(EVENTS, TestStores.count(s, EventQuery.all()));
            return TestStores.scalar(s, "SELECT count(*) FROM lake_pruned WHERE removed_at IS NULL");
        }
    }

    /** Runs prune in another JVM and kills it once it has read back {@code checked} lake files after its export. */
    private void killPrune(Path store, int checked) throws Exception {
        Process p = ChildJvm.start(PruneProcess.class, store.toString(), dir.resolve("lake").toString(), NOW, "90",
                "5000");
        boolean[] exported = {false};
        int[] seen = {0};
        ChildJvm.killWhen(p, line -> {
            exported[0] |= line.equals("exported");
            if (exported[0] && line.startsWith("checking ")) {
                seen[0]++;
            }
            return exported[0] && seen[0] >= checked;
        });
    }
}
