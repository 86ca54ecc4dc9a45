package io.trailkeeper.store.coverage;

import java.time.LocalDate;

/**
 * One region's UTC day: its events by source, whether a collector read it completely, and whether it is
 * missing.
 *
 * @param historyRead whether an event-history window of {@code collect lookup} reaches into the day
 * @param listed      whether a complete listing of the region's trail folder ({@code collect s3}) covers it
 * @param missing     {@code history-not-collected} or {@code beyond-history} (see {@link CoverageGap.Kind}),
 *                    or empty when the day is held
 */
public record RegionDay(String region, LocalDate day, long events, long dataEvents, long trailFileEvents,
                        long eventHistoryEvents, long otherFileEvents, boolean historyRead, boolean listed,
                        String missing) {
}
