package io.trailkeeper.report.incident;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How a timeline or heat-map bucket is named: its start in UTC, to the minute, or the date for day buckets. */
final class BucketLabels {
    private static final DateTimeFormatter HOUR =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd").withZone(ZoneOffset.UTC);

    private BucketLabels() {
    }

    /** True when buckets are a day wide or wider, so that the hour says nothing. */
    static boolean daily(Duration bucketSize) {
        return bucketSize.compareTo(Duration.ofDays(1)) >= 0;
    }

    static String label(Instant start, Duration bucketSize) {
        return (daily(bucketSize) ? DAY : HOUR).format(start);
    }

    /** The bucket width in words: "1 hour", "1 day", "15 minutes". */
    static String width(Duration bucketSize) {
        long seconds = bucketSize.getSeconds();
        if (bucketSize.getNano() != 0 || seconds <= 0 || seconds % 60 != 0) {
            return bucketSize.toString();
        }
        if (seconds % 86_400 == 0) {
            return plural(seconds / 86_400, "day");
        }
        return seconds % 3600 == 0 ? plural(seconds / 3600, "hour") : plural(seconds / 60, "minute");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
