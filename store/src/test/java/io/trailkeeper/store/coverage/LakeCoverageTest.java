package io.trailkeeper.store.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.EventQuery;
import io.trailkeeper.store.EventSearch;
import io.trailkeeper.store.EventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coverage of days prune moved to the lake: held while the lake's file is read, a gap (never "complete") once the
 * file is gone or damaged, though the store still counts the events it moved; a damaged file fails no other read.
 */
class LakeCoverageTest {
    private static final Clock NOW = CoverageStores.at("2026-11-27T12:00:00Z");
    private static final Instant SINCE = Instant.parse("2026-05-10T00:00:00Z");
    private static final Instant UNTIL = Instant.parse("2026-05-11T23:59:59Z");
    private static final String GONE = "events/account=111122223333/region=us-east-1/date=2026-05-10/events.parquet";

    @TempDir
    Path dir;

    /** A data event each on 2026-05-10 and 2026-05-11 in us-east-1, from a trail file. */
    private void ingestAndPrune() throws IOException {
        StringBuilder b = new StringBuilder("{\"Records\":[");
        for (String t : List.of("2026-05-10T23:59:59Z", "2026-05-11T00:00:00Z")) {
            b.append(t.endsWith("59Z") ? "" : ",").append("{\"eventVersion\":\"1.08\",\"eventID\":\"").append(t)
                    .append("\",\"eventTime\":\"").append(t).append("\",\"awsRegion\":\"us-east-1\",")
                    .append("\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\",\"eventCategory\":")
                    .append("\"Data\",\"recipientAccountId\":\"111122223333\",\"userIdentity\":{\"type\":\"IAMUser\"}}");
        }
        Path file = dir.resolve("records.json");
        Files.writeString(file, b.append("]}").toString());
        CoverageStores.ingestAndPrune(dir, file, NOW);
    }

    private CoverageReport report() {
        try (EventStore s = CoverageStores.read(dir.resolve("store.duckdb"))) {
            return new CoverageAnalysis(s, NOW).report(SINCE, UNTIL, Set.of("us-east-1"));
        }
    }

    @Test
    void aDayWhoseLakeFileIsGoneIsAGapNotHeld() throws IOException {
        ingestAndPrune();
        CoverageReport moved = report();
        assertTrue(moved.complete(), moved.gaps().toString());
        Files.move(dir.resolve("lake").resolve(GONE), dir.resolve("elsewhere.parquet"));

        CoverageReport r = report();
        assertFalse(r.complete(), "a day whose events cannot be read is not complete");
        assertEquals(List.of(CoverageGap.Kind.LAKE_UNREAD), r.coverageGaps().stream().map(CoverageGap::kind).toList());
        CoverageGap gap = r.coverageGaps().get(0);
        assertEquals(List.of("us-east-1"), gap.regions());
        assertEquals("the events of us-east-1 on 2026-05-10 that prune moved to the lake cannot be read here (lake"
                + " file missing or damaged)", gap.brief());
        assertEquals("incomplete", r.regions().get(0).status());
        assertEquals(List.of("lake-unread", ""), r.days().stream().map(RegionDay::missing).toList());

        Files.move(dir.resolve("elsewhere.parquet"), dir.resolve("lake").resolve(GONE));
        assertTrue(report().complete(), "read again once the file is back");
    }

    @Test
    void aLakeFileCutShortIsAGapAndTheStoreStillAnswers() throws IOException {
        ingestAndPrune();
        Path file = dir.resolve("lake").resolve(GONE);
        byte[] whole = Files.readAllBytes(file);
        // a copy or a restore that did not finish: the head of the file without its footer
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length / 2));
        CoverageReport r = report();
        assertEquals(List.of(CoverageGap.Kind.LAKE_UNREAD), r.coverageGaps().stream().map(CoverageGap::kind).toList());
        try (EventStore s = CoverageStores.read(dir.resolve("store.duckdb"))) {
            assertTrue(s.lakeUnread().get(0).contains("file damaged"), s.lakeUnread().toString());
            assertEquals(1, new EventSearch(s).count(EventQuery.all()), "the other day is still read");
        }
    }
}
