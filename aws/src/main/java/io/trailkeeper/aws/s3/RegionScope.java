package io.trailkeeper.aws.s3;

import io.trailkeeper.events.Coverage;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.BitSet;

/**
 * One region's folder of one tree of one account ({@code .../AWSLogs/[o-org/]ACCOUNT/CloudTrail/REGION/}) while
 * it is collected: its days are listed on the walking thread, its objects fetched on others. Its coverage is
 * decided once both are over, so that a region whose every file is in says "complete" as soon as it is true,
 * not at the end of the whole run.
 */
final class RegionScope {
    final String account;
    final TrailBucketLayout.Tree tree;
    final String region;
    /** The key prefix of the region's folder, ending in "/". */
    final String prefix;

    private int pending;
    private boolean listed;
    private Instant listingStarted;
    private LocalDate firstDay;
    private LocalDate lastDay;
    private int days;
    /** The days with a log file, as days after {@code filedBase} (an epoch day): a few hundred bytes for years. */
    private BitSet filedDays = new BitSet();
    private long filedBase = Long.MIN_VALUE;
    private String listingFailure;
    private boolean listingDenied;
    private long failedObjects;
    private long deniedObjects;
    private long archivedObjects;
    private String firstObjectFailure;
    private String firstArchived;

    RegionScope(String account, TrailBucketLayout.Tree tree, String region, String prefix) {
        this.account = account;
        this.tree = tree;
        this.region = region;
        this.prefix = prefix;
    }

    synchronized void listingStarted(Instant at) {
        listingStarted = at;
    }

    /**
     * A day folder listed to its end; {@code withFiles} when it held a log file (an empty one is what a console's
     * folder marker leaves once the files are deleted).
     */
    synchronized void dayListed(LocalDate day, boolean withFiles) {
        if (withFiles) {
            filed(day.toEpochDay());
        }
        days++;
        if (firstDay == null || day.isBefore(firstDay)) {
            firstDay = day;
        }
        if (lastDay == null || day.isAfter(lastDay)) {
            lastDay = day;
        }
    }

    private void filed(long epochDay) {
        if (filedBase == Long.MIN_VALUE) {
            filedBase = epochDay;
        } else if (epochDay < filedBase) { // listings go forward; kept right if one does not
            BitSet moved = new BitSet();
            long shift = filedBase - epochDay;
            filedDays.stream().forEach(i -> moved.set((int) (i + shift)));
            filedDays = moved;
            filedBase = epochDay;
        }
        filedDays.set((int) (epochDay - filedBase));
    }

    /** Whether a log file was listed in the day's folder. */
    synchronized boolean filedOn(LocalDate day) {
        long offset = day.toEpochDay() - filedBase;
        return filedBase != Long.MIN_VALUE && offset >= 0 && offset < Integer.MAX_VALUE
                && filedDays.get((int) offset);
    }

    /** The first day with a log file, or null when none. */
    synchronized LocalDate firstFiledDay() {
        return filedDays.isEmpty() ? null : LocalDate.ofEpochDay(filedBase + filedDays.nextSetBit(0));
    }

    /** The last day with a log file, or null when none. */
    synchronized LocalDate lastFiledDay() {
        return filedDays.isEmpty() ? null : LocalDate.ofEpochDay(filedBase + filedDays.length() - 1);
    }

    /** The last day folder listed, or null when none. */
    synchronized LocalDate lastDay() {
        return lastDay;
    }

    synchronized void listingFailed(String where, String reason, boolean denied) {
        if (listingFailure == null) {
            listingFailure = "listing " + where + " failed: " + reason;
        }
        listingDenied |= denied;
    }

    synchronized void submitted() {
        pending++;
    }

    /** The walk is over; true when nothing is pending, so that the caller writes the coverage now. */
    synchronized boolean listingDone() {
        listed = true;
        return pending == 0;
    }

    /** One object is done; true when it was the last and the walk is over: the caller writes the coverage. */
    synchronized boolean objectDone(String key, ObjectFetcher.Outcome outcome) {
        pending--;
        if (outcome.archived() != null) {
            // not a failure to read again later: nothing changes until someone restores it
            archivedObjects++;
            if (firstArchived == null) {
                firstArchived = key + " " + outcome.failure();
            }
        } else if (outcome.failure() != null) {
            failedObjects++;
            if (outcome.denied()) {
                deniedObjects++;
            }
            if (firstObjectFailure == null) {
                firstObjectFailure = key + " " + outcome.failure();
            }
        }
        return listed && pending == 0;
    }

    synchronized int days() {
        return days;
    }

    /**
     * What was seen: from {@code since} (or the first day found) to the end of {@code until}, but never past
     * the moment the listing began, since files delivered after it were not seen.
     */
    synchronized Coverage coverage(String bucket, LocalDate since, LocalDate until) {
        LocalDate start = since != null ? since : firstDay;
        Instant from = start == null ? null : start.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = listingStarted;
        if (until != null) {
            Instant end = until.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1);
            to = to == null || end.isBefore(to) ? end : to;
        }
        Coverage.Status status = Coverage.Status.COMPLETE;
        String reason = "";
        if (listingFailure != null) {
            status = listingDenied ? Coverage.Status.DENIED : Coverage.Status.FAILED;
            reason = listingFailure;
        }
        if (failedObjects > 0) {
            if (status == Coverage.Status.COMPLETE) {
                status = deniedObjects == failedObjects ? Coverage.Status.DENIED : Coverage.Status.FAILED;
            }
            String objects = failedObjects + (failedObjects == 1 ? " object" : " objects") + " could not be read"
                    + (failedObjects == 1 ? ": " : ", the first: ") + firstObjectFailure;
            reason = reason.isEmpty() ? objects : reason + "; " + objects;
        }
        if (archivedObjects > 0) {
            status = status == Coverage.Status.COMPLETE ? Coverage.Status.FAILED : status;
            String archived = archivedObjects + (archivedObjects == 1 ? " object is" : " objects are") + " archived"
                    + " and could not be read" + (archivedObjects == 1 ? ": " : ", the first: ") + firstArchived;
            reason = reason.isEmpty() ? archived : reason + "; " + archived;
        }
        return new Coverage("s3", account, region, "s3://" + bucket + "/" + prefix, from, to, status, reason);
    }
}
