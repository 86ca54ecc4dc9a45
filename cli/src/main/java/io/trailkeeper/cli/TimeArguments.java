package io.trailkeeper.cli;

import io.trailkeeper.events.EventTimes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times as users type them: ISO-8601 ({@code 2024-03-01T12:00:00Z}, a date {@code 2024-03-01} meaning its
 * start in UTC, or its end for an --until, a date-time without zone meaning UTC) or an age relative to now
 * ({@code 90d}, {@code 12h}, {@code 30m}, {@code 2w}).
 */
final class TimeArguments {
    private static final Pattern RELATIVE = Pattern.compile("(\\d+)\\s*([smhdw])");
    /** A date-time given to the minute, without seconds: 2024-03-10T23:59, with or without a zone. */
    private static final Pattern TO_THE_MINUTE = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(Z|[+-]\\d{2}(:?\\d{2})?)?");

    private TimeArguments() {
    }

    /**
     * An --until: as {@link #parse}, but a date alone means the whole day, up to its last microsecond
     * (23:59:59.999999, the finest time the store keeps; the windows include their end), as collect s3 and
     * export take a day: {@code --since 2024-03-10 --until 2024-03-10} is that day, not an empty window at its
     * midnight. A time to the minute ({@code 2024-03-10T23:59}) is likewise that whole minute.
     */
    static Instant parseUntil(String text, Clock clock, String option) {
        Instant t = parse(text, clock, option);
        if (isDate(text)) {
            return t.plus(1, ChronoUnit.DAYS).minus(1, ChronoUnit.MICROS);
        }
        // a time to the minute (23:59) is that whole minute, as a date is its whole day: read as 23:59:00, it left
        // out what CloudTrail recorded at 23:59:01..59
        return TO_THE_MINUTE.matcher(text.trim()).matches() ? t.plus(1, ChronoUnit.MINUTES).minus(1, ChronoUnit.MICROS)
                : t;
    }

    private static boolean isDate(String text) {
        return text.trim().length() == 10 && !RELATIVE.matcher(text.trim()).matches();
    }

    static Instant parse(String text, Clock clock, String option) {
        String s = text.trim();
        Matcher m = RELATIVE.matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            // to the second: the time is shown back (a note's window, a report's period), and the clock's
            // nanoseconds said nothing there
            return clock.instant().minus(d).truncatedTo(ChronoUnit.SECONDS);
        }
        if (isDate(s)) {
            try {
                return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw bad(text, option);
            }
        }
        Instant t = EventTimes.parse(s);
        if (t == null) {
            throw bad(text, option);
        }
        return t;
    }

    private static IllegalArgumentException bad(String text, String option) {
        return new IllegalArgumentException(option + ": '" + text + "' is not a time; use ISO-8601 in UTC"
                + " (2024-03-01, 2024-03-01T12:00:00Z) or an age (90d, 12h, 30m, 2w)");
    }
}
