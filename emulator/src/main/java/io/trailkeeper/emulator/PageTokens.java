package io.trailkeeper.emulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * LookupEvents' NextToken: opaque to the caller, bound to the query it continues. A token names the last
 * event served (its time and load order), so a page continues exactly after the previous one, and the query's
 * fingerprint (region, attribute, time range, category), so a token from another query or region is refused
 * with InvalidNextTokenException, as CloudTrail refuses it. An HMAC keyed by the account makes tokens
 * unforgeable yet the same across restarts of the same scenario, so a resumed collection can use a saved one.
 */
final class PageTokens {
    private static final int MAC_BYTES = 16;

    /** Where the next page starts: after the event with this time and load order. */
    record Cursor(Instant time, long sequence) {
    }

    private final SecretKeySpec key;

    PageTokens(String account) {
        this.key = new SecretKeySpec(Identities.sha256("trailkeeper-emulator page tokens " + account), "HmacSHA256");
    }

    /** A short, stable digest of everything that defines a query's result. */
    static String fingerprint(String... parts) {
        byte[] digest = Identities.sha256(String.join("\u0000", parts));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 12));
    }

    String issue(String fingerprint, HistoryEvent last) {
        String payload = "1|" + fingerprint + "|" + last.time().getEpochSecond() + "|" + last.time().getNano() + "|"
                + last.sequence();
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(bytes) + "." + b64.encodeToString(mac(bytes));
    }

    /** @throws AwsError InvalidNextTokenException when the token is damaged, forged or from another query */
    Cursor read(String token, String fingerprint) {
        int dot = token.indexOf('.');
        try {
            if (dot < 0) {
                throw invalid();
            }
            byte[] payload = Base64.getUrlDecoder().decode(token.substring(0, dot));
            byte[] mac = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(mac, mac(payload))) {
                throw invalid();
            }
            String[] parts = new String(payload, StandardCharsets.UTF_8).split("\\|");
            if (parts.length != 5 || !"1".equals(parts[0]) || !parts[1].equals(fingerprint)) {
                throw invalid();
            }
            return new Cursor(Instant.ofEpochSecond(Long.parseLong(parts[2]), Long.parseLong(parts[3])),
                    Long.parseLong(parts[4]));
        } catch (IllegalArgumentException | DateTimeException e) {
            throw invalid();
        }
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Arrays.copyOf(mac.doFinal(payload), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    static AwsError invalid() {
        return AwsError.badRequest("InvalidNextTokenException",
                "Invalid NextToken: it is damaged, or it belongs to a different query (region, lookup attribute,"
                        + " time range or event category)");
    }
}
