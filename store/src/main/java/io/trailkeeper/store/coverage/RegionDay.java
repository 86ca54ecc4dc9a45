package io.trailkeeper.store.coverage;

import java.time.LocalDate;

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
 */
public record RegionDay(String region, LocalDate day, long events, long dataEvents, long trailFileEvents,
                        long eventHistoryEvents, long otherFileEvents, boolean historyRead, boolean listed,
                        String missing, String unread) {
}
