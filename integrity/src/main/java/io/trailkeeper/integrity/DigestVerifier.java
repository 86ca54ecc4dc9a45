package io.trailkeeper.integrity;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Verifies CloudTrail log file integrity over an {@link EvidenceSource}, as the AWS CLI's {@code validate-logs}
 * does and more: every digest whose end time lies in the range (its signature, its place, its link to the digest
 * before it, hours without one), every log file those digests list (present, unchanged), and every log file of the
 * digests' span that no digest lists. Accounts (and organization folders), regions and days are found by listing
 * folders, and only the days of the range (one more on each side, for the links across its edges) are listed.
 * Pure: no AWS access of its own, time from the clock. One unreadable file never stops the others: it gets its
 * verdict with the reason.
 */
public final class DigestVerifier {
    private static final String NOT_LISTED = "could not list ";
    private static final String NOT_VERIFIED = " (not verified)";
    /** How long after the period the digest listing its last log files may end. */
    private static final Duration SPILL = Duration.ofHours(1);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd/").withZone(ZoneOffset.UTC);

    private final EvidenceSource source;
    private final PublicKeys keys;
    private final Clock clock;
    /** The folders of the current verify that could not be listed, each with the reason. */
    private final List<String> notListed = new ArrayList<>();

    public DigestVerifier(EvidenceSource source, PublicKeys keys, Clock clock) {
        this.source = Objects.requireNonNull(source);
        this.keys = Objects.requireNonNull(keys);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Verifies the scope; never throws for a file, only for a scope without a start. */
    public VerifyReport verify(VerifyScope scope) {
        Instant now = clock.instant();
        Instant since = Objects.requireNonNull(scope.since(), "the scope needs a start (since)");
        List<String> notes = new ArrayList<>();
        notListed.clear();
        List<String> days = days(since, (scope.until() == null ? now : scope.until()).plus(SPILL));
        String bucket = scope.bucket();
        String base = scope.prefix().isEmpty() || scope.prefix().endsWith("/") ? scope.prefix() : scope.prefix() + "/";
        DigestReader reader = new DigestReader(source, keys);
        Found found = find(reader, scope, base, days, notes);
        Map<String, DigestFile> loaded = found.loaded;
        VerifyPeriod period = period(scope, now, loaded.values(), notes);
        loaded.values().forEach(d -> d.inRange = period.digestOf(d.name.end()));
        found.strays.removeIf(s -> !ofPeriod(s.key(), since, period.reach()));
        reader.signFromNext(loaded.values());
        VerifyNotes.noMetadata(loaded.values(), notes);
        ChainLinker linker = new ChainLinker(source, loaded, period);
        for (List<DigestFile> chain : found.chains.values()) {
            chain.sort(Comparator.comparing((DigestFile d) -> d.name.end()).thenComparing(d -> d.name.key()));
            // every chain is linked: one with a digest after the period names the last one of the period, and one
            // whose digests end in the day before the period (those of the period deleted, or logging stopped) ends
            linker.link(chain);
            notes.add(VerifyNotes.summary(chain, since, period.reach()));
        }
        LogScan scan = new LogScan(loaded.values(), unverifiable(loaded, linker), period);
        LogChecker logs = checkLogs(bucket, loaded.values(), found.logFolders, days, scan);
        notes.addAll(scan.notes());
        notes.addAll(linker.notes);
        notes.addAll(VerifyNotes.keys(loaded.values()));
        notes.addAll(source.notes());
        List<FileCheck> digests = new ArrayList<>(linker.missing);
        digests.addAll(linker.findings);
        digests.addAll(found.strays);
        loaded.values().stream().filter(d -> d.inRange).forEach(d -> digests.add(d.check()));
        digests.sort(Comparator.comparing(FileCheck::account).thenComparing(FileCheck::region)
                .thenComparing(FileCheck::time, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(FileCheck::key));
        if (digests.stream().allMatch(c -> c.verdict() == Verdict.CHAIN_ENDS)) {
            notes.add("no digest ends between " + since + " and " + period.reach() + " in " + source.describe()
                    + " bucket " + bucket + " under " + base + "AWSLogs/: nothing could be verified");
        }
        List<FileCheck> logChecks = new ArrayList<>(logs.checks().values());
        logChecks.sort(Comparator.comparing(FileCheck::bucket).thenComparing(FileCheck::key));
        // a copy verified without --until: the report names the end it was verified to
        VerifyScope verified = scope.until() != null || !source.copy() ? scope : new VerifyScope(bucket,
                scope.prefix(), scope.accounts(), scope.regions(), since, period.until());
        return new VerifyReport(verified, source.describe(), now, digests, logChecks, notes, notListed,
                scan.notYetCovered());
    }

    /**
     * The period and the time the evidence is as of: now for the bucket itself; for a copy, when it was taken (the
     * latest retrieval time in its metadata), or without those and without --until, the newest digest's end. Without
     * --until the period ends there, and a note says so.
     */
    private VerifyPeriod period(VerifyScope scope, Instant now, Collection<DigestFile> loaded, List<String> notes) {
        Instant basis = now;
        Instant end = now;
        Instant retrieved = source.copy() ? source.retrievedUntil() : null;
        if (retrieved != null && retrieved.isBefore(now)) {
            basis = retrieved;
            end = retrieved;
            if (scope.until() == null) {
                notes.add("no --until: the period ends at " + basis + ", when the evidence was collected (the latest"
                        + " RetrievedAt of its .s3meta.json files)");
            }
        } else if (source.copy() && retrieved == null && scope.until() == null) {
            Instant newest = loaded.stream().filter(d -> !d.name.backfill()).map(DigestFile::time)
                    .max(Comparator.naturalOrder()).orElse(null);
            if (newest != null && newest.isBefore(now)) {
                // as if collected when the newest digest had just been delivered
                basis = newest.plus(VerifyPeriod.LATE);
                end = newest;
                notes.add("no --until, and no retrieval time in the evidence folder's metadata (RetrievedAt in"
                        + " .s3meta.json files): the period ends at the newest digest, " + newest + "; digests deleted"
                        + " after it cannot be told from the end of the copy (give --until to say when it was taken)");
            }
        }
        Instant until = scope.until() != null ? scope.until() : end;
        return new VerifyPeriod(scope.since(), until, until.plus(SPILL), basis, scope.until() != null);
    }

    /** What the folders of the scope hold: digests by key and by chain, log folders, files that are no digest. */
    private static final class Found {
        final Map<String, DigestFile> loaded = new LinkedHashMap<>();
        final Map<String, List<DigestFile>> chains = new TreeMap<>();
        final List<String> logFolders = new ArrayList<>();
        final List<FileCheck> strays = new ArrayList<>();
    }

    /** Lists and reads the digests of the days, per account folder and region, and finds the log folders. */
    private Found find(DigestReader reader, VerifyScope scope, String base, List<String> days, List<String> notes) {
        String bucket = scope.bucket();
        Found found = new Found();
        for (String root : accountRoots(bucket, base + "AWSLogs/", scope.accounts(), notes)) {
            List<String> regions = regions(bucket, root + "CloudTrail-Digest/", scope.regions(), notes);
            for (String region : regions) {
                for (String day : days) {
                    for (String key : list(bucket, root + "CloudTrail-Digest/" + region + "/" + day, notes)) {
                        DigestName name = DigestName.parse(key);
                        if (name == null) {
                            found.strays.add(stray(bucket, key, last(root), region));
                            continue;
                        }
                        DigestFile d = reader.load(bucket, name);
                        found.loaded.put(key, d);
                        found.chains.computeIfAbsent(name.chain(), c -> new ArrayList<>()).add(d);
                    }
                }
            }
            List<String> logRegions = regions(bucket, root + "CloudTrail/", scope.regions(), notes);
            unsignedRegions(bucket, root, regions, logRegions, notes);
            logRegions.forEach(r -> found.logFolders.add(root + "CloudTrail/" + r + "/"));
        }
        return found;
    }

    /** Whether a key of a digest folder ({@code .../CloudTrail-Digest/REGION/yyyy/MM/dd/...}) is of a day of the period. */
    private static boolean ofPeriod(String key, Instant since, Instant reach) {
        int region = key.indexOf('/', key.lastIndexOf("/CloudTrail-Digest/") + "/CloudTrail-Digest/".length());
        LocalDate d = LocalDate.parse(key.substring(region + 1, region + 11), DateTimeFormatter.ofPattern("yyyy/MM/dd"));
        return !d.isBefore(LocalDate.ofInstant(since, ZoneOffset.UTC))
                && !d.isAfter(LocalDate.ofInstant(reach, ZoneOffset.UTC));
    }

    /** A file in a digest folder that is not named as a digest: CloudTrail writes nothing else there. */
    private FileCheck stray(String bucket, String key, String account, String region) {
        String stored = null;
        String unread = "";
        try {
            // only the stored bytes' hash: their content, which may be a gzip bomb, is of no use here
            stored = ObjectReads.read(source, bucket, key, StoredBytes.MAX_STORED_DIGEST,
                    object -> object == null ? null : StoredBytes.sha256(object.bytes()));
        } catch (ObjectTooLarge e) {
            unread = "; " + StoredBytes.tooLarge("digest file", e);
        } catch (IOException e) {
            unread = " (and it could not be read: " + e.getMessage() + ")";
        }
        return new FileCheck("digest", bucket, key, account, region, null, Verdict.DIGEST_INVALID, "not named as a"
                + " CloudTrail digest file (ACCOUNT_CloudTrail-Digest_REGION_TRAIL_HOMEREGION_YYYYMMDDTHHMMSSZ.json.gz),"
                + " in a digest folder of the period: it cannot be verified as one, and CloudTrail writes nothing"
                + " else there" + unread, stored, null);
    }

    /** Digests missing or unreadable (their log lists unknown), by account and region. */
    private static List<FileCheck> unverifiable(Map<String, DigestFile> loaded, ChainLinker linker) {
        List<FileCheck> unknown = new ArrayList<>(linker.missing);
        loaded.values().stream().filter(d -> d.json == null).forEach(d -> unknown.add(d.check()));
        return unknown;
    }

    private LogChecker checkLogs(String bucket, Collection<DigestFile> loaded, List<String> logFolders,
                                 List<String> days, LogScan scan) {
        LogChecker logs = new LogChecker(source);
        // only a digest whose signature and place verified vouches for the log files it lists: a forged one (out of
        // the period too) must not hide a log file added by hand
        Set<String> listed = new HashSet<>();
        for (DigestFile d : loaded) {
            if (d.vouches()) {
                d.logs.forEach(l -> listed.add(l.path()));
                if (d.inRange) {
                    logs.listedBy(d);
                }
            }
        }
        for (DigestFile d : loaded) {
            if (d.json != null && d.inRange && !d.vouches()) {
                logs.listedOnlyBy(d, listed);
            }
        }
        List<String> notes = new ArrayList<>();
        for (String folder : logFolders) {
            for (String day : days) {
                for (String key : list(bucket, folder + day, notes)) {
                    if (!listed.contains(bucket + "/" + key) && !logs.checked(bucket, key)) {
                        scan.judge(logs, bucket, folder, day, key);
                    }
                }
            }
        }
        return logs;
    }

    private static List<String> days(Instant since, Instant until) {
        List<String> days = new ArrayList<>();
        LocalDate last = LocalDate.ofInstant(until.plus(Duration.ofDays(1)), ZoneOffset.UTC);
        for (LocalDate d = LocalDate.ofInstant(since.minus(Duration.ofDays(1)), ZoneOffset.UTC); !d.isAfter(last);
             d = d.plusDays(1)) {
            days.add(DAY.format(d.atStartOfDay(ZoneOffset.UTC)));
        }
        return days;
    }

    /** {@code AWSLogs/ACCOUNT/} and {@code AWSLogs/o-ORG/ACCOUNT/} folders, of the accounts asked for. */
    private List<String> accountRoots(String bucket, String awsLogs, Set<String> accounts, List<String> notes) {
        List<String> roots = new ArrayList<>();
        for (String folder : folders(bucket, awsLogs, notes)) {
            String name = last(folder);
            if (!ForeignFolders.isCloudTrails(name, true)) {
                notes.add(ForeignFolders.note(bucket, folder, true));
            } else if (LayoutIds.isOrganization(name)) {
                for (String member : folders(bucket, folder, notes)) {
                    if (!ForeignFolders.isCloudTrails(last(member), false)) {
                        notes.add(ForeignFolders.note(bucket, member, false));
                    } else if (accounts.isEmpty() || accounts.contains(last(member))) {
                        roots.add(member);
                    }
                }
            } else if (accounts.isEmpty() || accounts.contains(name)) {
                roots.add(folder);
            }
        }
        if (roots.isEmpty()) {
            notes.add("no account folders" + (accounts.isEmpty() ? "" : " for " + accounts) + " under s3://" + bucket
                    + "/" + awsLogs + " in " + source.describe());
        }
        return roots;
    }

    private List<String> regions(String bucket, String prefix, Set<String> wanted, List<String> notes) {
        return folders(bucket, prefix, notes).stream().map(DigestVerifier::last)
                .filter(r -> wanted.isEmpty() || wanted.contains(r)).toList();
    }

    /** Regions with log files but no digests at all: their logs are not verified (validation off, or deleted). */
    private void unsignedRegions(String bucket, String root, List<String> signed, List<String> logged,
                                 List<String> notes) {
        for (String region : logged) {
            if (!signed.contains(region)) {
                notes.add("s3://" + bucket + "/" + root + "CloudTrail/" + region + "/ has log files but there are no "
                        + "digests for that region: its log files of the period are not verified (log file validation"
                        + " was off there, or its digests were deleted)");
            }
        }
    }

    private List<String> folders(String bucket, String prefix, List<String> notes) {
        try {
            return source.folders(bucket, prefix);
        } catch (IOException e) {
            notListed(bucket, prefix, e, notes);
            return List.of();
        }
    }

    private List<String> list(String bucket, String prefix, List<String> notes) {
        try {
            return source.keys(bucket, prefix);
        } catch (IOException e) {
            notListed(bucket, prefix, e, notes);
            return List.of();
        }
    }

    private void notListed(String bucket, String prefix, IOException e, List<String> notes) {
        String what = "s3://" + bucket + "/" + prefix + ": " + e.getMessage();
        notListed.add(what);
        notes.add(NOT_LISTED + what + NOT_VERIFIED);
    }

    private static String last(String folder) {
        String trimmed = folder.substring(0, folder.length() - 1);
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
