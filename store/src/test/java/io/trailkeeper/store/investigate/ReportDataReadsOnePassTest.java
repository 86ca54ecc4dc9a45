package io.trailkeeper.store.investigate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.trailkeeper.events.Table;
import io.trailkeeper.events.TableCollector;
import io.trailkeeper.store.EventSearch;
import io.trailkeeper.store.EventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's S3 reads (DataReads) asked investigate key's reads (story-object-reads.sql) of one principal at a time,
 * a query per principal whose S3 calls came from a public address: on a 2.1 million event store that is 96,947
 * principals, and the report had not come after 5 minutes. All of them are read in one pass now
 * (report-data-reads.sql over object-reads.sql, each principal a reader of its own): each principal's bytes and its
 * own bytes limit, its records decoded in raw chunk order for all principals at once.
 */
class ReportDataReadsOnePassTest {
    @TempDir
    Path dir;

    /** A GetObject of bucket exports from a public address, as S3 records it, with the bytes it sent. */
    private static String get(String user, int n, long bytes) {
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::111122223333:"
                + "user/" + user + "\",\"accountId\":\"111122223333\",\"accessKeyId\":\"AKIA" + user.toUpperCase()
                + "EXAMPLE01\",\"userName\":\"" + user + "\"},\"eventTime\":\"2026-03-10T10:0" + n + ":00Z\","
                + "\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\",\"awsRegion\":\"us-east-1\","
                + "\"sourceIPAddress\":\"203.0.113.7\",\"requestParameters\":{\"bucketName\":\"exports\",\"key\":\"o"
                + n + "\"},\"additionalEventData\":{\"bytesTransferredOut\":" + bytes + "},\"eventID\":\"" + user + n
                + "\",\"eventCategory\":\"Data\",\"managementEvent\":false,\"recipientAccountId\":\"111122223333\","
                + "\"resources\":[{\"type\":\"AWS::S3::Object\",\"ARN\":\"arn:aws:s3:::exports/o" + n + "\"},"
                + "{\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::exports\"}]}\n";
    }

    private Path store() throws IOException {
        Path input = dir.resolve("reads.jsonl");
        Files.writeString(input, get("ann", 1, 100) + get("ann", 2, 200) + get("ann", 3, 300) + get("bob", 4, 50));
        return IncidentStores.load(dir.resolve("reads.duckdb"), input);
    }

    @Test
    void everyPrincipalIsReadInOnePassWithItsOwnBytesAndLimit() throws IOException {
        SqlTemplate t = reads();
        Map<String, Object> bytes = new HashMap<>();
        try (EventStore store = IncidentStores.read(store())) {
            EventSearch search = scope(store);
            // three reads are over a limit of 2 for ann, whose bytes are then not summed; bob's one read is summed
            Table rows = ReportScope.run(search, t.sql(), t.bind(Map.of("bytes_limit", 2L)));
            for (List<Object> r : rows.rows()) {
                bytes.put(String.valueOf(r.get(Rows.column(rows, "reader"))), r.get(Rows.column(rows, "bytes_out")));
                assertEquals("exports", r.get(Rows.column(rows, "bucket")));
            }
            assertEquals(2, rows.rows().size());
            assertNull(bytes.get("arn:aws:iam::111122223333:user/ann"));
            assertEquals(50L, ((Number) bytes.get("arn:aws:iam::111122223333:user/bob")).longValue());
            Table all = ReportScope.run(search, t.sql(), t.bind(Map.of("bytes_limit", 50_000L)));
            assertEquals(600L, ((Number) all.rows().get(0).get(Rows.column(all, "bytes_out"))).longValue());
        }
    }

    @Test
    void theRecordsOfAllPrincipalsAreDecodedInRawChunkOrder() throws IOException {
        SqlTemplate t = reads();
        try (EventStore store = IncidentStores.read(store())) {
            EventSearch search = scope(store);
            ChunkOrderPlans.assertDecodedAboveTheSort(ChunkOrderPlans.plan(search, t.sql(),
                    t.bind(Map.of("bytes_limit", 50_000L))));
        }
    }

    private static SqlTemplate reads() {
        return SqlTemplate.load("report-data-reads.sql", Map.of("subject_calls", "subject-own-calls.sql",
                "object_reader", "object-reader-principal.sql"));
    }

    /** tk_scope as DataReads leaves it: the S3 calls of the principals it reads. */
    private static EventSearch scope(EventStore store) {
        EventSearch search = new EventSearch(store);
        search.statement("CREATE TEMP TABLE tk_scope AS SELECT * FROM events", List.of(), new TableCollector());
        return search;
    }
}
