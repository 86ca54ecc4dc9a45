package io.trailkeeper.store.coverage;

import java.time.LocalDate;
import java.util.List;

/**
 * One region's UTC day: its events by source, whether a collector read it completely, and whether it is
 * missing.
 *
 * @param historyRead whether an event-history window of {@code collect lookup} reaches into the day
 * @param listed      whether a complete listing of the region's trail folder ({@code collect s3}) covers it
 * @param missing     why the day is missing or incomplete ({@code history-not-collected}, {@code beyond-history},
 *                    {@code collector} when only a collector's refusal or failure makes it so..., see {@link
 *                    CoverageGap.Kind}), or empty when the day is held
 * @param unread      what a collector's latest entry could not read of the day ({@code s3 denied}, {@code lookup
 *                    throttled}), or empty: the day's other sources may still hold part or all of it
 * @param accountsMissing the accounts whose trail files of the day the store lacks while it holds other accounts'
 *                        files of the region and day ({@code account-files}), or empty
 */
public record RegionDay(String region, LocalDate day, long events, long dataEvents, long trailFileEvents,
                        long eventHistoryEvents, long otherFileEvents, boolean historyRead, boolean listed,
                        String missing, String unread, List<String> accountsMissing) {
    public RegionDay {
        accountsMissing = List.copyOf(accountsMissing);
    }
}
