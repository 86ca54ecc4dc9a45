package io.trailkeeper.store.coverage;

import static io.trailkeeper.store.coverage.CoverageStores.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.VerifyFindings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log files verify --keep found altered or deleted, as coverage tells them: each file's stored records counted
 * (thousands separated), a region's window told only its region's files, and a later verification finding one file
 * valid clearing that file only.
 */
class TamperedLogsTest {
    private static final String BUCKET = "org-trail";
    private static final Instant CHECKED = Instant.parse("2026-05-11T00:00:00Z");

    @TempDir
    Path dir;

    private Path store() {
        return dir.resolve("store.duckdb");
    }

    /** A trail file of {@code region} delivered at 2026-05-10 10:00, with {@code n} records; its key. */
    private String trailFile(String region, int n) throws Exception {
        String key = "AWSLogs/111122223333/CloudTrail/" + region + "/2026/05/10/111122223333_CloudTrail_" + region
                + "_20260510T1000Z_" + region.replace("-", "") + ".json";
        StringBuilder b = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("{\"eventVersion\":\"1.08\",\"eventID\":\"").append(region).append(i)
                    .append("\",\"eventTime\":\"2026-05-10T09:55:00Z\",\"awsRegion\":\"").append(region)
                    .append("\",\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"ListUsers\",")
                    .append("\"recipientAccountId\":\"111122223333\",\"userIdentity\":{\"type\":\"IAMUser\"}}");
        }
        Path file = dir.resolve("evidence").resolve(key);
        Files.createDirectories(file.getParent());
        Files.writeString(file, b.append("]}").toString());
        return key;
    }

    private static VerifyFindings.Checked checked(String key, String region, String verdict) {
        return new VerifyFindings.Checked(BUCKET, key, "111122223333", region, Instant.parse("2026-05-10T10:00:00Z"),
                verdict != null, verdict == null ? "valid" : verdict, "listed by a digest");
    }

    private void keep(VerifyFindings.Checked... logs) {
        try (EventStore s = EventStore.openForWriting(store(), EventStore.StoreOptions.defaults())) {
            new VerifyFindings(s).keep(List.of(logs), CHECKED);
        }
    }

    private String told(Set<String> regions) {
        try (EventStore s = CoverageStores.read(store())) {
            return String.join("\n", new CoverageAnalysis(s, at("2026-05-12T00:00:00Z")).report(null, null, regions)
                    .coverageGaps().stream().filter(g -> g.kind() == CoverageGap.Kind.LOG_TAMPERED)
                    .map(CoverageGap::brief).toList());
        }
    }

    @Test
    void eachFileIsCountedAndClearedOnItsOwn() throws Exception {
        String east = trailFile("us-east-1", 1_200);
        String west = trailFile("eu-west-1", 3);
        String gone = "AWSLogs/111122223333/CloudTrail/us-east-1/2026/05/10/111122223333_CloudTrail_us-east-1"
                + "_20260510T1005Z_gone.json.gz";
        CoverageStores.ingest(store(), dir.resolve("evidence"));
        keep(checked(east, "us-east-1", "log file modified"), checked(west, "eu-west-1", "log file modified"),
                checked(gone, "us-east-1", "log file missing"));

        String all = told(Set.of());
        assertTrue(all.contains("2 trail log files are not as CloudTrail delivered them (log file modified: ")
                && all.contains("the store's 1,203 records from them"), all);
        assertTrue(all.contains("1 trail log file was deleted") && all.contains(gone), all);
        String west1 = told(Set.of("eu-west-1"));
        assertTrue(west1.contains("the store's 3 records from it") && !west1.contains(east)
                && !west1.contains("deleted"), west1);

        keep(checked(east, "us-east-1", null)); // a later verification finds the us-east-1 file valid
        String after = told(Set.of());
        assertFalse(after.contains(east), after);
        assertTrue(after.contains(west) && after.contains("the store's 3 records from it") && after.contains(gone),
                after);
        assertEquals(2, after.lines().count(), after);
    }

    @Test
    void aFileDeletedAfterTheStoreReadItIsNotSaidLostButUnproven() throws Exception {
        String read = trailFile("us-east-1", 4); // collected, then deleted from the bucket
        CoverageStores.ingest(store(), dir.resolve("evidence"));
        keep(checked(read, "us-east-1", "log file missing"));
        String told = told(Set.of());
        assertFalse(told.contains("in no answer"), told);
        assertTrue(told.contains("1 trail log file is not as CloudTrail delivered it (log file missing: s3://"
                + BUCKET + "/" + read) && told.contains("the store's 4 records from it may be forged"), told);
    }

    @Test
    void aFileOfNoKnownRegionHasTheLookupReadEveryRegion() throws Exception {
        String east = trailFile("us-east-1", 2);
        CoverageStores.ingest(store(), dir.resolve("evidence"));
        String inserted = "AWSLogs/111122223333/CloudTrail/extra.json.gz"; // no region or delivery in its name
        keep(checked(east, "us-east-1", "log file modified"), new VerifyFindings.Checked(BUCKET, inserted,
                "111122223333", null, null, true, "log file listed in no digest", "listed by no digest"));
        try (EventStore s = CoverageStores.read(store())) {
            String sentence = new CoverageAnalysis(s, at("2026-05-12T00:00:00Z")).report(null, null, Set.of())
                    .coverageGaps().stream().filter(g -> g.kind() == CoverageGap.Kind.LOG_TAMPERED)
                    .map(CoverageGap::sentence).findFirst().orElseThrow();
            assertTrue(sentence.contains(inserted) && sentence.contains("`trailkeeper collect lookup --regions all"
                    + " --since ... --until ...`"), sentence);
        }
    }
}
