package io.trailkeeper.store.investigate;

import static io.trailkeeper.store.investigate.S3ObjectCalls.object;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.EventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * who-deleted's note of the failed calls wrote the failed count grouped and the rest bare: '1,200 calls of 1201
 * failed: AccessDenied x1200'. Every count is grouped now.
 */
class WhoDeletedManyFailedTest {
    private static final int REFUSED = 1_200;

    @TempDir
    Path dir;

    @Test
    void theFailedCallsNoteGroupsEveryCount() throws IOException {
        Instant t = Instant.parse("2026-03-10T08:00:00Z");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i <= REFUSED; i++) {
            lines.add(object(RoleChainTest.user(), "acme-exports", "d" + i, t.plusSeconds(i).toString(),
                    "DeleteBucket", null, "203.0.113.9", "\"x\":\"\"", null, i < REFUSED ? "AccessDenied" : null)
                    .replace("\"managementEvent\":false", "\"managementEvent\":true")
                    .replace("\"eventCategory\":\"Data\"", "\"eventCategory\":\"Management\""));
        }
        Path file = Files.writeString(dir.resolve("deletes.jsonl"), String.join("\n", lines) + "\n");
        Path store = IncidentStores.load(dir.resolve("deletes.duckdb"), file);
        List<String> notes;
        try (EventStore s = IncidentStores.read(store)) {
            notes = new Investigator(s, IncidentStores.CLOCK).run("who-deleted", InvestigationArgs.of("acme-exports"))
                    .notes();
        }
        assertTrue(notes.contains("1,200 calls of 1,201 failed: AccessDenied x1,200"), String.join("\n", notes));
    }
}
