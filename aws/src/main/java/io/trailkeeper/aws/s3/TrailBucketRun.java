package io.trailkeeper.aws.s3;

import io.trailkeeper.aws.s3.TrailBucketLayout.Tree;
import io.trailkeeper.events.CloudTrailReader;
import io.trailkeeper.events.CollectSink;
import io.trailkeeper.events.Coverage;
import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.RequestPayer;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One run of {@link S3TrailCollector}: walks the bucket on the calling thread (organizations, accounts, trees,
 * regions, days) and hands each new object to a pool of fetching threads. Listing one day takes one request
 * while fetching its files takes hundreds, so one walking thread keeps the pool busy; a bounded number of
 * objects waits for the pool, which holds the walk back when fetching falls behind.
 */
final class TrailBucketRun implements AutoCloseable {
    private final CollectSink sink;
    private final Clock clock;
    private final S3TrailCollector.Request request;
    private final String bucket;
    private final BucketListing listing;
    private final ObjectFetcher fetcher;
    private final ProgressCounter progress;
    private final ExecutorService pool;
    private final Semaphore slots;
    private final int slotCount;
    private final AtomicReference<RuntimeException> fatal = new AtomicReference<>();
    private final Set<String> accounts = new TreeSet<>();
    private final Set<String> regions = new TreeSet<>();
    private final List<RegionScope> scopes = new ArrayList<>();
    private final List<Coverage> coverage = Collections.synchronizedList(new ArrayList<>());
    private final List<ForeignFolder> foreign = new ArrayList<>();
    private Map<String, String> loaded;

    TrailBucketRun(S3Client s3, CollectSink sink, Clock clock, S3TrailCollector.Request request,
                   S3TrailCollector.Listener listener, int pageSize, Duration retryBackoff) {
        this.sink = sink;
        this.clock = clock;
        this.request = request;
        this.bucket = request.bucket();
        RequestPayer payer = request.requesterPays() ? RequestPayer.REQUESTER : null;
        this.listing = new BucketListing(s3, bucket, pageSize, payer, retryBackoff);
        this.fetcher = new ObjectFetcher(s3, sink, new CloudTrailReader(), bucket, request.keepRaw(), clock,
                retryBackoff, payer);
        this.progress = new ProgressCounter(listener);
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(request.parallelism(), r -> {
            Thread t = new Thread(r, "s3-fetch-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.slotCount = request.parallelism() * 4;
        this.slots = new Semaphore(slotCount);
    }

    S3TrailCollector.Summary walk() {
        String awsLogs = TrailBucketLayout.awsLogs(request.prefix());
        List<String> top;
        try {
            top = listing.folders(awsLogs);
        } catch (SdkException | ListingPages.BrokenListing e) {
            throw S3Failures.atStart(bucket, awsLogs, e);
        }
        loaded = new HashMap<>();
        sink.s3Loaded(bucket).forEach((key, etag) -> loaded.put(key, ObjectFetcher.unquote(etag)));
        boolean found = false;
        for (String name : top) {
            if (TrailBucketLayout.isAccount(name)) {
                found = true;
                account(awsLogs + name + "/", name);
            } else if (TrailBucketLayout.isOrganization(name)) {
                found = true;
                organization(awsLogs + name + "/");
            } else {
                foreign.add(ForeignFolder.of(bucket, awsLogs, name, true));
            }
        }
        MissingAccounts.find(bucket, request.prefix(), awsLogs, top, found, request.accounts(), accounts,
                clock.instant()).forEach(this::record);
        progress.listing("");
        progress.report();
        awaitFetches();
        progress.report(); // the last report holds the final totals
        return summary();
    }

    /** An organization trail's folder: the member accounts' folders are below it. */
    private void organization(String prefix) {
        List<String> names = folders(prefix, null);
        for (String name : names == null ? List.<String>of() : names) {
            if (TrailBucketLayout.isAccount(name)) {
                account(prefix + name + "/", name);
            } else {
                foreign.add(ForeignFolder.of(bucket, prefix, name, false));
            }
        }
    }

    private void account(String prefix, String account) {
        if (!request.accounts().isEmpty() && !request.accounts().contains(account)) {
            return;
        }
        accounts.add(account);
        List<String> trees = folders(prefix, account);
        if (trees == null) {
            return;
        }
        for (String name : trees) {
            Tree tree = Tree.ofFolder(name);
            if (tree != null) {
                regions(prefix + name + "/", account, tree);
            }
        }
        if (!trees.contains(Tree.LOG.folder)) {
            request.regions().forEach(r -> absent(account, prefix + Tree.LOG.folder + "/" + r + "/", r));
        }
    }

    private void regions(String prefix, String account, Tree tree) {
        List<String> names = folders(prefix, account);
        if (names == null) {
            return;
        }
        for (String region : names) {
            if (request.regions().isEmpty() || request.regions().contains(region)) {
                regions.add(region);
                RegionScope scope = new RegionScope(account, tree, region, prefix + region + "/");
                scopes.add(scope);
                days(scope);
            }
        }
        if (tree == Tree.LOG) {
            request.regions().stream().filter(r -> !names.contains(r))
                    .forEach(r -> absent(account, prefix + r + "/", r));
        }
    }

    /** A region asked for that the trail never delivered to: looked at, and empty. */
    private void absent(String account, String prefix, String region) {
        RegionScope scope = new RegionScope(account, Tree.LOG, region, prefix);
        scope.listingStarted(clock.instant());
        scope.listingDone();
        scope.coverage(bucket, request.since(), request.until()).forEach(this::record);
    }

    private void days(RegionScope scope) {
        LocalDate since = request.since();
        LocalDate until = request.until();
        progress.listing(scope.prefix);
        scope.listingStarted(clock.instant());
        try {
            for (String y : listing.folders(scope.prefix)) {
                if (!TrailBucketLayout.isYear(y) || since != null && Integer.parseInt(y) < since.getYear()
                        || until != null && Integer.parseInt(y) > until.getYear()) {
                    continue;
                }
                for (String m : listing.folders(scope.prefix + y + "/")) {
                    YearMonth month = TrailBucketLayout.month(y, m);
                    if (month == null || since != null && month.isBefore(YearMonth.from(since))
                            || until != null && month.isAfter(YearMonth.from(until))) {
                        continue;
                    }
                    for (String d : listing.folders(scope.prefix + y + "/" + m + "/")) {
                        LocalDate day = TrailBucketLayout.day(month, d);
                        if (day != null && (since == null || !day.isBefore(since))
                                && (until == null || !day.isAfter(until))) {
                            day(scope, scope.prefix + y + "/" + m + "/" + d + "/", day);
                        }
                    }
                }
            }
        } catch (SdkException | ListingPages.BrokenListing e) {
            scope.listingFailed("s3://" + bucket + "/" + scope.prefix, S3Failures.describe(e), S3Failures.denied(e));
        }
        if (scope.listingDone()) {
            scope.coverage(bucket, since, until).forEach(this::record);
        }
    }

    /** Lists one day to its end and hands on every object not loaded before with the same ETag. */
    private void day(RegionScope scope, String prefix, LocalDate day) {
        boolean[] withFiles = {false};
        try {
            listing.objects(prefix, page -> {
                for (S3Object o : page) {
                    if (o.key().endsWith("/")) {
                        continue; // a folder marker made by a console or a sync tool
                    }
                    withFiles[0] = true;
                    progress.objectsListed.incrementAndGet();
                    progress.bytesListed.addAndGet(o.size() == null ? 0 : o.size());
                    String etag = loaded.get(o.key());
                    if (etag != null && (etag.isEmpty() || etag.equals(ObjectFetcher.unquote(o.eTag())))) {
                        progress.objectsSkipped.incrementAndGet();
                    } else {
                        submit(scope, o, day);
                    }
                }
                progress.report();
            });
            scope.dayListed(day, withFiles[0]);
        } catch (SdkException | ListingPages.BrokenListing e) {
            // the other days' folders were listed: only this day's files are not known
            scope.dayUnlisted(day, "listing s3://" + bucket + "/" + prefix + " failed: " + S3Failures.describe(e),
                    S3Failures.denied(e));
        }
    }

    private void submit(RegionScope scope, S3Object object, LocalDate day) {
        throwIfFatal();
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted();
        }
        scope.submitted();
        pool.execute(() -> {
            try {
                ObjectFetcher.Outcome outcome = fetcher.fetch(object, scope.tree.objectType(object.key()));
                progress.fetched(outcome);
                if (scope.objectDone(object.key(), day, outcome)) {
                    scope.coverage(bucket, request.since(), request.until()).forEach(this::record);
                }
                progress.report();
            } catch (RuntimeException e) {
                fatal.compareAndSet(null, e);
            } finally {
                slots.release();
            }
        });
    }

    /** The listed folders' names, or null when the listing failed (recorded as this folder's coverage). */
    private List<String> folders(String prefix, String account) {
        try {
            return listing.folders(prefix);
        } catch (SdkException | ListingPages.BrokenListing e) {
            Coverage.Status status = S3Failures.denied(e) ? Coverage.Status.DENIED : Coverage.Status.FAILED;
            record(new Coverage("s3", account, null, "s3://" + bucket + "/" + prefix, null, clock.instant(), status,
                    "listing s3://" + bucket + "/" + prefix + " failed: " + S3Failures.describe(e)));
            return null;
        }
    }

    private void record(Coverage given) {
        Coverage entry = withKmsKey(given);
        coverage.add(entry);
        sink.coverage(entry);
    }

    /** A refusal of files the trail encrypts with a KMS key names the key, whatever S3 said. */
    private Coverage withKmsKey(Coverage c) {
        String key = request.kmsKeyId();
        if (key == null || key.isBlank() || c.status() != Coverage.Status.DENIED || c.reason().contains(key)) {
            return c;
        }
        return new Coverage(c.collector(), c.account(), c.region(), c.scope(), c.from(), c.to(), c.status(),
                c.reason() + " (the trail encrypts its files with the KMS key " + key + ": reading them takes"
                        + " kms:Decrypt on it besides s3:GetObject)");
    }

    private void awaitFetches() {
        try {
            slots.acquire(slotCount);
            slots.release(slotCount);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted();
        }
        throwIfFatal();
    }

    private void throwIfFatal() {
        RuntimeException e = fatal.get();
        if (e != null) {
            throw e;
        }
    }

    private TrailKeeperException interrupted() {
        return new TrailKeeperException(ErrorCode.INTERNAL, "collecting s3://" + bucket + "/ was interrupted", null);
    }

    private S3TrailCollector.Summary summary() {
        long days = scopes.stream().filter(s -> s.tree == Tree.LOG).mapToLong(RegionScope::days).sum();
        List<Coverage> entries;
        synchronized (coverage) {
            entries = List.copyOf(coverage);
        }
        Map<String, LocalDate> lastDays = new java.util.TreeMap<>();
        for (RegionScope s : scopes) {
            if (s.tree == Tree.LOG && s.lastDay() != null) {
                lastDays.merge(s.account + "/" + s.region, s.lastDay(), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        return new S3TrailCollector.Summary(List.copyOf(accounts), List.copyOf(regions), days,
                progress.objectsLoaded.get(), progress.objectsSkipped.get(), progress.objectsFailed.get(),
                progress.digests.get(), progress.insightFiles.get(), progress.events.get(), progress.problems.get(),
                progress.bytesLoaded.get(), entries, lastDays, skippedDays(), foreign);
    }

    /**
     * Per "ACCOUNT/REGION", the days of the last {@link S3TrailCollector#SKIPPED_DAYS_WINDOW} days without a log
     * file though the region has files before and after them: files deleted from the bucket, or days without a
     * single call in the region.
     */
    private Map<String, List<LocalDate>> skippedDays() {
        Map<String, List<RegionScope>> byRegion = new java.util.TreeMap<>();
        scopes.stream().filter(s -> s.tree == Tree.LOG && s.firstFiledDay() != null)
                .forEach(s -> byRegion.computeIfAbsent(s.account + "/" + s.region, k -> new ArrayList<>()).add(s));
        LocalDate windowStart = LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC)
                .minusDays(S3TrailCollector.SKIPPED_DAYS_WINDOW);
        Map<String, List<LocalDate>> skipped = new java.util.TreeMap<>();
        byRegion.forEach((key, own) -> {
            LocalDate first = own.stream().map(RegionScope::firstFiledDay).min(LocalDate::compareTo).orElseThrow();
            LocalDate last = own.stream().map(RegionScope::lastFiledDay).max(LocalDate::compareTo).orElseThrow();
            List<LocalDate> days = new ArrayList<>();
            for (LocalDate d = first.isBefore(windowStart) ? windowStart : first.plusDays(1); d.isBefore(last);
                 d = d.plusDays(1)) {
                LocalDate day = d;
                if (own.stream().noneMatch(s -> s.filedOn(day) || s.unreadOn(day))) { // unread: not known empty
                    days.add(day);
                }
            }
            if (!days.isEmpty()) {
                skipped.put(key, days);
            }
        });
        return skipped;
    }

    /** Stops the fetching threads; after a failure, waits briefly for those still writing to the sink. */
    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
