package io.trailkeeper.detect;

import java.util.BitSet;
import java.util.List;

/**
 * A whole-text match of literal segments joined by {@code *} (any run of characters), where a segment may hold
 * {@code ?} (one character, a surrogate pair counting as one) at the marked places. Each segment between the
 * first and the last is taken at its earliest place after the one before (any later place leaves less text for
 * the rest), so a match costs at most the text's length times the segments' length, never a regex's
 * backtracking over every split of the text.
 */
final class Glob {
    private final String[] segments;
    private final BitSet[] singles;
    private final boolean ignoreCase;

    /** Text must be segment 0, then anything, segment 1, ..., anything, the last segment (one segment: all of it). */
    Glob(List<String> segments, List<BitSet> singles, boolean ignoreCase) {
        this.segments = segments.toArray(String[]::new);
        this.singles = singles.toArray(BitSet[]::new);
        this.ignoreCase = ignoreCase;
    }

    boolean matches(String text) {
        int at = matchAt(text, 0, 0);
        if (at < 0 || segments.length == 1) {
            return at == text.length();
        }
        int last = segments.length - 1;
        for (int s = 1; s < last; s++) {
            at = find(text, s, at);
            if (at < 0) {
                return false;
            }
        }
        return endsWith(text, last, at);
    }

    /** Where the first place of segment {@code s} at or after {@code from} ends, or -1. */
    private int find(String text, int s, int from) {
        for (int i = from; i <= text.length(); i++) {
            int end = matchAt(text, s, i);
            if (end >= 0) {
                return end;
            }
        }
        return -1;
    }

    /** Whether segment {@code s} ends the text, starting at or after {@code from}. */
    private boolean endsWith(String text, int s, int from) {
        int chars = segments[s].length();
        int most = chars + singles[s].cardinality(); // each ? may take a surrogate pair
        for (int start = Math.max(from, text.length() - most); start <= text.length() - chars; start++) {
            if (matchAt(text, s, start) == text.length()) {
                return true;
            }
        }
        return false;
    }

    /** Where segment {@code s} placed at {@code i} ends in the text, or -1 when it does not match there. */
    private int matchAt(String text, int s, int i) {
        String segment = segments[s];
        BitSet single = singles[s];
        int t = i;
        for (int k = 0; k < segment.length(); k++) {
            if (t >= text.length()) {
                return -1;
            }
            if (single.get(k)) {
                t += Character.charCount(text.codePointAt(t));
                continue;
            }
            char a = text.charAt(t++);
            char b = segment.charAt(k);
            if (a != b && !(ignoreCase && sameIgnoringCase(a, b))) {
                return -1;
            }
        }
        return t;
    }

    /** As {@link String#regionMatches(boolean, int, String, int, int)} compares a character ignoring case. */
    private static boolean sameIgnoringCase(char a, char b) {
        char ua = Character.toUpperCase(a);
        char ub = Character.toUpperCase(b);
        return ua == ub || Character.toLowerCase(ua) == Character.toLowerCase(ub);
    }
}
