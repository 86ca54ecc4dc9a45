package io.trailkeeper.aws.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.Coverage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A listing is followed to its end whatever the server's paging, or the folder is visibly not complete: a day
 * cut at the first page while the coverage says complete is the failure this guards against.
 */
class BucketPagingTest extends S3MockTest {
    private static final String ACCOUNT = "111111111111";
    private static final String FOLDER = "AWSLogs/" + ACCOUNT + "/";
    private static final Instant T = Instant.parse("2024-05-06T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC);
    /** Files in the one day folder: more than a page of {@link #PAGE}. */
    private static final int FILES = 25;
    private static final int PAGE = 10;

    @BeforeAll
    static void fillBuckets() {
        TrailFiles bucket = new TrailFiles(s3, "paged-day");
        for (int i = 0; i < FILES; i++) {
            bucket.putLog(FOLDER, ACCOUNT, "us-east-1", T.plusSeconds(60L * i), "file" + i, 2);
        }
        TrailFiles misplaced = new TrailFiles(s3, "misplaced-prefix");
        misplaced.putLog("logs/AWSLogs/" + ACCOUNT + "/", ACCOUNT, "us-east-1", T, "elsewhere", 2);
    }

    private static S3TrailCollector.Summary collect(S3Client client, S3TrailCollector.Request request) {
        return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> new S3TrailCollector(client,
                new MemoryCollectSink(), CLOCK, PAGE, Duration.ofMillis(5)).collect(request),
                "a listing that never ends");
    }

    @Test
    void aServerGivingNoContinuationTokenStillHasTheWholeDayRead() {
        FaultyS3 v1Style = new FaultyS3(s3).paging(FaultyS3.Paging.NO_CONTINUATION_TOKEN);
        S3TrailCollector.Summary s = collect(v1Style, S3TrailCollector.Request.of("paged-day"));
        assertEquals(FILES, s.objectsLoaded(), "every page after the first, continued after its last key");
        assertTrue(s.complete(), () -> s.coverage().toString());
    }

    @Test
    void aRepeatedContinuationTokenEndsTheDayAsFailedInsteadOfLoopingForever() {
        FaultyS3 looping = new FaultyS3(s3).paging(FaultyS3.Paging.REPEATED_TOKEN);
        S3TrailCollector.Summary s = collect(looping, S3TrailCollector.Request.of("paged-day"));
        assertFalse(s.complete());
        Coverage region = s.coverage().stream().filter(c -> "us-east-1".equals(c.region())).findFirst().orElseThrow();
        assertEquals(Coverage.Status.FAILED, region.status());
        assertTrue(region.reason().startsWith("listing s3://paged-day/AWSLogs/111111111111/CloudTrail/us-east-1/")
                && region.reason().contains("continuation token an earlier page had given"), region.reason());
    }

    @Test
    void aTruncatedPageWithNothingToContinueAfterIsAFailure() {
        FaultyS3 empty = new FaultyS3(s3).paging(FaultyS3.Paging.EMPTY_TRUNCATED);
        S3TrailCollector.Summary s = collect(empty, S3TrailCollector.Request.of("paged-day"));
        assertFalse(s.complete());
        assertTrue(s.coverage().stream().anyMatch(c -> c.status() == Coverage.Status.FAILED
                && c.reason().contains("neither a continuation token nor any key")), () -> s.coverage().toString());
    }

    @Test
    void noAccountFolderUnderTheGivenPrefixIsNotComplete() {
        S3TrailCollector.Summary s = collect(s3, S3TrailCollector.Request.of("misplaced-prefix"));
        assertFalse(s.complete());
        assertEquals(1, s.coverage().size());
        Coverage c = s.coverage().get(0);
        assertEquals(Coverage.Status.FAILED, c.status());
        assertTrue(c.reason().startsWith("no AWSLogs/<account>/ folders found under s3://misplaced-prefix/")
                && c.reason().contains("--prefix") && c.reason().contains("delimiter"), c.reason());
        S3TrailCollector.Summary right = collect(s3, S3TrailCollector.Request.of("misplaced-prefix").withPrefix("logs"));
        assertTrue(right.complete(), () -> right.coverage().toString());
        assertEquals(1, right.objectsLoaded());
    }

    @Test
    void anAccountAskedForThatHasNoFolderIsNotComplete() {
        S3TrailCollector.Summary s = collect(s3, S3TrailCollector.Request.of("paged-day")
                .withAccounts(java.util.Set.of("222222222222")));
        assertFalse(s.complete());
        assertEquals(List.of("222222222222"), s.coverage().stream().map(Coverage::account).toList());
    }

    @Test
    void foldersListedWithoutTheirTrailingSlashAreStillFolders() {
        FaultyS3 noSlash = new FaultyS3(s3).foldersWithoutSlash();
        S3TrailCollector.Summary s = collect(noSlash, S3TrailCollector.Request.of("paged-day"));
        assertEquals(FILES, s.objectsLoaded());
        assertEquals(List.of("us-east-1"), s.regions());
        assertTrue(s.complete(), () -> s.coverage().toString());
    }
}
