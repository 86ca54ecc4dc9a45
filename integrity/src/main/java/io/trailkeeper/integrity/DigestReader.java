package io.trailkeeper.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads one digest and checks what it says about itself: gzip JSON with the required fields, stored where it says
 * it was written (digestS3Bucket, digestS3Object), signed (metadata {@code signature}) with the public key its
 * fingerprint names, SHA256withRSA over {@code digestEndTime\nbucket/object\nhex(SHA-256(content))\n
 * previousDigestSignature} ("null" for the first digest of a chain), as CloudTrail and the AWS CLI do.
 */
final class DigestReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> REQUIRED = List.of("digestStartTime", "digestEndTime", "digestS3Bucket",
            "digestS3Object", "digestPublicKeyFingerprint");

    private final EvidenceSource source;
    private final PublicKeys keys;

    DigestReader(EvidenceSource source, PublicKeys keys) {
        this.source = source;
        this.keys = keys;
    }

    DigestFile load(String bucket, DigestName name) {
        DigestFile d = new DigestFile(bucket, name);
        StoredObject object;
        try {
            object = source.read(bucket, name.key());
        } catch (IOException e) {
            d.verdict(Verdict.NOT_READ, "could not be read: " + e.getMessage());
            return d;
        }
        if (object == null) {
            d.verdict(Verdict.DIGEST_MISSING, "listed, but gone when read");
            return d;
        }
        d.storedSha256 = StoredBytes.sha256(object.bytes());
        byte[] content;
        try {
            content = StoredBytes.gunzip(object.bytes());
        } catch (IOException e) {
            d.verdict(Verdict.DIGEST_INVALID, "not gzip: " + e.getMessage());
            return d;
        }
        d.contentSha256 = StoredBytes.sha256(content);
        d.signature = object.metadata().get("signature");
        if (!parse(d, content)) {
            return d;
        }
        String where = d.text("digestS3Bucket") + "/" + d.text("digestS3Object");
        if (!where.equals(bucket + "/" + name.key())) {
            d.moved = true;
            d.verdict(Verdict.DIGEST_INVALID, "moved from its original location: it says it was written to s3://"
                    + StoredBytes.clip(where));
            return d;
        }
        checkSignature(d, content, object.metadata().get("signature-algorithm"));
        return d;
    }

    private static boolean parse(DigestFile d, byte[] content) {
        JsonNode json;
        try {
            json = JSON.readTree(content);
        } catch (IOException e) {
            d.verdict(Verdict.DIGEST_INVALID, "not JSON: " + e.getMessage());
            return false;
        }
        if (json == null || !json.isObject()) {
            d.verdict(Verdict.DIGEST_INVALID, "not a JSON object");
            return false;
        }
        for (String field : REQUIRED) {
            if (json.get(field) == null || !json.get(field).isTextual()) {
                d.verdict(Verdict.DIGEST_INVALID, "field " + field + " missing or not text");
                return false;
            }
        }
        JsonNode previous = json.get("previousDigestSignature");
        if (previous == null || !(previous.isNull() || previous.isTextual())) {
            d.verdict(Verdict.DIGEST_INVALID, "field previousDigestSignature missing (it is null in a first digest)");
            return false;
        }
        JsonNode logs = json.get("logFiles");
        if (logs == null || !logs.isArray()) {
            d.verdict(Verdict.DIGEST_INVALID, "field logFiles missing or not an array");
            return false;
        }
        for (int i = 0; i < logs.size(); i++) {
            for (String field : List.of("s3Bucket", "s3Object", "hashValue")) {
                if (!logs.get(i).path(field).isTextual()) {
                    d.verdict(Verdict.DIGEST_INVALID, "logFiles entry " + (i + 1) + ": " + field + " missing");
                    return false;
                }
            }
        }
        try {
            d.start = Instant.parse(json.get("digestStartTime").asText());
            d.end = Instant.parse(json.get("digestEndTime").asText());
        } catch (DateTimeParseException e) {
            d.verdict(Verdict.DIGEST_INVALID, "digestStartTime or digestEndTime is not a time: " + e.getParsedString());
            return false;
        }
        d.json = json;
        return true;
    }

    private void checkSignature(DigestFile d, byte[] content, String algorithm) {
        String fingerprint = d.text("digestPublicKeyFingerprint");
        d.key = keys.find(fingerprint);
        if (d.key == null) {
            d.verdict(Verdict.PUBLIC_KEY_NOT_FOUND, "no public key with fingerprint " + StoredBytes.clip(fingerprint)
                    + " among the " + keys.keys().size() + " given: the signature cannot be checked");
            return;
        }
        if (d.signature == null || d.signature.isBlank()) {
            d.verdict(Verdict.DIGEST_SIGNATURE_INVALID, "no signature in the object's metadata (x-amz-meta-signature)");
            return;
        }
        if (algorithm != null && !algorithm.equalsIgnoreCase("SHA256withRSA")) {
            d.verdict(Verdict.DIGEST_SIGNATURE_INVALID, "signature algorithm " + StoredBytes.clip(algorithm)
                    + " is not SHA256withRSA");
            return;
        }
        String previous = d.text("previousDigestSignature");
        String toSign = d.text("digestEndTime") + "\n" + d.text("digestS3Bucket") + "/" + d.text("digestS3Object")
                + "\n" + d.contentSha256 + "\n" + (previous == null ? "null" : previous);
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(PublicKeys.javaKey(d.key));
            verifier.update(toSign.getBytes(StandardCharsets.UTF_8));
            if (!verifier.verify(HexFormat.of().parseHex(d.signature.trim()))) {
                d.verdict(Verdict.DIGEST_SIGNATURE_INVALID, "signature does not verify with public key "
                        + d.key.fingerprint() + ": the digest or its signature was changed");
                return;
            }
        } catch (IllegalArgumentException e) {
            d.verdict(Verdict.DIGEST_SIGNATURE_INVALID, "signature metadata or public key " + d.key.fingerprint()
                    + " unreadable: " + e.getMessage());
            return;
        } catch (GeneralSecurityException e) {
            d.verdict(Verdict.DIGEST_SIGNATURE_INVALID, "signature does not verify with public key "
                    + d.key.fingerprint() + ": " + e.getMessage());
            return;
        }
        d.signatureValid = true;
    }
}
