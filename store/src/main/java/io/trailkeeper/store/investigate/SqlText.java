package io.trailkeeper.store.investigate;

/**
 * SQL text as our own files hold it: what the investigations' templates and the store's lists of events (EventList)
 * read.
 */
public final class SqlText {
    private SqlText() {
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
