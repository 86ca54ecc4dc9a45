package io.trailkeeper.integrity;

import static io.trailkeeper.integrity.TrailFixture.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trailkeeper.testkit.SignedTrail;
import io.trailkeeper.testkit.SignedTrail.Obj;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key a digest names must have been in use for the digest's time, as AWS documents the check (the keys
 * ListPublicKeys returns for the digest's time range, then the one with its fingerprint): a digest signed with a key
 * whose validity does not meet its time is "public key not found", never valid. It verified, with a note.
 */
class KeyValidityTest {
    private static TrailFixture fixture;

    @TempDir
    Path dir;

    @BeforeAll
    static void generate() {
        fixture = new TrailFixture(SignedTrail.builder(31).start(Instant.parse("2024-05-10T06:00:00Z")).hours(8)
                .regions("us-east-1").rotateKeyAtHour(3).build(), "");
    }

    /** A retired key (its private half may have leaked since) cannot vouch for a digest of after its retirement. */
    @Test
    void aDigestSignedWithARetiredKeyIsPublicKeyNotFound() {
        List<Obj> chain = fixture.chain("us-east-1");
        Obj last = chain.get(chain.size() - 1);
        var retired = fixture.trail.keys().get(0);
        ObjectNode json = TrailFixture.json(last);
        json.put("digestPublicKeyFingerprint", retired.fingerprint());
        VerifyReport report = fixture.verify(dir, fixture.replace(last.key(), fixture.trail.resign(last,
                json.toString())));
        FileCheck c = check(report, last.key());
        assertEquals(Verdict.PUBLIC_KEY_NOT_FOUND, c.verdict(), c.reason());
        assertTrue(c.reason().contains("key " + retired.fingerprint() + " is valid from " + retired.validityStart()
                + " to " + retired.validityEnd()) && c.reason().contains("the digest covers "
                + json.get("digestStartTime").asText() + " to " + json.get("digestEndTime").asText())
                && c.reason().contains("retired before it") && c.reason().contains("aws cloudtrail list-public-keys"
                + " --region us-east-1"), c.reason());
        // what it lists is vouched for by nothing
        TrailFixture.logsOf(last).forEach(l -> assertEquals(Verdict.NOT_VERIFIED, check(report, l).verdict(), l));
        // every other digest is valid, and the report is not
        report.digests().stream().filter(d -> !d.key().equals(last.key()))
                .forEach(d -> assertEquals(Verdict.VALID, d.verdict(), d.key() + ": " + d.reason()));
        assertFalse(report.valid());
    }

    /** Keys whose validity (a keys file) misses the digests' time: those digests are not verified by them. */
    @Test
    void keysNotInUseForADigestsTimeDoNotVerifyIt() {
        List<DigestPublicKey> given = PublicKeys.parse(fixture.trail.publicKeysJson(), "keys").keys();
        DigestPublicKey first = given.get(0);
        DigestPublicKey second = given.get(1);
        // the second key said to be in use from two hours after the rotation: the digests of those hours are not its
        Instant laterStart = second.validityStart().plus(Duration.ofHours(3));
        PublicKeys keys = new PublicKeys(List.of(first, new DigestPublicKey(second.fingerprint(), laterStart,
                second.validityEnd(), second.der())));
        VerifyReport report = fixture.verify(dir, fixture.trail.objects(), keys);
        int notFound = 0;
        for (FileCheck c : report.digests()) {
            boolean tooEarly = c.time().plus(Duration.ofHours(1)).isBefore(laterStart)
                    && !c.time().isBefore(second.validityStart());
            if (tooEarly) {
                notFound++;
                assertEquals(Verdict.PUBLIC_KEY_NOT_FOUND, c.verdict(), c.key() + ": " + c.reason());
                assertTrue(c.reason().contains("not yet in use"), c.reason());
            } else if (c.time().isBefore(second.validityStart())) {
                assertEquals(Verdict.VALID, c.verdict(), c.key() + ": " + c.reason());
            }
        }
        assertTrue(notFound >= 1, report.digests().toString());
    }

    /** A key that begins within the hour after a digest's end signed it when it was delivered: valid. */
    @Test
    void aKeyBegunInTheHourOfDeliveryVerifiesTheDigest() {
        VerifyReport report = fixture.verify(dir, fixture.trail.objects());
        assertTrue(report.valid(), report.toString());
        Instant rotation = fixture.trail.keys().get(1).validityStart();
        assertTrue(report.digests().stream().anyMatch(c -> c.time().isAfter(rotation)
                && c.reason().contains(fixture.trail.keys().get(1).fingerprint())), report.digests().toString());
    }
}
