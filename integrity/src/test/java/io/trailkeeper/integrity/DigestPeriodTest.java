package io.trailkeeper.integrity;

import static io.trailkeeper.integrity.TrailFixture.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.testkit.SignedTrail;
import io.trailkeeper.testkit.SignedTrail.Obj;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edges of the period asked for: digests deleted for the whole period in one region, a region without digests,
 * the period's last hour (listed by the digest ending after it), log files named outside the digests' span.
 */
class DigestPeriodTest {
    /** 18:00 on March 1st to 06:00 on March 2nd, two regions. */
    private static TrailFixture fixture;
    private static final Instant SINCE = Instant.parse("2024-03-01T21:00:00Z");
    private static final Instant UNTIL = Instant.parse("2024-03-02T02:00:00Z");

    @TempDir
    Path dir;

    @BeforeAll
    static void generate() {
        fixture = new TrailFixture(SignedTrail.builder(31).start(Instant.parse("2024-03-01T18:00:00Z")).hours(12)
                .regions("us-east-1", "eu-west-1").build(), "");
    }

    private static VerifyReport verify(Path dir, List<Obj> objects) {
        return fixture.verify(dir, objects, SINCE, UNTIL, fixture.trail.end().plus(Duration.ofHours(6)));
    }

    private static boolean endsInPeriod(Obj digest) {
        Instant end = Instant.parse(TrailFixture.json(digest).get("digestEndTime").asText());
        return !end.isBefore(SINCE) && !end.isAfter(UNTIL);
    }

    private static Instant logTime(String key) {
        return LogName.parse(key).time();
    }

    @Test
    void theWholeTrailIsValid() {
        VerifyReport report = verify(dir, fixture.trail.objects());
        assertTrue(report.valid(), report.toString());
    }

    @Test
    void oneRegionsDigestsOfThePeriodDeletedAreMissing() {
        List<Obj> deleted = fixture.chain("eu-west-1").stream().filter(DigestPeriodTest::endsInPeriod).toList();
        assertEquals(5, deleted.size());
        List<Obj> objects = new ArrayList<>(fixture.trail.objects());
        objects.removeAll(deleted);
        VerifyReport report = verify(dir, objects);
        assertFalse(report.valid(), report.toString());
        assertEquals(deleted.size(), report.digests().stream().filter(c -> c.region().equals("eu-west-1")
                && c.verdict() == Verdict.DIGEST_MISSING).count(), report.digests().toString());
        // the digest after the period names the last one deleted
        String last = deleted.get(deleted.size() - 1).key();
        assertTrue(check(report, last).reason().startsWith("deleted: "), check(report, last).reason());
        for (Obj d : deleted) {
            for (String log : TrailFixture.logsOf(d)) {
                assertTrue(check(report, log).verdict().failure(), log + " " + check(report, log));
            }
        }
        assertTrue(report.digests().stream().filter(c -> c.region().equals("us-east-1"))
                .allMatch(c -> c.verdict() == Verdict.VALID));
    }

    @Test
    void aRegionWhoseDigestsAndLogsFromThePeriodOnAreDeletedEndsItsChain() {
        // eu-west-1 silenced from the period's start on: its digests and log files of the period and after deleted
        Instant lastKept = lastDigestBeforeThePeriod("eu-west-1");
        VerifyReport report = verify(dir, silencedAfter("eu-west-1", lastKept));
        List<FileCheck> ends = report.digests().stream().filter(c -> c.verdict() == Verdict.CHAIN_ENDS).toList();
        assertEquals(1, ends.size(), report.digests().toString());
        assertEquals("eu-west-1", ends.get(0).region());
        assertTrue(ends.get(0).reason().contains("ends at " + lastKept), ends.get(0).reason());
        assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("chain ends: ") && n.contains("eu-west-1")),
                report.notes().toString());
        // the trail went on in its home region: not stopped, deleted or its validation turned off, which is said
        assertTrue(ends.get(0).reason().contains("while the same trail went on delivering signed digests in"
                + " us-east-1"), ends.get(0).reason());
    }

    /**
     * The home region's digests and logs deleted from the period on, as a cover-up would, while the trail goes on
     * in another region: no stop, deletion of the trail or change of validation ends one region alone, and a trail
     * made single-region keeps its home region, so this is digests deleted, not a chain's end (a warning, exit 0).
     */
    @Test
    void aHomeRegionSilencedWhileItsTrailGoesOnElsewhereIsDeletedNotAnEnd() {
        Instant lastKept = lastDigestBeforeThePeriod("us-east-1");
        VerifyReport report = verify(dir, silencedAfter("us-east-1", lastKept));
        assertTrue(report.digests().stream().noneMatch(c -> c.verdict() == Verdict.CHAIN_ENDS),
                report.digests().toString());
        List<FileCheck> deleted = report.digests().stream().filter(c -> c.verdict() == Verdict.DIGEST_MISSING
                && c.region().equals("us-east-1")).toList();
        assertEquals(1, deleted.size(), report.digests().toString());
        assertTrue(deleted.get(0).reason().startsWith("deleted: the last digest of account 123456789012 region"
                + " us-east-1"), deleted.get(0).reason());
        assertTrue(deleted.get(0).reason().contains("ends at " + lastKept), deleted.get(0).reason());
        assertTrue(deleted.get(0).reason().contains("went on delivering signed digests in eu-west-1"),
                deleted.get(0).reason());
        assertFalse(report.valid());
    }

    @Test
    void everyRegionSilencedFromThePeriodsStartIsNoDigestFoundNotValid() {
        // both regions' digests and log files of the period and after deleted: only the day before is left
        List<Obj> objects = new ArrayList<>(fixture.trail.objects());
        objects.removeIf(o -> o.isDigest() ? !end(o).isBefore(SINCE) : !logTime(o.key()).isBefore(SINCE.minus(
                Duration.ofHours(1))));
        VerifyReport report = verify(dir, objects);
        assertEquals(2, report.digests().stream().filter(c -> c.verdict() == Verdict.CHAIN_ENDS).count(),
                report.digests().toString());
        assertFalse(report.digestFound());
        assertFalse(report.valid(), report.toString());
        assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("no digest ends between")), report.notes()
                .toString());
    }

    /** The end of the region's last digest before the period. */
    private static Instant lastDigestBeforeThePeriod(String region) {
        return fixture.chain(region).stream().map(DigestPeriodTest::end).filter(end -> end.isBefore(SINCE))
                .max(Instant::compareTo).orElseThrow();
    }

    /** The trail's objects without the region's digests ending after {@code lastKept} and its log files from then. */
    private static List<Obj> silencedAfter(String region, Instant lastKept) {
        List<Obj> objects = new ArrayList<>(fixture.trail.objects());
        objects.removeIf(o -> o.key().contains("/" + region + "/") && (o.isDigest() ? end(o).isAfter(lastKept)
                : !logTime(o.key()).isBefore(lastKept)));
        return objects;
    }

    private static Instant end(Obj digest) {
        return Instant.parse(TrailFixture.json(digest).get("digestEndTime").asText());
    }

    @Test
    void aRegionWithoutAnyDigestLeavesItsLogsNotVerified() {
        List<Obj> objects = fixture.trail.objects().stream()
                .filter(o -> !o.key().contains("/CloudTrail-Digest/eu-west-1/")).toList();
        VerifyReport report = verify(dir, objects);
        assertFalse(report.valid(), report.toString());
        List<Obj> inPeriod = fixture.trail.logs().stream().filter(l -> l.key().contains("/CloudTrail/eu-west-1/")
                && !logTime(l.key()).isBefore(SINCE) && !logTime(l.key()).isAfter(UNTIL)).toList();
        assertFalse(inPeriod.isEmpty());
        for (Obj log : inPeriod) {
            FileCheck c = check(report, log.key());
            assertEquals(Verdict.NOT_VERIFIED, c.verdict(), c.toString());
            assertTrue(c.reason().contains("no digest"), c.reason());
        }
        assertTrue(report.logs().stream().filter(c -> c.region().equals("us-east-1"))
                .allMatch(c -> c.verdict() == Verdict.VALID));
    }

    @Test
    void theLastHourIsListedByTheDigestAfterThePeriodAndChecked() {
        // a log file of the period's last hour: the digest listing it ends after the period
        String key = fixture.trail.digests().stream()
                .filter(d -> Instant.parse(TrailFixture.json(d).get("digestEndTime").asText()).isAfter(UNTIL))
                .flatMap(d -> TrailFixture.logsOf(d).stream()).filter(l -> logTime(l).isBefore(UNTIL))
                .findFirst().orElseThrow();
        Obj log = fixture.trail.object(key);
        byte[] content = SignedTrail.gunzip(log.bytes());
        content[content.length / 2] ^= 0x01;
        VerifyReport report = verify(dir, fixture.replace(key, new Obj(log.bucket(), key, SignedTrail.gzip(content),
                log.metadata())));
        assertEquals(Verdict.LOG_MODIFIED, check(report, key).verdict(), report.toString());
        assertFalse(report.valid());
    }

    @Test
    void aLogNamedOutsideTheDigestsSpanOrNotForItsFolderIsReported() {
        Obj model = fixture.trail.logs().stream().filter(l -> l.key().contains("/us-east-1/2024/03/02/"))
                .findFirst().orElseThrow();
        String folder = model.key().substring(0, model.key().lastIndexOf('/') + 1);
        String far = folder + "123456789012_CloudTrail_us-east-1_20240309T0000Z_evil.json.gz";
        String early = folder.replace("/2024/03/02/", "/2024/03/01/")
                + "123456789012_CloudTrail_us-east-1_20240302T0130Z_AAAAAAAAAAAAAAAA.json.gz";
        List<Obj> objects = new ArrayList<>(fixture.trail.objects());
        objects.add(new Obj(model.bucket(), far, model.bytes(), Map.of()));
        objects.add(new Obj(model.bucket(), early, model.bytes(), Map.of()));
        VerifyReport report = verify(dir, objects);
        assertFalse(report.valid());
        for (String key : List.of(far, early)) {
            FileCheck c = check(report, key);
            assertEquals(Verdict.LOG_NOT_IN_DIGEST, c.verdict(), c.toString());
            assertTrue(c.reason().contains("folder"), c.reason());
        }
    }

    /** The trail written as collected at {@code retrievedAt} (null: copied without metadata, as aws s3 sync does). */
    private static EvidenceFolder collected(Path dir, List<Obj> objects, Instant retrievedAt) throws IOException {
        SignedTrail.writeEvidence(dir, objects);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".s3meta.json")).toList()) {
                if (retrievedAt == null) {
                    Files.delete(f);
                } else {
                    Files.writeString(f, Files.readString(f).replaceAll("\"RetrievedAt\" : \"[^\"]*\"",
                            "\"RetrievedAt\" : \"" + retrievedAt + "\""));
                }
            }
        }
        return new EvidenceFolder(dir);
    }

    /** The trail's objects and, last, a copy of its last log file named as written at {@code t}. */
    private static List<Obj> withLogWrittenAt(Instant t) {
        Obj model = fixture.trail.logs().get(fixture.trail.logs().size() - 1);
        String key = model.key().replaceAll("_\\d{8}T\\d{4}Z_[A-Za-z0-9]{16}\\.json\\.gz$", "_"
                + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC).format(t)
                + "_RecentRecentRece.json.gz");
        List<Obj> objects = new ArrayList<>(fixture.trail.objects());
        objects.add(new Obj(model.bucket(), key, model.bytes(), Map.of()));
        return objects;
    }

    @Test
    void aCopyVerifiedWithoutUntilEndsWhenItWasCollected() throws IOException {
        SignedTrail trail = fixture.trail;
        Instant collectedAt = trail.end().plus(Duration.ofMinutes(25));
        // a log file written after the last digest, before the copy: no digest can list it yet
        EvidenceFolder folder = collected(dir, withLogWrittenAt(collectedAt.minus(Duration.ofMinutes(5))),
                collectedAt);
        VerifyReport report = fixture.verify(folder, trail.start(), null, collectedAt.plus(Duration.ofDays(3)));
        assertTrue(report.valid(), report.toString());
        assertEquals(collectedAt, report.scope().until());
        assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("no --until: the period ends at " + collectedAt)),
                report.notes().toString());
        assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("1 log file(s) written after")),
                report.notes().toString());
    }

    @Test
    void aCopyWithoutRetrievalTimesEndsAtItsNewestDigest() throws IOException {
        SignedTrail trail = fixture.trail;
        EvidenceFolder folder = collected(dir, trail.objects(), null);
        VerifyReport report = fixture.verify(folder, trail.start(), null, trail.end().plus(Duration.ofDays(3)));
        assertTrue(report.digests().stream().noneMatch(c -> c.verdict() == Verdict.DIGEST_MISSING),
                report.digests().toString());
        assertTrue(report.notes().stream().anyMatch(n -> n.contains("the period ends at the newest digest")),
                report.notes().toString());
    }

    @Test
    void theBucketVerifiedUpToNowLeavesOutLogFilesNoDigestCoversYet() throws IOException {
        SignedTrail trail = fixture.trail;
        Instant now = trail.end().plus(Duration.ofMinutes(40));
        List<Obj> objects = withLogWrittenAt(now.minus(Duration.ofMinutes(10)));
        String recent = objects.get(objects.size() - 1).key();
        SignedTrail.writeEvidence(dir, objects);
        EvidenceSource bucket = new DelegatingSource(new EvidenceFolder(dir));  // not a copy: as of now
        VerifyReport report = fixture.verify(bucket, trail.start(), null, now);
        assertTrue(report.valid(), report.toString());
        // left out, but named: a responder must be able to tell which files nothing verified
        String named = "s3://" + trail.bucket() + "/" + recent;
        assertEquals(List.of(named), report.notYetCovered());
        assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("1 log file(s) written after")
                && n.endsWith(named)), report.notes().toString());
        assertTrue(report.logs().stream().noneMatch(c -> c.key().equals(recent)), "not counted as verified");
        // asked for explicitly, the same log file is not verified
        VerifyReport asked = fixture.verify(bucket, trail.start(), now, now);
        assertEquals(Verdict.NOT_VERIFIED, check(asked, recent).verdict(), asked.toString());
    }
}
