package io.trailkeeper.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The set-up of the tests of prune's lake: ListBuckets calls of account 111122223333 in us-east-1, one on each day
 * given, and a retention config that moves days older than 90 to the local lake {@code DIR/lake}.
 */
final class LakeDays {
    private LakeDays() {
    }

    /**
     * Writes {@code file} with one call on each of {@code days} at 10:0N (N counting from {@code from}, eventID e-N),
     * from {@code ip} (no sourceIPAddress when null).
     */
    static Path records(Path file, int from, String ip, String... days) throws IOException {
        StringBuilder b = new StringBuilder("{\"Records\":[");
        for (int k = 0; k < days.length; k++) {
            int i = from + k;
            b.append(k == 0 ? "" : ",").append("{\"eventVersion\":\"1.09\",\"eventTime\":\"").append(days[k])
                    .append("T10:0").append(i).append(":00Z\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":"
                            + "\"ListBuckets\",\"awsRegion\":\"us-east-1\",\"eventID\":\"e-").append(i)
                    .append("\",\"recipientAccountId\":\"111122223333\"")
                    .append(ip == null ? "" : ",\"sourceIPAddress\":\"" + ip + "\"").append("}");
        }
        return Files.writeString(file, b.append("]}").toString());
    }

    /** Writes {@code DIR/config.yaml}: hot_days 90, total_days {@code totalDays}, lake {@code DIR/lake}. */
    static Path config(Path dir, int totalDays) throws IOException {
        return Files.writeString(dir.resolve("config.yaml"), "retention:\n  hot_days: 90\n  total_days: " + totalDays
                + "\nlake: " + dir.resolve("lake") + "\n");
    }
}
