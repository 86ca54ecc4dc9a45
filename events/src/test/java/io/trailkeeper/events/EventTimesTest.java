package io.trailkeeper.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The time formats CloudTrail and its neighbours write. The build runs tests in Pacific/Chatham (UTC+12:45 or
 * +13:45), so a parse that falls back on the default zone is off by hours here; every expectation below is
 * built from {@link Instant#parse} or epoch seconds, which know no zone.
 */
class EventTimesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            2023-07-10T11:42:36Z                 | 2023-07-10T11:42:36Z
            2023-07-10T11:42:36.123Z             | 2023-07-10T11:42:36.123Z
            2023-07-10T11:42:36.123456789Z       | 2023-07-10T11:42:36.123456789Z
            2023-07-10T11:42:36.5Z               | 2023-07-10T11:42:36.500Z
            2023-07-10T11:42:36+05:30            | 2023-07-10T06:12:36Z
            2023-07-10T11:42:36-08:00            | 2023-07-10T19:42:36Z
            2023-07-10T23:42:36-08:00            | 2023-07-11T07:42:36Z
            2023-07-10T11:42:36+00:00            | 2023-07-10T11:42:36Z
            2023-07-10T11:42:36.250+13:45        | 2023-07-09T21:57:36.250Z
            2024-12-16 18:41:07.000000000        | 2024-12-16T18:41:07Z
            2024-12-16 18:41:07Z                 | 2024-12-16T18:41:07Z
            2024-12-16 18:41:07+01:00            | 2024-12-16T17:41:07Z
            2023-07-10T11:42:36                  | 2023-07-10T11:42:36Z
            2023-07-10T11:42:36.789              | 2023-07-10T11:42:36.789Z
            2023-07-10T11:42Z                    | 2023-07-10T11:42:00Z
            2023-07-10T11:42                     | 2023-07-10T11:42:00Z
            2024-02-29T23:59:59Z                 | 2024-02-29T23:59:59Z
            2000-02-29T00:00:00Z                 | 2000-02-29T00:00:00Z
            1970-01-01T00:00:00Z                 | 1970-01-01T00:00:00Z
            """)
    void isoFormsComeBackInUtc(String text, String utc) {
        assertEquals(Instant.parse(utc), EventTimes.parse(text));
    }

    @Test
    void surroundingWhiteSpaceIsIgnored() {
        assertEquals(Instant.parse("2023-07-10T11:42:36Z"), EventTimes.parse("  2023-07-10T11:42:36Z\n"));
        assertEquals(Instant.ofEpochSecond(1_689_000_000L), EventTimes.parse(" 1689000000 "));
    }

    @Test
    void bareDateTimeIsUtcNotTheDefaultZone() {
        // Chatham is 12:45 or 13:45 ahead: a default-zone reading would land on the previous day
        assertEquals(Instant.parse("2023-01-15T00:30:00Z"), EventTimes.parse("2023-01-15T00:30:00"));
        assertEquals(Instant.parse("2023-01-15T00:30:00Z"), EventTimes.parse("2023-01-15 00:30:00"));
    }

    @Test
    void everySecondFormMatchesTheLibraryParse() {
        // the compact "yyyy-MM-ddTHH:mm:ssZ" form has a fast path of its own; it must agree with java.time
        DateTimeFormatter iso = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'");
        for (LocalDate day = LocalDate.of(2023, 1, 1); day.getYear() < 2025; day = day.plusDays(1)) {
            LocalDateTime t = day.atTime(day.getDayOfYear() % 24, day.getDayOfMonth() * 2 % 60, day.getMonthValue() * 4);
            String text = iso.format(t);
            assertEquals(t.toInstant(ZoneOffset.UTC), EventTimes.parse(text), text);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            1689000000            | 1689000000 | 0
            0                     | 0          | 0
            1689000000.5          | 1689000000 | 500000000
            1689000000.123456789  | 1689000000 | 123456789
            1.689E9               | 1689000000 | 0
            1.6890000005E9        | 1689000000 | 500000000
            1.6890000005E+9       | 1689000000 | 500000000
            16890000E2            | 1689000000 | 0
            """)
    void epochSecondsInAllTheirForms(String text, long seconds, int nanos) {
        assertEquals(Instant.ofEpochSecond(seconds, nanos), EventTimes.parse(text));
        assertEquals(Instant.ofEpochSecond(seconds, nanos), EventTimes.fromEpochSeconds(text));
    }

    @Test
    void negativeEpochSecondsAreBeforeNineteenSeventy() {
        assertEquals(Instant.parse("1969-12-31T23:59:58.500Z"), EventTimes.fromEpochSeconds("-1.5"));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {" ", "not-a-time", "redacted", "...", "2023-07-10", "11:42:36", "2023/07/10 11:42:36",
        "2023-07-10T11", "2023-07-10T11:42:36ZZ", "2023-07-10X11:42:36Z", "20230710T114236Z", "July 10, 2023",
        "2023-7-10T11:42:36Z", "2023-07-10T11:42:3xZ", "abc", "0x1F", "1,689,000,000", "1689000000ms",
        "2023-07-10T11:42:36+25:00"})
    void whatIsNotATimeIsNull(String text) {
        assertNull(EventTimes.parse(text));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2023-13-01T00:00:00Z", "2023-00-10T00:00:00Z", "2023-07-00T00:00:00Z",
        "2023-07-32T00:00:00Z", "2023-07-10T24:00:00Z", "2023-07-10T11:60:00Z", "2023-07-10T11:42:60Z",
        "2023-02-29T00:00:00Z", "2023-02-30T00:00:00Z", "2024-02-30T00:00:00Z", "2023-04-31T00:00:00Z",
        "1900-02-29T00:00:00Z", "2023-02-30T00:00:00.5Z", "2023-02-30T00:00:00+01:00", "2023-02-30 00:00:00",
        "2023-02-30T00:00:00"})
    void impossibleCalendarDatesAndTimesAreNull(String text) {
        assertNull(EventTimes.parse(text));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"99999999999999999999", "1E20", "1E999999", "31556889864403200", "9223372036854775808"})
    void epochSecondsBeyondTheRangeOfInstantAreNullNotAnError(String text) {
        assertNull(EventTimes.parse(text));
        assertNull(EventTimes.fromEpochSeconds(text));
    }

    @Test
    void theLargestRepresentableEpochSecondStillParses() {
        assertEquals(Instant.MAX.minusNanos(Instant.MAX.getNano()), EventTimes.fromEpochSeconds("31556889864403199"));
    }
}
