package io.trailkeeper.events;

/**
 * Text from records (user agents, request parameters, error messages, file names) made safe to print on a
 * terminal: an attacker chooses it, and a terminal acts on control characters (ESC starts a sequence that can
 * clear the screen, set the title or make a hyperlink; U+009B is CSI on its own; BEL rings) and shows text in the
 * order bidirectional controls ask for (U+202E makes {@code admin\u202Egpj.exe} read as "adminexe.jpg").
 *
 * <p>Line breaks, tabs and every other control character (C0, DEL, C1) become a space, so the text stays on one
 * line; invisible format characters (the bidirectional embeddings, overrides and isolates, zero-width spaces and
 * joiners, the byte order mark, soft hyphens: Unicode category Cf) and the line and paragraph separators U+2028 and
 * U+2029 become {@code ?}, so that a reader sees something is there (the invisible tag characters U+E0000 to
 * U+E007F, which can spell hidden text, are one {@code ?} each). Nothing else changes.
 */
public final class PrintableText {
    private PrintableText() {
    }

    /** The text as one line of characters a terminal shows as they are; null stays null. */
    public static String line(String s) {
        if (s == null || clean(s)) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\r' && i < s.length() && s.charAt(i) == '\n') {
                continue; // CRLF is one line break, one space
            }
            if (Character.isISOControl(c)) {
                b.append(' ');
            } else if (invisible(c)) {
                b.append('?');
            } else {
                b.appendCodePoint(c);
            }
        }
        return b.toString();
    }

    /** True when the text holds no character {@link #line} would change. */
    public static boolean clean(String s) {
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            if (Character.isISOControl(c) || invisible(c)) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }

    private static boolean invisible(int c) {
        if (c < 0xAD) {
            return false; // the common case: nothing below the soft hyphen is a format character
        }
        int type = Character.getType(c);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }
}
