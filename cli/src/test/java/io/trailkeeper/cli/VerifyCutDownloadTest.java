package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.aws.auto.DenyingS3Proxy;
import io.trailkeeper.testkit.SignedTrail;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify --bucket} when a download is cut short: the server announces the object's Content-Length, sends part
 * of it and drops the connection. The AWS SDK's URL-connection client then simply ends the body, no error, so the
 * verifier saw a truncated gzip, which it took for a file that is not gzip: "log file modified", tampering, where
 * nothing was altered. A body shorter than its Content-Length is a file that could not be read, named with how much
 * arrived, and the verdict is NOT VERIFIED, never INVALID.
 */
class VerifyCutDownloadTest {
    @Test
    void aLogFileOrDigestCutShortIsNotReadNeverModified(@TempDir Path dir) throws Exception {
        try (SignedBucket b = new SignedBucket(23, "cut");
             DenyingS3Proxy proxy = new DenyingS3Proxy(b.s3Endpoint())) {
            SignedTrail.Obj log = b.trail.logs().get(2);
            SignedTrail.Obj digest = b.trail.digests().get(4);
            proxy.cutObjects(log.key(), log.bytes().length / 2).cutObjects(digest.key(), digest.bytes().length / 2);
            Cli.Result r = b.verify(dir, proxy.endpoint(), "--format", "json");
            assertEquals(3, r.code(), r.toString());
            Map<String, String> v = VerifyCommandTest.verdicts(r);
            assertTrue(v.get(log.key()).startsWith("not_read "), v.get(log.key()));
            assertTrue(v.get(digest.key()).startsWith("not_read "), v.get(digest.key()));
            assertTrue(r.out().contains("s3://" + b.bucket + "/" + log.key() + " ended after " + log.bytes().length / 2
                    + " of its " + log.bytes().length + " bytes"), r.out());
            assertFalse(v.values().stream().anyMatch(s -> s.startsWith("log_modified") || s.startsWith("digest_invalid")),
                    v.toString());

            Cli.Result table = b.verify(dir, proxy.endpoint());
            assertTrue(table.out().contains("NOT VERIFIED") && !table.out().contains("INVALID"), table.out());
        }
    }
}
