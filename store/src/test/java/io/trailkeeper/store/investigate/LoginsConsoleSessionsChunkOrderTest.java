package io.trailkeeper.store.investigate;

import io.trailkeeper.store.EventSearch;
import io.trailkeeper.store.EventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * logins over a window with no ConsoleLogin reads the records of each session key's first calls
 * (logins-console-sessions.sql). They were decoded in the order the keys came out of the window function, so each
 * record decompressed its raw chunk again: over the benchmark's 2 million events (1.2 million session keys) the answer
 * had not come after 20 minutes. The sample is decoded in raw chunk order now, above the sort (a filter on the record
 * would be pushed below it by DuckDB's optimizer): about a minute.
 */
class LoginsConsoleSessionsChunkOrderTest {
    @TempDir
    Path dir;

    @Test
    void theRecordsAreDecodedInRawChunkOrder() throws IOException {
        Path file = dir.resolve("one.jsonl");
        Files.writeString(file, "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":"
                + "\"arn:aws:iam::111122223333:user/bob\",\"accountId\":\"111122223333\",\"accessKeyId\":"
                + "\"ASIABOBCONSOLE000001\",\"userName\":\"bob\"},\"eventTime\":\"2026-03-10T10:00:00Z\","
                + "\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"ListBuckets\",\"awsRegion\":\"us-east-1\","
                + "\"eventID\":\"e1\",\"recipientAccountId\":\"111122223333\",\"sessionCredentialFromConsole\":"
                + "\"true\"}\n");
        Path path = IncidentStores.load(dir.resolve("one.duckdb"), file);
        String sql = SqlTemplate.read("logins-console-sessions.sql").replace("{{window}}", "TRUE")
                .replace("{{filters}}", "TRUE");
        try (EventStore store = IncidentStores.read(path)) {
            ChunkOrderPlans.assertDecodedAboveTheSort(ChunkOrderPlans.plan(new EventSearch(store), sql, List.of()));
        }
    }
}
