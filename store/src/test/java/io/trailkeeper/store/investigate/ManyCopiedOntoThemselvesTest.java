package io.trailkeeper.store.investigate;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bucket encrypted in place object after object is counted in thousands: s3 and who-deleted said '1,201 objects ...
 * (1200 copied onto themselves ...)' and key's story '1,201 objects written ..., 1200 of them copied onto themselves',
 * one number with its thousands separator and the next without. Both carry it now.
 */
class ManyCopiedOntoThemselvesTest {
    private static final String BUCKET = "acme-prod-ledger";
    private static final int COPIES = 1_200;

    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void load() throws IOException {
        String dev = RoleChainTest.user();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < COPIES; i++) {
            String key = "ledger/" + i + ".json";
            String time = String.format(java.util.Locale.ROOT, "2026-03-10T09:%02d:%02dZ", i / 60, i % 60);
            lines.add(copiedOntoItself(dev, BUCKET, "c" + i, time, key));
        }
        lines.add(object(dev, BUCKET, "n1", "2026-03-10T09:30:00Z", "PutObject", "README-RESTORE.txt",
                "198.51.100.7", "\"x\":\"\"", "SSE_C", null));
        store = store(dir, "ledger", lines);
    }

    @Test
    void s3AndWhoDeletedSayHowManyCopiedOntoThemselvesWithTheSeparator() {
        for (String name : List.of("s3", "who-deleted")) {
            List<String> notes = run(store, name, BUCKET).notes().stream().filter(n -> n.contains("SSE-C")).toList();
            assertEquals(1, notes.size(), name + ": " + notes);
            assertTrue(notes.get(0).startsWith("1,201 objects of bucket " + BUCKET + " written with a key the caller"
                    + " provided (SSE-C) by"), name + ": " + notes);
            assertTrue(notes.get(0).contains(" (1,200 copied onto themselves: encrypted in place): "),
                    name + ": " + notes);
        }
    }

    @Test
    void theKeysStorySaysHowManyCopiedOntoThemselvesWithTheSeparator() {
        InvestigationResult r = run(store, "key", RoleChainTest.DEV_KEY);
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("bucket " + BUCKET + " in us-west-2: 1,201 objects"
                + " written with a key the caller provided (SSE-C), 1,200 of them copied onto themselves (encrypted"
                + " in place), 2026-03-10T09:00:00Z to 2026-03-10T09:30:00Z from 198.51.100.7")),
                String.join("\n", r.notes()));
    }
}
