package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trailkeeper.testkit.DigestSigningKey;
import io.trailkeeper.testkit.SignedTrail;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify --bucket} of a digest whose key ListPublicKeys does not give for its time: INVALID, exit 3, as the AWS
 * CLI's validate-logs has it ("public key not found"), with what it means and how to check. It was NOT VERIFIED, as
 * if the bucket could not be read, and a digest re-signed with the trail's retired key verified.
 */
class VerifyKeyNotFoundTest {
    @Test
    void anUnknownKeyIsInvalidAndSaysWhatItMeans(@TempDir Path dir) {
        try (SignedBucket b = new SignedBucket(37, "unknown-key")) {
            SignedTrail.Obj last = last(b);
            ObjectNode json = (ObjectNode) SignedTrail.parse(last.content());
            json.put("digestPublicKeyFingerprint", "00112233445566778899aabbccddeeff");
            b.put(new SignedTrail.Obj(last.bucket(), last.key(), SignedTrail.gzip(json.toString()
                    .getBytes(StandardCharsets.UTF_8)), last.metadata()));
            Cli.Result r = b.verify(dir, b.s3Endpoint());
            assertEquals(3, r.code(), r.toString());
            assertTrue(r.out().contains("INVALID: public key not found: 1"), r.out());
            assertTrue(r.out().contains("no public key with fingerprint 00112233445566778899aabbccddeeff")
                    && r.out().contains("re-signed") && r.out().contains("aws cloudtrail list-public-keys"), r.out());
        }
    }

    @Test
    void aDigestReSignedWithTheRetiredKeyIsInvalid(@TempDir Path dir) {
        try (SignedBucket b = new SignedBucket(37, "retired-key")) {
            SignedTrail.Obj last = last(b);
            DigestSigningKey retired = b.trail.keys().get(0);
            ObjectNode json = (ObjectNode) SignedTrail.parse(last.content());
            json.put("digestPublicKeyFingerprint", retired.fingerprint());
            b.put(b.trail.resign(last, json.toString()));
            Cli.Result r = b.verify(dir, b.s3Endpoint());
            assertEquals(3, r.code(), r.toString());
            assertTrue(r.out().contains("INVALID: public key not found: 1"), r.out());
            assertTrue(r.out().contains("key " + retired.fingerprint() + " is valid from "
                    + retired.validityStart() + " to " + retired.validityEnd()), r.out());
        }
    }

    /** The last digest of the home region's chain: no digest names it, so changing it breaks no link. */
    private static SignedTrail.Obj last(SignedBucket b) {
        return b.trail.digests().stream().filter(d -> d.key().contains("/CloudTrail-Digest/" + SignedBucket.HOME + "/")
                && !d.key().endsWith("_backfill.json.gz")).max(Comparator.comparing(SignedTrail.Obj::key)).orElseThrow();
    }
}
