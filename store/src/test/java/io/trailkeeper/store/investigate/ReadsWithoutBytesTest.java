package io.trailkeeper.store.investigate;

import static io.trailkeeper.store.investigate.S3ObjectCalls.object;
import static io.trailkeeper.store.investigate.S3ObjectCalls.run;
import static io.trailkeeper.store.investigate.S3ObjectCalls.store;
import static io.trailkeeper.store.investigate.S3ObjectCalls.withoutBytesOut;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.EventSearch;
import io.trailkeeper.store.EventStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A GetObject record need not carry additionalEventData.bytesTransferredOut (a trail of other tools, a record cut
 * short): three such reads were said to be "bytes not summed (over the 50,000 raw records this reads ...)", sending the
 * responder to narrow a window that holds three reads. They are said to be not recorded; the report's reads too.
 */
class ReadsWithoutBytesTest {
    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void load() throws IOException {
        List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            lines.add(withoutBytesOut(object(RoleChainTest.user(), "acme-exports", "g" + i, "2026-03-10T08:0" + i
                    + ":00Z", "GetObject", "c/" + i + ".csv", "203.0.113.9", "\"x\":\"\"", null, null)));
        }
        store = store(dir, "reads", lines);
    }

    @Test
    void theKeysStorySaysTheBytesAreNotRecorded() {
        List<String> notes = run(store, "key", RoleChainTest.DEV_KEY).notes();
        assertTrue(notes.stream().anyMatch(n -> n.contains("bucket acme-exports in us-west-2: 3 objects read"
                + " (GetObject), bytes not recorded (no bytesTransferredOut in the records), 2026-03-10T08:00:00Z"
                + " to 2026-03-10T08:02:00Z from 203.0.113.9")), String.join("\n", notes));
    }

    @Test
    void theReportsReadsKnowTheRecordsWereRead() {
        try (EventStore s = IncidentStores.read(store)) {
            DataReads.Bucket b = DataReads.read(new EventSearch(s), "", List.of()).principals().get(0).buckets()
                    .get(0);
            assertTrue(b.bytes() == null && b.bytesRead(), b.toString());
        }
    }
}
