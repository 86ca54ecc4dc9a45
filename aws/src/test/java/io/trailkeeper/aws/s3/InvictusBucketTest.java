package io.trailkeeper.aws.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.events.CloudTrailReader;
import io.trailkeeper.events.Coverage;
import io.trailkeeper.events.IngestProblem;
import io.trailkeeper.events.RecordSink;
import io.trailkeeper.events.SourceKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Real trail files (Invictus IR's Stratus Red Team run, 55 files, 2,900 records) in their S3 layout below a
 * trail key prefix: the collector finds them by listing and yields exactly the records of the same files read
 * straight from disk; a rerun fetches nothing, and a file delivered late, with a key that sorts before the
 * newest, is still picked up.
 */
class InvictusBucketTest {
    private static final String ACCOUNT = "218007301253";
    private static final Path DATASET = Path.of(System.getProperty("trailkeeper.shared"), "data",
            "invictus-ir-aws_dataset");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-15T08:00:00Z"), ZoneOffset.UTC);

    private static AwsClients clients;
    private static S3Client s3;
    private static TrailFiles bucket;

    @BeforeAll
    static void putDataset() throws IOException {
        clients = S3MockServer.get().clients();
        s3 = clients.s3("us-east-1");
        bucket = new TrailFiles(s3, "invictus-trail");
        Path layout = DATASET.resolve("derived-AWSLogs-layout");
        try (Stream<Path> files = Files.walk(layout)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                bucket.put("org-trails/" + layout.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f),
                        Map.of());
            }
        }
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    @Test
    void yieldsTheDatasetsRecordsAndOnlyNewFilesOnTheNextRun() {
        MemoryCollectSink sink = new MemoryCollectSink();
        // pages of 7 keys: the day's 55 files come in 8 pages, through continuation tokens
        S3TrailCollector collector = new S3TrailCollector(s3, sink, CLOCK, 7, Duration.ofMillis(10));
        S3TrailCollector.Request request = S3TrailCollector.Request.of(bucket.bucket()).withPrefix("/org-trails/");

        List<S3TrailCollector.Progress> reports = new ArrayList<>();
        S3TrailCollector.Summary first = collector.collect(request, reports::add);

        assertEquals(2_900, sink.hashes().size());
        assertEquals(flatFileHashes(), sink.hashes(), "the S3 layout holds the same records as the flat files");
        assertEquals(List.of(ACCOUNT), first.accounts());
        assertEquals(List.of("us-east-1"), first.regions());
        assertEquals(1, first.daysListed());
        assertEquals(55, first.objectsLoaded());
        assertEquals(0, first.objectsSkipped());
        assertEquals(2_900, first.events());
        assertEquals(0, first.problems(), () -> sink.problems().toString());
        assertEquals(sizeOfLayout(), first.bytes());
        assertEquals(55, sink.checkpoints().size());
        assertTrue(sink.checkpoints().values().stream().allMatch(o -> o.type().equals("log") && !o.etag().isEmpty()
                && !o.etag().contains("\"") && o.lastModified() != null && o.sizeBytes() > 0));
        assertEquals(List.of(new Coverage("s3", ACCOUNT, "us-east-1",
                "s3://invictus-trail/org-trails/AWSLogs/" + ACCOUNT + "/CloudTrail/us-east-1/",
                Instant.parse("2023-07-10T00:00:00Z"), CLOCK.instant(), Coverage.Status.COMPLETE, "")), first.coverage());
        assertEquals(first.coverage(), sink.coverage());
        assertTrue(first.complete());
        assertEquals(1, sink.flushes());
        S3TrailCollector.Progress last = reports.get(reports.size() - 1);
        assertEquals(new S3TrailCollector.Progress("", 55, sizeOfLayout(), 0, 55, 0, sizeOfLayout(), 2_900), last);
        for (int i = 1; i < reports.size(); i++) {
            assertTrue(reports.get(i).objectsLoaded() >= reports.get(i - 1).objectsLoaded(), "one report at a time");
        }

        sink.forgetRun();
        S3TrailCollector.Summary again = collector.collect(request);
        assertEquals(0, again.objectsLoaded());
        assertEquals(55, again.objectsSkipped());
        assertEquals(0, again.bytes());
        assertTrue(sink.checkpoints().isEmpty());
        assertTrue(again.complete());

        // delivered late: its key sorts before the newest key of the day (…T1240Z…), even before most of them
        String late = TrailFiles.key("org-trails/AWSLogs/" + ACCOUNT + "/", "CloudTrail", ACCOUNT, "us-east-1",
                Instant.parse("2023-07-10T11:50:00Z"), "LATEdelivery0001");
        bucket.put(late, TrailFiles.gzip(TrailFiles.logJson(ACCOUNT, "us-east-1",
                Instant.parse("2023-07-10T11:48:00Z"), "late", 3)), Map.of());
        sink.forgetRun();
        S3TrailCollector.Summary third = collector.collect(request);
        assertEquals(1, third.objectsLoaded());
        assertEquals(55, third.objectsSkipped());
        assertEquals(3, third.events());
        assertEquals(Set.of(late), sink.checkpoints().keySet());
        assertEquals(2_903, sink.hashes().size());
    }

    @Test
    void aWrongPrefixFindsNoAccountAndSaysItLooked() {
        MemoryCollectSink sink = new MemoryCollectSink();
        S3TrailCollector.Summary summary = new S3TrailCollector(s3, sink, CLOCK)
                .collect(S3TrailCollector.Request.of(bucket.bucket()));
        assertEquals(List.of(), summary.accounts());
        assertEquals(0, summary.events());
        assertEquals(1, summary.coverage().size());
        assertEquals("s3://invictus-trail/AWSLogs/", summary.coverage().get(0).scope());
        // looked and found no account: not "nothing there", and never complete
        assertEquals(Coverage.Status.FAILED, summary.coverage().get(0).status());
        assertTrue(summary.coverage().get(0).reason().contains("no AWSLogs/<account>/ folders found under"
                + " s3://invictus-trail/"), summary.coverage().get(0).reason());
        assertFalse(summary.complete());
    }

    private static Set<UUID> flatFileHashes() {
        Set<UUID> hashes = new HashSet<>();
        CloudTrailReader reader = new CloudTrailReader();
        try (Stream<Path> files = Files.list(DATASET.resolve("CloudTrail"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                reader.read(f, new RecordSink() {
                    @Override
                    public void event(CloudTrailEvent event, String source, SourceKind kind, long index) {
                        hashes.add(event.recordHash());
                    }

                    @Override
                    public void digest(String source) {
                    }

                    @Override
                    public void problem(IngestProblem problem) {
                        throw new AssertionError(problem.describe());
                    }
                });
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return hashes;
    }

    private static long sizeOfLayout() {
        try (Stream<Path> files = Files.walk(DATASET.resolve("derived-AWSLogs-layout"))) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
