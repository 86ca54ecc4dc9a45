package io.trailkeeper.store.coverage;

import static io.trailkeeper.store.coverage.CoverageStores.at;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.store.EventStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trail file cut short was named in the closing warning of every answer, whatever its window and regions: in a
 * drill, one eu-west-1 file of 2026-03-04 22:30 warned the sign-ins of a day before and the instances of
 * ap-southeast-2, and a warning on every answer is read by nobody. A file named as CloudTrail names its files holds
 * only events of its region from before the minute it names (CloudTrail delivers late, never early): it is named for
 * windows that start before that minute's end, in its region. A file named otherwise is named always.
 */
class RejectedInputWindowTest {
    private static final Path INVICTUS = CoverageStores.shared("invictus-ir-aws_dataset/CloudTrail");
    private static final String NAME = "218007301253_CloudTrail_us-east-1_20230710T1220Z_WMiHxZgr5Hdd6UDc.json";

    @TempDir
    Path dir;

    @BeforeEach
    void cutShort() throws IOException {
        Path in = Files.createDirectories(dir.resolve("in"));
        byte[] whole = gzip(Files.readAllBytes(INVICTUS.resolve(NAME)));
        Files.write(in.resolve("218007301253_CloudTrail_us-east-1_20230710T1220Z_cut.json.gz"),
                Arrays.copyOf(whole, whole.length * 2 / 3));
        Files.write(in.resolve("merged-by-a-colleague.json.gz"), Arrays.copyOf(whole, whole.length * 2 / 3));
        CoverageStores.ingest(dir.resolve("store.duckdb"), in);
    }

    private List<String> named(String since, Set<String> regions) {
        try (EventStore s = CoverageStores.read(dir.resolve("store.duckdb"))) {
            return new CoverageAnalysis(s, at("2023-07-20T12:00:00Z")).caveats(since == null ? null
                    : Instant.parse(since), null, regions, false).stream().filter(c -> c.contains("not stored whole"))
                    .map(c -> c.contains("_cut.json.gz") ? c.contains("merged-by") ? "both" : "cloudtrail" : "other")
                    .toList();
        }
    }

    @Test
    void aCloudTrailFileIsNamedForItsRegionAndTheWindowsBeforeItsMinute() {
        assertEquals(List.of("both"), named(null, Set.of()));
        assertEquals(List.of("both"), named("2023-07-10T12:20:59Z", Set.of("us-east-1")));
        assertEquals(List.of("other"), named("2023-07-10T12:21:00Z", Set.of()));
        assertEquals(List.of("other"), named("2023-07-10T00:00:00Z", Set.of("eu-west-1")));
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
