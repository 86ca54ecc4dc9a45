package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trailkeeper.integrity.PublicKeys;
import io.trailkeeper.testkit.SignedTrail;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trailkeeper verify} end to end: one signed chain (two regions, six hours, a key rotation, a backfill
 * digest) served from S3Mock with the emulator's ListPublicKeys verifies exactly as its evidence folder does
 * offline, whether the folder was written by SignedTrail or by a real {@code collect s3 --keep-raw} run, with keys
 * from the emulator or saved by {@code verify keys}: same verdict and same SHA-256s for every file. Tampering online
 * gives exit 3 and the verdict named; wrong usage exit 2 with the way out.
 */
class VerifyCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String[] range(SignedTrail t) {
        return new String[] {"--since", t.start().toString(), "--until", t.end().plus(Duration.ofHours(1)).toString()};
    }

    private static List<String> args(String... parts) {
        return new ArrayList<>(List.of(parts));
    }

    private static Cli.Result online(SignedBucket b, Path dir, String... more) {
        return b.verify(dir, b.s3Endpoint(), more);
    }

    private static Cli.Result offline(SignedTrail t, Path evidence, Path keys, Path dir, String... more) {
        List<String> a = args("verify", "--evidence", evidence.toString(), "--public-keys", keys.toString());
        a.addAll(List.of(range(t)));
        a.addAll(List.of(more));
        return Cli.run(dir.resolve("unused.duckdb"), a.toArray(String[]::new));
    }

    /** Every file of a --format json report: key -> verdict, stored SHA-256, content SHA-256. */
    static Map<String, String> verdicts(Cli.Result r) throws Exception {
        JsonNode root = JSON.readTree(r.out());
        Map<String, String> m = new TreeMap<>();
        for (JsonNode report : root.get("reports")) {
            for (String kind : List.of("digests", "logs")) {
                for (JsonNode f : report.get(kind)) {
                    m.put(f.get("key").asText(), f.get("verdict").asText() + " " + f.get("stored_sha256").asText()
                            + " " + f.get("content_sha256").asText());
                }
            }
        }
        return m;
    }

    @Test
    void theSameChainVerifiesIdenticallyOnlineAndOffline(@TempDir Path dir) throws Exception {
        try (SignedBucket b = new SignedBucket(7, "same")) {
            Cli.Result on = online(b, dir, "--format", "json");
            assertEquals(0, on.code(), on.toString());
            Map<String, String> expected = verdicts(on);
            assertEquals(b.trail.objects().size(), expected.size(), "every object checked: " + expected.keySet());
            assertTrue(expected.values().stream().allMatch(v -> v.startsWith("valid ")), expected.toString());

            Path keys = dir.resolve("keys.json");
            Files.writeString(keys, b.trail.publicKeysJson());
            Path written = dir.resolve("written");
            b.trail.writeEvidence(written);
            Cli.Result fromWritten = offline(b.trail, written, keys, dir, "--format", "json");
            assertEquals(0, fromWritten.code(), fromWritten.toString());
            assertEquals(expected, verdicts(fromWritten));

            Path collected = dir.resolve("collected");
            Cli.Result collect = Cli.run(dir.resolve("c.duckdb"), "collect", "s3", "--bucket", b.bucket,
                    "--region", "us-east-1", "--endpoint-url", b.s3Endpoint().toString(), "--keep-raw",
                    collected.toString());
            assertEquals(0, collect.code(), collect.toString());
            Path saved = dir.resolve("saved-keys.json");
            Cli.Result save = Cli.run(null, "verify", "keys", "--region", "us-east-1", "--endpoint-url",
                    b.emulator.endpoint().toString(), "--since", b.trail.start().minus(Duration.ofHours(1)).toString(),
                    "--out", saved.toString());
            assertEquals(0, save.code(), save.toString());
            assertTrue(save.out().contains("saved 2 public keys"), save.out());
            Cli.Result fromCollected = offline(b.trail, collected, saved, dir, "--format", "json");
            assertEquals(0, fromCollected.code(), fromCollected.toString());
            assertEquals(expected, verdicts(fromCollected));

            Cli.Result table = offline(b.trail, collected, saved, dir);
            assertEquals(0, table.code(), table.toString());
            assertTrue(table.out().contains("VALID: ") && !table.out().contains("failing files"), table.out());
        }
    }

    @Test
    void aLogAlteredInTheBucketIsNamedWithExitThree(@TempDir Path dir) throws Exception {
        try (SignedBucket b = new SignedBucket(11, "tampered")) {
            SignedTrail.Obj log = b.trail.logs().get(3);
            byte[] content = SignedTrail.gunzip(log.bytes());
            int at = new String(content, StandardCharsets.UTF_8).indexOf("eventName") + 12;
            content[at] ^= 1;
            b.put(new SignedTrail.Obj(log.bucket(), log.key(), SignedTrail.gzip(content), log.metadata()));

            Cli.Result table = online(b, dir);
            assertEquals(3, table.code(), table.toString());
            assertTrue(table.out().contains("log file modified") && table.out().contains(log.key()), table.out());
            assertTrue(table.out().contains("INVALID: log file modified: 1 "), table.out());

            Cli.Result json = online(b, dir, "--format", "json");
            assertEquals(3, json.code(), json.toString());
            Map<String, String> v = verdicts(json);
            assertTrue(v.get(log.key()).startsWith("log_modified "), v.get(log.key()));
            assertEquals(1, v.values().stream().filter(s -> !s.startsWith("valid ")).count(), v.toString());

            Cli.Result csv = online(b, dir, "--format", "csv");
            assertEquals(3, csv.code(), csv.toString());
            assertTrue(csv.out().startsWith("kind,bucket,key,account,region,time,verdict,reason"), csv.out());
            assertEquals(b.trail.objects().size() + 1, csv.out().strip().split("\r?\n").length, csv.out());
        }
    }

    @Test
    void aRegionWhoseKeysCannotBeFetchedDoesNotEndTheRun(@TempDir Path dir) throws Exception {
        // eu-west-1's ListPublicKeys is denied; its digests verify with the keys us-east-1 gave if their fingerprints
        // match (the generated chain signs both regions with the same keys), else they are "key unavailable"
        try (SignedBucket b = new SignedBucket(17, "nokeys", "eu-west-1")) {
            Cli.Result r = online(b, dir, "--format", "json");
            assertEquals(0, r.code(), r.toString());
            assertEquals(b.trail.objects().size(), verdicts(r).size());
        }
        try (SignedBucket b = new SignedBucket(18, "nokeysatall", "us-east-1", "eu-west-1")) {
            Cli.Result r = online(b, dir);
            assertEquals(1, r.code(), r.toString());
            assertTrue(r.err().contains("ListPublicKeys in eu-west-1 was denied"), r.err());
            assertTrue(r.err().contains("ListPublicKeys failed in every region with digests (eu-west-1, us-east-1)"),
                    r.err());
            assertTrue(r.err().contains("--public-keys FILE") && r.err().contains("trailkeeper verify keys"), r.err());
        }
    }

    @Test
    void verifyKeysSavesTheRegionsThatAnswerAndNamesTheOthers(@TempDir Path dir) throws Exception {
        try (SignedBucket b = new SignedBucket(19, "somekeys", "eu-west-1")) {
            Path saved = dir.resolve("keys.json");
            Cli.Result r = Cli.run(null, "verify", "keys", "--regions", "us-east-1,eu-west-1", "--endpoint-url",
                    b.emulator.endpoint().toString(), "--since", b.trail.start().toString(), "--out", saved.toString());
            assertEquals(4, r.code(), r.toString());
            assertTrue(r.out().contains("saved 2 public keys"), r.out());
            assertTrue(r.err().contains("warning: no keys saved for eu-west-1: ListPublicKeys in eu-west-1 was denied"),
                    r.err());
            PublicKeys read = PublicKeys.read(saved);
            assertEquals(2, read.keys().size());
            assertTrue(read.unavailable("eu-west-1").contains("denied"), read.unavailable("eu-west-1"));
            assertEquals(null, read.unavailable("us-east-1"));

            Cli.Result none = Cli.run(null, "verify", "keys", "--regions", "eu-west-1", "--endpoint-url",
                    b.emulator.endpoint().toString(), "--out", dir.resolve("none.json").toString());
            assertEquals(1, none.code(), none.toString());
            assertTrue(none.err().contains("ListPublicKeys in eu-west-1 was denied"), none.err());
            assertFalse(Files.exists(dir.resolve("none.json")));
        }
    }

    @Test
    void aHugeObjectPlantedInALogFolderIsNamedWithExitThreeAndTheRestVerified(@TempDir Path dir) throws Exception {
        // 6 GB (a sparse file: no disk used); read whole, it ended the run with OutOfMemoryError and no report
        SignedTrail t = SignedTrail.builder(17).start(java.time.Instant.parse("2024-06-01T08:00:00Z")).hours(3)
                .regions("us-east-1").build();
        Path evidence = dir.resolve("evidence");
        t.writeEvidence(evidence);
        String planted = t.logs().get(0).key().replace(".json.gz", "Z.json.gz");
        Path file = evidence.resolve(t.bucket()).resolve(planted);
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(6L << 30);
        }
        Path keys = dir.resolve("keys.json");
        Files.writeString(keys, t.publicKeysJson());
        Cli.Result r = offline(t, evidence, keys, dir, "--format", "json");
        assertEquals(3, r.code(), r.toString());
        Map<String, String> v = verdicts(r);
        assertTrue(v.get(planted).startsWith("log_not_in_digest "), v.get(planted));
        assertEquals(t.objects().size(), v.values().stream().filter(s -> s.startsWith("valid ")).count(), v.toString());
        assertTrue(r.out().contains("larger than any CloudTrail log file could be: " + (6L << 30) + " bytes"), r.out());
    }

    @Test
    void anObjectTooLargeForADigestInTheBucketIsRefusedByItsSizeAndTheRestVerified(@TempDir Path dir)
            throws Exception {
        // 40 MB in a digest folder of the bucket, past the 33 MB a stored digest can be: refused by Content-Length
        try (SignedBucket b = new SignedBucket(19, "huge")) {
            SignedTrail.Obj digest = b.trail.digests().get(0);
            String planted = digest.key().substring(0, digest.key().lastIndexOf('/') + 1) + "big.json.gz";
            b.put(new SignedTrail.Obj(digest.bucket(), planted, new byte[40 * 1024 * 1024], Map.of()));
            Cli.Result r = online(b, dir, "--format", "json");
            assertEquals(3, r.code(), r.toString());
            Map<String, String> v = verdicts(r);
            assertTrue(v.get(planted).startsWith("digest_invalid "), v.get(planted));
            assertEquals(b.trail.objects().size(), v.values().stream().filter(s -> s.startsWith("valid ")).count(),
                    v.toString());
            assertTrue(r.out().contains("larger than any CloudTrail digest file could be: " + 40 * 1024 * 1024
                    + " bytes"), r.out());
        }
    }

    @Test
    void noDigestInTheRangeIsInvalidAndSaysSo(@TempDir Path dir) {
        try (SignedBucket b = new SignedBucket(13, "empty")) {
            Cli.Result r = Cli.run(null, "verify", "--bucket", b.bucket, "--region", "us-east-1", "--endpoint-url",
                    b.emulator.endpoint().toString(), "--s3-endpoint-url", b.s3Endpoint().toString(),
                    "--since", "2023-01-01", "--until", "2023-01-02");
            assertEquals(3, r.code(), r.toString());
            assertTrue(r.out().contains("INVALID: no digest file found"), r.out());
        }
    }

    @Test
    void credentialsThatCannotBeLoadedAreSaidAsCredentialsWithHowToConfigureThem(@TempDir Path dir) throws Exception {
        // a profile that exists but holds no credentials
        Path config = Files.writeString(dir.resolve("config"), "[profile empty]\nregion = us-east-1\n");
        String before = System.getProperty("aws.configFile");
        System.setProperty("aws.configFile", config.toString());
        try (SignedBucket b = new SignedBucket(14, "no-credentials")) {
            Cli.Result r = Cli.run(null, "verify", "--bucket", b.bucket, "--region", "us-east-1", "--endpoint-url",
                    b.emulator.endpoint().toString(), "--s3-endpoint-url", b.s3Endpoint().toString(),
                    "--profile", "empty", "--since", "2023-01-01", "--until", "2023-01-02");
            assertEquals(1, r.code(), r.toString());
            assertTrue(r.err().contains("the AWS credentials could not be loaded") && r.err().contains("[TK-301]"),
                    r.toString());
            assertTrue(r.err().contains("to fix: configure credentials (aws configure, AWS_PROFILE, --profile"),
                    r.toString());
        } finally {
            if (before == null) {
                System.clearProperty("aws.configFile");
            } else {
                System.setProperty("aws.configFile", before);
            }
        }
    }

    @Test
    void usageErrorsSayWhatToDo(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("evidence/some-bucket"));
        Cli.Result neither = Cli.run(null, "verify", "--since", "1d");
        assertEquals(2, neither.code(), neither.toString());
        assertTrue(neither.err().contains("--bucket BUCKET (online) or --evidence DIR (offline)"), neither.err());

        Cli.Result noKeys = Cli.run(null, "verify", "--evidence", dir.resolve("evidence").toString());
        assertEquals(2, noKeys.code(), noKeys.toString());
        assertTrue(noKeys.err().contains("--public-keys FILE") && noKeys.err().contains("trailkeeper verify keys")
                && noKeys.err().contains("aws cloudtrail list-public-keys"), noKeys.err());

        Cli.Result awsOffline = Cli.run(null, "verify", "--evidence", dir.resolve("evidence").toString(),
                "--public-keys", "k.json", "--profile", "prod");
        assertEquals(2, awsOffline.code(), awsOffline.toString());
        assertTrue(awsOffline.err().contains("takes no AWS options"), awsOffline.err());

        Cli.Result noSince = Cli.run(null, "verify", "--bucket", "b");
        assertEquals(2, noSince.code(), noSince.toString());
        assertTrue(noSince.err().contains("needs --since"), noSince.err());

        Cli.Result noFolder = Cli.run(null, "verify", "--evidence", dir.resolve("nothing").toString(),
                "--public-keys", "k.json");
        assertEquals(2, noFolder.code(), noFolder.toString());
        assertFalse(noFolder.err().contains("internal error"), noFolder.err());
    }
}
