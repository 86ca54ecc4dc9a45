package io.trailkeeper.store.investigate;

/** User text as LIKE patterns (bound as parameters, never put in SQL). */
final class Patterns {
    private Patterns() {
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
