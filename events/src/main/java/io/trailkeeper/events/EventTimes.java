package io.trailkeeper.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads the time formats CloudTrail and its neighbours write. Everything comes back in UTC. */
public final class EventTimes {
    private static final BigDecimal MIN_SECONDS = BigDecimal.valueOf(Instant.MIN.getEpochSecond());
    private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(Instant.MAX.getEpochSecond());

    private EventTimes() {
    }

    /**
     * Parses an ISO-8601 time ({@code 2023-07-10T11:42:36Z}, with fractions or an offset, or a bare date-time
     * taken as UTC, with 'T' or a space between date and time) or epoch seconds as text. Returns null when the text is not a time.
     */
    public static Instant parse(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        if (s.length() > 10 && s.charAt(10) == ' ') {
            // "2024-12-16 18:41:07.000000000": SQL-style, as log pipelines (Panther, Athena) write it, in UTC
            s = s.substring(0, 10) + 'T' + s.substring(11);
        }
        if (s.length() == 20 && s.charAt(19) == 'Z') {
            Instant fast = parseCompactUtc(s);
            if (fast != null) {
                return fast;
            }
        }
        if (!s.isEmpty() && (Character.isDigit(s.charAt(0))) && s.indexOf('-') < 0) {
            return fromEpochSeconds(s);
        }
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return java.time.LocalDateTime.parse(s, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                return null;
            }
        }
    }

    /** Epoch seconds, possibly fractional or in exponent form ({@code 1.689E9}), as LookupEvents sends them. */
    public static Instant fromEpochSeconds(String text) {
        try {
            BigDecimal seconds = new BigDecimal(text.trim());
            // Out of Instant's range, longValue() would wrap or drop digits and ofEpochSecond would throw
            if (seconds.compareTo(MIN_SECONDS) < 0 || seconds.compareTo(MAX_SECONDS) > 0) {
                return null;
            }
            long whole = seconds.longValue();
            int nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).intValue();
            return Instant.ofEpochSecond(whole, nanos);
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    private static Instant parseCompactUtc(String s) {
        if (s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        if (day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3_600L + minute * 60L + second);
    }

    private static int digits(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
