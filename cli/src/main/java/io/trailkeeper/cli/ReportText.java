package io.trailkeeper.cli;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/** How the report writes times, counts and sizes in its sentences: UTC to the second, thousands grouped. */
final class ReportText {
    private ReportText() {
    }

    static String time(Instant t) {
        return t == null ? "an unknown time" : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** "1,205": a number with its thousands grouped, as every count of the report is written. */
    static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String count(long n, String one, String many) {
        return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? one : many);
    }

    /** "; and 1,205 more" after a list told in part, {@code rest} being those left out; nothing when none were. */
    static String more(long rest) {
        return rest > 0 ? "; and " + count(rest, "more", "more") : "";
    }

    /** "a", "a and b", "a, b and 3 others" for the first few of {@code total} names. */
    static String names(List<String> shown, long total) {
        if (shown.isEmpty()) {
            return "nobody named";
        }
        long more = total - shown.size();
        if (more > 0) {
            return String.join(", ", shown) + " and " + count(more, "other", "others");
        }
        int last = shown.size() - 1;
        return last == 0 ? shown.get(0) : String.join(", ", shown.subList(0, last)) + " and " + shown.get(last);
    }

    /** A byte count as B, KB or MB (decimal units, one decimal). */
    static String size(long bytes) {
        if (bytes < 1_000) {
            return bytes + " B";
        }
        if (bytes < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
