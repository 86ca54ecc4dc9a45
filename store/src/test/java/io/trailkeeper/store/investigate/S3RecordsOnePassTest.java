package io.trailkeeper.store.investigate;

import static io.trailkeeper.store.investigate.IncidentStores.rows;
import static io.trailkeeper.store.investigate.S3ObjectCalls.SSEC;
import static io.trailkeeper.store.investigate.S3ObjectCalls.object;
import static io.trailkeeper.store.investigate.S3ObjectCalls.store;
import static io.trailkeeper.store.investigate.S3ObjectCalls.withBytesOut;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.TableCollector;
import io.trailkeeper.store.EventSearch;
import io.trailkeeper.store.EventStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * key and actor read the raw records of the subject's object reads (object_reads' bytes) and writes (object_changes'
 * SSE-C test), s3 those of the bucket's calls (the bytes) and writes (SSE-C), each in raw chunk order but in two
 * passes: a burst's reads and writes share their chunks, and the second pass decompressed them all again (more than
 * the 64 chunks kept). One pass now: each chunk holding them is decompressed once, and the answers are the same.
 */
class S3RecordsOnePassTest {
    /** Reads and SSE-C writes, one after the other, each record about 16 KB: some 80 chunks of 256 KB. */
    private static final int PAIRS = 640;
    private static final String BUCKET = "acme-exports";

    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void load() throws IOException {
        Instant t = Instant.parse("2026-03-10T08:00:00Z");
        String padding = "\"note\":\"" + "x".repeat(16_000) + "\"";
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            lines.add(withBytesOut(object(RoleChainTest.user(), BUCKET, "g" + i, t.plusSeconds(2L * i).toString(),
                    "GetObject", "c/" + i + ".csv", "203.0.113.9", padding, null, null), 1000));
            lines.add(object(RoleChainTest.user(), BUCKET, "p" + i, t.plusSeconds(2L * i + 1).toString(), "PutObject",
                    "c/" + i + ".csv", "203.0.113.9", padding + "," + SSEC, "SSE_C",
                    null));
        }
        store = store(dir, "burst", lines);
    }

    @Test
    void keyDecodesEachChunkOnceForItsReadsAndWrites() {
        try (EventStore s = IncidentStores.read(store)) {
            long chunks = chunks(s);
            assertTrue(chunks > 64, chunks + " chunks: the test needs more than the 64 chunks kept decompressed");
            InvestigationResult r = new Investigator(s, IncidentStores.CLOCK).run("key",
                    InvestigationArgs.of(RoleChainTest.DEV_KEY));
            assertEquals(chunks, s.rawChunksDecompressed(), "chunks decompressed by key, of " + chunks);
            assertTrue(r.notes().stream().anyMatch(n -> n.contains("bucket " + BUCKET + " in us-west-2: 640 objects read"
                    + " (GetObject), 640,000 bytes out (bytesTransferredOut)")), String.join("\n", r.notes()));
            assertEquals(List.of(Map.of("change", "written with SSE-C", "calls", 640L)),
                    rows(r.section("object_changes")).stream().map(m -> Map.of("change", m.get("change"), "calls",
                            m.get("calls"))).toList());
        }
    }

    @Test
    void s3DecodesEachChunkOnceForTheBytesAndTheCustomerKeys() {
        try (EventStore s = IncidentStores.read(store)) {
            long chunks = chunks(s);
            InvestigationResult r = new Investigator(s, IncidentStores.CLOCK).run("s3", InvestigationArgs.of(BUCKET));
            assertEquals(chunks, s.rawChunksDecompressed(), "chunks decompressed by s3, of " + chunks);
            String notes = String.join("\n", r.notes());
            assertTrue(notes.contains("640,000 bytes read out (bytesTransferredOut)"), notes);
            assertTrue(notes.contains("640 objects of bucket " + BUCKET + " written with a key the caller provided (SSE-C)"),
                    notes);
        }
    }

    /** The raw chunks holding the store's records, counted without decompressing any. */
    private static long chunks(EventStore s) {
        TableCollector out = new TableCollector();
        new EventSearch(s).statement("SELECT count(DISTINCT raw_chunk) FROM events", List.of(), out);
        return ((Number) out.table("chunks").rows().get(0).get(0)).longValue();
    }
}
