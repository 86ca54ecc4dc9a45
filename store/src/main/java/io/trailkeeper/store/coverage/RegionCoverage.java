package io.trailkeeper.store.coverage;

import java.time.LocalDate;
import java.util.List;

/**
 * One region over the report's window: its events and where they came from, as day ranges, the collectors'
 * latest word on it, and how many of its days are missing.
 *
 * @param region       the region; empty for events whose record names none
 * @param status       {@code complete}, {@code incomplete} (some days missing), {@code never collected},
 *                     {@code not enabled}, or {@code no region}
 * @param events       events in the window
 * @param dataEvents   of which data events (S3 object calls, Lambda invocations...)
 * @param trailFiles   days with events from trail files ({@code ingest} of trail files, {@code collect s3})
 * @param eventHistory days with events from the event history, or that a {@code collect lookup} window read
 * @param otherFiles   days with events from other files (JSON arrays, JSON lines, envelopes)
 * @param firstDay     the first day with events in the window, or null
 * @param lastDay      the last day with events in the window, or null
 * @param collectors   the collectors' latest entries for the region: {@code lookup complete (run 3)}
 * @param missingDays  days of the window the store cannot answer for in this region
 */
public record RegionCoverage(String region, String status, long events, long dataEvents, List<DayRange> trailFiles,
                             List<DayRange> eventHistory, List<DayRange> otherFiles, LocalDate firstDay,
                             LocalDate lastDay, List<String> collectors, long missingDays) {
    public RegionCoverage {
        trailFiles = List.copyOf(trailFiles);
        eventHistory = List.copyOf(eventHistory);
        otherFiles = List.copyOf(otherFiles);
        collectors = List.copyOf(collectors);
    }
}
