package io.trailkeeper.integrity;

import static io.trailkeeper.integrity.TrailFixture.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trailkeeper.testkit.SignedTrail;
import io.trailkeeper.testkit.SignedTrail.Obj;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a digest folder may hold: names of any region, files that are not digests, copies without metadata. */
class DigestFolderTest {
    @TempDir
    Path dir;

    @Test
    void digestsOfANewRegionNameAreVerified() {
        SignedTrail trail = SignedTrail.builder(51).regions("us-east-1", "eusc-de-east-1", "ap-southeast-10")
                .hours(3).build();
        VerifyReport report = new TrailFixture(trail, "").verify(dir, trail.objects());
        assertTrue(report.valid(), report.toString());
        assertEquals(trail.digests().size(), report.digests().size());
        assertEquals(trail.logs().size(), report.logs().size());
        assertTrue(report.digests().stream().anyMatch(c -> "eusc-de-east-1".equals(c.region())));
    }

    @Test
    void twoTrailsInOneFolderVerifyAndAnUnsignedOnesLogsNameThatPossibility() {
        SignedTrail signed = SignedTrail.builder(21).regions("us-west-2").hours(6).build();
        SignedTrail data = SignedTrail.builder(22).regions("us-west-2").trail("data-events", "us-west-2").hours(6)
                .build();
        // both trails with log file validation, delivering to the same folders: each chain verifies its own files
        List<Obj> both = new ArrayList<>(signed.objects());
        both.addAll(data.objects());
        List<DigestPublicKey> keys = new ArrayList<>(PublicKeys.parse(signed.publicKeysJson(), "a").keys());
        keys.addAll(PublicKeys.parse(data.publicKeysJson(), "b").keys());
        VerifyReport report = new TrailFixture(signed, "").verify(dir.resolve("both"), both, new PublicKeys(keys));
        assertTrue(report.valid(), report.toString());
        assertEquals(signed.logs().size() + data.logs().size(), report.logs().size());
        // the second trail without validation: its log files are listed in no digest, and the reason says what else
        // than an insertion that can be
        List<Obj> unsigned = new ArrayList<>(signed.objects());
        unsigned.addAll(data.logs());
        report = new TrailFixture(signed, "").verify(dir.resolve("unsigned"), unsigned);
        for (Obj log : data.logs()) {
            FileCheck c = check(report, log.key());
            assertEquals(Verdict.LOG_NOT_IN_DIGEST, c.verdict(), c.toString());
            assertTrue(c.reason().contains("or written by another trail without log file validation that delivers to"
                    + " s3://" + signed.bucket() + "/AWSLogs/123456789012/CloudTrail/us-west-2/ too"), c.reason());
        }
    }

    @Test
    void aFolderUnderAwsLogsThatIsNoAccountIsNamedAsNotVerified() {
        SignedTrail trail = SignedTrail.builder(53).regions("us-east-1").hours(3).build();
        List<Obj> objects = new ArrayList<>(trail.objects());
        // a copy of a digest someone made beside the trail's folders, and a non-account folder of an organization's
        Obj digest = trail.digests().get(1);
        objects.add(new Obj(trail.bucket(), digest.key().replace("AWSLogs/", "AWSLogs/backup/"), digest.bytes(),
                digest.metadata()));
        objects.add(new Obj(trail.bucket(), "AWSLogs/o-abc1234567/archive/x.json.gz", digest.bytes(), Map.of()));
        // o- and a name no organization id has (ids are lower-case letters and digits): collect passes it over too
        objects.add(new Obj(trail.bucket(), digest.key().replace("AWSLogs/", "AWSLogs/o-old-copy/"), digest.bytes(),
                digest.metadata()));
        VerifyReport report = new TrailFixture(trail, "").verify(dir, objects);
        assertTrue(report.valid(), report.toString());
        String bucket = "s3://" + trail.bucket() + "/";
        for (String folder : List.of("AWSLogs/backup/", "AWSLogs/o-abc1234567/archive/", "AWSLogs/o-old-copy/")) {
            assertEquals(1, report.notes().stream().filter(n -> n.startsWith("passed over " + bucket + folder + ": ")
                    && n.contains("not in CloudTrail's layout and its digests and log files were not verified"))
                    .count(), report.notes().toString());
        }
    }

    @Test
    void aFileInADigestFolderThatIsNotADigestIsInvalid() {
        SignedTrail trail = SignedTrail.builder(52).regions("us-east-1").hours(3).build();
        Obj digest = trail.digests().get(1);
        String folder = digest.key().substring(0, digest.key().lastIndexOf('/') + 1);
        List<Obj> objects = new ArrayList<>(trail.objects());
        objects.add(new Obj(trail.bucket(), folder + "notes.txt", "x".getBytes(StandardCharsets.UTF_8), Map.of()));
        objects.add(new Obj(trail.bucket(), digest.key().replace(".json.gz", ".json"), digest.bytes(), Map.of()));
        VerifyReport report = new TrailFixture(trail, "").verify(dir, objects);
        assertFalse(report.valid());
        for (String key : List.of(folder + "notes.txt", digest.key().replace(".json.gz", ".json"))) {
            FileCheck c = check(report, key);
            assertEquals(Verdict.DIGEST_INVALID, c.verdict(), c.toString());
            assertTrue(c.reason().contains("not named as a CloudTrail digest file"), c.reason());
        }
    }

    /** The trail written, then every .s3meta.json removed: what {@code aws s3 sync} leaves. */
    private static void writeWithoutMetadata(Path dir, List<Obj> objects) throws IOException {
        SignedTrail.writeEvidence(dir, objects);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".s3meta.json")).toList()) {
                Files.delete(f);
            }
        }
    }

    @Test
    void aCopyWithoutMetadataIsVerifiedFromEachNextDigest() throws IOException {
        SignedTrail trail = SignedTrail.builder(53).regions("us-east-1", "eu-west-1").hours(4).build();
        writeWithoutMetadata(dir, trail.objects());
        VerifyReport report = new TrailFixture(trail, "").verify(dir, List.of());
        List<Obj> newest = List.of(last(trail, "us-east-1"), last(trail, "eu-west-1"));
        for (FileCheck c : report.digests()) {
            boolean isNewest = newest.stream().anyMatch(n -> n.key().equals(c.key()));
            assertEquals(isNewest ? Verdict.NOT_VERIFIED : Verdict.VALID, c.verdict(), c.toString());
        }
        assertEquals(trail.digests().size(), report.digests().size());
        for (Obj n : newest) {
            assertTrue(check(report, n.key()).reason().contains("no signature"), check(report, n.key()).reason());
            TrailFixture.logsOf(n).forEach(l -> assertEquals(Verdict.NOT_VERIFIED, check(report, l).verdict()));
        }
        assertFalse(report.valid());
    }

    @Test
    void theBucketItselfServingADigestWithoutMetadataSaysItWasRewritten() throws IOException {
        SignedTrail trail = SignedTrail.builder(53).regions("us-east-1").hours(4).build();
        writeWithoutMetadata(dir, trail.objects());
        // the bucket itself (not a copy): CloudTrail never delivers a digest without its signature metadata
        EvidenceSource bucket = new DelegatingSource(new EvidenceFolder(dir));
        VerifyReport report = new TrailFixture(trail, "").verify(bucket, trail.start(), trail.end(),
                trail.end().plus(java.time.Duration.ofHours(6)));
        FileCheck newest = check(report, last(trail, "us-east-1").key());
        assertEquals(Verdict.NOT_VERIFIED, newest.verdict(), newest.toString());
        assertTrue(newest.reason().contains("in the trail's bucket the object was rewritten after delivery"),
                newest.reason());
        assertFalse(newest.reason().contains("aws s3 sync"), newest.reason());
    }

    @Test
    void aCopyWithoutMetadataStillCatchesAnAlteredDigest() throws IOException {
        SignedTrail trail = SignedTrail.builder(54).regions("us-east-1").hours(4).build();
        Obj digest = trail.digests().get(1);
        ObjectNode json = TrailFixture.json(digest);
        json.put("digestStartTime", "2024-03-01T00:30:00Z");
        List<Obj> objects = new TrailFixture(trail, "").replace(digest.key(), TrailFixture.withContent(digest,
                json.toString()));
        writeWithoutMetadata(dir, objects);
        VerifyReport report = new TrailFixture(trail, "").verify(dir, List.of());
        assertEquals(Verdict.DIGEST_SIGNATURE_INVALID, check(report, digest.key()).verdict(), report.toString());
        assertEquals(Verdict.VALID, check(report, trail.digests().get(0).key()).verdict());
    }

    private static Obj last(SignedTrail trail, String region) {
        List<Obj> chain = trail.digests().stream().filter(d -> d.key().contains("/CloudTrail-Digest/" + region + "/"))
                .toList();
        return chain.get(chain.size() - 1);
    }
}
