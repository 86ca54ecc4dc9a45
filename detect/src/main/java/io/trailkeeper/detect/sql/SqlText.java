package io.trailkeeper.detect.sql;

/** Literals for DuckDB SQL: every value a rule supplies goes through here, so no rule can inject SQL. */
final class SqlText {
    /** The escape character of the LIKE patterns we write. */
    static final char LIKE_ESCAPE = '\\';

    private SqlText() {
    }

    /**
     * A string literal: quotes doubled (DuckDB's standard strings know no backslash escapes). A NUL, which a
     * literal cannot hold but a record's string can, is {@code chr(0)} joined in: a rule may look for it.
     */
    static String literal(String s) {
        if (s.indexOf('\0') >= 0) {
            return "(" + String.join(" || chr(0) || ", java.util.Arrays.stream(s.split("\0", -1))
                    .map(SqlText::literal).toList()) + ")";
        }
        return "'" + s.replace("'", "''") + "'";
    }

    /** A SQL identifier, double-quoted. */
    static String identifier(String s) {
        if (s.isEmpty() || s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a usable identifier: " + s);
        }
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    /** Escapes LIKE's own wildcards and its escape character in literal text. */
    static String likeLiteral(String s) {
        StringBuilder b = new StringBuilder(s.length() + 4);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' || c == '_' || c == LIKE_ESCAPE) {
                b.append(LIKE_ESCAPE);
            }
            b.append(c);
        }
        return b.toString();
    }

    /**
     * A Sigma string as a LIKE pattern: {@code *} and {@code ?} are wildcards; a backslash escapes {@code *},
     * {@code ?} and itself and is literal before anything else (the Sigma specification's rule).
     */
    static String sigmaToLike(String sigma) {
        StringBuilder b = new StringBuilder(sigma.length() + 4);
        for (int i = 0; i < sigma.length(); i++) {
            char c = sigma.charAt(i);
            if (c == '\\' && i + 1 < sigma.length() && "*?\\".indexOf(sigma.charAt(i + 1)) >= 0) {
                b.append(likeLiteral(String.valueOf(sigma.charAt(++i))));
            } else if (c == '*') {
                b.append('%');
            } else if (c == '?') {
                b.append('_');
            } else {
                b.append(likeLiteral(String.valueOf(c)));
            }
        }
        return b.toString();
    }
}
