package io.trailkeeper.store.coverage;

import java.util.List;
import java.util.Objects;

/**
 * Something the store cannot answer for, with the regions and days it concerns, said twice: a short reason
 * (for the one-line warning at the end of an investigation) and a plain sentence that also says what closes
 * it.
 *
 * @param kind     what sort of gap
 * @param regions  the regions concerned, empty when it concerns the whole store
 * @param days     the UTC days concerned, consecutive days merged; empty when the gap is not about days
 * @param status   for a collector's entry, its status ({@code denied}, {@code throttled}...), else empty
 * @param brief    a short reason: {@code ap-south-1 was never collected}
 * @param sentence the gap in one plain sentence, with the command that closes it where one can
 * @param fix      the command (or the step) that closes it, or what makes it impossible
 */
public record CoverageGap(Kind kind, List<String> regions, List<DayRange> days, String status, String brief,
                          String sentence, String fix) {
    public CoverageGap {
        Objects.requireNonNull(kind, "kind");
        regions = List.copyOf(regions);
        days = List.copyOf(days);
        status = status == null ? "" : status;
    }

    /** The sorts of gap, in the order they are listed. */
    public enum Kind {
        /** Nothing is in the store: no event, no collector run. */
        EMPTY_STORE("empty-store"),
        /** Days whose events prune moved to the lake, where this store cannot read them (a file gone). */
        LAKE_UNREAD("lake-unread"),
        /** Days prune's total retention deleted from the lake: their events are in no answer. */
        RETENTION_DELETED("retention-deleted"),
        /** Input files read but not stored whole (cut short, damaged, a record refused): lost records, no time known. */
        INPUT_REJECTED("input-rejected"),
        /** Trail log files verify found deleted, altered or inserted after delivery (kept with verify --keep). */
        LOG_TAMPERED("log-tampered"),
        /** Days whose only trail-file events came in files delivered on another day: the day's own files are missing. */
        PARTIAL_DAY("partial-day"),
        /** An account's trail files of a region and day not in the store, though other accounts' of them are. */
        ACCOUNT_FILES("account-files"),
        /** An account's trail files stopping for hours, in every region, while other accounts' files go on. */
        ACCOUNT_SILENT("account-silent"),
        /** A region (known to be enabled, or asked about) of which the store holds nothing at all. */
        NEVER_COLLECTED("never-collected"),
        /** A collector's latest entry for a region or S3 prefix that is not complete. */
        COLLECTOR("collector"),
        /** Days inside the 90-day event history that were neither collected from it nor held in trail files. */
        HISTORY_NOT_COLLECTED("history-not-collected"),
        /** Days older than the 90-day event history with no trail file (nor history collected back then). */
        BEYOND_HISTORY("beyond-history"),
        /** A trail made single-region inside the window: no event of the other regions in its files from then on. */
        TRAIL_REGIONS("trail-regions"),
        /** No data events (S3 object reads, Lambda invocations...) at all, or none from some regions. */
        NO_DATA_EVENTS("no-data-events");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
