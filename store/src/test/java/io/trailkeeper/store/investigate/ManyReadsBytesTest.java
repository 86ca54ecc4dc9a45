package io.trailkeeper.store.investigate;

import static io.trailkeeper.store.investigate.S3ObjectCalls.object;
import static io.trailkeeper.store.investigate.S3ObjectCalls.run;
import static io.trailkeeper.store.investigate.S3ObjectCalls.store;
import static io.trailkeeper.store.investigate.S3ObjectCalls.withBytesOut;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A theft of 2,400 objects in a drill got no byte count: s3 and the thief's story read the bytes from raw records only
 * up to 2,000 object calls and said "bytes were not summed", narrow the window. The records are read in raw chunk
 * order now, each chunk decompressed once, up to {@link BucketAccess#BYTES_LIMIT}: 2,100 reads of 1,000 bytes each are
 * summed in both answers.
 */
class ManyReadsBytesTest {
    private static final int READS = 2_100;

    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void load() throws IOException {
        Instant t = Instant.parse("2026-03-10T08:00:00Z");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < READS; i++) {
            lines.add(withBytesOut(object(RoleChainTest.user(), "acme-exports", "g" + i, t.plusSeconds(i).toString(),
                    "GetObject", "c/" + i + ".csv", "203.0.113.9", "\"x\":\"\"", null, null), 1000));
        }
        store = store(dir, "many", lines);
    }

    @Test
    void s3SumsTheBytesOfMoreThanTwoThousandReads() {
        List<String> notes = run(store, "s3", "acme-exports").notes();
        // every count with its thousands grouped (the reads and the principal's were written bare: '2100 reads')
        assertTrue(notes.contains("2,100 object calls on bucket acme-exports at any time: 2,100 reads, 0 writes, 0"
                + " deletes; 2,100,000 bytes read out (bytesTransferredOut)"), String.join("\n", notes));
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("most calls by arn:aws:iam::111122223333:user/dev: 2,100"
                + " reads, 0 writes, 0 deletes, 2,100,000 bytes out, from")), String.join("\n", notes));
        assertTrue(notes.stream().noneMatch(n -> n.startsWith("bytes were not summed")), String.join("\n", notes));
    }

    @Test
    void theKeysStorySumsThemToo() {
        List<String> notes = run(store, "key", RoleChainTest.DEV_KEY).notes();
        assertTrue(notes.stream().anyMatch(n -> n.contains("bucket acme-exports in us-west-2: 2,100 objects read"
                + " (GetObject), 2,100,000 bytes out (bytesTransferredOut)")), String.join("\n", notes));
    }
}
