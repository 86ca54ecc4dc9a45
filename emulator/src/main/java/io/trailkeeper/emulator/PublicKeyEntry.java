package io.trailkeeper.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.trailkeeper.events.EventTimes;
import java.time.Instant;
import java.util.Base64;

/**
 * A public key that signed digest files, as ListPublicKeys returns it: the DER-encoded key (base64 in the
 * scenario, and on the wire), its fingerprint and when it was valid.
 */
record PublicKeyEntry(String fingerprint, Instant validityStart, Instant validityEnd, String valueBase64) {

    /** @throws IllegalArgumentException naming the member at fault */
    static PublicKeyEntry of(JsonNode json) {
        if (!json.isObject()) {
            throw new IllegalArgumentException("a public key must be a JSON object");
        }
        String fingerprint = text(json, "Fingerprint");
        String value = text(json, "Value");
        try {
            Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the public key's Value is not base64: " + e.getMessage());
        }
        Instant start = time(json, "ValidityStartTime");
        Instant end = time(json, "ValidityEndTime");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("the public key " + fingerprint + " ends before it starts");
        }
        return new PublicKeyEntry(fingerprint, start, end, value);
    }

    private static String text(JsonNode json, String member) {
        JsonNode value = json.get(member);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("a public key needs \"" + member + "\" (text)");
        }
        return value.asText();
    }

    private static Instant time(JsonNode json, String member) {
        Instant time = EventTimes.parse(text(json, member));
        if (time == null) {
            throw new IllegalArgumentException("the public key's " + member + " is not a time: " + json.get(member));
        }
        return time;
    }
}
