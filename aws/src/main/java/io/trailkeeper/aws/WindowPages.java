package io.trailkeeper.aws;

import io.trailkeeper.events.CollectSink.TimeWindow;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One LookupEvents window's pages as they arrive, and what they prove read. CloudTrail documents newest first
 * ("The most recent event is listed first"). A page whose newest event is no later than the previous page's
 * oldest keeps that order, and then everything after its oldest second up to the window's end has been read,
 * which lets a run killed mid-window resume there, and a refused NextToken be recovered by asking again below
 * it. A query's first page has no page before it to show the order, so it proves nothing by itself; a page out
 * of order voids every later claim: nothing more is claimed until the window's last page. Recovering from
 * refused NextTokens is bounded: when asking again stops moving the window, the window is given up.
 */
final class WindowPages {
    /** Refused tokens in a row, each after asking again proved nothing older, before the window is given up. */
    static final int MAX_FRUITLESS_RECOVERIES = 3;

    private final TimeWindow window;
    /** Where the part proven read up to the window's end starts; null while nothing is proven. */
    private Instant provenFrom;
    /** The previous page's oldest event in the current query; null before the query's first page. */
    private Instant previousOldest;
    private boolean newestFirst = true;
    private boolean recovered;
    private int fruitless;
    private Instant provenAtRecovery;
    private boolean tokenWorked;
    private int pages;

    WindowPages(TimeWindow window) {
        this.window = window;
    }

    /**
     * Notes one page: its newest and oldest event times (null when it had none) and whether it was asked for
     * with a NextToken. Returns where the part of the window proven read to its end starts, or null when the
     * pages so far prove nothing.
     */
    Instant page(Instant newest, Instant oldest, boolean continued) {
        pages++;
        tokenWorked |= continued;
        if (oldest == null) {
            return null; // an empty page (CloudTrail sends some) shows no order
        }
        boolean inOrder = previousOldest != null && !newest.isAfter(previousOldest);
        if (previousOldest != null && !inOrder) {
            newestFirst = false;
        }
        previousOldest = oldest;
        if (!newestFirst || !inOrder) {
            return null;
        }
        // more events of the oldest second may follow on the next page
        Instant from = oldest.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        if (provenFrom == null || from.isBefore(provenFrom)) {
            provenFrom = from;
        }
        return provenFrom;
    }

    /**
     * A NextToken was refused (it expired in a long pause, or the server refuses them): where the new query
     * should end, or null when asking again has stopped moving the window and it should be given up.
     */
    Instant recover() {
        boolean moved = !recovered || tokenWorked || !Objects.equals(provenFrom, provenAtRecovery);
        fruitless = moved ? 0 : fruitless + 1;
        recovered = true;
        provenAtRecovery = provenFrom;
        tokenWorked = false;
        previousOldest = null; // the new query's first page shows no order either
        if (fruitless >= MAX_FRUITLESS_RECOVERIES) {
            return null;
        }
        return newestFirst && provenFrom != null ? provenFrom : window.to();
    }

    /** The end of the part not read, for a window given up: all of it unless the order proved the rest read. */
    Instant unreadEnd() {
        return newestFirst && provenFrom != null && provenFrom.isAfter(window.from())
                ? provenFrom.minusSeconds(1) : window.to();
    }

    int pages() {
        return pages;
    }
}
