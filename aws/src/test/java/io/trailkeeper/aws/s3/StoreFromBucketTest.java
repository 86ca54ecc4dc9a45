package io.trailkeeper.aws.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.aws.StoreRows;
import io.trailkeeper.store.CollectWriter;
import io.trailkeeper.store.EventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** collect s3 into a real store: the Invictus bucket gives exactly its 2,900 records, and a rerun adds none. */
class StoreFromBucketTest {
    @TempDir
    Path dir;

    @Test
    void theInvictusBucketStoresExactlyItsRecordsOnce() throws IOException {
        try (AwsClients clients = S3MockServer.get().clients()) {
            TrailFiles bucket = new TrailFiles(clients.s3("us-east-1"), "invictus-store");
            Path layout = Path.of(System.getProperty("trailkeeper.shared"), "data", "invictus-ir-aws_dataset",
                    "derived-AWSLogs-layout");
            try (Stream<Path> files = Files.walk(layout)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    bucket.put(layout.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f), Map.of());
                }
            }
            for (int run = 0; run < 2; run++) {
                try (CollectWriter writer = new CollectWriter(dir.resolve("store.duckdb"),
                        EventStore.StoreOptions.defaults(), "collect s3",
                        new CollectWriter.Options(Duration.ofMillis(300), 1_000, 10_000))) {
                    S3TrailCollector.Summary s = new S3TrailCollector(clients, writer)
                            .collect(S3TrailCollector.Request.of("invictus-store"));
                    assertEquals(run == 0 ? 55 : 0, s.objectsLoaded());
                }
            }
        }
        assertEquals(List.of("2900 2900 55 trail-file"), rows("SELECT count(*) || ' ' || count(DISTINCT record_hash)"
                + " || ' ' || count(DISTINCT source_name) || ' ' || min(source_kind) FROM events"));
        assertEquals(List.of("s3://invictus-store/AWSLogs/"), rows("SELECT DISTINCT regexp_extract(source_name,"
                + " '^s3://[^/]+/AWSLogs/') FROM events"));
        assertEquals(List.of("55 2900"), rows("SELECT count(*) || ' ' || sum(records) FROM s3_objects"));
        assertEquals(List.of("complete"), rows("SELECT DISTINCT status FROM coverage"));
    }

    private List<String> rows(String sql) {
        return StoreRows.firstColumn(dir.resolve("store.duckdb"), sql);
    }
}
