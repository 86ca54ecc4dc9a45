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
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An organization trail delivers each account's files to its own folder: one account's folder of a region and day
 * missing (not synced, deleted) while the other accounts' files of that region and day are there left the region-day
 * "complete" and its events silently out of every answer. (Found in a drill: AWSLogs/o-.../111122223333/CloudTrail/
 * eu-west-1/2026/03/02/ removed, coverage said eu-west-1 complete.)
 */
class AccountDaysTest {
    private static final Clock NOW = CoverageStores.at("2026-11-27T12:00:00Z");
    private static final String PROD = "111122223333";
    private static final String DATA = "444455556666";

    @TempDir
    Path dir;

    /** A gzipped trail file of the account and region in its organization-trail folder, delivered at 12:05 on day. */
    private void trailFile(String account, String region, String day) throws IOException {
        String compact = day.replace("-", "");
        String name = account + "_CloudTrail_" + region + "_" + compact + "T1205Z_" + account + region + ".json.gz";
        String record = "{\"eventVersion\":\"1.10\",\"eventID\":\"" + name + "\",\"eventTime\":\"" + day
                + "T12:00:00Z\",\"awsRegion\":\"" + region + "\",\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":"
                + "\"DescribeInstances\",\"recipientAccountId\":\"" + account + "\",\"userIdentity\":{\"type\":"
                + "\"AssumedRole\"}}";
        Path folder = dir.resolve("AWSLogs/o-k3x9p2mq7z/" + account + "/CloudTrail/" + region + "/"
                + day.replace("-", "/"));
        Files.createDirectories(folder);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(folder.resolve(name)))) {
            out.write(("{\"Records\":[" + record + "]}").getBytes(StandardCharsets.UTF_8));
        }
    }

    private CoverageReport report(Set<String> regions) {
        Path store = dir.resolve("store.duckdb");
        CoverageStores.ingest(store, dir.resolve("AWSLogs"));
        try (EventStore s = CoverageStores.read(store)) {
            return new CoverageAnalysis(s, NOW).report(Instant.parse("2026-03-01T00:00:00Z"),
                    Instant.parse("2026-03-03T23:59:59.999999Z"), regions);
        }
    }

    @Test
    void anAccountsRegionDayMissingBesideTheOtherAccountsIsAGap() throws IOException {
        for (String day : List.of("2026-03-01", "2026-03-02", "2026-03-03")) {
            trailFile(DATA, "eu-west-1", day);
            trailFile(DATA, "us-east-1", day);
            trailFile(PROD, "us-east-1", day);
            if (!day.equals("2026-03-02")) {
                trailFile(PROD, "eu-west-1", day); // its folder of 2026-03-02 is gone
            }
        }
        CoverageReport r = report(Set.of("eu-west-1", "us-east-1"));
        List<CoverageGap> gaps = r.coverageGaps().stream().filter(g -> g.kind() == CoverageGap.Kind.ACCOUNT_FILES)
                .toList();
        assertEquals(1, gaps.size(), r.gaps().toString());
        assertEquals(List.of("eu-west-1"), gaps.get(0).regions());
        assertEquals("no trail files of account 111122223333 in eu-west-1 on 2026-03-02, though other accounts'"
                + " files of the same region and day were read", gaps.get(0).brief());
        assertTrue(gaps.get(0).fix().contains("--accounts 111122223333 --regions eu-west-1 --since 2026-03-02"
                + " --until 2026-03-02"), gaps.get(0).fix());
        assertEquals(List.of("eu-west-1 incomplete", "us-east-1 complete"), r.regions().stream()
                .map(c -> c.region() + " " + c.status()).toList());
        // the days table marks the day, naming the account, and the region counts it missing
        assertEquals(List.of("eu-west-1 2026-03-01  []", "eu-west-1 2026-03-02 account-files [111122223333]",
                "eu-west-1 2026-03-03  []"), r.days().stream().filter(d -> d.region().equals("eu-west-1"))
                .map(d -> d.region() + " " + d.day() + " " + d.missing() + " " + d.accountsMissing()).toList());
        assertEquals(1, r.regions().get(0).missingDays(), r.regions().get(0).toString());
        assertEquals("111122223333", r.dayTable().rows().get(1).get(r.dayTable().columns().indexOf("accounts_missing")));
        try (EventStore s = CoverageStores.read(dir.resolve("store.duckdb"))) {
            // an investigation of the day warns; one of us-east-1 only does not
            assertTrue(new CoverageAnalysis(s, NOW).caveats(Instant.parse("2026-03-02T00:00:00Z"),
                    Instant.parse("2026-03-02T23:59:59.999999Z"), Set.of(), false).contains(gaps.get(0).brief()));
            assertEquals(List.of(), new CoverageAnalysis(s, NOW).caveats(Instant.parse("2026-03-02T00:00:00Z"),
                    Instant.parse("2026-03-02T23:59:59.999999Z"), Set.of("us-east-1"), false));
        }
    }

    @Test
    void anAccountThatNeverUsesARegionLacksNothingThere() throws IOException {
        for (String day : List.of("2026-03-01", "2026-03-02", "2026-03-03")) {
            trailFile(DATA, "eu-west-1", day);
            trailFile(PROD, "us-east-1", day);
            trailFile(DATA, "us-east-1", day);
        }
        CoverageReport r = report(Set.of("eu-west-1", "us-east-1"));
        assertEquals(List.of(), r.coverageGaps().stream().filter(g -> g.kind() == CoverageGap.Kind.ACCOUNT_FILES)
                .toList());
    }
}
