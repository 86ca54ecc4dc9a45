package io.trailkeeper.integrity;

import static io.trailkeeper.integrity.TrailFixture.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trailkeeper.testkit.SignedTrail;
import io.trailkeeper.testkit.SignedTrail.Obj;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only a digest whose signature and location verified vouches for a log file. */
class DigestVouchingTest {
    private static TrailFixture fixture;

    @TempDir
    Path dir;

    @BeforeAll
    static void generate() {
        fixture = new TrailFixture(SignedTrail.builder(41).start(Instant.parse("2024-03-01T10:00:00Z")).hours(6)
                .regions("us-east-1").build(), "");
    }

    /** A log file added by hand, named for the hour of an existing one, and a digest (not signed by AWS) listing it. */
    private static List<Obj> withForgedDigest(String trailName, String endStamp, String folderDay) {
        Obj model = fixture.trail.logs().get(2);
        String inserted = model.key().replaceAll("_[A-Za-z0-9]{16}\\.json\\.gz$", "_InsertedByHand01.json.gz");
        Obj genuine = fixture.chain("us-east-1").get(1);
        String key = genuine.key().substring(0, genuine.key().indexOf("/CloudTrail-Digest/"))
                + "/CloudTrail-Digest/us-east-1/" + folderDay + "/123456789012_CloudTrail-Digest_us-east-1_"
                + trailName + "_us-east-1_" + endStamp + ".json.gz";
        ObjectNode json = TrailFixture.json(genuine);
        json.put("digestS3Object", key);
        ObjectNode listed = json.withArray("logFiles").addObject();
        listed.put("s3Bucket", model.bucket());
        listed.put("s3Object", inserted);
        listed.put("hashValue", SignedTrail.sha256Hex(SignedTrail.gunzip(model.bytes())));
        listed.put("hashAlgorithm", "SHA-256");
        List<Obj> objects = new ArrayList<>(fixture.trail.objects());
        objects.add(new Obj(model.bucket(), inserted, model.bytes(), Map.of()));
        objects.add(TrailFixture.withContent(new Obj(genuine.bucket(), key, genuine.bytes(), genuine.metadata()),
                json.toString()));
        return objects;
    }

    private static String inserted() {
        return fixture.trail.logs().get(2).key().replaceAll("_[A-Za-z0-9]{16}\\.json\\.gz$", "_InsertedByHand01.json.gz");
    }

    @Test
    void aForgedDigestInThePeriodDoesNotVouchForTheLogItLists() {
        VerifyReport report = fixture.verify(dir, withForgedDigest("shadow", "20240301T120000Z", "2024/03/01"));
        FileCheck log = check(report, inserted());
        assertEquals(Verdict.NOT_VERIFIED, log.verdict(), report.toString());
        assertTrue(log.reason().contains("_shadow_"), log.reason());
        assertFalse(report.valid());
        // a chain of forged files only is not expected to go on: no hours missing for it
        assertTrue(report.digests().stream().noneMatch(c -> c.verdict() == Verdict.DIGEST_MISSING),
                report.digests().toString());
    }

    @Test
    void aForgedDigestBeforeThePeriodDoesNotVouchForTheLogItLists() {
        VerifyReport report = fixture.verify(dir, withForgedDigest("shadow", "20240301T020000Z", "2024/03/01"));
        assertEquals(Verdict.LOG_NOT_IN_DIGEST, check(report, inserted()).verdict(), report.toString());
        assertFalse(report.valid());
    }

    @Test
    void theLogsOfADigestThatDidNotVerifyAreNotVerified() {
        Obj digest = fixture.chain("us-east-1").stream().skip(1).filter(TrailFixture::hasLogs).findFirst()
                .orElseThrow();
        Map<String, String> metadata = new HashMap<>(digest.metadata());
        String signature = metadata.get("signature");
        metadata.put("signature", (signature.charAt(0) == 'a' ? "b" : "a") + signature.substring(1));
        VerifyReport report = fixture.verify(dir, fixture.replace(digest.key(),
                new Obj(digest.bucket(), digest.key(), digest.bytes(), metadata)));
        assertEquals(Verdict.DIGEST_SIGNATURE_INVALID, check(report, digest.key()).verdict());
        for (String log : TrailFixture.logsOf(digest)) {
            FileCheck c = check(report, log);
            assertEquals(Verdict.NOT_VERIFIED, c.verdict(), c.toString());
            assertTrue(c.reason().contains(digest.key()) && c.reason().contains("content SHA-256 as listed"),
                    c.reason());
        }
    }
}
