package io.trailkeeper.store.coverage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The times a trail's stored selectors logged DynamoDB item calls or Lambda invocations of some tables or functions
 * only (a resources.ARN Equals one table, say): the other tables' item reads cannot be told from its files, though
 * the store holds DynamoDB data events, so a table without any is no proof that nothing was read. The S3 side is
 * {@link S3SelectionGaps}, whose spans these share.
 */
final class ItemSelectionGaps {
    private ItemSelectionGaps() {
    }

    /** One gap per trail whose selectors logged some tables' or functions' data events only in [start, end). */
    static List<CoverageGap> gaps(SelectorHistory history, Instant start, Instant end) {
        List<CoverageGap> out = new ArrayList<>();
        for (SelectorHistory.Trail t : history.trails().values()) {
            List<S3SelectionGaps.Span> spans = S3SelectionGaps.spans(t, t::itemsUnlogged, start, end);
            if (!spans.isEmpty()) {
                out.add(gap(t, spans, end));
            }
        }
        return out;
    }

    private static CoverageGap gap(SelectorHistory.Trail t, List<S3SelectionGaps.Span> spans, Instant end) {
        String when = S3SelectionGaps.when(spans);
        String brief = "trail " + t.name() + "'s selectors logged some DynamoDB tables' or Lambda functions' data"
                + " events only: " + when + " (its selector history in the store)";
        String fix = "select the data events of every table and function (resources.type alone, no resources.ARN);"
                + " another trail's files may hold the calls these left out (`trailkeeper collect auto` reads every"
                + " trail that selects data events)";
        String sentence = "Trail " + t.name() + " recorded data events, as the store's CloudTrail calls show ("
                + DataEventSelectors.calls(t) + "), but of some DynamoDB tables or Lambda functions only: " + when
                + ": whether items of the other tables were read or written, or the other functions invoked, then"
                + " cannot be told from its files (the store holding none of their data events proves nothing); "
                + fix + ".";
        return new CoverageGap(CoverageGap.Kind.NO_DATA_EVENTS, List.of(), S3SelectionGaps.days(spans, end), "", brief,
                sentence, fix);
    }
}
