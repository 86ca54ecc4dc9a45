package io.trailkeeper.store.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.EventStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One member account's logging stopped from 11:00 one day to 11:00 the next while the organization trail went on
 * delivering the other accounts' files: each of the two days still held the account's files of before and after, so
 * coverage saw every account-region-day held and said nothing. (Found in a drill: a member's StopLogging, 24 hours of
 * its events missing, coverage and every investigation's warning silent about it.)
 */
class AccountSilencesTest {
    private static final Clock NOW = CoverageStores.at("2026-11-27T12:00:00Z");
    private static final String MGMT = "210987654321";
    private static final String DEV = "345678901234";
    private static final String PROD = "456789012345";
    private static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);

    @TempDir
    Path dir;

    /** A gzipped trail file of the account and region, in its organization-trail folder, delivered at the time. */
    private void trailFile(String account, String region, Instant delivered) throws IOException {
        String name = account + "_CloudTrail_" + region + "_" + NAME_TIME.format(delivered) + "_" + account
                + delivered.getEpochSecond() + ".json.gz";
        String record = "{\"eventVersion\":\"1.10\",\"eventID\":\"" + name + "\",\"eventTime\":\""
                + delivered.minus(5, ChronoUnit.MINUTES) + "\",\"awsRegion\":\"" + region + "\",\"eventSource\":"
                + "\"ec2.amazonaws.com\",\"eventName\":\"DescribeInstances\",\"recipientAccountId\":\"" + account
                + "\",\"userIdentity\":{\"type\":\"AssumedRole\"}}";
        String day = delivered.atZone(ZoneOffset.UTC).toLocalDate().toString().replace("-", "/");
        Path folder = dir.resolve("AWSLogs/o-k3x9p2mq7z/" + account + "/CloudTrail/" + region + "/" + day);
        Files.createDirectories(folder);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(folder.resolve(name)))) {
            out.write(("{\"Records\":[" + record + "]}").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Files of every account every hour of three days, but those of the hours {@code silent} leaves out. */
    private void deliver(String account, Predicate<Instant> silent) throws IOException {
        for (int h = 0; h < 72; h++) {
            Instant t = FROM.plus(h, ChronoUnit.HOURS).plus(5, ChronoUnit.MINUTES);
            if (!silent.test(t)) {
                trailFile(account, h % 2 == 0 ? "us-east-1" : "eu-west-1", t);
            }
        }
    }

    private CoverageReport report() {
        Path store = dir.resolve("store.duckdb");
        CoverageStores.ingest(store, dir.resolve("AWSLogs"));
        try (EventStore s = CoverageStores.read(store)) {
            return new CoverageAnalysis(s, NOW).report(FROM, Instant.parse("2026-03-03T23:59:59.999999Z"),
                    Set.of("eu-west-1", "us-east-1"));
        }
    }

    private static List<CoverageGap> silences(CoverageReport r) {
        return r.coverageGaps().stream().filter(g -> g.kind() == CoverageGap.Kind.ACCOUNT_SILENT).toList();
    }

    @Test
    void aMemberSilentForADayWhileTheOthersDeliverIsAGap() throws IOException {
        Instant stop = Instant.parse("2026-03-02T11:00:00Z");
        Instant start = Instant.parse("2026-03-03T11:00:00Z");
        deliver(MGMT, t -> false);
        deliver(DEV, t -> false);
        deliver(PROD, t -> t.isAfter(stop) && t.isBefore(start));
        CoverageReport r = report();
        // every account still has files of every region and day: the day-level check sees nothing
        assertEquals(List.of(), r.coverageGaps().stream().filter(g -> g.kind() == CoverageGap.Kind.ACCOUNT_FILES)
                .toList());
        List<CoverageGap> gaps = silences(r);
        assertEquals(1, gaps.size(), r.gaps().toString());
        assertEquals("no trail file delivered for account 456789012345 from 2026-03-02T10:05:00Z to"
                + " 2026-03-03T11:05:00Z (25 hours), in any of its regions, while other accounts' files were",
                gaps.get(0).brief());
        assertEquals(List.of("eu-west-1", "us-east-1"), gaps.get(0).regions());
        assertTrue(gaps.get(0).sentence().contains("its longest other silence around it was 1 hour"),
                gaps.get(0).sentence());
        assertTrue(gaps.get(0).fix().contains("--accounts 456789012345 --since 2026-03-02 --until 2026-03-03"),
                gaps.get(0).fix());
        // the days table marks the two days in both regions: they look held by the account's files before and after
        assertEquals(List.of("eu-west-1 2026-03-01 ", "eu-west-1 2026-03-02 account-silent",
                "eu-west-1 2026-03-03 account-silent", "us-east-1 2026-03-01 ", "us-east-1 2026-03-02 account-silent",
                "us-east-1 2026-03-03 account-silent"), r.days().stream().map(d -> d.region() + " " + d.day() + " "
                + d.missing()).toList());
        try (EventStore s = CoverageStores.read(dir.resolve("store.duckdb"))) {
            CoverageAnalysis coverage = new CoverageAnalysis(s, NOW);
            // an answer about the silent night warns; one about the morning before it does not
            assertTrue(coverage.caveats(Instant.parse("2026-03-02T20:00:00Z"), Instant.parse("2026-03-02T22:00:00Z"),
                    Set.of(), false).contains(gaps.get(0).brief()));
            assertEquals(List.of(), coverage.caveats(Instant.parse("2026-03-02T06:00:00Z"),
                    Instant.parse("2026-03-02T09:00:00Z"), Set.of("us-east-1"), false));
        }
    }

    @Test
    void anAccountQuietEveryNightIsNotSilent() throws IOException {
        deliver(MGMT, t -> false);
        deliver(DEV, t -> false);
        // a member whose people work from 08:00 to 18:00: 14 hours without a file every night
        deliver(PROD, t -> t.atZone(ZoneOffset.UTC).getHour() < 8 || t.atZone(ZoneOffset.UTC).getHour() >= 18);
        assertEquals(List.of(), silences(report()));
    }

    @Test
    void anAccountWithAFewFilesIsTooQuietToJudge() throws IOException {
        deliver(MGMT, t -> false);
        deliver(DEV, t -> false);
        // a sandbox used twice: two days apart is its way, not a silence
        trailFile(PROD, "us-east-1", Instant.parse("2026-03-01T12:05:00Z"));
        trailFile(PROD, "us-east-1", Instant.parse("2026-03-03T12:05:00Z"));
        assertEquals(List.of(), silences(report()));
    }

    @Test
    void anAccountWhoseFilesEndWhileTheOthersGoOnIsSilent() throws IOException {
        Instant stop = Instant.parse("2026-03-03T06:00:00Z");
        deliver(MGMT, t -> false);
        deliver(DEV, t -> false);
        deliver(PROD, t -> t.isAfter(stop));
        List<CoverageGap> gaps = silences(report());
        assertEquals(1, gaps.size());
        assertEquals("no trail file delivered for account 456789012345 from 2026-03-03T05:05:00Z on (other accounts'"
                + " files go on to 2026-03-03T23:05:00Z) (18 hours), in any of its regions, while other accounts'"
                + " files were", gaps.get(0).brief());
    }
}
