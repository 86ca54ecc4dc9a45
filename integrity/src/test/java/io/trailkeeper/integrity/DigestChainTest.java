package io.trailkeeper.integrity;

import static io.trailkeeper.integrity.TrailFixture.assertVerdicts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trailkeeper.testkit.DigestSigningKey;
import io.trailkeeper.testkit.SignedTrail;
import io.trailkeeper.testkit.SignedTrail.Obj;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Organization trails with a prefix, restarts after a pause, digests missing at the end, SPKI keys. */
class DigestChainTest {
    @TempDir
    Path dir;

    @Test
    void organizationTrailWithPrefixIsValid() {
        SignedTrail trail = SignedTrail.builder(11).bucket("org-trail-bucket").prefix("corp/trails")
                .organization("o-a1b2c3d4e5").accounts("111122223333", "444455556666").trail("org_trail", "eu-west-1")
                .regions("eu-west-1", "us-east-1").hours(4).build();
        VerifyReport report = new TrailFixture(trail, "corp/trails").verify(dir, trail.objects());
        assertTrue(report.valid(), report.toString());
        assertVerdicts(report, Map.of());
        assertEquals(trail.digests().size(), report.digests().size());
        assertEquals(trail.logs().size(), report.logs().size());
        assertEquals(Set.of("111122223333", "444455556666"),
                Set.copyOf(report.digests().stream().map(FileCheck::account).toList()));
        assertTrue(report.digests().get(0).key().startsWith("corp/trails/AWSLogs/o-a1b2c3d4e5/"));
    }

    @Test
    void organizationTrailScopedToOneAccount() {
        SignedTrail trail = SignedTrail.builder(12).prefix("p").organization("o-zz9zz9zz9z")
                .accounts("111122223333", "444455556666").hours(3).build();
        SignedTrail.writeEvidence(dir, trail.objects());
        VerifyReport report = new DigestVerifier(new EvidenceFolder(dir),
                PublicKeys.parse(trail.publicKeysJson(), "keys"), Clock.fixed(trail.end(), ZoneOffset.UTC))
                .verify(new VerifyScope(trail.bucket(), "p/", Set.of("444455556666"), Set.of("eu-west-1"),
                        trail.start(), trail.end()));
        assertTrue(report.valid(), report.toString());
        assertEquals(3, report.digests().size());
        assertTrue(report.digests().stream().allMatch(c -> c.account().equals("444455556666")
                && c.region().equals("eu-west-1")));
    }

    @Test
    void chainRestartedAfterAPause() {
        SignedTrail trail = SignedTrail.builder(13).regions("us-west-2").hours(7).pause(2, 4).build();
        VerifyReport report = new TrailFixture(trail, "").verify(dir, trail.objects());
        Obj restarted = trail.digests().get(2);
        assertVerdicts(report, Map.of(restarted.key(), Verdict.CHAIN_RESTARTED));
        assertTrue(report.valid(), report.toString());
        assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("gap in account 123456789012 region us-west-2")),
                report.notes().toString());
        // what the gap means and the call to look for, over the hour before the chain's last digest to the restart
        Instant before = Instant.parse(TrailFixture.json(trail.digests().get(1)).get("digestEndTime").asText());
        Instant after = Instant.parse(TrailFixture.json(restarted).get("digestStartTime").asText());
        assertTrue(report.notes().stream().anyMatch(n -> n.contains("logging was stopped, the region taken out of the"
                + " trail (made single-region), the trail deleted and made again or validation turned off then")
                && n.endsWith("`trailkeeper query --event-name StopLogging,StartLogging,UpdateTrail,DeleteTrail,"
                + "CreateTrail --since " + before.minus(Duration.ofHours(1))
                + " --until " + after + "`")), report.notes().toString());
        assertEquals(5, report.digests().size());
    }

    @Test
    void aStopAndStartWithinTheHourIsARestartNotABrokenLink() {
        SignedTrail trail = SignedTrail.builder(21).regions("us-west-2").hours(6).build();
        TrailFixture fixture = new TrailFixture(trail, "");
        List<Obj> chain = fixture.chain("us-west-2");
        Obj last = chain.get(chain.size() - 1);
        Instant stopped = Instant.parse(TrailFixture.json(chain.get(chain.size() - 2)).get("digestEndTime").asText());
        // StopLogging, StartLogging ten minutes later: the digest after it starts a new chain, less than 90 minutes
        // after the final digest of the old one
        ObjectNode json = TrailFixture.unlinked(TrailFixture.json(last));
        json.put("digestStartTime", stopped.plus(Duration.ofMinutes(10)).toString());
        VerifyReport report = fixture.verify(dir, fixture.replace(last.key(), trail.resign(last, json.toString())));
        assertVerdicts(report, Map.of(last.key(), Verdict.CHAIN_RESTARTED));
        assertTrue(report.valid(), report.toString());
        assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("gap in account 123456789012 region us-west-2")
                && n.contains("no digests from " + stopped + " to " + stopped.plus(Duration.ofMinutes(10)))),
                report.notes().toString());
    }

    @Test
    void aNewChainStartingWhereTheOldOneEndsIsARestartNotABrokenLink() {
        for (Duration overlap : List.of(Duration.ZERO, Duration.ofMinutes(5))) {
            SignedTrail trail = SignedTrail.builder(22).regions("us-west-2").hours(6).build();
            TrailFixture fixture = new TrailFixture(trail, "");
            List<Obj> chain = fixture.chain("us-west-2");
            Obj restarted = chain.get(chain.size() - 1);
            Instant stopped = Instant.parse(TrailFixture.json(chain.get(chain.size() - 2)).get("digestEndTime")
                    .asText());
            // validation off and on again within the hour: CloudTrail signs a digest that names no previous one and
            // starts where (or before) the last digest of the old chain ends; a deletion cannot make such a digest
            ObjectNode json = TrailFixture.unlinked(TrailFixture.json(restarted));
            json.put("digestStartTime", stopped.minus(overlap).toString());
            VerifyReport report = fixture.verify(dir.resolve("overlap-" + overlap.toMinutes()),
                    fixture.replace(restarted.key(), trail.resign(restarted, json.toString())));
            assertVerdicts(report, Map.of(restarted.key(), Verdict.CHAIN_RESTARTED));
            assertTrue(report.valid(), report.toString());
            assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("new chain in account 123456789012 region"
                    + " us-west-2") && n.contains("without a gap")), report.notes().toString());
        }
    }

    @Test
    void anAlteredPreviousDigestJustBeforeThePeriodIsReportedAsADeletedOneWouldBe() {
        SignedTrail trail = SignedTrail.builder(24).regions("us-west-2").hours(6).build();
        TrailFixture fixture = new TrailFixture(trail, "");
        Obj before = fixture.chain("us-west-2").get(1);
        ObjectNode json = TrailFixture.json(before);
        json.put("awsAccountId", "999999999999");
        Instant since = trail.start().plus(Duration.ofMinutes(150));
        VerifyReport report = fixture.verify(dir, fixture.replace(before.key(),
                TrailFixture.withContent(before, json.toString())), since, trail.end(),
                trail.end().plus(Duration.ofHours(6)));
        FileCheck c = TrailFixture.check(report, before.key());
        assertEquals(Verdict.DIGEST_SIGNATURE_INVALID, c.verdict(), c.reason());
        assertTrue(c.reason().endsWith("names it as its previous digest"), c.reason());
        assertFalse(report.valid());
    }

    @Test
    void aDigestWhoseLinkWasEmptiedByHandIsNotARestart() {
        SignedTrail trail = SignedTrail.builder(23).regions("us-west-2").hours(6).build();
        TrailFixture fixture = new TrailFixture(trail, "");
        List<Obj> chain = fixture.chain("us-west-2");
        Obj edited = chain.get(chain.size() - 1);
        ObjectNode json = TrailFixture.json(edited);
        json.putNull("previousDigestSignature");
        json.putNull("previousDigestS3Object");
        // the content changed after CloudTrail signed it: the signature no longer verifies
        VerifyReport report = fixture.verify(dir, fixture.replace(edited.key(),
                TrailFixture.withContent(edited, json.toString())));
        assertEquals(Verdict.DIGEST_SIGNATURE_INVALID, TrailFixture.check(report, edited.key()).verdict());
        assertFalse(report.valid());
    }

    @Test
    void logFilesWrittenWhileValidationWasOffAreNotVerifiedNotInserted() {
        SignedTrail trail = SignedTrail.builder(13).regions("us-west-2").hours(7).pause(2, 4).build();
        Obj model = trail.logs().get(0);
        // validation off from hour 2 to 4, logging on: CloudTrail wrote this log file, and no digest
        String duringPause = model.key().replaceAll("_\\d{8}T\\d{4}Z_[A-Za-z0-9]{16}\\.json\\.gz$",
                "_20240301T0230Z_WhileValidOff001.json.gz");
        List<Obj> objects = new java.util.ArrayList<>(trail.objects());
        objects.add(new Obj(model.bucket(), duringPause, model.bytes(), Map.of()));
        VerifyReport report = new TrailFixture(trail, "").verify(dir, objects);
        FileCheck c = TrailFixture.check(report, duringPause);
        assertEquals(Verdict.NOT_VERIFIED, c.verdict(), c.toString());
        assertFalse(report.valid());
    }

    @Test
    void hoursWithoutADigestInsideTheChainAreMissing() {
        SignedTrail trail = SignedTrail.builder(14).regions("us-west-2").hours(6).build();
        List<Obj> digests = trail.digests();
        // two consecutive digests gone: the later one is named by the next digest, the earlier by none
        List<Obj> objects = trail.objects().stream()
                .filter(o -> o != digests.get(2) && o != digests.get(3)).toList();
        VerifyReport report = new TrailFixture(trail, "").verify(dir, objects);
        List<FileCheck> missing = report.digests().stream().filter(c -> c.verdict() == Verdict.DIGEST_MISSING).toList();
        assertEquals(2, missing.size(), report.toString());
        assertEquals(digests.get(3).key(), missing.get(1).key());
        assertTrue(missing.get(0).reason().startsWith("no digest for the hour ending about"), missing.get(0).reason());
        assertTrue(missing.get(0).key().endsWith("_20240301T03*.json.gz"), missing.get(0).key());
    }

    @Test
    void noDigestAfterTheLastUpToTheRangesEndIsTheChainsEndNotMissingDigests() {
        // logging stopped (or the trail deleted) after the third hour: CloudTrail delivered a final digest
        SignedTrail trail = SignedTrail.builder(15).regions("us-west-2").hours(3).build();
        SignedTrail.writeEvidence(dir, trail.objects());
        Instant now = trail.end().plus(Duration.ofHours(4)).plusSeconds(600);
        VerifyReport report = new DigestVerifier(new EvidenceFolder(dir),
                PublicKeys.parse(trail.publicKeysJson(), "keys"), Clock.fixed(now, ZoneOffset.UTC))
                .verify(new VerifyScope(trail.bucket(), "", Set.of(), Set.of(), trail.start(), null));
        assertEquals(3, report.count("digest", Verdict.VALID));
        assertEquals(0, report.count("digest", Verdict.DIGEST_MISSING), report.toString());
        assertEquals(1, report.count("digest", Verdict.CHAIN_ENDS), report.toString());
        FileCheck end = report.digests().stream().filter(c -> c.verdict() == Verdict.CHAIN_ENDS).findFirst()
                .orElseThrow();
        Instant last = Instant.parse(TrailFixture.json(trail.digests().get(2)).get("digestEndTime").asText());
        assertTrue(end.reason().startsWith("the last digest of account "), end.reason());
        assertTrue(end.reason().contains("ends at " + last + "; no digest after it"), end.reason());
        assertTrue(end.reason().contains("--event-name StopLogging,DeleteTrail,UpdateTrail"), end.reason());
        assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("chain ends: ")), report.notes().toString());
        // a warning, not tampering: no log file of the period lies after the end
        assertTrue(report.valid(), report.toString());
    }

    @Test
    void logFilesAfterTheChainsEndAreNotVerified() {
        // the last two digests gone (deleted, or validation turned off) while their log files stay, --until given
        SignedTrail trail = SignedTrail.builder(15).regions("us-west-2").hours(6).build();
        List<Obj> digests = trail.digests();
        List<Obj> objects = trail.objects().stream().filter(o -> o != digests.get(4) && o != digests.get(5)).toList();
        VerifyReport report = new TrailFixture(trail, "").verify(dir, objects, trail.start(),
                trail.end().plus(Duration.ofHours(3)), trail.end().plus(Duration.ofHours(6)));
        assertEquals(0, report.count("digest", Verdict.DIGEST_MISSING), report.toString());
        assertEquals(1, report.count("digest", Verdict.CHAIN_ENDS), report.toString());
        List<String> after = new ArrayList<>(TrailFixture.logsOf(digests.get(4)));
        after.addAll(TrailFixture.logsOf(digests.get(5)));
        assertFalse(after.isEmpty());
        for (String log : after) {
            FileCheck c = TrailFixture.check(report, log);
            assertEquals(Verdict.NOT_VERIFIED, c.verdict(), c.toString());
        }
        assertEquals(0, report.count("log", Verdict.LOG_NOT_IN_DIGEST), report.toString());
        assertFalse(report.valid(), "log files no digest vouches for are not verified");
    }

    @Test
    void keysGivenAsSubjectPublicKeyInfoVerifyToo() {
        SignedTrail trail = SignedTrail.builder(16).regions("us-east-1").hours(2).build();
        DigestSigningKey key = trail.keys().get(0);
        PublicKeys spki = new PublicKeys(List.of(new DigestPublicKey(key.fingerprint(), key.validityStart(),
                key.validityEnd(), key.spkiDer())));
        VerifyReport report = new TrailFixture(trail, "").verify(dir, trail.objects(), spki);
        assertTrue(report.valid(), report.toString());
        assertEquals(2, report.digests().size());
    }

    @Test
    void digestsOfARegionWhoseKeysCouldNotBeFetchedAreKeyUnavailable() {
        SignedTrail trail = SignedTrail.builder(19).regions("us-east-1", "eu-west-1").hours(3).build();
        // CloudTrail signs each region's digests with that region's keys: eu-west-1's could not be fetched
        List<DigestPublicKey> usEast1 = PublicKeys.parse(trail.publicKeysJson(), "keys").keys();
        PublicKeys keys = new PublicKeys(List.of(), Map.of("eu-west-1", "ListPublicKeys in eu-west-1 was denied"));
        VerifyReport report = new TrailFixture(trail, "").verify(dir, trail.objects(), keys);
        assertFalse(report.valid());
        for (FileCheck c : report.digests()) {
            Verdict expected = c.region().equals("eu-west-1") ? Verdict.KEY_UNAVAILABLE : Verdict.PUBLIC_KEY_NOT_FOUND;
            assertEquals(expected, c.verdict(), c.toString());
        }
        FileCheck one = report.digests().stream().filter(c -> c.region().equals("eu-west-1")).findFirst().orElseThrow();
        assertTrue(one.reason().contains("ListPublicKeys in eu-west-1 was denied"), one.reason());
        assertTrue(report.logs().stream().allMatch(c -> c.verdict() == Verdict.NOT_VERIFIED), report.logs().toString());
        // with the keys, the same region verifies: "unavailable" only says the keys are missing
        assertTrue(new TrailFixture(trail, "").verify(dir, trail.objects(), new PublicKeys(usEast1,
                Map.of("eu-west-1", "denied"))).valid());
    }

    @Test
    void noDigestsIsNotValid() {
        VerifyReport report = new DigestVerifier(new EvidenceFolder(dir), new PublicKeys(List.of()),
                Clock.systemUTC()).verify(new VerifyScope("empty", "", Set.of(), Set.of(),
                Instant.parse("2024-03-01T00:00:00Z"), Instant.parse("2024-03-02T00:00:00Z")));
        assertFalse(report.valid());
        assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("no digest ends between")), report.notes().toString());
    }

    @Test
    void aFolderThatCannotBeListedMakesTheAnswerIncompleteNotValid() {
        SignedTrail trail = SignedTrail.builder(17).regions("us-east-1", "eu-west-1").hours(3).build();
        SignedTrail.writeEvidence(dir, trail.objects());
        EvidenceFolder folder = new EvidenceFolder(dir);
        EvidenceSource denied = new DelegatingSource(folder) {
            @Override
            public List<String> keys(String bucket, String prefix) throws java.io.IOException {
                if (prefix.contains("/CloudTrail-Digest/eu-west-1/")) {
                    throw new java.io.IOException("Access Denied");
                }
                return folder.keys(bucket, prefix);
            }
        };
        VerifyReport report = new DigestVerifier(denied, PublicKeys.parse(trail.publicKeysJson(), "keys"),
                Clock.fixed(trail.end(), ZoneOffset.UTC)).verify(new VerifyScope(trail.bucket(), "", Set.of(),
                Set.of(), trail.start(), trail.end()));
        assertFalse(report.valid(), "a region whose digests could not be listed was not verified");
        assertFalse(report.notListed().isEmpty());
        assertTrue(report.notListed().stream().allMatch(n -> n.contains("/CloudTrail-Digest/eu-west-1/")
                && n.endsWith(": Access Denied")), report.notListed().toString());
        // what could be read is still checked: us-east-1's digests are all there and valid
        assertTrue(report.digests().stream().allMatch(c -> c.region().equals("us-east-1")
                && c.verdict() == Verdict.VALID), report.digests().toString());
        assertEquals(trail.digests().stream().filter(d -> d.key().contains("/us-east-1/")).count(),
                report.digests().size());
    }

    @Test
    void filesThatCannotBeReadAreNamedSoNotAsTampered() {
        SignedTrail trail = SignedTrail.builder(18).regions("us-east-1").hours(4).build();
        SignedTrail.writeEvidence(dir, trail.objects());
        EvidenceFolder folder = new EvidenceFolder(dir);
        Obj log = trail.logs().get(0);
        // a digest inside the chain: the logs of its hour are then listed by no digest that could be read
        Obj digest = trail.digests().get(2);
        EvidenceSource flaky = new DelegatingSource(folder) {
            @Override
            public OpenedObject open(String bucket, String key, long limit) throws java.io.IOException {
                if (key.equals(log.key()) || key.equals(digest.key())) {
                    throw new java.io.IOException("Access Denied");
                }
                return folder.open(bucket, key, limit);
            }
        };
        VerifyReport report = new DigestVerifier(flaky, PublicKeys.parse(trail.publicKeysJson(), "keys"),
                Clock.fixed(trail.end(), ZoneOffset.UTC)).verify(new VerifyScope(trail.bucket(), "", Set.of(),
                Set.of(), trail.start(), trail.end()));
        assertFalse(report.valid(), "what could not be read was not verified");
        FileCheck unreadLog = report.logs().stream().filter(c -> c.key().equals(log.key())).findFirst().orElseThrow();
        assertEquals(Verdict.NOT_READ, unreadLog.verdict(), unreadLog.toString());
        assertTrue(unreadLog.reason().startsWith("could not be read: Access Denied"), unreadLog.reason());
        FileCheck unreadDigest = report.digests().stream().filter(c -> c.key().equals(digest.key())).findFirst()
                .orElseThrow();
        assertEquals(Verdict.NOT_READ, unreadDigest.verdict(), unreadDigest.toString());
        assertTrue(report.logs().stream().noneMatch(c -> c.verdict() == Verdict.LOG_MISSING
                || c.verdict() == Verdict.LOG_MODIFIED || c.verdict() == Verdict.LOG_NOT_IN_DIGEST),
                report.logs().toString());
        List<FileCheck> ofThatHour = report.logs().stream().filter(c -> c.reason().startsWith("not verified: the digest"
                + " of its hour, " + digest.key() + ", could not be read")).toList();
        assertFalse(ofThatHour.isEmpty(), report.logs().toString());
        assertTrue(ofThatHour.stream().allMatch(c -> c.verdict() == Verdict.NOT_READ));
    }

    @Test
    void aReadThatFailsPartWayIsNotReadNotAFileThatIsNotGzip() {
        SignedTrail trail = SignedTrail.builder(19).regions("us-east-1").hours(2).build();
        SignedTrail.writeEvidence(dir, trail.objects());
        EvidenceFolder folder = new EvidenceFolder(dir);
        Obj log = trail.logs().get(0);
        // the connection drops half-way, inside gzip's reading: one read fails, the next find the stream's end
        EvidenceSource dropping = new DelegatingSource(folder) {
            @Override
            public OpenedObject open(String bucket, String key, long limit) throws IOException {
                if (!key.equals(log.key())) {
                    return folder.open(bucket, key, limit);
                }
                InputStream reset = new InputStream() {
                    private boolean failed;

                    @Override
                    public int read() throws IOException {
                        if (failed) {
                            return -1;
                        }
                        failed = true;
                        throw new IOException("Connection reset");
                    }
                };
                return OpenedObject.of(key, log.bytes().length, limit, new SequenceInputStream(
                        new ByteArrayInputStream(Arrays.copyOf(log.bytes(), log.bytes().length / 2)), reset), Map.of());
            }
        };
        VerifyReport report = new DigestVerifier(dropping, PublicKeys.parse(trail.publicKeysJson(), "keys"),
                Clock.fixed(trail.end(), ZoneOffset.UTC)).verify(new VerifyScope(trail.bucket(), "", Set.of(),
                Set.of(), trail.start(), trail.end()));
        FileCheck dropped = report.logs().stream().filter(c -> c.key().equals(log.key())).findFirst().orElseThrow();
        assertEquals(Verdict.NOT_READ, dropped.verdict(), dropped.toString());
        assertTrue(dropped.reason().startsWith("could not be read: Connection reset"), dropped.reason());
    }
}
