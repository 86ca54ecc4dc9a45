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
 * being readable as a whole does not mean it holds the account's record. It reads only the days the files do
 * not hold (LookupEvents is paced at 2 requests/s per region), with every reason that holds taken into account.
 */
final class TrailFileGaps {
    private TrailFileGaps() {
    }

    /**
     * Why a region's event history is read, and the part of it that is needed: from {@code from} (null: the
     * oldest day the history holds) to {@code until} (null: now). The part is whole days around the files'
     * evidence with an hour either side ({@link AutoPlan#STOP_OVERLAP}): a trail file may carry the last minutes
     * of the day before, and the files say only on which days they are.
     */
    record Gap(String why, Instant from, Instant until) {
        static Gap whole(String why) {
            return new Gap(why, null, null);
        }

        /** The days before the end of {@code last} (its files may begin at any hour of it). */
        static Gap before(String why, LocalDate last) {
            return new Gap(why, null, startOf(last.plusDays(1)).plus(AutoPlan.STOP_OVERLAP));
        }

        /** The days from {@code first} on (its files may end at any hour of it). */
        static Gap since(String why, LocalDate first) {
            return new Gap(why, startOf(first).minus(AutoPlan.STOP_OVERLAP), null);
        }

        /** {@code first} to {@code last}, whole. */
        static Gap between(String why, LocalDate first, LocalDate last) {
            return new Gap(why, startOf(first).minus(AutoPlan.STOP_OVERLAP),
                    startOf(last.plusDays(1)).plus(AutoPlan.STOP_OVERLAP));
        }

        boolean isWhole() {
            return from == null && until == null;
        }

        /** Both gaps' reasons, and the time from the earlier's start to the later's end (what lies between too). */
        static Gap both(Gap a, Gap b) {
            if (a == null || b == null) {
                return a == null ? b : a;
            }
            Instant from = a.from == null || b.from == null ? null : a.from.isBefore(b.from) ? a.from : b.from;
            Instant until = a.until == null || b.until == null ? null : a.until.isAfter(b.until) ? a.until : b.until;
            return new Gap(a.why + "; " + b.why, from, until);
        }

        private static Instant startOf(LocalDate day) {
            return day.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
    }

    /**
     * @param account  the account collected (the caller's)
     * @param covered  the enabled regions the trail records
     * @param s3       what the S3 collector read of the trail's bucket: its coverage entries and last days
     * @param trail    the trail, for the time CloudTrail last delivered its files
     * @param historyStart the oldest moment the event history holds: files beginning before it lose nothing
     * @return per region with a gap, why (every reason that holds) and the part of its history needed: the days
     *         before its files begin, from the day they end, the days they skip or could not be read, each whole
     *         with an hour either side, or all of it where nothing of the region's files is known read
     */
    static Map<String, Gap> find(String account, List<String> covered, S3TrailCollector.Summary s3,
                                 TrailInfo trail, Instant historyStart) {
        List<Coverage> coverage = s3.coverage();
        Map<String, Gap> gaps = new LinkedHashMap<>();
        String wide = accountWide(account, coverage);
        LocalDate first = firstDay(account, null, coverage);
        Map<String, LocalDate> lastDays = new LinkedHashMap<>();
        s3.lastDays().forEach((key, day) -> {
            if (key.startsWith(account + "/")) {
                lastDays.put(key.substring(account.length() + 1), day);
            }
        });
        LocalDate latest = lastDays.values().stream().max(LocalDate::compareTo).orElse(null);
        for (String region : covered) {
            Gap gap = wide != null ? Gap.whole(wide) : region(account, region, coverage);
            if (gap == null || !gap.isWhole()) {
                // every reason that holds: reading only one's days would leave another's unread
                LocalDate own = firstDay(account, region, coverage);
                LocalDate last = lastDays.get(region);
                gap = Gap.both(gap, begunLate(trail, first, own, historyStart));
                gap = Gap.both(gap, lateStart(own, first, historyStart));
                gap = Gap.both(gap, missingLately(trail, latest, last, historyStart));
                gap = Gap.both(gap, earlyEnd(last, latest, historyStart));
                gap = Gap.both(gap, skipped(inside(s3.skippedDays().get(account + "/" + region), historyStart)));
            }
            if (gap != null) {
                gaps.put(region, gap);
            }
        }
        return gaps;
    }

    /**
     * CloudTrail says it delivered days after the newest file of the account in the bucket (GetTrailStatus'
     * LatestDeliveryTime): the later files were deleted, or went elsewhere.
     */
    private static Gap missingLately(TrailInfo trail, LocalDate latest, LocalDate last, Instant historyStart) {
        Instant delivered = trail.latestDeliveryTime();
        if (delivered == null || latest == null || !delivered.isAfter(historyStart)) {
            return null;
        }
        LocalDate day = LocalDate.ofInstant(delivered, ZoneOffset.UTC);
        if (!latest.isBefore(day.minusDays(1))) {
            return null;
        }
        String why = "the newest file of the account is of " + latest + " but the trail last delivered on " + day
                + " (GetTrailStatus): files since are missing from the bucket";
        // from the region's own last day: the account's newest may be of another region
        return last == null ? Gap.whole(why) : Gap.since(why, last);
    }

    /**
     * The account's first file days after the trail last started logging, inside the event history's window: an
     * account that joined the organization of an organization trail since, or older files deleted.
     */
    private static Gap begunLate(TrailInfo trail, LocalDate first, LocalDate own, Instant historyStart) {
        Instant started = trail.startLoggingTime();
        Instant from = first == null ? null : first.atStartOfDay(ZoneOffset.UTC).toInstant();
        if (started == null || from == null || !from.isAfter(historyStart)
                || !from.isAfter(started.plus(Duration.ofDays(1)))) {
            return null;
        }
        // to the end of the region's own first day: its files may begin later than the account's
        return Gap.before("the account's files begin on " + first + " though the trail has logged since "
                + LocalDate.ofInstant(started, ZoneOffset.UTC) + " (an account that joined the organization since, or"
                + " older files deleted)", own == null || own.isBefore(first) ? first : own);
    }

    /** Files of a region that end days before the account's other regions', inside the event history's window. */
    private static Gap earlyEnd(LocalDate last, LocalDate latest, Instant historyStart) {
        if (last == null || latest == null || !last.isBefore(latest.minusDays(1))
                || !last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(historyStart)) {
            return null;
        }
        return Gap.since("its files end on " + last + ", the account's other regions' on " + latest, last);
    }

    /**
     * Days inside the event history's window on which a region has no file though it has files before and after:
     * an attacker deleting a day's files from the bucket leaves exactly this. A region without a single call on
     * some day looks the same; its event history is then short to read.
     */
    private static Gap skipped(List<LocalDate> inside) {
        if (inside.isEmpty()) {
            return null;
        }
        String named = inside.size() <= 5 ? join(inside) : join(inside.subList(0, 5)) + " and " + (inside.size() - 5)
                + " more";
        return Gap.between("no file of " + named + " though files before and after: deleted from the bucket, or "
                + (inside.size() == 1 ? "a day" : "days") + " without a call there", inside.get(0),
                inside.get(inside.size() - 1));
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
    private static Gap lateStart(LocalDate own, LocalDate first, Instant historyStart) {
        if (own == null || first == null || !own.isAfter(first.plusDays(1))
                || !own.atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(historyStart)) {
            return null;
        }
        return Gap.before("its files begin on " + own + ", the trail's on " + first, own);
    }

    /** The first day of the account's log files in the region (any region when null), or null when none. */
    private static LocalDate firstDay(String account, String region, List<Coverage> coverage) {
        return coverage.stream().filter(c -> (region == null || region.equals(c.region())) && isLogFolder(c, account)
                && c.from() != null).map(c -> LocalDate.ofInstant(c.from(), ZoneOffset.UTC))
                .min(LocalDate::compareTo).orElse(null);
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

    private static Gap region(String account, String region, List<Coverage> coverage) {
        List<Coverage> own = coverage.stream().filter(c -> region.equals(c.region()) && isLogFolder(c, account))
                .toList();
        if (own.isEmpty()) {
            return Gap.whole("no log files of " + region + " in the bucket");
        }
        List<Coverage> unread = own.stream().filter(c -> !c.complete()).toList();
        if (unread.isEmpty()) {
            return null;
        }
        Coverage first = unread.get(0);
        String why = first.status().label() + ": " + first.reason();
        if (unread.size() == own.size() || unread.stream().anyMatch(c -> c.from() == null || c.to() == null)) {
            return Gap.whole(why); // no day of the region is known read
        }
        List<String> days = unread.stream().map(c -> dayRange(c.from(), c.to())).toList();
        LocalDate firstUnread = unread.stream().map(c -> LocalDate.ofInstant(c.from(), ZoneOffset.UTC))
                .min(LocalDate::compareTo).orElseThrow();
        LocalDate lastUnread = unread.stream().map(c -> LocalDate.ofInstant(c.to(), ZoneOffset.UTC))
                .max(LocalDate::compareTo).orElseThrow();
        return Gap.between("its files of " + (days.size() == 1 ? days.get(0) : String.join(", ",
                days.subList(0, days.size() - 1)) + " and " + days.get(days.size() - 1)) + " could not all be read ("
                + why + (unread.size() == 1 ? "" : "; and on the other days alike") + "); its other days' files were"
                + " read", firstUnread, lastUnread);
    }

    /** {@code 2026-11-17}, or {@code 2026-11-17..2026-11-19}: the UTC days of [from, to]. */
    static String dayRange(Instant from, Instant to) {
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
