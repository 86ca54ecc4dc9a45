package io.trailkeeper.integrity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import io.trailkeeper.testkit.DigestSigningKey;
import io.trailkeeper.testkit.SignedTrail;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keys file: ListPublicKeys' response shape, written and read back, and what a damaged one says. */
class PublicKeysTest {
    private static SignedTrail trail;

    @TempDir
    Path dir;

    @BeforeAll
    static void generate() {
        trail = SignedTrail.builder(3).hours(5).rotateKeyAtHour(2).regions("us-east-1").build();
    }

    @Test
    void roundTripKeepsEveryKey() throws IOException {
        PublicKeys keys = PublicKeys.parse(trail.publicKeysJson(), "generated");
        Path file = dir.resolve("keys/keys.json");
        keys.write(file);
        PublicKeys read = PublicKeys.read(file);
        assertEquals(2, read.keys().size());
        for (DigestSigningKey key : trail.keys()) {
            DigestPublicKey found = read.find(key.fingerprint().toUpperCase(java.util.Locale.ROOT));
            assertArrayEquals(key.pkcs1Der(), found.der());
            assertEquals(key.validityStart(), found.validityStart());
            assertEquals(key.validityEnd(), found.validityEnd());
        }
        assertNull(read.find("ffffffffffffffffffffffffffffffff"));
        assertEquals(keys.toJson(), read.toJson());
    }

    @Test
    void regionsWhoseKeysWereUnavailableAreKeptInTheFile() throws IOException {
        PublicKeys keys = new PublicKeys(PublicKeys.parse(trail.publicKeysJson(), "generated").keys(),
                java.util.Map.of("eu-west-1", "ListPublicKeys in eu-west-1 was denied"));
        Path file = dir.resolve("partial.json");
        keys.write(file);
        PublicKeys read = PublicKeys.read(file);
        assertEquals(2, read.keys().size());
        assertEquals("ListPublicKeys in eu-west-1 was denied", read.unavailable("eu-west-1"));
        assertEquals(null, read.unavailable("us-east-1"));
        TrailKeeperException e = assertThrows(TrailKeeperException.class, () -> PublicKeys.parse(
                "{\"PublicKeyList\": [], \"TrailKeeperUnavailableRegions\": [\"eu-west-1\"]}", "odd.json"));
        assertTrue(e.getMessage().contains("odd.json") && e.getMessage().contains("region: reason"), e.getMessage());
    }

    @Test
    void awsCliOutputWithOffsetsAndEpochSecondsIsRead() {
        DigestSigningKey key = trail.keys().get(0);
        String json = "{\n    \"PublicKeyList\": [\n        {\n            \"Value\": \""
                + Base64.getEncoder().encodeToString(key.pkcs1Der()) + "\",\n"
                + "            \"ValidityStartTime\": \"2024-02-01T00:00:00+00:00\",\n"
                + "            \"ValidityEndTime\": 1711929600.5,\n"
                + "            \"Fingerprint\": \"" + key.fingerprint() + "\"\n        }\n    ]\n}\n";
        DigestPublicKey read = PublicKeys.parse(json, "cli output").find(key.fingerprint());
        assertEquals(Instant.parse("2024-02-01T00:00:00Z"), read.validityStart());
        assertEquals(Instant.parse("2024-04-01T00:00:00.500Z"), read.validityEnd());
    }

    @Test
    void aFingerprintThatIsNotTheMd5OfItsKeyIsRefused() {
        DigestSigningKey real = trail.keys().get(0);
        DigestSigningKey other = trail.keys().get(1);
        String doctored = trail.publicKeysJson().replace(Base64.getEncoder().encodeToString(real.pkcs1Der()),
                Base64.getEncoder().encodeToString(other.pkcs1Der()));
        TrailKeeperException e = assertThrows(TrailKeeperException.class, () -> PublicKeys.parse(doctored, "keys"));
        assertEquals(ErrorCode.USAGE, e.code());
        assertTrue(e.getMessage().contains("entry 1 (Fingerprint " + real.fingerprint() + ")")
                && e.getMessage().contains("MD5 of its Value is " + other.fingerprint()), e.getMessage());
        // the same key given as SubjectPublicKeyInfo keeps the fingerprint of its PKCS#1 form, as ListPublicKeys gives it
        String spki = trail.publicKeysJson().replace(Base64.getEncoder().encodeToString(real.pkcs1Der()),
                Base64.getEncoder().encodeToString(real.spkiDer()));
        assertEquals(2, PublicKeys.parse(spki, "keys").keys().size());
    }

    @Test
    void missingFileNamesIt() {
        Path file = dir.resolve("nope.json");
        TrailKeeperException e = assertThrows(TrailKeeperException.class, () -> PublicKeys.read(file));
        assertEquals(ErrorCode.INPUT_NOT_FOUND, e.code());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.hint().contains("verify keys --out"));
    }

    @Test
    void damagedFilesNameTheFileAndTheEntry() throws IOException {
        String good = "{\"Value\":\"" + Base64.getEncoder().encodeToString(trail.keys().get(0).pkcs1Der())
                + "\",\"ValidityStartTime\":\"2024-01-01T00:00:00Z\",\"ValidityEndTime\":\"2024-06-01T00:00:00Z\","
                + "\"Fingerprint\":\"" + trail.keys().get(0).fingerprint() + "\"}";
        List<String[]> cases = List.of(
                new String[]{"not json {", "is not JSON"},
                new String[]{"{\"Keys\":[]}", "no PublicKeyList array"},
                new String[]{"{\"PublicKeyList\":[" + good + ",{\"Value\":\"%%%\",\"Fingerprint\":\"bb\"}]}",
                        "entry 2 (Fingerprint bb): Value is not base64"},
                new String[]{"{\"PublicKeyList\":[{\"Value\":\"AAECAw==\",\"Fingerprint\":\"cc\"}]}",
                        "entry 1 (Fingerprint cc): Value is not an RSA public key"},
                new String[]{"{\"PublicKeyList\":[{\"Value\":\"AAECAw==\"}]}", "entry 1: Fingerprint missing"},
                new String[]{"{\"PublicKeyList\":[" + good.replace("2024-06-01T00:00:00Z", "next June") + "]}",
                        "entry 1 (Fingerprint " + trail.keys().get(0).fingerprint() + "): ValidityEndTime is not a time"});
        for (String[] c : cases) {
            Path file = Files.writeString(dir.resolve("keys.json"), c[0]);
            TrailKeeperException e = assertThrows(TrailKeeperException.class, () -> PublicKeys.read(file), c[0]);
            assertEquals(ErrorCode.USAGE, e.code());
            assertTrue(e.getMessage().startsWith("public keys file " + file), e.getMessage());
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
        }
    }
}
