package io.trailkeeper.store.investigate;

import io.trailkeeper.events.TableCollector;
import io.trailkeeper.store.EventSearch;
import io.trailkeeper.store.EventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * key / actor's object_changes and s3's and who-deleted's SSE-C writes read the raw record of each object write, up
 * to 20,000 (subject-s3-records.sql, s3-bytes-scope.sql, s3-customer-key.sql: customer-key-detail.sql). They were decoded in the order the
 * writes came (story-object-changes.sql: out of the session union's hash table), so records decompressed their chunk
 * again: a burst of 20,000 writes with SSE-C in 587 chunks of a 2.1 million event store decompressed 2,346 chunks for
 * object_changes. Decoded above a sort by raw chunk now: 587.
 */
class ObjectWritesChunkOrderTest {
    @TempDir
    Path dir;

    @Test
    void keyAndActorDecodeTheReadsAndWritesInRawChunkOrder() throws IOException {
        // subject-s3-records.sql decodes them for object_reads and object_changes
        assertDecodedInChunkOrder("subject-s3-records.sql", Map.of());
    }

    @Test
    void s3DecodesTheCallsInRawChunkOrder() throws IOException {
        // s3-bytes-scope.sql decodes them for the bytes and the SSE-C writes
        assertDecodedInChunkOrder("s3-bytes-scope.sql", Map.of());
    }

    @Test
    void whoDeletedDecodesTheWritesInRawChunkOrder() throws IOException {
        assertDecodedInChunkOrder("s3-customer-key.sql", Map.of("bucket_data_calls", "s3-data-calls.sql"));
    }

    private void assertDecodedInChunkOrder(String file, Map<String, String> fragments) throws IOException {
        Path input = dir.resolve("one.jsonl");
        Files.writeString(input, "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":"
                + "\"arn:aws:iam::111122223333:user/bob\",\"accountId\":\"111122223333\",\"accessKeyId\":"
                + "\"AKIABOBEXAMPLE000001\",\"userName\":\"bob\"},\"eventTime\":\"2026-03-10T10:00:00Z\","
                + "\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"PutObject\",\"awsRegion\":\"us-east-1\","
                + "\"requestParameters\":{\"bucketName\":\"backups\",\"key\":\"db.tar\","
                + "\"x-amz-server-side-encryption-customer-algorithm\":\"AES256\"},\"eventID\":\"e1\","
                + "\"eventCategory\":\"Data\",\"managementEvent\":false,\"recipientAccountId\":\"111122223333\","
                + "\"resources\":[{\"type\":\"AWS::S3::Object\",\"ARN\":\"arn:aws:s3:::backups/db.tar\"}]}\n");
        Path path = IncidentStores.load(dir.resolve("one.duckdb"), input);
        SqlTemplate t = SqlTemplate.load(file, fragments);
        try (EventStore store = IncidentStores.read(path)) {
            EventSearch search = new EventSearch(store);
            // the calls in scope, as s3-scope.sql and story-scope.sql leave them (call_id: s3's id of a call)
            search.statement("CREATE TEMP TABLE tk_scope AS SELECT *, rowid AS call_id FROM events", List.of(),
                    new TableCollector());
            // the subject's calls and its sessions', as subject-calls-table.sql leaves them (the same columns)
            search.statement("CREATE TEMP TABLE tk_subject_calls AS SELECT * FROM events", List.of(),
                    new TableCollector());
            ChunkOrderPlans.assertDecodedAboveTheSort(ChunkOrderPlans.plan(search, t.sql(),
                    t.bind(Map.of("key_limit", 20_000L, "bytes_limit", 50_000L))));
        }
    }
}
