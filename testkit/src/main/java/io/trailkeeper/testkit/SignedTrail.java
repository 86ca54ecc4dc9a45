package io.trailkeeper.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A CloudTrail trail with log file validation, generated: gzipped log files for several regions (hours with and
 * without logs) and the signed hourly digest chain over them exactly as CloudTrail writes it to S3 (keys, digest
 * JSON, the {@code signature} and {@code signature-algorithm} metadata, SHA256withRSA over
 * {@code digestEndTime\ndigestS3Bucket/digestS3Object\nhex(SHA-256(digest))\npreviousDigestSignature}); optionally an
 * organization trail with a key prefix, a key rotation, a backfill digest and a pause after which the chain
 * restarts. The public keys come out as ListPublicKeys' response. Deterministic for a seed except the RSA keys,
 * which are new each run. Tests tamper with {@link #objects()} and verify the result; {@link #resign} signs
 * altered digest content as CloudTrail would have.
 */
public final class SignedTrail {
    static final ObjectMapper JSON = new ObjectMapper();

    /** One S3 object: bytes as stored (gzip) and user metadata (names without {@code x-amz-meta-}). */
    public record Obj(String bucket, String key, byte[] bytes, Map<String, String> metadata) {
        public Obj {
            metadata = Map.copyOf(metadata);
        }

        public boolean isDigest() {
            return key.contains("/CloudTrail-Digest/");
        }

        /** The uncompressed content as text. */
        public String content() {
            return new String(gunzip(bytes), StandardCharsets.UTF_8);
        }
    }

    private final Builder config;
    private final List<DigestSigningKey> keys;
    private final List<Obj> objects;
    private final Instant end;

    private SignedTrail(Builder config, List<DigestSigningKey> keys, List<Obj> objects, Instant end) {
        this.config = config;
        this.keys = List.copyOf(keys);
        this.objects = List.copyOf(objects);
        this.end = end;
    }

    public static Builder builder(long seed) {
        return new Builder(seed);
    }

    /** Every object (logs and digests), in the order CloudTrail delivered them. */
    public List<Obj> objects() {
        return objects;
    }

    public List<Obj> digests() {
        return objects.stream().filter(Obj::isDigest).toList();
    }

    public List<Obj> logs() {
        return objects.stream().filter(o -> !o.isDigest()).toList();
    }

    /** The object at {@code key}; IllegalArgumentException when there is none. */
    public Obj object(String key) {
        return objects.stream().filter(o -> o.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no object " + key));
    }

    public String bucket() {
        return config.bucket;
    }

    /** Start of the first hour. */
    public Instant start() {
        return config.start;
    }

    /** The latest digestEndTime of the chain. */
    public Instant end() {
        return end;
    }

    /** The signing keys, oldest first (two with a key rotation). */
    public List<DigestSigningKey> keys() {
        return keys;
    }

    /** The public keys as {@code aws cloudtrail list-public-keys} prints them (ListPublicKeys' response). */
    public String publicKeysJson() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("PublicKeyList");
        for (DigestSigningKey key : keys) {
            ObjectNode entry = list.addObject();
            entry.put("Value", Base64.getEncoder().encodeToString(key.pkcs1Der()));
            entry.put("ValidityStartTime", key.validityStart().toString());
            entry.put("ValidityEndTime", key.validityEnd().toString());
            entry.put("Fingerprint", key.fingerprint());
        }
        return root.toPrettyString();
    }

    /** Writes {@link #objects()} as {@code collect s3 --keep-raw DIR} would: the bytes and a sidecar each. */
    public void writeEvidence(Path dir) {
        EvidenceLayout.write(dir, objects);
    }

    /** Writes {@code objects} (say, tampered ones) in the evidence-folder layout below {@code dir}. */
    public static void writeEvidence(Path dir, List<Obj> objects) {
        EvidenceLayout.write(dir, objects);
    }

    /**
     * The digest at {@code digest}'s place with new content {@code json}, gzipped and signed as CloudTrail signs:
     * with the key its digestPublicKeyFingerprint names, over its digestEndTime, digestS3Bucket, digestS3Object,
     * the content's SHA-256 and its previousDigestSignature.
     */
    public Obj resign(Obj digest, String json) {
        JsonNode content = parse(json);
        String fingerprint = content.path("digestPublicKeyFingerprint").asText();
        DigestSigningKey key = keys.stream().filter(k -> k.fingerprint().equals(fingerprint)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no signing key " + fingerprint));
        byte[] raw = json.getBytes(StandardCharsets.UTF_8);
        Map<String, String> metadata = new LinkedHashMap<>(digest.metadata());
        metadata.put("signature", key.sign(stringToSign(content, raw)));
        return new Obj(digest.bucket(), digest.key(), gzip(raw), metadata);
    }

    /** What CloudTrail signs for a digest whose uncompressed content is {@code raw}. */
    public static String stringToSign(JsonNode digest, byte[] raw) {
        JsonNode previous = digest.get("previousDigestSignature");
        return digest.path("digestEndTime").asText() + "\n" + digest.path("digestS3Bucket").asText() + "/"
                + digest.path("digestS3Object").asText() + "\n" + sha256Hex(raw) + "\n"
                + (previous == null || previous.isNull() ? "null" : previous.asText());
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + e.getMessage(), e);
        }
    }

    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(DigestSigningKey.digest("SHA-256", bytes));
    }

    public static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] gunzip(byte[] bytes) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("not gzip: " + e.getMessage(), e);
        }
    }

    /** What to generate; every setting has a default (one account, two regions, six hours from 2024-03-01). */
    public static final class Builder {
        final long seed;
        String bucket = "trailkeeper-trail-logs";
        String prefix = "";
        String organization;
        List<String> accounts = List.of("123456789012");
        String trail = "management-events";
        String homeRegion = "us-east-1";
        List<String> regions = List.of("us-east-1", "eu-west-1");
        Instant start = Instant.parse("2024-03-01T00:00:00Z");
        int hours = 6;
        int rotateAtHour = -1;
        int backfillHour = -1;
        int pauseFrom = -1;
        int pauseTo = -1;

        private Builder(long seed) {
            this.seed = seed;
        }

        public Builder bucket(String bucket) {
            this.bucket = bucket;
            return this;
        }

        /** The trail's S3 key prefix (without the trailing '/'), or empty. */
        public Builder prefix(String prefix) {
            this.prefix = prefix;
            return this;
        }

        /** An organization trail: keys under {@code AWSLogs/<organizationId>/<account>/}. */
        public Builder organization(String organizationId) {
            this.organization = organizationId;
            return this;
        }

        public Builder accounts(String... accounts) {
            this.accounts = List.of(accounts);
            return this;
        }

        public Builder trail(String name, String homeRegion) {
            this.trail = name;
            this.homeRegion = homeRegion;
            return this;
        }

        public Builder regions(String... regions) {
            this.regions = List.of(regions);
            return this;
        }

        /** The first hour (truncated to the hour). */
        public Builder start(Instant start) {
            this.start = Instant.ofEpochSecond(start.getEpochSecond() / 3600 * 3600);
            return this;
        }

        public Builder hours(int hours) {
            this.hours = hours;
            return this;
        }

        /** A second key signs every digest ending at or after the start of this hour. */
        public Builder rotateKeyAtHour(int hour) {
            this.rotateAtHour = hour;
            return this;
        }

        /** A log file delivered late in this hour (first account, first region), listed by a backfill digest. */
        public Builder backfillHour(int hour) {
            this.backfillHour = hour;
            return this;
        }

        /** Logging stopped for hours [from, to): no logs, no digests; the next digest starts a new chain. */
        public Builder pause(int from, int to) {
            this.pauseFrom = from;
            this.pauseTo = to;
            return this;
        }

        Instant hour(int h) {
            return start.plus(Duration.ofHours(h));
        }

        boolean paused(int h) {
            return h >= pauseFrom && h < pauseTo;
        }

        public SignedTrail build() {
            Instant far = hour(hours).plus(Duration.ofDays(30));
            List<DigestSigningKey> keys = new ArrayList<>();
            Instant rotation = rotateAtHour > 0 && rotateAtHour < hours ? hour(rotateAtHour) : null;
            Instant from = start.minus(Duration.ofDays(30));
            keys.add(DigestSigningKey.generate(from, rotation == null ? far : rotation));
            if (rotation != null) {
                keys.add(DigestSigningKey.generate(rotation, far));
            }
            ChainGenerator generator = new ChainGenerator(this, keys);
            List<Obj> objects = generator.generate();
            return new SignedTrail(this, keys, objects, generator.latestEnd());
        }
    }
}
