package io.trailkeeper.detect;

import io.trailkeeper.detect.Detection.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The texts a {@code |base64} or {@code |base64offset} value is looked for as, in both backends, as pySigma
 * computes them: the value's escapes resolved ({@code \\} is one backslash), encoded as UTF-8, or as UTF-16 with
 * {@code |utf16le}/{@code |wide}, {@code |utf16be}, {@code |utf16} (a byte order mark, then little-endian); then
 * base64, whole, or for base64offset the three renderings at offsets 0, 1 and 2 without the characters that depend
 * on what surrounds the value.
 */
public final class Base64Renderings {
    private static final int[] START = {0, 2, 3};

    private Base64Renderings() {
    }

    /** The renderings of a Sigma string value (no wildcard: {@link SigmaText#plain} is not null for it). */
    public static List<String> of(String sigmaValue, List<Modifier> modifiers) {
        byte[] bytes = bytes(SigmaText.plain(sigmaValue), modifiers);
        if (!modifiers.contains(Modifier.BASE64OFFSET)) {
            return List.of(Base64.getEncoder().encodeToString(bytes));
        }
        List<String> out = new ArrayList<>();
        for (int shift = 0; shift < 3; shift++) {
            byte[] padded = new byte[shift + bytes.length];
            System.arraycopy(bytes, 0, padded, shift, bytes.length);
            String encoded = Base64.getEncoder().withoutPadding().encodeToString(padded);
            int end = encoded.length() - ((shift + bytes.length) % 3 == 0 ? 0 : 1);
            out.add(end > START[shift] ? encoded.substring(START[shift], end) : "");
        }
        return out;
    }

    private static byte[] bytes(String plain, List<Modifier> modifiers) {
        if (modifiers.contains(Modifier.UTF16LE) || modifiers.contains(Modifier.WIDE)) {
            return plain.getBytes(StandardCharsets.UTF_16LE);
        }
        if (modifiers.contains(Modifier.UTF16BE)) {
            return plain.getBytes(StandardCharsets.UTF_16BE);
        }
        if (modifiers.contains(Modifier.UTF16)) {
            byte[] text = plain.getBytes(StandardCharsets.UTF_16LE);
            byte[] out = new byte[text.length + 2];
            out[0] = (byte) 0xFF;
            out[1] = (byte) 0xFE;
            System.arraycopy(text, 0, out, 2, text.length);
            return out;
        }
        return plain.getBytes(StandardCharsets.UTF_8);
    }
}
