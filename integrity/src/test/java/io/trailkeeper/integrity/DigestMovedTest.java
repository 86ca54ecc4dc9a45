package io.trailkeeper.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trailkeeper.testkit.SignedTrail;
import io.trailkeeper.testkit.SignedTrail.Obj;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trail moved to another bucket: the first digest in the new bucket names its previous digest in the old one
 * (previousDigestS3Bucket). Not checked when the old bucket cannot be looked at, never called deleted; followed when
 * it can.
 */
class DigestMovedTest {
    private static final String OLD = "old-trail-bucket";
    private static TrailFixture fixture;
    /** d0, d1 delivered to the old bucket, d2 (naming d1 in the old bucket) and d3 to the trail's bucket. */
    private static List<Obj> chain;
    private static Obj first;
    private static Obj second;

    @TempDir
    Path dir;

    @BeforeAll
    static void generate() {
        fixture = new TrailFixture(SignedTrail.builder(41).regions("us-east-1").hours(4).build(), "");
        chain = fixture.chain("us-east-1");
        ObjectNode json = TrailFixture.json(chain.get(2));
        json.put("previousDigestS3Bucket", OLD);
        first = fixture.trail.resign(chain.get(2), json.toString());
        ObjectNode next = TrailFixture.json(chain.get(3));
        next.put("previousDigestHashValue", SignedTrail.sha256Hex(SignedTrail.gunzip(first.bytes())));
        next.put("previousDigestSignature", first.metadata().get("signature"));
        second = fixture.trail.resign(chain.get(3), next.toString());
    }

    /** The new bucket's objects, and the old bucket's ({@code oldDigests} of d0, d1) when {@code withOld}. */
    private static List<Obj> objects(boolean withOld, List<Obj> oldDigests) {
        List<Obj> out = new ArrayList<>(List.of(first, second));
        for (Obj d : List.of(chain.get(2), chain.get(3))) {
            TrailFixture.logsOf(d).forEach(k -> out.add(fixture.trail.object(k)));
        }
        if (withOld) {
            for (Obj d : oldDigests) {
                out.add(new Obj(OLD, d.key(), d.bytes(), d.metadata()));
                TrailFixture.logsOf(d).forEach(k -> {
                    Obj log = fixture.trail.object(k);
                    out.add(new Obj(OLD, log.key(), log.bytes(), log.metadata()));
                });
            }
        }
        return out;
    }

    private static void assertNewBucketValid(VerifyReport report) {
        assertEquals(Verdict.VALID, TrailFixture.check(report, first.key()).verdict(), report.toString());
        assertEquals(Verdict.VALID, TrailFixture.check(report, second.key()).verdict(), report.toString());
        for (FileCheck log : report.logs()) {
            assertEquals(Verdict.VALID, log.verdict(), log.toString());
        }
    }

    @Test
    void offlineWithoutTheOldBucketThePreviousDigestIsNotCheckedNotDeleted() {
        VerifyReport report = fixture.verify(dir, objects(false, List.of()));
        assertEquals(0, report.count("digest", Verdict.DIGEST_MISSING), report.toString());
        FileCheck previous = report.digests().stream().filter(c -> c.bucket().equals(OLD)).findFirst().orElseThrow();
        assertEquals(Verdict.NOT_VERIFIED, previous.verdict(), previous.toString());
        assertEquals(chain.get(1).key(), previous.key());
        assertTrue(previous.reason().startsWith("previous digest in another bucket, not checked: " + first.key()),
                previous.reason());
        assertTrue(previous.reason().contains("s3://" + OLD + "/" + chain.get(1).key()), previous.reason());
        assertTrue(previous.reason().contains("point --evidence at a folder that holds it"), previous.reason());
        assertNewBucketValid(report);
        assertFalse(report.valid(), "a link not checked is not verified");
    }

    @Test
    void anOldBucketThatCannotBeReadIsNotCheckedNotABrokenLink() {
        SignedTrail.writeEvidence(dir, objects(true, chain.subList(0, 2)));
        EvidenceFolder folder = new EvidenceFolder(dir);
        EvidenceSource denied = new DelegatingSource(folder) {
            @Override
            public OpenedObject open(String bucket, String key, long limit) throws IOException {
                if (bucket.equals(OLD)) {
                    throw new IOException("Access Denied");
                }
                return folder.open(bucket, key, limit);
            }
        };
        VerifyReport report = new DigestVerifier(denied, PublicKeys.parse(fixture.trail.publicKeysJson(), "keys"),
                Clock.fixed(fixture.trail.end().plus(Duration.ofHours(6)), ZoneOffset.UTC)).verify(new VerifyScope(
                fixture.trail.bucket(), "", Set.of(), Set.of(), fixture.trail.start(), fixture.trail.end()));
        assertEquals(0, report.count("digest", Verdict.DIGEST_MISSING), report.toString());
        FileCheck previous = report.digests().stream().filter(c -> c.bucket().equals(OLD)).findFirst().orElseThrow();
        assertEquals(Verdict.NOT_VERIFIED, previous.verdict(), previous.toString());
        assertTrue(previous.reason().startsWith("previous digest in another bucket, not checked: "), previous.reason());
        assertTrue(previous.reason().endsWith("it could not be read: Access Denied"), previous.reason());
        assertNewBucketValid(report);
        assertFalse(report.valid());
    }

    @Test
    void anOldBucketThatCanBeReadIsFollowed() {
        VerifyReport report = fixture.verify(dir, objects(true, chain.subList(0, 2)));
        assertTrue(report.valid(), report.toString());
        assertTrue(report.digests().stream().noneMatch(c -> c.bucket().equals(OLD)), report.digests().toString());
    }

    @Test
    void aPreviousDigestGoneFromAnOldBucketThatCanBeReadIsDeleted() {
        VerifyReport report = fixture.verify(dir, objects(true, chain.subList(0, 1)));
        FileCheck previous = report.digests().stream().filter(c -> c.bucket().equals(OLD)).findFirst().orElseThrow();
        assertEquals(Verdict.DIGEST_MISSING, previous.verdict(), previous.toString());
        assertEquals(chain.get(1).key(), previous.key());
        assertTrue(previous.reason().startsWith("deleted: "), previous.reason());
        assertFalse(report.valid());
    }

    @Test
    void anOldDigestThatDiffersFromWhatTheLinkRecordsIsABrokenLink() {
        Obj altered = TrailFixture.withContent(chain.get(1), chain.get(1).content() + "\n");
        VerifyReport report = fixture.verify(dir, objects(true, List.of(chain.get(0), altered)));
        FileCheck link = TrailFixture.check(report, first.key());
        assertEquals(Verdict.DIGEST_MISSING, link.verdict(), link.toString());
        assertTrue(link.reason().startsWith("broken link: it records SHA-256 "), link.reason());
        assertFalse(report.valid());
    }
}
