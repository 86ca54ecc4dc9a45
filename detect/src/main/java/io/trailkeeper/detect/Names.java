package io.trailkeeper.detect;

/** Search identifier patterns of {@code 1 of X*}: {@code *} is any run of characters. */
final class Names {
    private Names() {
    }

    static boolean matches(String pattern, String name) {
        if (pattern.equals("*")) {
            return !name.startsWith("_");
        }
        return name.matches(java.util.regex.Pattern.quote(pattern).replace("*", "\\E.*\\Q"));
    }
}
