package io.trailkeeper.aws.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.Coverage;
import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.IngestProblem;
import io.trailkeeper.events.ProblemCode;
import io.trailkeeper.events.TrailKeeperException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What goes wrong in a real bucket costs only itself: damaged files keep their good records and become
 * problems, dropped connections are tried again, an object that stays unreadable or is refused marks its
 * region's coverage, and a bucket that is missing or refused as a whole ends the run with its name.
 */
class FailingObjectsTest extends S3MockTest {
    private static final String ACCOUNT = "111111111111";
    private static final String FOLDER = "AWSLogs/" + ACCOUNT + "/";
    private static final Instant T = Instant.parse("2024-05-06T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void damagedFilesKeepTheirGoodRecordsAndTheOthersAllOfTheirs() {
        TrailFiles bucket = new TrailFiles(s3, "damaged-files");
        bucket.putLog(FOLDER, ACCOUNT, "us-east-1", T, "good1", 5);
        bucket.putLog(FOLDER, ACCOUNT, "us-east-1", T.plusSeconds(300), "good2", 7);
        byte[] whole = TrailFiles.gzip(TrailFiles.logJson(ACCOUNT, "us-east-1", T, "corrupt", 400));
        byte[] corrupt = whole.clone();
        for (int i = corrupt.length / 2; i < corrupt.length / 2 + 64; i++) {
            corrupt[i] ^= 0x5A;
        }
        String corruptKey = TrailFiles.key(FOLDER, "CloudTrail", ACCOUNT, "us-east-1", T.plusSeconds(600), "corrupt");
        bucket.put(corruptKey, corrupt, Map.of());
        String truncatedKey = TrailFiles.key(FOLDER, "CloudTrail", ACCOUNT, "us-east-1", T.plusSeconds(900), "cut");
        bucket.put(truncatedKey, Arrays.copyOf(whole, whole.length / 2), Map.of());
        String textKey = TrailFiles.key(FOLDER, "CloudTrail", ACCOUNT, "us-east-1", T.plusSeconds(1200), "text");
        bucket.put(textKey, "not a trail file".getBytes(StandardCharsets.UTF_8), Map.of());

        MemoryCollectSink sink = new MemoryCollectSink();
        S3TrailCollector.Summary summary = new S3TrailCollector(s3, sink, CLOCK)
                .collect(S3TrailCollector.Request.of(bucket.bucket()));

        assertEquals(5, summary.objectsLoaded(), "damaged content is read, not failed");
        assertEquals(0, summary.objectsFailed());
        assertTrue(summary.complete());
        long good = sink.events().stream().filter(e -> e.eventId() != null).count();
        assertTrue(good >= 12 && good < 12 + 400 + 400, "good records, and those before each damage: " + good);
        assertTrue(containsAll(sink, "good1", 5) && containsAll(sink, "good2", 7));
        assertProblem(sink, bucket.bucket(), corruptKey, ProblemCode.CORRUPT_COMPRESSION);
        assertProblem(sink, bucket.bucket(), truncatedKey, ProblemCode.CORRUPT_COMPRESSION);
        assertEquals(1, sink.problems().stream().filter(p -> p.source().endsWith(textKey)).count(),
                () -> sink.problems().toString());
        assertEquals(summary.problems(), sink.problems().size());
    }

    @Test
    void unreadableObjectsMarkOnlyTheirRegionAndAreFetchedAgainNextTime() {
        TrailFiles bucket = new TrailFiles(s3, "faulty-objects");
        bucket.putLog(FOLDER, ACCOUNT, "us-east-1", T, "fine", 4);
        bucket.putLog(FOLDER, ACCOUNT, "us-east-1", T.plusSeconds(60), "FLAKY", 300);
        String broken = bucket.putLog(FOLDER, ACCOUNT, "us-east-1", T.plusSeconds(120), "BROKEN", 300);
        String refused = bucket.putLog(FOLDER, ACCOUNT, "eu-west-1", T, "KMSREFUSED", 3);
        bucket.putLog(FOLDER, ACCOUNT, "eu-west-1", T.plusSeconds(60), "fine2", 2);
        bucket.putLog(FOLDER, ACCOUNT, "ap-south-1", T, "hidden", 2);
        FaultyS3 faulty = new FaultyS3(s3).dropConnection("FLAKY", 1).dropConnection("BROKEN", 99)
                .denyObjects("KMSREFUSED").denyListings("CloudTrail/ap-south-1/");

        MemoryCollectSink sink = new MemoryCollectSink();
        S3TrailCollector collector = new S3TrailCollector(faulty, sink, CLOCK, 1000, Duration.ofMillis(5));
        S3TrailCollector.Summary summary = collector.collect(S3TrailCollector.Request.of(bucket.bucket()));

        assertTrue(containsAll(sink, "FLAKY", 300), "a dropped connection is tried again");
        assertTrue(containsAll(sink, "fine", 4) && containsAll(sink, "fine2", 2));
        assertEquals(4 + 300 + 2, summary.events());
        assertEquals(3, summary.objectsLoaded());
        assertEquals(2, summary.objectsFailed());
        assertFalse(summary.complete());
        IngestProblem unreadable = assertProblem(sink, bucket.bucket(), broken, ProblemCode.UNREADABLE);
        assertEquals(IngestProblem.Outcome.REJECTED, unreadable.outcome());
        assertTrue(unreadable.message().contains("3 attempts") && unreadable.message().contains("broke off"),
                unreadable.message());
        assertProblem(sink, bucket.bucket(), refused, ProblemCode.UNREADABLE);

        Map<String, Coverage> byRegion = new HashMap<>();
        // a region's refused day is an entry of its own; the days after it, listed and empty, another
        summary.coverage().forEach(c -> byRegion.merge(c.region(), c, (a, b) -> a.complete() ? b : a));
        assertEquals(Set.of("us-east-1", "eu-west-1", "ap-south-1"), byRegion.keySet());
        assertEquals(Coverage.Status.FAILED, byRegion.get("us-east-1").status());
        assertTrue(byRegion.get("us-east-1").reason().contains(broken), byRegion.get("us-east-1").reason());
        assertEquals(Coverage.Status.DENIED, byRegion.get("eu-west-1").status());
        assertTrue(byRegion.get("eu-west-1").reason().contains("AccessDenied"), byRegion.get("eu-west-1").reason());
        assertEquals(Coverage.Status.DENIED, byRegion.get("ap-south-1").status());
        assertTrue(byRegion.get("ap-south-1").reason().startsWith("listing s3://faulty-objects/AWSLogs/"),
                byRegion.get("ap-south-1").reason());

        sink.forgetRun();
        S3TrailCollector.Summary next = new S3TrailCollector(s3, sink, CLOCK).collect(
                S3TrailCollector.Request.of(bucket.bucket()));
        assertEquals(Set.of(broken, refused, TrailFiles.key(FOLDER, "CloudTrail", ACCOUNT, "ap-south-1", T, "hidden")),
                sink.checkpoints().keySet(), "only what the first run could not read");
        assertTrue(next.complete());
        assertEquals(4 + 300 + 300 + 3 + 2 + 2, sink.hashes().size());
    }

    @Test
    void aDayFolderWhoseListingIsRefusedIsThatDaysGapNotTheRegions() {
        TrailFiles bucket = new TrailFiles(s3, "day-listing-refused");
        for (int d = -1; d <= 1; d++) {
            bucket.putLog(FOLDER, ACCOUNT, "eu-west-1", T.plus(Duration.ofDays(d)), "day" + (d + 1), 2);
        }
        FaultyS3 faulty = new FaultyS3(s3).denyListings("CloudTrail/eu-west-1/2024/05/06/");

        S3TrailCollector.Summary summary = new S3TrailCollector(faulty, new MemoryCollectSink(), CLOCK)
                .collect(S3TrailCollector.Request.of(bucket.bucket()));

        List<Coverage> west = summary.coverage().stream().filter(c -> "eu-west-1".equals(c.region())).toList();
        assertEquals(List.of(Coverage.Status.COMPLETE, Coverage.Status.DENIED, Coverage.Status.COMPLETE),
                west.stream().map(Coverage::status).toList(), west::toString);
        assertEquals(Instant.parse("2024-05-06T00:00:00Z"), west.get(1).from());
        assertEquals(Instant.parse("2024-05-06T23:59:59Z"), west.get(1).to());
        assertTrue(west.get(1).reason().startsWith("listing s3://day-listing-refused/"
                + FOLDER + "CloudTrail/eu-west-1/2024/05/06/ failed: AccessDenied"), west.get(1).reason());
        assertEquals(4, summary.events(), "the days around it");
        assertTrue(summary.skippedDays().isEmpty(), "a day not listed is not known to be without files: "
                + summary.skippedDays());
    }

    @Test
    void aMissingBucketEndsTheRunWithItsName() {
        TrailKeeperException e = assertThrows(TrailKeeperException.class, () -> new S3TrailCollector(s3,
                new MemoryCollectSink(), CLOCK).collect(S3TrailCollector.Request.of("no-such-trail-bucket")));
        assertEquals(ErrorCode.AWS_ERROR, e.code());
        assertTrue(e.getMessage().contains("'no-such-trail-bucket' does not exist"), e.getMessage());
    }

    @Test
    void aRefusedBucketEndsTheRunWithItsName() {
        new TrailFiles(s3, "refused-bucket");
        FaultyS3 faulty = new FaultyS3(s3).denyListings("AWSLogs/");
        TrailKeeperException e = assertThrows(TrailKeeperException.class, () -> new S3TrailCollector(faulty,
                new MemoryCollectSink(), CLOCK).collect(S3TrailCollector.Request.of("refused-bucket")));
        assertEquals(ErrorCode.AWS_CREDENTIALS, e.code());
        assertTrue(e.getMessage().contains("'refused-bucket'"), e.getMessage());
        assertTrue(e.hint().contains("s3:ListBucket"), e.hint());
    }

    /** True when the sink holds every record {@link TrailFiles#logJson} made for {@code id}. */
    private static boolean containsAll(MemoryCollectSink sink, String id, int records) {
        Set<String> held = new HashSet<>();
        sink.events().forEach(e -> held.add(e.eventId()));
        for (int i = 0; i < records; i++) {
            if (!held.contains(UUID.nameUUIDFromBytes((id + "-" + i).getBytes(StandardCharsets.UTF_8)).toString())) {
                return false;
            }
        }
        return true;
    }

    private static IngestProblem assertProblem(MemoryCollectSink sink, String bucket, String key, ProblemCode code) {
        return sink.problems().stream().filter(p -> p.source().equals("s3://" + bucket + "/" + key) && p.code() == code)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + code + " for " + key + " in " + sink.problems()));
    }
}
