package io.trailkeeper.store.investigate;

import static io.trailkeeper.store.investigate.IncidentStores.rows;
import static io.trailkeeper.store.investigate.OriginChainTest.assume;
import static io.trailkeeper.store.investigate.OriginChainTest.session;
import static io.trailkeeper.store.investigate.S3ObjectCalls.object;
import static io.trailkeeper.store.investigate.S3ObjectCalls.run;
import static io.trailkeeper.store.investigate.S3ObjectCalls.store;
import static io.trailkeeper.store.investigate.S3ObjectCalls.withBytesOut;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data theft: a key reads a bucket's objects itself and through a role session it assumed, and looks at a second
 * bucket (GetBucketLocation, GetBucketPolicy) whose data events the trail does not log. investigate key and actor
 * counted the GetObject calls among all its calls, with no bucket and no bytes, and said nothing of the second bucket,
 * so the theft read as nothing and the unlogged bucket as untouched. The reads are counted per bucket with the bytes
 * carried out now (object_reads, and a note), and the unlogged bucket is said to be one whose reads cannot be told;
 * a refused read carries no bytes, another principal's reads are not the key's.
 */
class ObjectReadsTest {
    private static final String ACCOUNT = RoleChainTest.ACCOUNT;
    private static final String DATA = "acme-exports";
    private static final String DARK = "acme-finance";

    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void load() throws IOException {
        String dev = RoleChainTest.user();
        String build = session(ACCOUNT, "build", "ASIAHOPONE000000001");
        List<String> lines = new ArrayList<>();
        lines.add(assume(dev, "2026-03-10T08:00:00Z", "a1", ACCOUNT, "build", "ASIAHOPONE000000001"));
        lines.add(bucketCall(dev, DATA, "l0", "2026-03-10T08:00:30Z", "GetBucketLocation"));
        for (int i = 0; i < 3; i++) {
            lines.add(read(dev, "g" + i, "2026-03-10T08:0" + (i + 1) + ":00Z", "c/" + i + ".csv", (i + 1) * 1000,
                    null));
        }
        lines.add(read(dev, "r1", "2026-03-10T08:04:00Z", "locked/x.parquet", 243, "AccessDenied"));
        lines.add(read(build, "s1", "2026-03-10T08:05:00Z", "c/9.csv", 500, null));
        lines.add(read(build, "s2", "2026-03-10T08:06:00Z", "c/8.csv", 500, null));
        // the nightly backup's own read: not the key's
        lines.add(read(session(ACCOUNT, "backup", "ASIABACKUP000000001"), "o1", "2026-03-10T02:00:00Z", "c/1.csv",
                9999, null));
        lines.add(bucketCall(dev, DARK, "d1", "2026-03-10T08:10:00Z", "GetBucketLocation"));
        lines.add(bucketCall(dev, DARK, "d2", "2026-03-10T08:11:00Z", "GetBucketPolicy"));
        store = store(dir, "reads", lines);
    }

    @Test
    void theKeysReadsAreCountedPerBucketWithTheBytesAndTheUnloggedBucketIsSaidUnseen() {
        InvestigationResult r = run(store, "key", RoleChainTest.DEV_KEY);
        assertEquals(List.of(
                Map.of("bucket", DATA, "objects_read", 5L, "bytes_out", 7000L, "refused_reads", 1L,
                        "data_events_logged", true),
                Map.of("bucket", DARK, "objects_read", 0L, "refused_reads", 0L, "bucket_calls", 2L,
                        "data_events_logged", false)),
                reads(r), String.join("\n", r.notes()));
        String notes = String.join("\n", r.notes());
        assertTrue(r.notes().contains("S3 objects key " + RoleChainTest.DEV_KEY + " read (data events; the sessions it"
                + " issued included): bucket " + DATA + " in us-west-2: 5 objects read (GetObject), 7,000 bytes out"
                + " (bytesTransferredOut), 2026-03-10T08:01:00Z to 2026-03-10T08:06:00Z from 198.51.100.7,"
                + " 203.0.113.9; 1 read refused (investigate s3 BUCKET tells each call)"), notes);
        assertTrue(r.notes().contains("key " + RoleChainTest.DEV_KEY + " made 2 calls on bucket " + DARK
                + " (GetBucketLocation, GetBucketPolicy, 2026-03-10T08:10:00Z to 2026-03-10T08:11:00Z, from"
                + " 203.0.113.9), but the store holds no S3 data event of that bucket at all: whether objects were"
                + " listed, read, written or deleted there cannot be told, not that none were (a trail's data event selector"
                + " for arn:aws:s3:::" + DARK + "/ would have told it; S3 server access logs, if the bucket has them,"
                + " tell it)"), notes);
    }

    @Test
    void anActorsStoryCountsThemToo() {
        List<Map<String, Object>> reads = reads(run(store, "actor", "user/dev"));
        assertEquals(2, reads.size());
        assertEquals(5L, reads.get(0).get("objects_read"));
    }

    /**
     * s3 of the unlogged bucket said only that its object calls cannot be told: the calls on the bucket itself, the one
     * trace of who may have read it, were in no answer of s3. They are named per principal now, and not for a bucket
     * whose data events are logged.
     */
    @Test
    void s3OfTheUnloggedBucketNamesWhoCalledTheBucketItself() {
        List<String> notes = run(store, "s3", DARK).notes();
        assertTrue(notes.contains("calls on bucket " + DARK + " itself (management events, the only trace of who may"
                + " have read its objects unseen) at any time: arn:aws:iam::" + ACCOUNT + ":user/dev: 2 calls"
                + " (GetBucketLocation, GetBucketPolicy) from 203.0.113.9, 2026-03-10T08:10:00Z to"
                + " 2026-03-10T08:11:00Z"), String.join("\n", notes));
        assertTrue(run(store, "s3", DATA).notes().stream().noneMatch(n -> n.startsWith("calls on bucket")));
    }

    private static String read(String identity, String id, String time, String key, long bytes, String error) {
        String ip = identity.contains("build") ? "198.51.100.7" : "203.0.113.9";
        return withBytesOut(object(identity, DATA, id, time, "GetObject", key, ip, "\"x\":\"\"", null, error), bytes);
    }

    /** A call on the bucket itself, a management event naming the bucket in its resources. */
    private static String bucketCall(String identity, String bucket, String id, String time, String name) {
        return RoleChainTest.call(identity, time, id, "s3.amazonaws.com", name, "us-west-2",
                "{\"bucketName\":\"" + bucket + "\",\"Host\":\"" + bucket + ".s3.amazonaws.com\"}", "null")
                .replace("\"eventType\"", "\"resources\":[{\"accountId\":\"" + ACCOUNT + "\",\"type\":"
                        + "\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::" + bucket + "\"}],\"eventType\"");
    }

    private static List<Map<String, Object>> reads(InvestigationResult r) {
        return rows(r.section("object_reads")).stream().map(m -> m.get("data_events_logged").equals(true)
                ? Map.of("bucket", m.get("bucket"), "objects_read", m.get("objects_read"), "bytes_out",
                        m.get("bytes_out"), "refused_reads", m.get("refused_reads"), "data_events_logged", true)
                : Map.of("bucket", m.get("bucket"), "objects_read", m.get("objects_read"), "refused_reads",
                        m.get("refused_reads"), "bucket_calls", m.get("bucket_calls"), "data_events_logged", false))
                .toList();
    }
}
