package io.trailkeeper.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.trailkeeper.testkit.SignedTrail;
import io.trailkeeper.testkit.SignedTrail.Obj;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An implementation nobody here wrote: openssl reads the published key (PKCS#1 DER, as ListPublicKeys gives it)
 * and verifies a digest's signature over the string to sign built here from the digest's fields; it and the
 * verifier agree on a good digest and on one whose string differs by one character.
 */
class OpensslCrossCheckTest {
    @TempDir
    Path dir;

    @Test
    void opensslAndTheVerifierAgree() throws Exception {
        SignedTrail trail = SignedTrail.builder(21).regions("eu-west-1").hours(3).build();
        Obj digest = trail.digests().get(1);
        byte[] content = SignedTrail.gunzip(digest.bytes());
        JsonNode json = SignedTrail.parse(new String(content, StandardCharsets.UTF_8));
        JsonNode key = SignedTrail.parse(trail.publicKeysJson()).get("PublicKeyList").get(0);
        assertEquals(key.get("Fingerprint").asText(), json.get("digestPublicKeyFingerprint").asText());
        Path der = Files.write(dir.resolve("key.der"), Base64.getDecoder().decode(key.get("Value").asText()));
        Path pem = dir.resolve("key.pem");
        run("openssl", "rsa", "-RSAPublicKey_in", "-inform", "DER", "-in", der.toString(), "-pubout", "-out",
                pem.toString());
        Path signature = Files.write(dir.resolve("sig.bin"), HexFormat.of().parseHex(digest.metadata().get("signature")));
        String toSign = json.get("digestEndTime").asText() + "\n" + json.get("digestS3Bucket").asText() + "/"
                + json.get("digestS3Object").asText() + "\n" + SignedTrail.sha256Hex(content) + "\n"
                + json.get("previousDigestSignature").asText();
        Path good = Files.writeString(dir.resolve("good.txt"), toSign);
        Path bad = Files.writeString(dir.resolve("bad.txt"), toSign.replace("\n", "\r\n"));
        assertTrue(run("openssl", "dgst", "-sha256", "-verify", pem.toString(), "-signature", signature.toString(),
                good.toString()).contains("Verified OK"));
        assertTrue(run("openssl", "dgst", "-sha256", "-verify", pem.toString(), "-signature", signature.toString(),
                bad.toString()).contains("Verification failure"));

        VerifyReport report = new TrailFixture(trail, "").verify(dir.resolve("evidence"), trail.objects());
        assertEquals(Verdict.VALID, TrailFixture.check(report, digest.key()).verdict());
        Map<String, String> tampered = new java.util.HashMap<>(digest.metadata());
        String hex = digest.metadata().get("signature");
        tampered.put("signature", (hex.charAt(0) == '0' ? "1" : "0") + hex.substring(1));
        report = new TrailFixture(trail, "").verify(dir.resolve("evidence2"), new TrailFixture(trail, "")
                .replace(digest.key(), new Obj(digest.bucket(), digest.key(), digest.bytes(), tampered)));
        assertEquals(Verdict.DIGEST_SIGNATURE_INVALID, TrailFixture.check(report, digest.key()).verdict());
    }

    /** Runs a command; its output (stdout and stderr). Fails when it cannot be started: openssl is a Debian base tool. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
