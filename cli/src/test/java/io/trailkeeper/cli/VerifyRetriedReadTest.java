package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.aws.auto.DenyingS3Proxy;
import io.trailkeeper.testkit.SignedTrail;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify --bucket} through failures that pass: a download cut short (the connection dropped part-way, which the
 * AWS SDK does not retry, as the body is being read) and S3 answering 503 SlowDown more often than the SDK's own three
 * attempts. The file is read again from its start, a few times with a pause, before it is "could not be read"; it
 * was "could not be read" at the first cut, and the verify NOT VERIFIED where nothing was wrong.
 */
class VerifyRetriedReadTest {
    @Test
    void aReadThatFailsInPassingIsReadAgain(@TempDir Path dir) throws Exception {
        try (SignedBucket b = new SignedBucket(29, "retried");
             DenyingS3Proxy proxy = new DenyingS3Proxy(b.s3Endpoint())) {
            SignedTrail.Obj log = b.trail.logs().get(1);
            SignedTrail.Obj digest = b.trail.digests().get(3);
            SignedTrail.Obj throttled = b.trail.logs().get(4);
            proxy.cutObjects(log.key(), log.bytes().length / 2, 2)
                    .cutObjects(digest.key(), digest.bytes().length / 3, 1)
                    .slowDown(throttled.key(), 4);
            Cli.Result r = b.verify(dir, proxy.endpoint(), "--format", "json");
            assertEquals(0, r.code(), r.toString());
            Map<String, String> v = VerifyCommandTest.verdicts(r);
            for (SignedTrail.Obj o : new SignedTrail.Obj[] {log, digest, throttled}) {
                assertTrue(v.get(o.key()).startsWith("valid " + SignedTrail.sha256Hex(o.bytes())), v.get(o.key()));
            }
        }
    }

    /**
     * A log file and a digest answered once with 200 and an S3 error document as the body (S3 failing after its 200,
     * a proxy or gateway): read again, valid; they were hashed as they came, the log 'modified' and the digest
     * invalid, where nothing was altered.
     */
    @Test
    void anErrorDocumentSentWithA200IsReadAgainNeverCalledAltered(@TempDir Path dir) throws Exception {
        try (SignedBucket b = new SignedBucket(29, "error-in-200");
             DenyingS3Proxy proxy = new DenyingS3Proxy(b.s3Endpoint())) {
            SignedTrail.Obj log = b.trail.logs().get(2);
            SignedTrail.Obj digest = b.trail.digests().get(2);
            proxy.errorIn200(log.key(), 1).errorIn200(digest.key(), 2);
            Cli.Result r = b.verify(dir, proxy.endpoint(), "--format", "json");
            assertEquals(0, r.code(), r.toString());
            Map<String, String> v = VerifyCommandTest.verdicts(r);
            for (SignedTrail.Obj o : new SignedTrail.Obj[] {log, digest}) {
                assertTrue(v.get(o.key()).startsWith("valid " + SignedTrail.sha256Hex(o.bytes())), v.get(o.key()));
            }
        }
    }

    /** A file whose every read breaks off is not read, named with its attempts, and counted apart from the valid. */
    @Test
    void aReadThatKeepsFailingIsNotReadAfterAFewAttempts(@TempDir Path dir) throws Exception {
        try (SignedBucket b = new SignedBucket(29, "unread");
             DenyingS3Proxy proxy = new DenyingS3Proxy(b.s3Endpoint())) {
            SignedTrail.Obj log = b.trail.logs().get(1);
            proxy.cutObjects(log.key(), log.bytes().length / 2);
            Cli.Result r = b.verify(dir, proxy.endpoint());
            assertEquals(3, r.code(), r.toString());
            String out = r.out();
            assertTrue(out.contains("s3://" + b.bucket + "/" + log.key() + " ended after " + log.bytes().length / 2
                    + " of its " + log.bytes().length + " bytes") && out.contains("(read 3 times)"), out);
            int logs = b.trail.logs().size();
            assertTrue(out.contains("could not be read: 1 (of " + b.trail.digests().size() + " digest files and "
                    + logs + " log files)"), out);
            assertTrue(out.matches("(?s).*\\bvalid\\s+\\d+\\s+" + (logs - 1) + "\\b.*"), out);
        }
    }
}
