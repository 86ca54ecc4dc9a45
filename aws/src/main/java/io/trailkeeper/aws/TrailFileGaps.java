package io.trailkeeper.aws;

import io.trailkeeper.aws.s3.S3TrailCollector;
import io.trailkeeper.events.Coverage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the chosen trail's files, once its bucket was read, turned out not to hold the account's record of a
 * region the trail covers: its log files there refused (a bucket policy of another account, kms:Decrypt on the
 * files' key) or unreadable, the account's folder not listable or not there at all (a bucket shared with other
 * trails, an organization trail's folder of other members only), no folder of the region (one enabled after
 * the trail began, an opt-in region), or a region whose files begin days after the trail's first, inside the
 * event history's 90 days (a region enabled since, a single-region trail made multi-region), or files that end
 * days before the account's other regions' or before CloudTrail's latest delivery, or skip days in between
 * (files deleted from the bucket). {@code collect auto} reads those regions' event history too: the bucket
 * being readable as a whole does not mean it holds the account's record.
 */
final class TrailFileGaps {
    private TrailFileGaps() {
    }

    /**
     * @param account  the account collected (the caller's)
     * @param covered  the enabled regions the trail records
     * @param s3       what the S3 collector read of the trail's bucket: its coverage entries and last days
     * @param trail    the trail, for the time CloudTrail last delivered its files
     * @param historyStart the oldest moment the event history holds: files beginning before it lose nothing
     * @param from     filled, for a region whose only gap is days its files skip, with where its event history is
     *                 needed from: an hour before the first skipped day (the files before it hold the rest)
     * @return per region with a gap, why, in the regions' order
     */
    static Map<String, String> find(String account, List<String> covered, S3TrailCollector.Summary s3,
                                    TrailInfo trail, Instant historyStart, Map<String, Instant> from) {
        List<Coverage> coverage = s3.coverage();
        Map<String, String> gaps = new LinkedHashMap<>();
        String wide = accountWide(account, coverage);
        Instant first = coverage.stream().filter(c -> isLogFolder(c, account) && c.from() != null)
                .map(Coverage::from).min(Instant::compareTo).orElse(null);
        Map<String, LocalDate> lastDays = new LinkedHashMap<>();
        s3.lastDays().forEach((key, day) -> {
            if (key.startsWith(account + "/")) {
                lastDays.put(key.substring(account.length() + 1), day);
            }
        });
        LocalDate latest = lastDays.values().stream().max(LocalDate::compareTo).orElse(null);
        String missingLately = missingLately(trail, latest, historyStart);
        String begunLate = begunLate(trail, first, historyStart);
        for (String region : covered) {
            String why = wide != null ? wide : region(account, region, coverage);
            if (why == null) {
                why = begunLate != null ? begunLate : lateStart(account, region, coverage, first, historyStart);
            }
            if (why == null) {
                why = missingLately != null ? missingLately : earlyEnd(lastDays.get(region), latest, historyStart);
            }
            if (why == null) {
                List<LocalDate> days = inside(s3.skippedDays().get(account + "/" + region), historyStart);
                why = skipped(days);
                if (why != null) {
                    from.put(region, days.get(0).atStartOfDay(ZoneOffset.UTC).toInstant().minus(AutoPlan.STOP_OVERLAP));
                }
            }
            if (why != null) {
                gaps.put(region, why);
            }
        }
        return gaps;
    }

    /**
     * CloudTrail says it delivered days after the newest file of the account in the bucket (GetTrailStatus'
     * LatestDeliveryTime): the later files were deleted, or went elsewhere.
     */
    private static String missingLately(TrailInfo trail, LocalDate latest, Instant historyStart) {
        Instant delivered = trail.latestDeliveryTime();
        if (delivered == null || latest == null || !delivered.isAfter(historyStart)) {
            return null;
        }
        LocalDate day = LocalDate.ofInstant(delivered, ZoneOffset.UTC);
        return latest.isBefore(day.minusDays(1)) ? "the newest file of the account is of " + latest + " but the trail"
                + " last delivered on " + day + " (GetTrailStatus): files since are missing from the bucket" : null;
    }

    /**
     * The account's first file days after the trail last started logging, inside the event history's window: an
     * account that joined the organization of an organization trail since, or older files deleted.
     */
    private static String begunLate(TrailInfo trail, Instant first, Instant historyStart) {
        Instant started = trail.startLoggingTime();
        if (started == null || first == null || !first.isAfter(historyStart)
                || !first.isAfter(started.plus(Duration.ofDays(1)))) {
            return null;
        }
        return "the account's files begin on " + LocalDate.ofInstant(first, ZoneOffset.UTC) + " though the trail has"
                + " logged since " + LocalDate.ofInstant(started, ZoneOffset.UTC) + " (an account that joined the"
                + " organization since, or older files deleted)";
    }

    /** Files of a region that end days before the account's other regions', inside the event history's window. */
    private static String earlyEnd(LocalDate last, LocalDate latest, Instant historyStart) {
        if (last == null || latest == null || !last.isBefore(latest.minusDays(1))
                || !last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(historyStart)) {
            return null;
        }
        return "its files end on " + last + ", the account's other regions' on " + latest;
    }

    /**
     * Days inside the event history's window on which a region has no file though it has files before and after:
     * an attacker deleting a day's files from the bucket leaves exactly this. A region without a single call on
     * some day looks the same; its event history is then short to read.
     */
    private static String skipped(List<LocalDate> inside) {
        if (inside.isEmpty()) {
            return null;
        }
        String named = inside.size() <= 5 ? join(inside) : join(inside.subList(0, 5)) + " and " + (inside.size() - 5)
                + " more";
        return "no file of " + named + " though files before and after: deleted from the bucket, or "
                + (inside.size() == 1 ? "a day" : "days") + " without a call there";
    }

    /** The days inside the event history's window, oldest first. */
    private static List<LocalDate> inside(List<LocalDate> days, Instant historyStart) {
        LocalDate first = LocalDate.ofInstant(historyStart, ZoneOffset.UTC);
        return days == null ? List.of() : days.stream().filter(d -> !d.isBefore(first)).sorted().toList();
    }

    private static String join(List<LocalDate> days) {
        return String.join(", ", days.stream().map(LocalDate::toString).toList());
    }

    /**
     * Files of a region that begin days after the trail's first, inside the event history's window (the region
     * enabled or added to the trail since): the time before them is not in the files.
     */
    private static String lateStart(String account, String region, List<Coverage> coverage, Instant first,
                                    Instant historyStart) {
        Instant from = coverage.stream().filter(c -> region.equals(c.region()) && isLogFolder(c, account)
                && c.from() != null).map(Coverage::from).min(Instant::compareTo).orElse(null);
        if (from == null || first == null || !from.isAfter(first.plus(Duration.ofDays(1)))
                || !from.isAfter(historyStart)) {
            return null;
        }
        return "its files begin on " + LocalDate.ofInstant(from, ZoneOffset.UTC) + ", the trail's on "
                + LocalDate.ofInstant(first, ZoneOffset.UTC);
    }

    /** Why none of the account's regions can be trusted, or null. */
    private static String accountWide(String account, List<Coverage> coverage) {
        for (Coverage c : coverage) {
            if (c.region() == null && !c.complete() && (c.account() == null || c.account().equals(account))) {
                return c.status().label() + ": " + c.reason();
            }
        }
        boolean any = coverage.stream().anyMatch(c -> isLogFolder(c, account));
        return any ? null : "the bucket holds no log files of the account " + account + " (no AWSLogs/" + account
                + "/CloudTrail/ folder, nor one under an organization's folder)";
    }

    private static String region(String account, String region, List<Coverage> coverage) {
        List<Coverage> own = coverage.stream().filter(c -> region.equals(c.region()) && isLogFolder(c, account))
                .toList();
        if (own.isEmpty()) {
            return "no log files of " + region + " in the bucket";
        }
        List<Coverage> unread = own.stream().filter(c -> !c.complete()).toList();
        if (unread.isEmpty()) {
            return null;
        }
        Coverage first = unread.get(0);
        String why = first.status().label() + ": " + first.reason();
        if (unread.size() == own.size() || unread.stream().anyMatch(c -> c.from() == null || c.to() == null)) {
            return why; // no day of the region is known read
        }
        List<String> days = unread.stream().map(c -> dayRange(c.from(), c.to())).toList();
        return "its files of " + (days.size() == 1 ? days.get(0) : String.join(", ", days.subList(0, days.size() - 1))
                + " and " + days.get(days.size() - 1)) + " could not all be read (" + why + (unread.size() == 1 ? ""
                : "; and on the other days alike") + "); its other days' files were read";
    }

    /** {@code 2026-11-17}, or {@code 2026-11-17..2026-11-19}. */
    private static String dayRange(Instant from, Instant to) {
        LocalDate first = LocalDate.ofInstant(from, ZoneOffset.UTC);
        LocalDate last = LocalDate.ofInstant(to, ZoneOffset.UTC);
        return first.equals(last) ? first.toString() : first + ".." + last;
    }

    /** An entry of the account's log files (not its digest or Insights files). */
    private static boolean isLogFolder(Coverage c, String account) {
        return "s3".equals(c.collector()) && account.equals(c.account()) && c.scope() != null
                && c.scope().contains("/" + account + "/CloudTrail/");
    }
}
