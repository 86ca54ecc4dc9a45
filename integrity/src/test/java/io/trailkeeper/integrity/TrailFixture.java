package io.trailkeeper.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trailkeeper.testkit.SignedTrail;
import io.trailkeeper.testkit.SignedTrail.Obj;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A generated trail written as an evidence folder and verified through {@link EvidenceFolder}, with tampering helpers. */
final class TrailFixture {
    final SignedTrail trail;
    final String prefix;

    TrailFixture(SignedTrail trail, String prefix) {
        this.trail = trail;
        this.prefix = prefix;
    }

    VerifyReport verify(Path dir, List<Obj> objects) {
        return verify(dir, objects, PublicKeys.parse(trail.publicKeysJson(), "generated keys"));
    }

    VerifyReport verify(Path dir, List<Obj> objects, PublicKeys keys) {
        SignedTrail.writeEvidence(dir, objects);
        Clock clock = Clock.fixed(trail.end().plus(Duration.ofHours(6)), ZoneOffset.UTC);
        return new DigestVerifier(new EvidenceFolder(dir), keys, clock)
                .verify(new VerifyScope(trail.bucket(), prefix, Set.of(), Set.of(), trail.start(), trail.end()));
    }

    /** Verifies [since, until] ({@code until} null: up to now) at the time {@code now}. */
    VerifyReport verify(Path dir, List<Obj> objects, Instant since, Instant until, Instant now) {
        SignedTrail.writeEvidence(dir, objects);
        return verify(new EvidenceFolder(dir), since, until, now);
    }

    /** Verifies [since, until] ({@code until} null: up to now) of {@code source} at the time {@code now}. */
    VerifyReport verify(EvidenceSource source, Instant since, Instant until, Instant now) {
        return new DigestVerifier(source, PublicKeys.parse(trail.publicKeysJson(), "generated keys"),
                Clock.fixed(now, ZoneOffset.UTC)).verify(new VerifyScope(trail.bucket(), prefix, Set.of(), Set.of(),
                since, until));
    }

    /** The objects with the one at {@code key} replaced (null: removed). */
    List<Obj> replace(String key, Obj replacement) {
        List<Obj> out = new ArrayList<>();
        for (Obj o : trail.objects()) {
            if (!o.key().equals(key)) {
                out.add(o);
            } else if (replacement != null) {
                out.add(replacement);
            }
        }
        return out;
    }

    /** Digests of the first region's (non-backfill) chain, in time order. */
    List<Obj> chain(String region) {
        return trail.digests().stream().filter(d -> d.key().contains("/CloudTrail-Digest/" + region + "/")
                && !d.key().endsWith("_backfill.json.gz")).toList();
    }

    Obj digest(Predicate<Obj> which) {
        return trail.digests().stream().filter(which).findFirst().orElseThrow();
    }

    static boolean hasLogs(Obj digest) {
        return !SignedTrail.parse(digest.content()).get("logFiles").isEmpty();
    }

    static List<String> logsOf(Obj digest) {
        List<String> keys = new ArrayList<>();
        SignedTrail.parse(digest.content()).get("logFiles").forEach(l -> keys.add(l.get("s3Object").asText()));
        return keys;
    }

    static ObjectNode json(Obj digest) {
        return (ObjectNode) SignedTrail.parse(digest.content());
    }

    /** A digest's content naming no previous digest, as the first digest of a chain does. */
    static ObjectNode unlinked(ObjectNode json) {
        for (String field : List.of("previousDigestS3Bucket", "previousDigestS3Object", "previousDigestHashValue",
                "previousDigestHashAlgorithm", "previousDigestSignature")) {
            json.putNull(field);
        }
        return json;
    }

    /** The same object with new uncompressed content, gzipped, metadata kept. */
    static Obj withContent(Obj o, String content) {
        return new Obj(o.bucket(), o.key(), SignedTrail.gzip(content.getBytes(StandardCharsets.UTF_8)), o.metadata());
    }

    static FileCheck check(VerifyReport report, String key) {
        return Stream.concat(report.digests().stream(), report.logs().stream()).filter(c -> c.key().equals(key))
                .findFirst().orElseThrow(() -> new AssertionError("no check of " + key + " in " + report));
    }

    /** Every check has the verdict {@code expected} gives it (VALID when it gives null). */
    static void assertVerdicts(VerifyReport report, java.util.Map<String, Verdict> expected) {
        for (FileCheck c : Stream.concat(report.digests().stream(), report.logs().stream()).toList()) {
            Verdict want = expected.getOrDefault(c.key(), Verdict.VALID);
            assertEquals(want, c.verdict(), c.key() + ": " + c.reason());
        }
        for (String key : expected.keySet()) {
            check(report, key);
        }
        assertTrue(report.digests().size() + report.logs().size() > 0);
    }
}
