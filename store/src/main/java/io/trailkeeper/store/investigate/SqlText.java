package io.trailkeeper.store.investigate;

import java.util.List;

/**
 * SQL text as our own files hold it: what the investigations' templates and the store's lists of events (EventList)
 * read.
 */
public final class SqlText {
    private SqlText() {
    }

    /**
     * A file of the investigations' folder as one line of SQL, comments dropped: a fragment that a statement built in
     * Java takes in (the store's lists of events, whose definition store_meta keeps as this text; person.sql).
     */
    public static String fragment(String file) {
        String text = withoutComments(SqlTemplate.read(file), SqlTemplate.FOLDER + file);
        return String.join(" ", text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
    }

    /** Turns {@code $name} (outside quotes) into {@code ?}, noting the names in order. */
    public static String bindable(String text, List<String> names, String file) {
        StringBuilder out = new StringBuilder(text.length());
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                int end = closingQuote(text, i, file);
                out.append(text, i, end + 1);
                i = end + 1;
            } else if (c == '$' && i + 1 < n && isNameStart(text.charAt(i + 1))) {
                int end = i + 1;
                while (end < n && (isNameStart(text.charAt(end)) || Character.isDigit(text.charAt(end)))) {
                    end++;
                }
                names.add(text.substring(i + 1, end));
                out.append('?');
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || c == '_';
    }

    /** The text without its -- comments (outside quotes), so that a comment may mention {{x}} or $x freely. */
    public static String withoutComments(String text, String file) {
        StringBuilder out = new StringBuilder(text.length());
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                int end = closingQuote(text, i, file);
                out.append(text, i, end + 1);
                i = end + 1;
            } else if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
                int end = text.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString().strip();
    }

    /** Where the quote opened at {@code i} closes; a doubled quote is part of the literal. */
    static int closingQuote(String text, int i, String file) {
        char q = text.charAt(i);
        int end = text.indexOf(q, i + 1);
        while (end > 0 && end + 1 < text.length() && text.charAt(end + 1) == q) {
            end = text.indexOf(q, end + 2);
        }
        if (end < 0) {
            throw new IllegalStateException("unclosed quote in " + file);
        }
        return end;
    }
}
