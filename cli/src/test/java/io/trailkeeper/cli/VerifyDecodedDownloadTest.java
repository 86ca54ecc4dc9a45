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
 * {@code verify --bucket} through a server that decodes what it serves: CloudTrail stores its files with
 * {@code Content-Encoding: gzip}, and a server or proxy that undoes it for a client that did not ask for gzip (Google
 * Cloud Storage's decompressive transcoding, a gunzipping proxy) serves a {@code .json.gz} key as its JSON. A digest
 * lists the SHA-256 of a log file's uncompressed content and signs that of its own: served decoded, the content is
 * still what CloudTrail wrote, and is checked as such, never called modified or invalid for not being gzip.
 */
class VerifyDecodedDownloadTest {
    @Test
    void filesServedDecodedAreCheckedByTheirContent(@TempDir Path dir) throws Exception {
        try (SignedBucket b = new SignedBucket(29, "decoded");
             DenyingS3Proxy proxy = new DenyingS3Proxy(b.s3Endpoint())) {
            SignedTrail.Obj log = b.trail.logs().get(1);
            SignedTrail.Obj digest = b.trail.digests().get(3);
            proxy.decodeObjects(log.key()).decodeObjects(digest.key());
            Cli.Result r = b.verify(dir, proxy.endpoint(), "--format", "json");
            assertEquals(0, r.code(), r.toString());
            Map<String, String> v = VerifyCommandTest.verdicts(r);
            assertTrue(v.get(log.key()).startsWith("valid "), v.get(log.key()));
            assertTrue(v.get(digest.key()).startsWith("valid "), v.get(digest.key()));
            assertTrue(r.out().contains("served decoded"), r.out());

            // decoded and then altered is still found
            SignedTrail.Obj other = b.trail.logs().get(4);
            byte[] content = SignedTrail.gunzip(other.bytes());
            content[content.length / 2] ^= 1;
            b.put(new SignedTrail.Obj(other.bucket(), other.key(), SignedTrail.gzip(content), other.metadata()));
            proxy.decodeObjects(other.key());
            Cli.Result altered = b.verify(dir, proxy.endpoint(), "--format", "json");
            assertEquals(3, altered.code(), altered.toString());
            assertTrue(VerifyCommandTest.verdicts(altered).get(other.key()).startsWith("log_modified "),
                    altered.out());
        }
    }
}
