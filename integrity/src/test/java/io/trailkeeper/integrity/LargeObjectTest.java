package io.trailkeeper.integrity;

import static io.trailkeeper.integrity.TrailFixture.assertVerdicts;
import static io.trailkeeper.integrity.TrailFixture.check;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.testkit.SignedTrail;
import io.trailkeeper.testkit.SignedTrail.Obj;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Objects of several GB planted in log and digest folders (sparse files: no disk is used): each is reported by name
 * as larger than any CloudTrail file of its kind, unread, and every other file is verified. Before, the evidence
 * folder read each object whole into a byte array, and the first such file ended the whole verify.
 */
class LargeObjectTest {
    private static final long SIX_GB = 6L * 1024 * 1024 * 1024;
    private static TrailFixture fixture;

    @TempDir
    Path dir;

    @BeforeAll
    static void generate() {
        fixture = new TrailFixture(SignedTrail.builder(11).start(Instant.parse("2024-05-01T10:00:00Z")).hours(4)
                .regions("us-east-1", "eu-west-1").build(), "");
    }

    @Test
    void hugeFilesInLogAndDigestFoldersAreNamedAndTheRestIsVerified() throws IOException {
        SignedTrail.writeEvidence(dir, fixture.trail.objects());
        Obj log = fixture.trail.logs().get(0);
        Obj digest = fixture.chain("eu-west-1").get(1);
        String plantedLog = log.key().replace(".json.gz", "X.json.gz");
        String plantedDigest = digest.key().substring(0, digest.key().lastIndexOf('/') + 1) + "notes.json.gz";
        sparse(plantedLog);
        sparse(plantedDigest);
        VerifyReport report = verify();
        assertVerdicts(report, Map.of(plantedLog, Verdict.LOG_NOT_IN_DIGEST, plantedDigest, Verdict.DIGEST_INVALID));
        assertEquals(fixture.trail.logs().size() + 1, report.logs().size());
        FileCheck l = check(report, plantedLog);
        assertTrue(l.reason().contains("larger than any CloudTrail log file could be: " + SIX_GB + " bytes"),
                l.reason());
        assertNull(l.storedSha256());
        FileCheck d = check(report, plantedDigest);
        assertTrue(d.reason().contains("larger than any CloudTrail digest file could be: " + SIX_GB + " bytes"),
                d.reason());
        assertFalse(report.valid());
    }

    @Test
    void aListedLogFileReplacedByAHugeObjectIsModifiedAndTheRestIsVerified() throws IOException {
        SignedTrail.writeEvidence(dir, fixture.trail.objects());
        Obj log = fixture.trail.logs().get(2);
        sparse(log.key());
        VerifyReport report = verify();
        assertVerdicts(report, Map.of(log.key(), Verdict.LOG_MODIFIED));
        assertTrue(check(report, log.key()).reason().startsWith("larger than any CloudTrail log file could be: "
                + SIX_GB + " bytes (not read) (listed by "), check(report, log.key()).reason());
    }

    @Test
    void aDigestReplacedByAHugeObjectIsInvalidAndTheOtherChainsAreVerified() throws IOException {
        SignedTrail.writeEvidence(dir, fixture.trail.objects());
        Obj digest = fixture.chain("us-east-1").get(1);
        sparse(digest.key());
        VerifyReport report = verify();
        FileCheck d = check(report, digest.key());
        assertEquals(Verdict.DIGEST_INVALID, d.verdict(), d.reason());
        assertTrue(d.reason().startsWith("larger than any CloudTrail digest file could be: " + SIX_GB), d.reason());
        for (FileCheck c : report.digests()) {
            if (c.key().contains("/eu-west-1/")) {
                assertEquals(Verdict.VALID, c.verdict(), c.key() + ": " + c.reason());
            }
        }
        assertFalse(report.valid());
    }

    @Test
    void aPreviousDigestBeforeThePeriodReplacedByAHugeObjectIsInvalidNotUnread() throws IOException {
        SignedTrail.writeEvidence(dir, fixture.trail.objects());
        Obj before = fixture.chain("us-east-1").get(1);
        sparse(before.key());
        // the period starts after that digest: only the next one's link names it
        VerifyReport report = fixture.verify(new EvidenceFolder(dir), fixture.trail.start().plus(Duration.ofMinutes(150)),
                fixture.trail.end(), fixture.trail.end().plus(Duration.ofHours(6)));
        FileCheck d = check(report, before.key());
        assertEquals(Verdict.DIGEST_INVALID, d.verdict(), d.reason());
        assertTrue(d.reason().startsWith("larger than any CloudTrail digest file could be: " + SIX_GB), d.reason());
        assertTrue(d.reason().contains("names it as its previous digest"), d.reason());
        assertFalse(report.valid());
    }

    @Test
    void anObjectIsRefusedByItsSizeOrWhenItGrowsPastTheLimitWhileRead() throws IOException {
        SignedTrail.writeEvidence(dir, fixture.trail.objects());
        Obj log = fixture.trail.logs().get(0);
        EvidenceFolder folder = new EvidenceFolder(dir);
        ObjectTooLarge e = assertThrows(ObjectTooLarge.class, () -> folder.open(log.bucket(), log.key(),
                log.bytes().length - 1L));
        assertEquals(log.bytes().length, e.size());
        assertArrayEquals(log.bytes(), folder.read(log.bucket(), log.key(), log.bytes().length).bytes());
        // told 10 bytes, gives 11: the stream stops it
        OpenedObject grown = OpenedObject.of("grown", 10, 10, new ByteArrayInputStream(new byte[11]), new HashMap<>());
        assertThrows(ObjectTooLarge.class, () -> grown.bytes().readAllBytes());
    }

    private void sparse(String key) throws IOException {
        Path file = dir.resolve(fixture.trail.bucket()).resolve(key);
        Files.createDirectories(file.getParent());
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(SIX_GB);
        }
    }

    private VerifyReport verify() {
        return fixture.verify(new EvidenceFolder(dir), fixture.trail.start(), fixture.trail.end(),
                fixture.trail.end().plus(Duration.ofHours(6)));
    }
}
