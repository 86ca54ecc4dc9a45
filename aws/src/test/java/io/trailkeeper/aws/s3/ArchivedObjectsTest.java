package io.trailkeeper.aws.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.Coverage;
import io.trailkeeper.events.IngestProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.RestoreStatus;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * Trail files a lifecycle rule moved to Glacier cannot be read until restored: visibly not complete, with the
 * restore command, and never taken for a missing permission.
 */
class ArchivedObjectsTest extends S3MockTest {
    private static final String ACCOUNT = "111111111111";
    private static final String FOLDER = "AWSLogs/" + ACCOUNT + "/";
    private static final Instant T = Instant.parse("2024-05-06T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void objectsTheListingShowsInGlacierAreReportedArchivedWithoutAskingForThem() {
        TrailFiles bucket = new TrailFiles(s3, "glacier-listing");
        bucket.putLog(FOLDER, ACCOUNT, "us-east-1", T, "warm", 3);
        String cold = TrailFiles.key(FOLDER, "CloudTrail", ACCOUNT, "us-east-1", T.plusSeconds(60), "COLD");
        s3.putObject(b -> b.bucket("glacier-listing").key(cold).storageClass(StorageClass.DEEP_ARCHIVE),
                RequestBody.fromBytes(TrailFiles.gzip(TrailFiles.logJson(ACCOUNT, "us-east-1", T, "COLD", 2))));
        FaultyS3 counting = new FaultyS3(s3);
        MemoryCollectSink sink = new MemoryCollectSink();
        S3TrailCollector.Summary s = new S3TrailCollector(counting, sink, CLOCK, 1000, Duration.ofMillis(5))
                .collect(S3TrailCollector.Request.of("glacier-listing"));

        assertEquals(1, counting.gets.get(), "only the object that can be read is asked for");
        assertEquals(1, s.objectsLoaded());
        assertFalse(s.complete());
        Coverage c = s.coverage().get(0);
        assertEquals(Coverage.Status.FAILED, c.status(), "an archive is not a missing permission");
        assertTrue(c.reason().startsWith("1 object is archived and could not be read: " + cold)
                && c.reason().contains("archived in DEEP_ARCHIVE; restore it first (aws s3api restore-object --bucket"
                + " glacier-listing --key " + cold), c.reason());
        IngestProblem problem = sink.problems().get(0);
        assertTrue(problem.source().endsWith(cold) && problem.message().contains("restore-object"), problem.message());
    }

    @Test
    void getObjectRefusedAsInvalidObjectStateIsArchivedNotDenied() {
        TrailFiles bucket = new TrailFiles(s3, "tiered-archive");
        bucket.putLog(FOLDER, ACCOUNT, "eu-west-1", T, "warm", 3);
        String tiered = bucket.putLog(FOLDER, ACCOUNT, "eu-west-1", T.plusSeconds(60), "TIERED", 3);
        FaultyS3 archive = new FaultyS3(s3).archive("TIERED", "INTELLIGENT_TIERING", "DEEP_ARCHIVE_ACCESS");
        S3TrailCollector.Summary s = new S3TrailCollector(archive, new MemoryCollectSink(), CLOCK, 1000,
                Duration.ofMillis(5)).collect(S3TrailCollector.Request.of("tiered-archive"));

        assertEquals(2, archive.gets.get(), "asked once: a restore is not a retry away");
        assertFalse(s.complete());
        Coverage c = s.coverage().get(0);
        assertEquals(Coverage.Status.FAILED, c.status());
        assertTrue(c.reason().contains(tiered + " could not be read: archived in INTELLIGENT_TIERING"
                + " DEEP_ARCHIVE_ACCESS tier; restore it first (aws s3api restore-object"), c.reason());
        assertFalse(c.reason().contains("grant") || c.reason().contains("AccessDenied"), c.reason());
    }

    @Test
    void aRestoredGlacierObjectIsReadAndOneBeingRestoredIsNot() {
        S3Object glacier = S3Object.builder().key("k").storageClass("GLACIER").build();
        assertTrue(S3Archive.archivedInListing(glacier));
        assertFalse(S3Archive.archivedInListing(glacier.toBuilder().restoreStatus(RestoreStatus.builder()
                .isRestoreInProgress(false).restoreExpiryDate(T).build()).build()));
        assertTrue(S3Archive.archivedInListing(glacier.toBuilder().restoreStatus(RestoreStatus.builder()
                .isRestoreInProgress(true).build()).build()));
        assertFalse(S3Archive.archivedInListing(glacier.toBuilder().storageClass("GLACIER_IR").build()),
                "Glacier Instant Retrieval is read like any object");
    }
}
