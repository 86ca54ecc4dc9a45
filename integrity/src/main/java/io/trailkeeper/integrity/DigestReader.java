package io.trailkeeper.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Reads one digest and checks what it says about itself: gzip JSON with the required fields, stored where it says
 * it was written (digestS3Bucket, digestS3Object), signed (metadata {@code signature}) with the public key its
 * fingerprint names, SHA256withRSA over {@code digestEndTime\nbucket/object\nhex(SHA-256(content))\n
 * previousDigestSignature} ("null" for the first digest of a chain), as CloudTrail and the AWS CLI do. A digest
 * copied without its metadata is checked with the signature the next digest records of it ({@link #signFromNext}).
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
            object = source.read(bucket, name.key(), StoredBytes.MAX_STORED_DIGEST);
        } catch (ObjectTooLarge e) {
            d.verdict(Verdict.DIGEST_INVALID, StoredBytes.tooLarge("digest file", e));
            return d;
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
            if (!StoredBytes.jsonObject(object.bytes())) {
                d.verdict(Verdict.DIGEST_INVALID, "not gzip: " + e.getMessage());
                return d;
            }
            // served decoded: the signature, over the content's SHA-256, still decides
            content = object.bytes();
            d.servedDecoded = true;
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
        if (object.metadata().isEmpty()) {
            // copied without its metadata (aws s3 sync): the next digest's previousDigestSignature holds its signature
            d.signatureFromNext = true;
            return d;
        }
        checkSignature(d, object.metadata().get("signature-algorithm"));
        return d;
    }

    /**
     * Checks the digests copied without metadata with the signature the next digest records of each
     * (previousDigestSignature, as AWS documents for validating offline): the signing string is still checked with
     * the public key, so the next digest need not be trusted. A digest no other names (the newest) is not verified.
     */
    void signFromNext(Collection<DigestFile> loaded) {
        Map<String, DigestFile> next = new HashMap<>();
        for (DigestFile d : loaded) {
            String previous = d.text("previousDigestS3Object");
            if (previous != null && d.bucket.equals(d.text("previousDigestS3Bucket"))
                    && d.text("previousDigestSignature") != null) {
                next.putIfAbsent(previous, d);
            }
        }
        for (DigestFile d : loaded) {
            if (!d.signatureFromNext) {
                continue;
            }
            DigestFile successor = next.get(d.name.key());
            if (successor == null) {
                d.verdict(Verdict.NOT_VERIFIED, "not verified (no signature): the object has no metadata ("
                        + (source.copy() ? "copied without it, as aws s3 sync does" : "CloudTrail writes the signature"
                        + " with every digest it delivers, so in the trail's bucket the object was rewritten after"
                        + " delivery; or this endpoint serves a copy made without metadata") + ") and no digest after"
                        + " it names it, so its signature is nowhere; verify a copy that keeps the metadata (collect s3"
                        + " --keep-raw), or again once the next digest is there");
                continue;
            }
            d.signature = successor.text("previousDigestSignature");
            d.signatureSource = successor.name.key();
            checkSignature(d, null);
        }
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
        d.logs = listed(logs);
        ((ObjectNode) json).remove("logFiles");
        d.json = json;
        return true;
    }

    /** The log list, compact: the entries' other fields dropped, one bucket name shared by all. */
    private static List<DigestFile.ListedLog> listed(JsonNode logs) {
        List<DigestFile.ListedLog> listed = new ArrayList<>(logs.size());
        Map<String, String> buckets = new HashMap<>();
        for (JsonNode log : logs) {
            String bucket = buckets.computeIfAbsent(log.get("s3Bucket").asText(), b -> b);
            listed.add(new DigestFile.ListedLog(bucket, bucket + "/" + log.get("s3Object").asText(),
                    log.get("hashValue").asText(), seconds(log, "oldestEventTime"), seconds(log, "newestEventTime")));
        }
        return List.copyOf(listed);
    }

    /** An entry's time field in epoch seconds; {@link DigestFile.ListedLog#NO_TIME} when absent or not a time. */
    private static long seconds(JsonNode log, String field) {
        JsonNode v = log.get(field);
        if (v == null || !v.isTextual()) {
            return DigestFile.ListedLog.NO_TIME;
        }
        try {
            return Instant.parse(v.asText()).getEpochSecond();
        } catch (DateTimeParseException e) {
            return DigestFile.ListedLog.NO_TIME; // only told in a reason: the file is checked all the same
        }
    }

    private void checkSignature(DigestFile d, String algorithm) {
        String fingerprint = d.text("digestPublicKeyFingerprint");
        d.key = keys.find(fingerprint);
        String unavailable = keys.unavailable(d.name.region());
        if (d.key == null && unavailable != null) {
            d.verdict(Verdict.KEY_UNAVAILABLE, "the public keys of " + d.name.region() + " could not be fetched ("
                    + unavailable + "): the signature cannot be checked; verify again when ListPublicKeys answers"
                    + " there, or give the keys with --public-keys FILE");
            return;
        }
        if (d.key == null) {
            d.verdict(Verdict.PUBLIC_KEY_NOT_FOUND, "no public key with fingerprint " + StoredBytes.clip(fingerprint)
                    + " among the " + keys.keys().size() + " given, so the signature cannot be checked; the AWS CLI"
                    + " counts it INVALID too. Either the digest was signed with a key CloudTrail never published"
                    + " (re-signed: forged), or the keys are not the digest's: fetched in another region, partition"
                    + " (aws-cn, aws-us-gov) or endpoint, or a keys file for another time. Check: " + KeyWindow.command(d));
            return;
        }
        String outside = KeyWindow.outside(d);
        if (outside != null) {
            d.verdict(Verdict.PUBLIC_KEY_NOT_FOUND, outside);
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
