package io.trailkeeper.aws;

import io.trailkeeper.events.CollectSink.TimeWindow;
import io.trailkeeper.events.Coverage;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The parts of one region's event history that a run could not read, so that a window refused (a policy denying
 * a period, a page that fails every retry) costs that window only: a failed window longer than a day is read
 * again day by day, a day that fails too is kept here, and the run goes on with the older days. Failures in a row
 * are bounded, so that a region refusing everything, or an API failing every retry, does not hold the run for
 * 90 days of requests: past the bound, the rest is recorded unread without asking.
 */
final class UnreadWindows {
    /** Windows refused (AccessDenied: a policy may deny a period only) in a row before the rest is not asked. */
    static final int MAX_REFUSED_IN_A_ROW = 10;
    /** Windows that failed (retries spent, or an answer not worth retrying) in a row before the rest is not asked. */
    static final int MAX_EXHAUSTED_IN_A_ROW = 3;

    private final List<Coverage> unread = new ArrayList<>();
    private int refusedInARow;
    private int exhaustedInARow;

    /** The days of [from, to], UTC, newest first; the first and last cut to the window. */
    static List<TimeWindow> days(Instant from, Instant to) {
        List<TimeWindow> days = new ArrayList<>();
        Instant end = to;
        while (!end.isBefore(from)) {
            Instant dayStart = end.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant();
            Instant start = dayStart.isBefore(from) ? from : dayStart;
            days.add(new TimeWindow(start, end));
            end = dayStart.minusSeconds(1);
        }
        return days;
    }

    /** A window read whole: the failures before it no longer count as in a row. */
    void read() {
        refusedInARow = 0;
        exhaustedInARow = 0;
    }

    /**
     * A window of at most a day that could not be read; {@code exhausted} when it failed (not refused). Returns
     * whether the run should stop asking (too many in a row).
     */
    boolean failed(Coverage entry, boolean exhausted) {
        unread.add(entry);
        if (exhausted) {
            exhaustedInARow++;
            refusedInARow = 0;
        } else {
            refusedInARow++;
            exhaustedInARow = 0;
        }
        return exhaustedInARow >= MAX_EXHAUSTED_IN_A_ROW || refusedInARow >= MAX_REFUSED_IN_A_ROW;
    }

    /**
     * After {@link #failed} said stop: the failures in a row and the windows not asked for become one reason (the
     * last failure's, the days that failed, and the days not asked with the command that reads them), so that a
     * region refusing every day reads as one refused window that names what is left to read.
     *
     * @param rerun the command that reads this region's history again, without its time options
     */
    void stop(List<TimeWindow> notAsked, String rerun) {
        int streak = Math.max(refusedInARow, exhaustedInARow);
        boolean failedOnly = exhaustedInARow >= MAX_EXHAUSTED_IN_A_ROW;
        Coverage last = unread.get(unread.size() - 1);
        // newest first: the streak's first entry is its newest day, the last its oldest
        String reason = last.reason() + "; asked day by day, " + streak + " days in a row "
                + (failedOnly ? "failed" : "were refused") + " (" + TrailFileGaps.dayRange(last.from(),
                unread.get(unread.size() - streak).to()) + ")" + notAsked(notAsked, rerun, failedOnly);
        for (int i = unread.size() - streak; i < unread.size(); i++) {
            Coverage c = unread.get(i);
            unread.set(i, with(c, c.from(), c.to(), last.status(), reason));
        }
        notAsked.forEach(w -> unread.add(with(last, w.from(), w.to(), last.status(), reason)));
    }

    /** The days not asked and the command that reads exactly them, or nothing when none are left. */
    private static String notAsked(List<TimeWindow> notAsked, String rerun, boolean failedOnly) {
        if (notAsked.isEmpty()) {
            return "";
        }
        Instant from = notAsked.stream().map(TimeWindow::from).min(Instant::compareTo).orElseThrow();
        Instant to = notAsked.stream().map(TimeWindow::to).max(Instant::compareTo).orElseThrow();
        return ", so the older days, " + TrailFileGaps.dayRange(from, to) + ", were not asked: " + (failedOnly ? "later"
                : "once the refusal is lifted") + ", `" + rerun + " --since " + from + " --until " + to
                + "` reads them";
    }

    /** Keeps an entry for a window not asked for, or a whole region refused. */
    void add(Coverage entry) {
        unread.add(entry);
    }

    /**
     * The coverage of [from, to]: the unread windows, consecutive ones of one status and reason as one entry, and
     * complete entries between them, oldest first.
     */
    List<Coverage> coverage(Coverage template, Instant from, Instant to) {
        List<Coverage> sorted = new ArrayList<>(unread);
        sorted.sort(Comparator.comparing(Coverage::from));
        List<Coverage> merged = new ArrayList<>();
        for (Coverage c : sorted) {
            Coverage last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && last.status() == c.status() && last.reason().equals(c.reason())
                    && !last.to().plusSeconds(1).isBefore(c.from())) {
                merged.set(merged.size() - 1, with(last, last.from(), c.to().isAfter(last.to()) ? c.to() : last.to(),
                        last.status(), last.reason()));
            } else {
                merged.add(c);
            }
        }
        List<Coverage> out = new ArrayList<>();
        Instant next = from;
        for (Coverage c : merged) {
            if (next.isBefore(c.from())) {
                out.add(with(template, next, c.from().minusSeconds(1), Coverage.Status.COMPLETE, ""));
            }
            out.add(c);
            next = c.to().plusSeconds(1);
        }
        if (!next.isAfter(to)) {
            out.add(with(template, next, to, Coverage.Status.COMPLETE, ""));
        }
        return out;
    }

    private static Coverage with(Coverage c, Instant from, Instant to, Coverage.Status status, String reason) {
        return new Coverage(c.collector(), c.account(), c.region(), c.scope(), from, to, status, reason);
    }
}
