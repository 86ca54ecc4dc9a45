package io.trailkeeper.store.investigate;

/** User text as LIKE patterns (bound as parameters, never put in SQL): literal text, or a shell glob. */
final class Patterns {
    private Patterns() {
    }

    /** Text that must match literally inside a LIKE pattern with ESCAPE '\'. */
    static String escapeLike(String text) {
        StringBuilder b = new StringBuilder(text.length() + 4);
        for (char c : text.toCharArray()) {
            if (c == '%' || c == '_' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    /** A glob ({@code *} any text, {@code ?} one character) as a LIKE pattern with ESCAPE '\'. */
    static String globToLike(String glob) {
        StringBuilder b = new StringBuilder(glob.length() + 4);
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> b.append('%');
                case '?' -> b.append('_');
                case '%', '_', '\\' -> b.append('\\').append(c);
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
