package io.trailkeeper.store.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.store.EventStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A window of part of a day (the hour of an incident) is held as the day is: a region whose trail files of the day
 * were read is not missing because none of its events fall in that hour, the minutes before midnight are not a
 * partial day when the day's own files were read, and a region whose trail recorded data events that day does not
 * lack them because the hour holds none. (Found in a drill: `query --since 2026-03-04T22:00 --until
 * 2026-03-04T23:00` warned of "no trail files for 3 regions on 2026-03-04" whose files of the day were all stored.)
 */
class PartOfADayTest {
    private static final Clock NOW = CoverageStores.at("2026-11-27T12:00:00Z");

    @TempDir
    Path dir;

    /** A gzipped trail file named as CloudTrail names it: one event per {@code time name}, in {@code region}. */
    private void trailFile(String region, String delivered, String... events) throws IOException {
        String name = "111122223333_CloudTrail_" + region + "_" + delivered + "_x" + delivered + ".json.gz";
        StringBuilder b = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < events.length; i++) {
            String[] e = events[i].split(" ");
            boolean data = e[1].equals("GetObject");
            b.append(i == 0 ? "" : ",").append("{\"eventVersion\":\"1.10\",\"eventID\":\"").append(name).append(i)
                    .append("\",\"eventTime\":\"").append(e[0]).append("\",\"awsRegion\":\"").append(region)
                    .append("\",\"eventSource\":\"").append(data ? "s3" : "ec2").append(".amazonaws.com\",")
                    .append("\"eventName\":\"").append(e[1]).append("\",\"eventCategory\":\"")
                    .append(data ? "Data" : "Management").append("\",\"managementEvent\":").append(!data)
                    .append(",\"recipientAccountId\":\"111122223333\",\"userIdentity\":{\"type\":\"IAMUser\"}}");
        }
        Path folder = dir.resolve("logs").resolve(region);
        Files.createDirectories(folder);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(folder.resolve(name)))) {
            out.write(b.append("]}").toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    @BeforeEach
    void twoRegionsWholeDays() throws IOException {
        // us-east-1: the day's own files, morning and night, an S3 read in the morning; the last minutes before
        // midnight arrive in the next day's first file, as CloudTrail delivers them
        trailFile("us-east-1", "20260309T1005Z", "2026-03-09T10:01:00Z GetObject", "2026-03-09T10:02:00Z DescribeVpcs");
        trailFile("us-east-1", "20260309T2215Z", "2026-03-09T22:10:00Z DescribeInstances");
        trailFile("us-east-1", "20260310T0005Z", "2026-03-09T23:57:00Z DescribeInstances",
                "2026-03-10T00:01:00Z DescribeInstances");
        // eu-west-1: its day's only file is of the early morning
        trailFile("eu-west-1", "20260309T0310Z", "2026-03-09T03:05:00Z DescribeInstances");
        CoverageStores.ingest(dir.resolve("store.duckdb"), dir.resolve("logs"));
    }

    private List<String> caveats(String since, String until) {
        try (EventStore s = CoverageStores.read(dir.resolve("store.duckdb"))) {
            return new CoverageAnalysis(s, NOW).caveats(Instant.parse(since), Instant.parse(until),
                    Set.of("us-east-1", "eu-west-1"), true);
        }
    }

    private CoverageReport report(String since, String until) {
        try (EventStore s = CoverageStores.read(dir.resolve("store.duckdb"))) {
            return new CoverageAnalysis(s, NOW).report(Instant.parse(since), Instant.parse(until),
                    Set.of("us-east-1", "eu-west-1"));
        }
    }

    @Test
    void anHourOfADayWhoseFilesWereReadIsHeldInEveryRegion() {
        assertEquals(List.of(), caveats("2026-03-09T22:00:00Z", "2026-03-09T23:00:00Z"));
        CoverageReport r = report("2026-03-09T22:00:00Z", "2026-03-09T23:00:00Z");
        assertEquals(List.of(), r.gaps());
        assertEquals(List.of("eu-west-1 complete 0", "us-east-1 complete 1"), r.regions().stream()
                .map(c -> c.region() + " " + c.status() + " " + c.events()).toList());
    }

    @Test
    void theMinutesBeforeMidnightAreNotAPartialDayWhenTheDaysOwnFilesWereRead() {
        assertEquals(List.of(), caveats("2026-03-09T23:50:00Z", "2026-03-09T23:59:59.999999Z"));
    }

    @Test
    void aDayWithoutFilesInARegionIsStillMissingInPartOfIt() {
        // 2026-03-10: eu-west-1 has no file at all, us-east-1 only its first minutes
        assertEquals(List.of("no trail files for eu-west-1 on 2026-03-10, older than the 90-day event history",
                "the store holds no data events for eu-west-1 and us-east-1 in this window"),
                caveats("2026-03-10T00:00:00Z", "2026-03-10T01:00:00Z"));
    }
}
