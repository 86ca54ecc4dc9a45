package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeArgumentsTest {
    @Test
    void relativeAgesCountBackFromNow() {
        assertEquals(Instant.parse("2026-08-28T12:00:00Z"), TimeArguments.parse("90d", Cli.CLOCK, "--since"));
        assertEquals(Instant.parse("2026-11-26T00:00:00Z"), TimeArguments.parse("12h", Cli.CLOCK, "--since"));
        assertEquals(Instant.parse("2026-11-12T12:00:00Z"), TimeArguments.parse("2w", Cli.CLOCK, "--since"));
        assertEquals(Instant.parse("2026-11-26T11:30:00Z"), TimeArguments.parse("30m", Cli.CLOCK, "--since"));
        java.time.Clock ticking = java.time.Clock.fixed(Instant.parse("2026-11-26T12:00:00.216336144Z"),
                java.time.ZoneOffset.UTC);
        assertEquals(Instant.parse("2026-10-27T12:00:00Z"), TimeArguments.parse("30d", ticking, "--since"),
                "to the second: the time is shown back to the user");
    }

    @Test
    void datesAndTimesAreUtcWhateverTheDefaultZone() {
        assertEquals(Instant.parse("2024-03-01T00:00:00Z"), TimeArguments.parse("2024-03-01", Cli.CLOCK, "--since"));
        assertEquals(Instant.parse("2024-03-01T12:00:00Z"), TimeArguments.parse("2024-03-01T12:00:00", Cli.CLOCK, "x"));
        assertEquals(Instant.parse("2024-03-01T10:00:00Z"), TimeArguments.parse("2024-03-01T12:00:00+02:00", Cli.CLOCK, "x"));
    }

    @Test
    void aDateAloneAsUntilIsTheWholeDay() {
        assertEquals(Instant.parse("2024-03-10T23:59:59.999999Z"),
                TimeArguments.parseUntil("2024-03-10", Cli.CLOCK, "--until"));
        assertEquals(Instant.parse("2024-03-10T12:00:00Z"),
                TimeArguments.parseUntil("2024-03-10T12:00:00Z", Cli.CLOCK, "--until"), "a time is that time");
        assertEquals(Instant.parse("2026-11-26T00:00:00Z"), TimeArguments.parseUntil("12h", Cli.CLOCK, "--until"));
    }

    @Test
    void aTimeToTheMinuteAsUntilIsTheWholeMinute() {
        assertEquals(Instant.parse("2024-03-10T23:59:59.999999Z"),
                TimeArguments.parseUntil("2024-03-10T23:59", Cli.CLOCK, "--until"), "23:59:30 is up to 23:59");
        assertEquals(Instant.parse("2024-03-10T23:59:59.999999Z"),
                TimeArguments.parseUntil("2024-03-10T23:59Z", Cli.CLOCK, "--until"));
        assertEquals(Instant.parse("2024-03-10T21:59:59.999999Z"),
                TimeArguments.parseUntil("2024-03-10T23:59+02:00", Cli.CLOCK, "--until"));
        assertEquals(Instant.parse("2024-03-10T23:59:00Z"),
                TimeArguments.parse("2024-03-10T23:59", Cli.CLOCK, "--since"), "a --since starts the minute");
    }

    @Test
    void nonsenseIsRefusedWithTheOptionNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TimeArguments.parse("last tuesday", Cli.CLOCK, "--until"));
        assertEquals("--until: 'last tuesday' is not a time; use ISO-8601 in UTC (2024-03-01, 2024-03-01T12:00:00Z)"
                + " or an age (90d, 12h, 30m, 2w)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TimeArguments.parse("2024-13-01", Cli.CLOCK, "--since"));
    }
}
