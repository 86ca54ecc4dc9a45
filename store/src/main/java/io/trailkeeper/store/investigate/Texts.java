package io.trailkeeper.store.investigate;

import java.time.Instant;
import java.util.List;

/** Values from records made fit for a sentence: every one is attacker-controlled text. */
public final class Texts {
    private static final int MAX = 160;

    private Texts() {
    }

    /** The value as one line of printable text: control and direction characters become '?', long text is cut. */
    public static String clean(Object value) {
        if (value == null) {
            return "-";
        }
        String s = value instanceof List<?> list ? String.join(", ", list.stream().map(Texts::clean).toList())
                : value.toString();
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX + 1));
        for (int i = 0; i < s.length() && b.length() < MAX; i++) {
            char c = s.charAt(i);
            int type = Character.getType(c);
            b.append(Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR ? '?' : c);
        }
        if (s.length() > MAX) {
            b.append("...");
        }
        return b.toString();
    }

    /** The first {@code most} values, each cleaned apart (so none is cut in the middle), and how many more. */
    static String items(List<?> values, int most) {
        String told = String.join(", ", values.stream().limit(most).map(Texts::clean).toList());
        return values.size() > most ? told + " and " + count(values.size() - most, "more", "more") : told;
    }

    /** "2,100": a number with its thousands grouped, as the answers write their counts. */
    static String number(Object n) {
        return String.format(java.util.Locale.ROOT, "%,d", ((Number) n).longValue());
    }

    static String count(long n, String one, String many) {
        return String.format(java.util.Locale.ROOT, "%,d %s", n, n == 1 ? one : many);
    }

    /** "between A and B", "since A", "up to B" or "at any time". */
    static String window(Instant since, Instant until) {
        if (since != null && until != null) {
            return "between " + since + " and " + until;
        }
        if (since != null) {
            return "since " + since;
        }
        if (until != null) {
            return "up to " + until;
        }
        return "at any time";
    }
}
