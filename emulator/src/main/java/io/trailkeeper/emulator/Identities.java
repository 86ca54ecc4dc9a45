package io.trailkeeper.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Makes identifiers in the formats AWS uses (user ids {@code AIDA...}, role ids {@code AROA...}, temporary
 * access keys {@code ASIA...}) from a seed, so that the same scenario always produces the same ones.
 */
final class Identities {
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private Identities() {
    }

    /** A prefix and 17 characters, like {@code AIDAJQABLZS4A3QDU576Q}. */
    static String userId(String prefix, String seed) {
        return prefix + base32(seed, 17);
    }

    /** A prefix and 16 characters, like {@code ASIAIOSFODNN7EXAMPLE}. */
    static String accessKeyId(String prefix, String seed) {
        return prefix + base32(seed, 16);
    }

    /** An S3 canonical user id: 64 hexadecimal digits, one per account. */
    static String canonicalUserId(String account) {
        return java.util.HexFormat.of().formatHex(sha256("canonical user " + account));
    }

    static String secret(String seed, int length) {
        StringBuilder out = new StringBuilder(length);
        String chunkSeed = seed;
        while (out.length() < length) {
            byte[] digest = sha256(chunkSeed);
            out.append(java.util.Base64.getEncoder().withoutPadding().encodeToString(digest).replace('+', 'x'));
            chunkSeed = chunkSeed + "+";
        }
        return out.substring(0, length);
    }

    private static String base32(String seed, int length) {
        byte[] digest = sha256(seed);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(BASE32[(digest[i] & 0xFF) % 32]);
        }
        return out.toString();
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
