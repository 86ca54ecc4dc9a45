package io.trailkeeper.detect.sql;

import io.trailkeeper.detect.Detection.FieldMatch;
import io.trailkeeper.detect.Detection.Modifier;
import io.trailkeeper.detect.SigmaRule;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** The texts |base64 and |base64offset look for (as pySigma computes them). */
final class Base64Variants {
    private static final int[] START = {0, 2, 3};
    private static final int[] END_TRIM = {0, 3, 2};

    private Base64Variants() {
    }

    static List<String> of(SigmaRule rule, FieldMatch m, String plain) {
        if (plain == null) {
            throw new UnsupportedRuleException(rule, m.field() + "|base64", "a wildcard cannot be base64-encoded");
        }
        byte[] bytes = plain.getBytes(StandardCharsets.UTF_8);
        if (!m.has(Modifier.BASE64OFFSET)) {
            return List.of(Base64.getEncoder().encodeToString(bytes));
        }
        String[] variants = new String[3];
        for (int i = 0; i < 3; i++) {
            byte[] shifted = new byte[bytes.length + i];
            java.util.Arrays.fill(shifted, 0, i, (byte) ' ');
            System.arraycopy(bytes, 0, shifted, i, bytes.length);
            String encoded = Base64.getEncoder().encodeToString(shifted);
            int end = encoded.length() - END_TRIM[(bytes.length + i) % 3];
            variants[i] = encoded.substring(START[i], Math.max(START[i], end));
        }
        return List.of(variants);
    }
}
