package io.trailkeeper.aws.s3;

import io.trailkeeper.events.Coverage;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.TreeMap;

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
    /** The days with objects that could not be read. */
    private final TreeMap<LocalDate, UnreadDay> unread = new TreeMap<>();

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

    /**
     * A day folder whose listing failed: its files are not known, so the day is unread (an entry of its own), not
     * a day without files.
     */
    synchronized void dayUnlisted(LocalDate day, String reason, boolean denied) {
        unread.computeIfAbsent(day, d -> new UnreadDay()).unlisted(reason, denied);
        firstDay = firstDay == null || day.isBefore(firstDay) ? day : firstDay;
        lastDay = lastDay == null || day.isAfter(lastDay) ? day : lastDay;
    }

    /** Whether objects of the day, or its listing, could not be read. */
    synchronized boolean unreadOn(LocalDate day) {
        return unread.containsKey(day);
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

    /**
     * One object of the day's folder is done; true when it was the last and the walk is over: the caller writes
     * the coverage.
     */
    synchronized boolean objectDone(String key, LocalDate day, ObjectFetcher.Outcome outcome) {
        pending--;
        if (outcome.archived() != null || outcome.failure() != null) {
            unread.computeIfAbsent(day, d -> new UnreadDay()).add(key, outcome);
        }
        return listed && pending == 0;
    }

    synchronized int days() {
        return days;
    }

    /**
     * What was seen: from {@code since} (or the first day found) to the end of {@code until}, but never past
     * the moment the listing began, since files delivered after it were not seen. Objects that could not be read
     * make their days an entry of their own (consecutive days alike, one entry), so that the other days stay
     * complete; a listing that failed leaves no day known, and is one entry.
     */
    synchronized List<Coverage> coverage(String bucket, LocalDate since, LocalDate until) {
        LocalDate start = since != null ? since : firstDay;
        Instant from = start == null ? null : start.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = listingStarted;
        if (until != null) {
            Instant end = until.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1);
            to = to == null || end.isBefore(to) ? end : to;
        }
        if (listingFailure != null) {
            UnreadDay all = new UnreadDay();
            unread.values().forEach(all::addAll);
            String objects = all.reason();
            return List.of(entry(bucket, from, to, listingDenied ? Coverage.Status.DENIED : Coverage.Status.FAILED,
                    objects.isEmpty() ? listingFailure : listingFailure + "; " + objects));
        }
        List<Coverage> out = new ArrayList<>();
        Instant next = from;
        for (List<LocalDate> range : ranges()) {
            Instant rangeFrom = range.get(0).atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant rangeTo = range.get(range.size() - 1).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()
                    .minusSeconds(1);
            if (next != null && next.isBefore(rangeFrom)) {
                out.add(entry(bucket, next, rangeFrom.minusSeconds(1), Coverage.Status.COMPLETE, ""));
            }
            UnreadDay days = new UnreadDay();
            range.forEach(d -> days.addAll(unread.get(d)));
            out.add(entry(bucket, next != null && next.isAfter(rangeFrom) ? next : rangeFrom,
                    to != null && to.isBefore(rangeTo) ? to : rangeTo, days.status(), days.reason()));
            next = rangeTo.plusSeconds(1);
        }
        if (out.isEmpty() || to == null || next.isBefore(to)) {
            out.add(entry(bucket, out.isEmpty() ? from : next, to, Coverage.Status.COMPLETE, ""));
        }
        return out;
    }

    /** The days with objects not read, consecutive days of the same status together, oldest first. */
    private List<List<LocalDate>> ranges() {
        List<List<LocalDate>> out = new ArrayList<>();
        unread.forEach((day, u) -> {
            List<LocalDate> last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.get(last.size() - 1).plusDays(1).equals(day)
                    && unread.get(last.get(0)).status() == u.status()) {
                last.add(day);
            } else {
                out.add(new ArrayList<>(List.of(day)));
            }
        });
        return out;
    }

    private Coverage entry(String bucket, Instant from, Instant to, Coverage.Status status, String reason) {
        return new Coverage("s3", account, region, "s3://" + bucket + "/" + prefix, from, to, status, reason);
    }

    /** The objects of one day (or several, added up) that could not be read: refused, failed, or archived. */
    private static final class UnreadDay {
        private long failed;
        private long denied;
        private long archived;
        private String firstFailure;
        private String firstArchived;
        /** Day folders whose listing failed, counted in {@code failed} too. */
        private long listings;

        void add(String key, ObjectFetcher.Outcome outcome) {
            if (outcome.archived() != null) {
                // not a failure to read again later: nothing changes until someone restores it
                archived++;
                firstArchived = firstArchived == null ? key + " " + outcome.failure() : firstArchived;
            } else {
                failed++;
                denied += outcome.denied() ? 1 : 0;
                firstFailure = firstFailure == null ? key + " " + outcome.failure() : firstFailure;
            }
        }

        void unlisted(String reason, boolean refused) {
            failed++;
            denied += refused ? 1 : 0;
            firstFailure = firstFailure == null ? reason : firstFailure;
            listings++;
        }

        void addAll(UnreadDay other) {
            listings += other.listings;
            failed += other.failed;
            denied += other.denied;
            archived += other.archived;
            firstFailure = firstFailure == null ? other.firstFailure : firstFailure;
            firstArchived = firstArchived == null ? other.firstArchived : firstArchived;
        }

        Coverage.Status status() {
            return failed > 0 && denied == failed ? Coverage.Status.DENIED : Coverage.Status.FAILED;
        }

        String reason() {
            String what = listings == 0 ? (failed == 1 ? " object" : " objects") : listings == failed
                    ? (failed == 1 ? " day listing" : " day listings") : " objects or day listings";
            String objects = failed == 0 ? "" : listings == 1 && failed == 1 ? firstFailure : failed + what
                    + " could not be read" + (failed == 1 ? ": " : ", the first: ") + firstFailure;
            String stored = archived == 0 ? "" : archived + (archived == 1 ? " object is" : " objects are")
                    + " archived and could not be read" + (archived == 1 ? ": " : ", the first: ") + firstArchived;
            return objects.isEmpty() ? stored : stored.isEmpty() ? objects : objects + "; " + stored;
        }
    }
}
