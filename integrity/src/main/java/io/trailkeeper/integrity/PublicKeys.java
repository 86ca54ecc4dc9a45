package io.trailkeeper.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.EventTimes;
import io.trailkeeper.events.TrailKeeperException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The public keys CloudTrail signed digests with, matched by fingerprint. Saved and read in the shape of
 * ListPublicKeys' response, {@code {"PublicKeyList":[{"Value":"<base64 DER>","ValidityStartTime":"<ISO>",
 * "ValidityEndTime":"<ISO>","Fingerprint":"<hex>"}]}}, so that {@code aws cloudtrail list-public-keys > FILE} is a
 * valid keys file too (times as ISO text or epoch seconds). Every key is checked to be an RSA key whose MD5 (of its
 * PKCS#1 DER) is its fingerprint when read: a damaged or doctored file fails with the entry named, not later at the
 * first digest. The regions whose keys could not be fetched when the file was saved are kept beside the list, in
 * {@code "TrailKeeperUnavailableRegions": {"<region>": "<reason>"}} (a member ListPublicKeys does not have), so that
 * offline their digests are "key unavailable" with the reason instead of signed by an unknown key.
 */
public final class PublicKeys {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UNAVAILABLE = "TrailKeeperUnavailableRegions";
    private static final String HINT = "Save the keys with 'trailkeeper verify keys --out FILE' (or 'aws cloudtrail "
            + "list-public-keys --start-time ... > FILE') in the trail's home region, covering the range verified.";

    private final List<DigestPublicKey> keys;
    private final Map<String, String> unavailable;

    /** The keys as given (from ListPublicKeys); a key whose DER is not RSA fails the digests it signed. */
    public PublicKeys(Collection<DigestPublicKey> keys) {
        this(keys, Map.of());
    }

    /**
     * The keys as given, and the regions whose keys could not be fetched, each with the reason: their digests signed
     * with a key not given are "key unavailable", not "public key not found".
     */
    public PublicKeys(Collection<DigestPublicKey> keys, Map<String, String> unavailableRegions) {
        this.keys = List.copyOf(keys);
        this.unavailable = Map.copyOf(unavailableRegions);
    }

    /** Why the keys of {@code region} could not be fetched, or null when they were (or were given). */
    public String unavailable(String region) {
        return unavailable.get(region);
    }

    public List<DigestPublicKey> keys() {
        return keys;
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /** The key with this fingerprint (case-insensitive), or null. */
    public DigestPublicKey find(String fingerprint) {
        return keys.stream().filter(k -> k.fingerprint().equalsIgnoreCase(fingerprint)).findFirst().orElse(null);
    }

    /** The key as Java reads it; IllegalArgumentException when its DER is not an RSA public key. */
    static PublicKey javaKey(DigestPublicKey key) {
        return RsaKeyDer.decode(key.der());
    }

    /** Reads a keys file; TrailKeeperException naming the file and the entry when it is missing or damaged. */
    public static PublicKeys read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new TrailKeeperException(ErrorCode.INPUT_NOT_FOUND, "public keys file " + file + " not found", HINT);
        } catch (IOException e) {
            throw new TrailKeeperException(ErrorCode.INPUT_NOT_FOUND,
                    "public keys file " + file + " could not be read: " + e.getMessage(), HINT, e);
        }
        return parse(text, "public keys file " + file);
    }

    /** Parses ListPublicKeys' response; {@code source} names it in errors. */
    public static PublicKeys parse(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw bad(source + " is not JSON: " + e.getMessage(), e);
        }
        JsonNode list = root == null ? null : root.get("PublicKeyList");
        if (list == null || !list.isArray()) {
            throw bad(source + " has no PublicKeyList array (the shape of ListPublicKeys' response)", null);
        }
        List<DigestPublicKey> keys = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            keys.add(entry(list.get(i), source + ", entry " + (i + 1)));
        }
        return new PublicKeys(keys, unavailable(root.get(UNAVAILABLE), source));
    }

    private static Map<String, String> unavailable(JsonNode regions, String source) {
        Map<String, String> unavailable = new TreeMap<>();
        if (regions == null || regions.isNull()) {
            return unavailable;
        }
        if (!regions.isObject()) {
            throw bad(source + ": " + UNAVAILABLE + " is not an object of region: reason", null);
        }
        regions.properties().forEach(e -> unavailable.put(e.getKey(), e.getValue().asText()));
        return unavailable;
    }

    private static DigestPublicKey entry(JsonNode entry, String where) {
        String fingerprint = text(entry, "Fingerprint", where);
        where = where + " (Fingerprint " + fingerprint + ")";
        byte[] der;
        try {
            der = Base64.getDecoder().decode(text(entry, "Value", where).replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw bad(where + ": Value is not base64: " + e.getMessage(), e);
        }
        PublicKey key;
        try {
            key = RsaKeyDer.decode(der);
        } catch (IllegalArgumentException e) {
            throw bad(where + ": Value is not an RSA public key: " + e.getMessage(), e);
        }
        // ListPublicKeys' Fingerprint is the MD5 of the key's DER (PKCS#1): a Fingerprint kept with another key's
        // Value would make digests verify with a key that is not AWS's
        String md5 = StoredBytes.md5(der);
        // the same key given as SubjectPublicKeyInfo
        String pkcs1Md5 = StoredBytes.md5(RsaKeyDer.pkcs1((RSAPublicKey) key));
        if (!md5.equalsIgnoreCase(fingerprint) && !pkcs1Md5.equalsIgnoreCase(fingerprint)) {
            throw bad(where + ": Fingerprint is not the MD5 of its Value (the MD5 of its Value is " + md5 + "): the"
                    + " file was altered, or the entry's Value and Fingerprint come from different keys", null);
        }
        return new DigestPublicKey(fingerprint, time(entry, "ValidityStartTime", where),
                time(entry, "ValidityEndTime", where), der);
    }

    private static String text(JsonNode entry, String field, String where) {
        JsonNode value = entry.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw bad(where + ": " + field + " missing or not text", null);
        }
        return value.asText().trim();
    }

    private static Instant time(JsonNode entry, String field, String where) {
        JsonNode value = entry.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        // epoch seconds (the API's JSON, AWS CLI output) or ISO 8601, read as every other time in TrailKeeper
        Instant time = EventTimes.parse(value.isNumber() ? value.decimalValue().toPlainString() : value.asText());
        if (time == null) {
            throw bad(where + ": " + field + " is not a time (ISO 8601 or epoch seconds): " + value, null);
        }
        return time;
    }

    private static TrailKeeperException bad(String message, Throwable cause) {
        return new TrailKeeperException(ErrorCode.USAGE, message, HINT, cause);
    }

    /** Writes the keys as ListPublicKeys' response. */
    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, toJson(), StandardCharsets.UTF_8);
    }

    /** ListPublicKeys' response shape, pretty-printed, ending with a newline. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("PublicKeyList");
        for (DigestPublicKey key : keys) {
            ObjectNode entry = list.addObject();
            entry.put("Value", Base64.getEncoder().encodeToString(key.der()));
            entry.put("ValidityStartTime", key.validityStart() == null ? null : key.validityStart().toString());
            entry.put("ValidityEndTime", key.validityEnd() == null ? null : key.validityEnd().toString());
            entry.put("Fingerprint", key.fingerprint());
        }
        if (!unavailable.isEmpty()) {
            ObjectNode regions = root.putObject(UNAVAILABLE);
            new TreeMap<>(unavailable).forEach(regions::put);
        }
        return root.toPrettyString() + "\n";
    }
}
