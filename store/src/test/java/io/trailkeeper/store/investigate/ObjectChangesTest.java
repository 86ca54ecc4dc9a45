package io.trailkeeper.store.investigate;

import static io.trailkeeper.store.investigate.IncidentStores.rows;
import static io.trailkeeper.store.investigate.OriginChainTest.assume;
import static io.trailkeeper.store.investigate.OriginChainTest.session;
import static io.trailkeeper.store.investigate.S3ObjectCalls.copiedOntoItself;
import static io.trailkeeper.store.investigate.S3ObjectCalls.object;
import static io.trailkeeper.store.investigate.S3ObjectCalls.run;
import static io.trailkeeper.store.investigate.S3ObjectCalls.store;
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
 * A stolen key deletes a backup's objects itself and, through a role session it assumed, copies a bucket's objects onto
 * themselves with a key of its own (SSE-C): investigate key and actor listed what it "created or changed" from
 * management calls only, so neither the deletes nor the encryption in place appeared anywhere in its story. They are
 * counted per bucket and change now (object_changes, and a note); refused calls, SSE-KMS writes and another
 * principal's deletes are not among them.
 */
class ObjectChangesTest {
    private static final String ACCOUNT = RoleChainTest.ACCOUNT;
    private static final String BACKUPS = "acme-backups";
    private static final String DATA = "acme-prod-data";

    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void load() throws IOException {
        String dev = RoleChainTest.user();
        String build = session(ACCOUNT, "build", "ASIAHOPONE000000001");
        List<String> lines = new ArrayList<>();
        lines.add(assume(dev, "2026-03-10T08:00:00Z", "a1", ACCOUNT, "build", "ASIAHOPONE000000001"));
        for (int i = 0; i < 3; i++) {
            lines.add(object(dev, BACKUPS, "d" + i, "2026-03-10T08:0" + (i + 1) + ":00Z", "DeleteObject",
                    "db/dump-" + i + ".gz", "203.0.113.9", "\"x\":\"\"", null, null));
        }
        lines.add(object(dev, BACKUPS, "m1", "2026-03-10T08:05:00Z", "DeleteObjects", null, "203.0.113.9",
                "\"delete\":\"\"", null, null));
        lines.add(object(dev, BACKUPS, "r1", "2026-03-10T08:06:00Z", "DeleteObject", "db/locked.gz", "203.0.113.9",
                "\"x\":\"\"", null, "AccessDenied"));
        for (int i = 0; i < 4; i++) {
            String key = "customers/" + i + ".json";
            lines.add(copiedOntoItself(build, DATA, "c" + i, "2026-03-10T08:1" + i + ":00Z", key));
        }
        // a ransom note uploaded with the same key: S3 recorded SSEApplied only
        lines.add(object(build, DATA, "n1", "2026-03-10T08:15:00Z", "PutObject", "README-RESTORE.txt",
                "198.51.100.7", "\"x\":\"\"", "SSE_C", null));
        lines.add(object(build, DATA, "k1", "2026-03-10T08:16:00Z", "PutObject", "customers/9.json", "198.51.100.7",
                "\"x-amz-server-side-encryption\":\"aws:kms\"", "SSE_KMS", null));
        // the application's own delete in the backup bucket: not the key's doing
        lines.add(object(session(ACCOUNT, "app", "ASIAAPPSESSION00001"), BACKUPS, "o1", "2026-03-10T08:20:00Z",
                "DeleteObject", "db/old.gz", "10.0.1.5", "\"x\":\"\"", null, null));
        store = store(dir, "objects", lines);
    }

    @Test
    void theKeysObjectDeletesAndItsSessionsSseCWritesAreCountedPerBucket() {
        InvestigationResult r = run(store, "key", RoleChainTest.DEV_KEY);
        assertEquals(List.of(
                Map.of("bucket", BACKUPS, "change", "deleted", "calls", 3L, "copied_onto_themselves", 0L),
                Map.of("bucket", BACKUPS, "change", "multi-object delete", "calls", 1L, "copied_onto_themselves", 0L),
                Map.of("bucket", DATA, "change", "written with SSE-C", "calls", 5L, "copied_onto_themselves", 4L)),
                changes(r), String.join("\n", r.notes()));
        assertTrue(r.notes().contains("S3 objects key " + RoleChainTest.DEV_KEY + " changed (data events; the sessions"
                + " it issued included): bucket " + BACKUPS + " in us-west-2: 3 objects deleted (DeleteObject),"
                + " 2026-03-10T08:01:00Z to 2026-03-10T08:03:00Z from 203.0.113.9; bucket " + BACKUPS + " in us-west-2:"
                + " 1 multi-object delete (DeleteObjects: up to 1,000 objects each; CloudTrail records the bucket, never"
                + " the keys), at 2026-03-10T08:05:00Z from 203.0.113.9; bucket " + DATA + " in us-west-2: 5 objects"
                + " written with a key the caller provided (SSE-C), 4 of them copied onto themselves (encrypted in"
                + " place), 2026-03-10T08:10:00Z to 2026-03-10T08:15:00Z from 198.51.100.7; of the objects written"
                + " with SSE-C: " + BucketAccess.CUSTOMER_KEY_MEANS + " (investigate s3 BUCKET tells each call)"),
                String.join("\n", r.notes()));
    }

    @Test
    void anActorsStoryCountsThemToo() {
        assertEquals(3, changes(run(store, "actor", "user/dev")).size());
    }

    private static List<Map<String, Object>> changes(InvestigationResult r) {
        return rows(r.section("object_changes")).stream().map(m -> Map.of("bucket", m.get("bucket"), "change",
                m.get("change"), "calls", m.get("calls"), "copied_onto_themselves", m.get("copied_onto_themselves")))
                .toList();
    }
}
