package io.trailkeeper.integrity;

import static io.trailkeeper.integrity.TrailFixture.assertVerdicts;
import static io.trailkeeper.integrity.TrailFixture.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trailkeeper.testkit.SignedTrail;
import io.trailkeeper.testkit.SignedTrail.Obj;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cases over a generated, signed trail in an evidence folder: each gives its exact verdict. */
class DigestVerifierTest {
    private static TrailFixture fixture;

    @TempDir
    Path dir;

    @BeforeAll
    static void generate() {
        fixture = new TrailFixture(SignedTrail.builder(7).start(Instant.parse("2024-03-01T20:00:00Z")).hours(8)
                .regions("us-east-1", "eu-west-1", "ap-southeast-2").rotateKeyAtHour(4).backfillHour(2).build(), "");
    }

    @Test
    void allValidAcrossRegionsHoursKeyRotationAndBackfill() {
        SignedTrail trail = fixture.trail;
        VerifyReport report = fixture.verify(dir, trail.objects());
        assertTrue(report.valid(), report.toString());
        assertEquals(trail.digests().size(), report.digests().size());
        assertEquals(trail.logs().size(), report.logs().size());
        assertVerdicts(report, Map.of());
        assertTrue(trail.digests().stream().anyMatch(d -> !TrailFixture.hasLogs(d)), "an hour without logs");
        assertTrue(trail.digests().stream().anyMatch(d -> d.key().endsWith("_backfill.json.gz")));
        assertTrue(trail.digests().stream().anyMatch(d -> d.key().contains("/2024/03/02/")), "crosses midnight");
        assertEquals(2, trail.keys().size());
        String used = report.notes().stream().filter(n -> n.startsWith("public keys used")).findFirst().orElseThrow();
        trail.keys().forEach(k -> assertTrue(used.contains(k.fingerprint()), used));
        for (Obj o : trail.objects()) {
            FileCheck c = check(report, o.key());
            assertEquals(SignedTrail.sha256Hex(o.bytes()), c.storedSha256());
            assertEquals(SignedTrail.sha256Hex(SignedTrail.gunzip(o.bytes())), c.contentSha256());
        }
        assertEquals(3, report.notes().stream().filter(n -> n.startsWith("chain of account")).count());
    }

    @Test
    void aLoadedDigestKeepsOfItsLogFilesOnlyWhatIsChecked() {
        // every digest of the period is held at once: a month of a busy trail lists 100,000s of log files, whose
        // six fields each as a JSON tree took more than the command's heap (320 MB) with the report beside them
        SignedTrail.writeEvidence(dir, fixture.trail.objects());
        Obj digest = fixture.digest(d -> TrailFixture.logsOf(d).size() >= 2);
        DigestFile d = new DigestReader(new EvidenceFolder(dir), PublicKeys.parse(fixture.trail.publicKeysJson(), "k"))
                .load(fixture.trail.bucket(), DigestName.parse(digest.key()));
        assertTrue(d.signatureValid, d.check().toString());
        assertEquals(null, d.json.get("logFiles"), "the JSON tree of the log list is not kept");
        List<String> hashes = new java.util.ArrayList<>();
        TrailFixture.json(digest).get("logFiles").forEach(l -> hashes.add(l.get("hashValue").asText()));
        assertEquals(TrailFixture.logsOf(digest), d.logs.stream().map(DigestFile.ListedLog::key).toList());
        assertEquals(hashes, d.logs.stream().map(DigestFile.ListedLog::hashValue).toList());
        assertTrue(d.logs.stream().allMatch(l -> l.path().equals(fixture.trail.bucket() + "/" + l.key())));
    }

    @Test
    void aLogFileLargerThanTheHeapIsHashedAsAStream() throws Exception {
        // 600 MB of content in 600 KB of gzip, added to a log folder of the period: hashed, not held, not fatal
        Obj model = fixture.trail.logs().get(0);
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        java.security.MessageDigest sha256 = java.security.MessageDigest.getInstance("SHA-256");
        byte[] megabyte = new byte[1024 * 1024];
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
            for (int i = 0; i < 600; i++) {
                out.write(megabyte);
                sha256.update(megabyte);
            }
        }
        String key = model.key().replace(".json.gz", "Large.json.gz");
        List<Obj> objects = new java.util.ArrayList<>(fixture.trail.objects());
        objects.add(new Obj(model.bucket(), key, gz.toByteArray(), Map.of()));
        VerifyReport report = fixture.verify(dir, objects);
        FileCheck c = check(report, key);
        assertEquals(Verdict.LOG_NOT_IN_DIGEST, c.verdict(), c.toString());
        assertEquals(java.util.HexFormat.of().formatHex(sha256.digest()), c.contentSha256(), c.reason());
        assertEquals(SignedTrail.sha256Hex(gz.toByteArray()), c.storedSha256());
    }

    @Test
    void aDigestTooLargeToBeOneIsInvalidNotFatal() throws Exception {
        // a gzip bomb put in a digest's place: 600 MB of content; the digest is parsed whole, in a heap of 320 MB
        Obj digest = fixture.chain("us-east-1").get(3);
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        byte[] megabyte = new byte[1024 * 1024];
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
            for (int i = 0; i < 600; i++) {
                out.write(megabyte);
            }
        }
        VerifyReport report = fixture.verify(dir, fixture.replace(digest.key(), new Obj(digest.bucket(), digest.key(),
                gz.toByteArray(), digest.metadata())));
        FileCheck c = check(report, digest.key());
        assertEquals(Verdict.DIGEST_INVALID, c.verdict(), c.toString());
        assertTrue(c.reason().contains("larger than 32 MB"), c.reason());
        assertFalse(report.valid());
    }

    @Test
    void oneContentByteFlippedInALogIsModified() {
        Obj log = fixture.trail.logs().get(3);
        byte[] content = SignedTrail.gunzip(log.bytes());
        content[content.length / 2] ^= 0x01;
        Obj flipped = new Obj(log.bucket(), log.key(), SignedTrail.gzip(content), log.metadata());
        VerifyReport report = fixture.verify(dir, fixture.replace(log.key(), flipped));
        assertVerdicts(report, Map.of(log.key(), Verdict.LOG_MODIFIED));
        assertTrue(check(report, log.key()).reason().contains(SignedTrail.sha256Hex(content)));
        assertFalse(report.valid());
    }

    @Test
    void oneStoredByteFlippedInALogIsModified() {
        Obj log = fixture.trail.logs().get(5);
        byte[] bytes = log.bytes().clone();
        bytes[bytes.length / 2] ^= 0x01;
        VerifyReport report = fixture.verify(dir, fixture.replace(log.key(), new Obj(log.bucket(), log.key(), bytes,
                log.metadata())));
        assertVerdicts(report, Map.of(log.key(), Verdict.LOG_MODIFIED));
    }

    @Test
    void deletedLogIsMissing() {
        Obj log = fixture.trail.logs().get(1);
        VerifyReport report = fixture.verify(dir, fixture.replace(log.key(), null));
        assertVerdicts(report, Map.of(log.key(), Verdict.LOG_MISSING));
        assertEquals(null, check(report, log.key()).storedSha256());
        // what was lost: the span of events the digest lists for the file (its oldestEventTime, newestEventTime)
        List<Instant> times = new java.util.ArrayList<>();
        SignedTrail.parse(log.content()).get("Records").forEach(r -> times.add(Instant.parse(
                r.get("eventTime").asText())));
        assertTrue(check(report, log.key()).reason().endsWith("; the digest lists its events from "
                + java.util.Collections.min(times) + " to " + java.util.Collections.max(times)),
                check(report, log.key()).reason());
    }

    @Test
    void addedLogIsInNoDigest() {
        Obj model = fixture.trail.logs().get(2);
        String key = model.key().replaceAll("_[A-Za-z0-9]{16}\\.json\\.gz$", "_InsertedByHand01.json.gz");
        List<Obj> objects = new java.util.ArrayList<>(fixture.trail.objects());
        objects.add(new Obj(model.bucket(), key, model.bytes(), Map.of()));
        VerifyReport report = fixture.verify(dir, objects);
        assertVerdicts(report, Map.of(key, Verdict.LOG_NOT_IN_DIGEST));
        assertEquals(SignedTrail.sha256Hex(model.bytes()), check(report, key).storedSha256());
    }

    @Test
    void aFileNotNamedAsALogInALogFolderIsInNoDigest() {
        Obj model = fixture.trail.logs().get(2);
        String key = model.key().substring(0, model.key().lastIndexOf('/') + 1) + "extra-records.json.gz";
        List<Obj> objects = new java.util.ArrayList<>(fixture.trail.objects());
        objects.add(new Obj(model.bucket(), key, model.bytes(), Map.of()));
        VerifyReport report = fixture.verify(dir, objects);
        assertVerdicts(report, Map.of(key, Verdict.LOG_NOT_IN_DIGEST));
        assertTrue(check(report, key).reason().contains("not named as a CloudTrail log file"),
                check(report, key).reason());
    }

    /**
     * The logs a deleted digest listed were delivered by CloudTrail: nothing proves them, but nothing shows them
     * inserted either (as the logs of a digest whose signature failed); calling them inserted would have a responder
     * discard genuine records.
     */
    @Test
    void deletedDigestIsMissingAndItsLogsAreNotVerified() {
        List<Obj> chain = fixture.chain("us-east-1");
        Obj deleted = chain.stream().skip(1).filter(TrailFixture::hasLogs).findFirst().orElseThrow();
        VerifyReport report = fixture.verify(dir, fixture.replace(deleted.key(), null));
        Map<String, Verdict> expected = new HashMap<>(Map.of(deleted.key(), Verdict.DIGEST_MISSING));
        TrailFixture.logsOf(deleted).forEach(l -> expected.put(l, Verdict.NOT_VERIFIED));
        assertVerdicts(report, expected);
        assertTrue(check(report, deleted.key()).reason().startsWith("deleted"));
        String log = TrailFixture.logsOf(deleted).get(0);
        assertTrue(check(report, log).reason().startsWith("not verified: the digest of its hour, " + deleted.key()
                + ", is digest missing"), check(report, log).reason());
        assertFalse(report.valid());
        assertEquals(fixture.trail.digests().size(), report.digests().size());
    }

    /** A file added in the hour of a verified digest stays inserted though the digest after it was deleted. */
    @Test
    void aLogAddedBeforeADeletedDigestsHourIsStillInNoDigest() {
        List<Obj> chain = fixture.chain("us-east-1");
        int at = 2;
        while (!TrailFixture.hasLogs(chain.get(at - 1))) {
            at++;
        }
        Obj deleted = chain.get(at);
        String model = TrailFixture.logsOf(chain.get(at - 1)).get(0);
        String added = model.replaceAll("_[A-Za-z0-9]{16}\\.json\\.gz$", "_InsertedByHand02.json.gz");
        List<Obj> objects = new java.util.ArrayList<>(fixture.replace(deleted.key(), null));
        objects.add(new Obj(fixture.trail.bucket(), added, SignedTrail.gzip("{\"Records\":[]}".getBytes(
                StandardCharsets.UTF_8)), Map.of()));
        VerifyReport report = fixture.verify(dir, objects);
        assertEquals(Verdict.LOG_NOT_IN_DIGEST, check(report, added).verdict(), report.toString());
        assertEquals(Verdict.DIGEST_MISSING, check(report, deleted.key()).verdict(), report.toString());
    }

    @Test
    void alteredSignatureMetadataIsInvalid() {
        Obj digest = fixture.chain("eu-west-1").get(3);
        Map<String, String> metadata = new HashMap<>(digest.metadata());
        String signature = metadata.get("signature");
        metadata.put("signature", (signature.charAt(0) == 'a' ? "b" : "a") + signature.substring(1));
        VerifyReport report = fixture.verify(dir, fixture.replace(digest.key(),
                new Obj(digest.bucket(), digest.key(), digest.bytes(), metadata)));
        assertVerdicts(report, Map.of(digest.key(), Verdict.DIGEST_SIGNATURE_INVALID));
    }

    @Test
    void absentSignatureMetadataIsInvalid() {
        Obj digest = fixture.chain("eu-west-1").get(1);
        VerifyReport report = fixture.verify(dir, fixture.replace(digest.key(),
                new Obj(digest.bucket(), digest.key(), digest.bytes(), Map.of("signature-algorithm", "SHA256withRSA"))));
        // its log files are listed by a digest that did not verify only: not verified
        Map<String, Verdict> expected = new HashMap<>(Map.of(digest.key(), Verdict.DIGEST_SIGNATURE_INVALID));
        TrailFixture.logsOf(digest).forEach(l -> expected.put(l, Verdict.NOT_VERIFIED));
        assertFalse(TrailFixture.logsOf(digest).isEmpty());
        assertVerdicts(report, expected);
        assertTrue(check(report, digest.key()).reason().contains("x-amz-meta-signature"));
    }

    @Test
    void alteredDigestContentKeepingItsSignatureIsInvalid() {
        Obj digest = fixture.chain("ap-southeast-2").get(2);
        ObjectNode json = TrailFixture.json(digest);
        json.put("digestStartTime", "2024-03-01T21:30:00Z");
        VerifyReport report = fixture.verify(dir, fixture.replace(digest.key(),
                TrailFixture.withContent(digest, json.toString())));
        assertVerdicts(report, Map.of(digest.key(), Verdict.DIGEST_SIGNATURE_INVALID));
    }

    /**
     * A log file taken out of a digest's list (the digest's signature then fails): not verified, and said to be of
     * that digest's time, not of a time "between two chains" where validation was off or digests deleted.
     */
    @Test
    void aLogTakenOutOfADigestsListIsOfThatDigestsTime() {
        Obj digest = fixture.chain("us-east-1").stream().skip(1).filter(TrailFixture::hasLogs).findFirst()
                .orElseThrow();
        ObjectNode json = TrailFixture.json(digest);
        String taken = json.get("logFiles").get(0).get("s3Object").asText();
        ((com.fasterxml.jackson.databind.node.ArrayNode) json.get("logFiles")).remove(0);
        VerifyReport report = fixture.verify(dir, fixture.replace(digest.key(),
                TrailFixture.withContent(digest, json.toString())));
        assertEquals(Verdict.DIGEST_SIGNATURE_INVALID, check(report, digest.key()).verdict(), report.toString());
        FileCheck log = check(report, taken);
        assertEquals(Verdict.NOT_VERIFIED, log.verdict(), log.toString());
        assertTrue(log.reason().startsWith("not verified: the digest of its time, " + digest.key() + ", did not"
                + " verify (digest signature invalid)"), log.reason());
        assertFalse(report.valid());
    }

    @Test
    void previousDigestLinkPointingElsewhereIsABrokenLink() {
        List<Obj> chain = fixture.chain("us-east-1");
        Obj last = chain.get(chain.size() - 1);
        Obj elsewhere = chain.get(chain.size() - 3);
        ObjectNode json = TrailFixture.json(last);
        json.put("previousDigestS3Object", elsewhere.key());
        json.put("previousDigestHashValue", SignedTrail.sha256Hex(SignedTrail.gunzip(elsewhere.bytes())));
        json.put("previousDigestSignature", elsewhere.metadata().get("signature"));
        Obj relinked = fixture.trail.resign(last, json.toString());
        VerifyReport report = fixture.verify(dir, fixture.replace(last.key(), relinked));
        assertVerdicts(report, Map.of(last.key(), Verdict.DIGEST_MISSING));
        assertTrue(check(report, last.key()).reason().contains("broken link"), check(report, last.key()).reason());
    }

    @Test
    void unknownKeyFingerprintIsPublicKeyNotFound() {
        Obj digest = fixture.chain("us-east-1").get(4);
        ObjectNode json = TrailFixture.json(digest);
        json.put("digestPublicKeyFingerprint", "00112233445566778899aabbccddeeff");
        VerifyReport report = fixture.verify(dir, fixture.replace(digest.key(),
                TrailFixture.withContent(digest, json.toString())));
        assertVerdicts(report, Map.of(digest.key(), Verdict.PUBLIC_KEY_NOT_FOUND));
        String reason = check(report, digest.key()).reason();
        assertTrue(reason.contains("00112233445566778899aabbccddeeff"), reason);
        // what it means and how to check, not only that the signature could not be checked
        assertTrue(reason.contains("re-signed") && reason.contains("another region, partition")
                && reason.contains("aws cloudtrail list-public-keys --region us-east-1 --start-time "
                + json.get("digestStartTime").asText()), reason);
    }

    @Test
    void digestsAfterTheRotationNeedTheSecondKey() {
        DigestPublicKey first = PublicKeys.parse(fixture.trail.publicKeysJson(), "keys").keys().get(0);
        VerifyReport report = fixture.verify(dir, fixture.trail.objects(), new PublicKeys(List.of(first)));
        Instant rotation = fixture.trail.keys().get(1).validityStart();
        for (FileCheck c : report.digests()) {
            Verdict expected = c.time().isBefore(rotation) ? Verdict.VALID : Verdict.PUBLIC_KEY_NOT_FOUND;
            assertEquals(expected, c.verdict(), c.key());
        }
        assertTrue(report.digests().stream().anyMatch(c -> c.verdict() == Verdict.VALID));
    }

    @Test
    void movedDigestIsInvalidAndItsPlaceMissing() {
        Obj digest = fixture.chain("us-east-1").get(2);
        String movedKey = digest.key().replaceAll("_(\\d{8}T\\d{4})(\\d{2})Z\\.json\\.gz$", "_$159Z.json.gz");
        List<Obj> objects = fixture.replace(digest.key(), new Obj(digest.bucket(), movedKey, digest.bytes(),
                digest.metadata()));
        VerifyReport report = fixture.verify(dir, objects);
        // its logs still match the list of the moved copy, which does not verify: not verified, the reason says so
        Map<String, Verdict> expected = new HashMap<>(Map.of(movedKey, Verdict.DIGEST_INVALID, digest.key(),
                Verdict.DIGEST_MISSING));
        TrailFixture.logsOf(digest).forEach(l -> expected.put(l, Verdict.NOT_VERIFIED));
        assertVerdicts(report, expected);
        assertTrue(check(report, movedKey).reason().contains("moved from its original location"));
        String log = TrailFixture.logsOf(digest).get(0);
        assertTrue(check(report, log).reason().contains("a digest that did not verify")
                && check(report, log).reason().endsWith("content SHA-256 as listed"), check(report, log).reason());
    }

    @Test
    void corruptGzipDigestIsInvalid() {
        Obj digest = fixture.chain("ap-southeast-2").stream().skip(1).filter(d -> !TrailFixture.hasLogs(d))
                .findFirst().orElseThrow();
        byte[] bytes = java.util.Arrays.copyOf(digest.bytes(), digest.bytes().length - 12);
        VerifyReport report = fixture.verify(dir, fixture.replace(digest.key(), new Obj(digest.bucket(), digest.key(),
                bytes, digest.metadata())));
        assertVerdicts(report, Map.of(digest.key(), Verdict.DIGEST_INVALID));
        assertTrue(check(report, digest.key()).reason().startsWith("not gzip"));
        assertEquals(SignedTrail.sha256Hex(bytes), check(report, digest.key()).storedSha256());
    }

    @Test
    void digestThatIsNotJsonIsInvalid() {
        Obj digest = fixture.chain("eu-west-1").get(2);
        VerifyReport report = fixture.verify(dir, fixture.replace(digest.key(),
                new Obj(digest.bucket(), digest.key(), SignedTrail.gzip("{\"awsAccountId\":".getBytes(
                        StandardCharsets.UTF_8)), digest.metadata())));
        Map<String, Verdict> expected = new HashMap<>(Map.of(digest.key(), Verdict.DIGEST_INVALID));
        // what it listed cannot be read: its logs are not verified, not shown inserted
        TrailFixture.logsOf(digest).forEach(l -> expected.put(l, Verdict.NOT_VERIFIED));
        assertVerdicts(report, expected);
    }
}
