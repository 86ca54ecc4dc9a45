package io.trailkeeper.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values a {@code |windash} value stands for (Sigma: all permutations of {@code -}, {@code /}, en dash, em dash
 * and horizontal bar). Each flag's dash is written each way independently of the others, as pySigma does, so
 * that {@code '/c whoami -v'} also stands for itself; both backends match these variants.
 */
public final class WindashVariants {
    /** The characters a flag may start with. */
    static final String DASHES = "-/\u2013\u2014\u2015";
    /** At most this many flags in one value: each multiplies the variants by five. */
    public static final int MOST_FLAGS = 5;
    /** A flag's dash: at the start or after a character that is not part of a word, before one that is. */
    private static final Pattern FLAG = Pattern.compile("(?<![\\p{L}\\p{N}_])[" + DASHES + "](?=[\\p{L}\\p{N}_])");

    private WindashVariants() {
    }

    /** How many flags the value has (the places where a dash is written each way). */
    public static int flags(String value) {
        return (int) FLAG.matcher(value).results().count();
    }

    /** The value with every combination of dashes at its flags, the value as written among them; no duplicates. */
    public static List<String> of(String value) {
        List<Integer> at = new ArrayList<>();
        Matcher m = FLAG.matcher(value);
        while (m.find()) {
            at.add(m.start());
        }
        if (at.size() > MOST_FLAGS) {
            throw new IllegalArgumentException("windash over " + at.size() + " flags in one value (at most "
                    + MOST_FLAGS + ")");
        }
        List<String> out = new ArrayList<>(List.of(value));
        for (int position : at) {
            List<String> next = new ArrayList<>();
            for (String v : out) {
                for (char dash : DASHES.toCharArray()) {
                    next.add(v.substring(0, position) + dash + v.substring(position + 1));
                }
            }
            out = next;
        }
        return out.stream().distinct().toList();
    }
}
