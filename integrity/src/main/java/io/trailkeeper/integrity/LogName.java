package io.trailkeeper.integrity;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a log file's key says: {@code .../CloudTrail/REGION/YYYY/MM/DD/ACCOUNT_CloudTrail_REGION_YYYYMMDDTHHMMZ_UNIQUE.json.gz};
 * the time is when CloudTrail wrote the file, to the minute.
 */
record LogName(String account, String region, Instant time) {
    private static final Pattern NAME = Pattern.compile(
            "(\\d{12})_CloudTrail_(" + DigestName.REGION + ")_(\\d{8}T\\d{4}Z)_[^/]+\\.json\\.gz");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'");

    /** The name of the log file at {@code key}, or null when the key is not a CloudTrail log file's. */
    static LogName parse(String key) {
        Matcher m = NAME.matcher(key.substring(key.lastIndexOf('/') + 1));
        if (!m.matches()) {
            return null;
        }
        try {
            return new LogName(m.group(1), m.group(2), LocalDateTime.parse(m.group(3), STAMP).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
