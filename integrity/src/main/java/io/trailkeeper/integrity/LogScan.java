package io.trailkeeper.integrity;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Judges the files found in the log folders ({@code ROOT/CloudTrail/REGION/}) that no verified digest lists: in
 * the hour of a digest that is missing or unreadable, they are not verified and named with it (it may have listed
 * them); within a verified digest's time, no digest lists them (inserted); of the period but with no digest
 * covering their time (a region without digests, digests deleted), they are not verified. A file of a day of the
 * period that is not named as a log file, or named for another day, account or region than its folder's, was
 * placed by hand. Never silently valid.
 */
final class LogScan {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd");
    /** How many of the log files not covered yet a note names. */
    private static final int NAMED = 20;
    private final VerifyPeriod period;
    private final List<FileCheck> unverifiable;
    /** The days of the period: every file in their log folders is looked at, whatever its name says. */
    private final LocalDate firstDay;
    private final LocalDate lastDay;
    /** Per log folder, the times the verified digests of the period cover (start to end, each). */
    private final Map<String, List<Instant[]>> spans = new TreeMap<>();
    /** Per log folder, the earliest start and latest end of every verified digest read, for messages. */
    private final Map<String, Instant[]> found = new TreeMap<>();

    /** Per log folder, the digests read whose signature or place did not verify: their times are not covered. */
    private final Map<String, List<DigestFile>> failed = new TreeMap<>();

    /** Log files of the period no digest covers yet ({@code s3://bucket/key}), left out of a period without --until. */
    private final List<String> pending = new ArrayList<>();

    LogScan(Collection<DigestFile> loaded, List<FileCheck> unverifiable, VerifyPeriod period) {
        this.period = period;
        this.unverifiable = unverifiable;
        this.firstDay = LocalDate.ofInstant(period.since(), ZoneOffset.UTC);
        this.lastDay = LocalDate.ofInstant(period.until(), ZoneOffset.UTC);
        for (DigestFile d : loaded) {
            if (d.name.backfill()) {
                continue;
            }
            String folder = d.name.root() + "CloudTrail/" + d.name.region() + "/";
            if (!d.vouches()) {
                if (d.json != null) {
                    failed.computeIfAbsent(folder, f -> new ArrayList<>()).add(d);
                }
                continue;
            }
            Instant[] span = span(d);
            found.merge(folder, span, LogScan::union);
            if (d.inRange) {
                spans.computeIfAbsent(folder, f -> new ArrayList<>()).add(span);
            }
        }
    }

    /** The time a digest covers: from the minute of its start to its end. */
    private static Instant[] span(DigestFile d) {
        return new Instant[]{d.startTime().truncatedTo(ChronoUnit.MINUTES), d.time()};
    }

    private static Instant[] union(Instant[] a, Instant[] b) {
        return new Instant[]{a[0].isBefore(b[0]) ? a[0] : b[0], a[1].isAfter(b[1]) ? a[1] : b[1]};
    }

    /** Whether a verified digest's time covers t: not a gap between two chains (validation was off then). */
    private static boolean within(Instant t, List<Instant[]> spans) {
        return spans != null && spans.stream().anyMatch(span -> !t.isBefore(span[0]) && !t.isAfter(span[1]));
    }

    /** Whether the whole minute a log file's name gives (delivered within it) lies within a verified digest's time. */
    private static boolean withinWholeMinute(Instant t, List<Instant[]> spans) {
        return within(t, spans) && within(t.plusSeconds(59), spans);
    }

    /**
     * Judges {@code key}, found in {@code folder} (a region's log folder, {@code ROOT/CloudTrail/REGION/}) under
     * {@code day} ({@code yyyy/MM/dd/}) and listed by no verified digest.
     */
    void judge(LogChecker logs, String bucket, String folder, String day, String key) {
        LogName name = LogName.parse(key);
        List<Instant[]> span = spans.get(folder);
        LocalDate folderDay = LocalDate.parse(day.substring(0, 10), DAY);
        boolean periodDay = !folderDay.isBefore(firstDay) && !folderDay.isAfter(lastDay);
        if (name == null) {
            if (periodDay) {
                // collect and ingest read every object of a log folder, whatever its name
                logs.unlisted(bucket, key, "not named as a CloudTrail log file, in a log folder of the period: no"
                        + " digest lists it (added after delivery)");
            }
            return;
        }
        String[] parts = folder.split("/");
        String folderRegion = parts[parts.length - 1];
        String folderAccount = parts[parts.length - 3];
        if (!LocalDate.ofInstant(name.time(), ZoneOffset.UTC).equals(folderDay)
                || !name.region().equals(folderRegion) || !name.account().equals(folderAccount)) {
            if (periodDay || inPeriod(name.time())) {
                logs.unlisted(bucket, key, "named for " + name.time() + ", account " + name.account() + ", region "
                        + name.region() + ", but stored in the folder of " + folderDay + ", account " + folderAccount
                        + ", region " + folderRegion + ": CloudTrail writes a log file to the folder of its own day,"
                        + " account and region; no digest lists it (placed by hand)");
            }
            return;
        }
        FileCheck hour = digestOfItsHour(name);
        if (hour != null && hour.verdict() == Verdict.NOT_READ) {
            // the digest that may list it could not be read: not verified, not evidence of insertion
            logs.notVerified(bucket, key, Verdict.NOT_READ, "not verified: the digest of its hour, " + hour.key()
                    + ", could not be read");
        } else if (hour != null && !withinWholeMinute(name.time(), span)) {
            // the digest of its hour is missing or unreadable: it may have listed the file, so the file is neither
            // proven nor shown inserted (as the logs of a digest whose signature failed)
            logs.notVerified(bucket, key, Verdict.NOT_VERIFIED, "not verified: the digest of its hour, " + hour.key()
                    + ", is " + hour.verdict().label() + ", so what it listed is unknown and no other digest covers"
                    + " its time: nothing proves this file either way");
        } else if (hour != null || within(name.time(), span)) {
            logs.unlisted(bucket, key, "no digest lists it, though its time lies within a verified digest's: added"
                    + " after delivery, or written by another trail without log file validation that delivers to"
                    + " s3://" + bucket + "/" + folder + " too (a log file's name does not name its trail: see the"
                    + " trails' S3 bucket and prefix)" + (hour == null ? ""
                    : "; the digest of its hour, " + hour.key() + ", is " + hour.verdict().label()));
        } else if (inPeriod(name.time()) && name.time().isAfter(period.dueBy())) {
            notYetCovered(logs, bucket, key);
        } else if (inPeriod(name.time())) {
            notCovered(logs, bucket, folder, key, name.time());
        }
    }

    /**
     * A log file of the period whose time no verified digest covers: named with the digest of its time that did not
     * verify, else with the times the folder's verified digests cover.
     */
    private void notCovered(LogChecker logs, String bucket, String folder, String key, Instant t) {
        DigestFile failedDigest = failedDigestOf(folder, t);
        if (failedDigest != null) {
            logs.notVerified(bucket, key, Verdict.NOT_VERIFIED, "not verified: the digest of its time, "
                    + failedDigest.name.key() + ", did not verify (" + failedDigest.check().verdict().label() + "), so"
                    + " nothing covers it; it does not list this file, but what it lists cannot be trusted");
            return;
        }
        Instant[] any = found.get(folder);
        String where = any == null ? "there are no verified digests for its account and region"
                : within(t, List.<Instant[]>of(any)) ? "the verified digests of its account and region found ("
                + any[0] + " to " + any[1] + ") leave its time out, between two chains"
                : "the verified digests of its account and region found cover " + any[0] + " to " + any[1];
        logs.notVerified(bucket, key, Verdict.NOT_VERIFIED, "not verified: no digest covers its time, " + where
                + " (log file validation was off then, or the digests were deleted)");
    }

    /** A digest of the folder whose time covers t but which did not verify, or null. */
    private DigestFile failedDigestOf(String folder, Instant t) {
        return failed.getOrDefault(folder, List.of()).stream().filter(d -> within(t, List.<Instant[]>of(span(d))))
                .findFirst().orElse(null);
    }

    private boolean inPeriod(Instant t) {
        return period.contains(t);
    }

    /** A log file too recent for its digest to be there: left out without --until, else not verified. */
    private void notYetCovered(LogChecker logs, String bucket, String key) {
        if (!period.untilGiven()) {
            pending.add("s3://" + bucket + "/" + key);
            return;
        }
        logs.notVerified(bucket, key, Verdict.NOT_VERIFIED, "not verified: no digest covers it yet (digests come"
                + " hourly, up to an hour late, and the evidence is as of " + period.basis() + "); verify again later");
    }

    /** The log files left out of a period without --until as no digest covers them yet, {@code s3://bucket/key}. */
    List<String> notYetCovered() {
        return List.copyOf(pending);
    }

    /** What the scan left out, in words, naming the files (the first of them when there are many). */
    List<String> notes() {
        if (pending.isEmpty()) {
            return List.of();
        }
        List<String> named = pending.stream().sorted().limit(NAMED).toList();
        return List.of(pending.size() + " log file(s) written after " + period.dueBy() + " are not covered by a digest"
                + " yet (digests come hourly, up to an hour late; the evidence is as of " + period.basis() + "): left"
                + " out of the period and not verified, neither proven nor shown altered or inserted; verify them"
                + " later, or give --until to have them judged: " + String.join(", ", named)
                + (pending.size() > NAMED ? " and " + (pending.size() - NAMED) + " more (all in --format json)" : ""));
    }

    /** Why no digest may list a log file: the digest of its hour, missing or unreadable; null when none is. */
    private FileCheck digestOfItsHour(LogName log) {
        for (FileCheck d : unverifiable) {
            if (d.account().equals(log.account()) && d.region().equals(log.region()) && d.time() != null
                    && !d.time().isBefore(log.time()) && d.time().isBefore(log.time().plus(ChainLinker.GAP))) {
                return d;
            }
        }
        return null;
    }
}
