package io.trailkeeper.aws.s3;

import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.events.CollectSink;
import io.trailkeeper.events.Coverage;
import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Collects a trail's files from its S3 bucket, the record that outlives the event history's 90 days: every
 * account (organization trails too), every region and every day found there, log files and Insights files
 * as events, digest files counted (and kept, with {@link Request#keepRaw}, for offline verification).
 *
 * <p>Everything is found by listing with delimiter "/", never guessed: accounts and organizations under
 * {@code AWSLogs/}, the trees under each account, the regions the trail delivered to, the years, months and
 * days. Each day is listed to its end on every run, because CloudTrail delivers files late and out of key
 * order; keys the sink already holds with the same ETag are skipped, so a rerun fetches only what is new,
 * wherever it sorts. Objects are fetched {@link Request#parallelism} at a time and streamed through the
 * tolerant reader into the sink, each with its checkpoint.
 *
 * <p>Every region folder ends up as one {@link Coverage} entry: complete, denied (a listing or a KMS key
 * refused) or failed (objects that stayed unreadable after retries, a listing whose paging could not be
 * followed to its end), with the reason. No account folder under {@code AWSLogs/}, or none for an account asked
 * for, is failed coverage too: a trail always writes one. A bucket that is missing or refused as a whole ends
 * the run with a {@link TrailKeeperException} naming it.
 */
public final class S3TrailCollector {
    public static final int DEFAULT_PARALLELISM = 8;
    /** How many days back a run looks for days its regions' files skip: the event history's 90, and one more. */
    public static final int SKIPPED_DAYS_WINDOW = 91;
    /** ListObjectsV2's own maximum: fewest requests. */
    static final int PAGE_SIZE = 1000;

    private final S3Client s3;
    private final CollectSink sink;
    private final Clock clock;
    private final int pageSize;
    private final Duration retryBackoff;

    /** Reads through the clients' S3 client, which follows a bucket to its region by itself. */
    public S3TrailCollector(AwsClients clients, CollectSink sink) {
        this(clients.s3(clients.homeRegion()), sink, Clock.systemUTC());
    }

    public S3TrailCollector(S3Client s3, CollectSink sink, Clock clock) {
        this(s3, sink, clock, PAGE_SIZE, Duration.ofMillis(500));
    }

    /** For tests: small pages make listings use continuation tokens; a short backoff keeps retries quick. */
    S3TrailCollector(S3Client s3, CollectSink sink, Clock clock, int pageSize, Duration retryBackoff) {
        this.s3 = s3;
        this.sink = sink;
        this.clock = clock;
        this.pageSize = pageSize;
        this.retryBackoff = retryBackoff;
    }

    /**
     * What to collect.
     *
     * @param prefix      the trail's S3KeyPrefix, or empty
     * @param accounts    account ids to collect; empty for every account found
     * @param regions     regions to collect; empty for every region found
     * @param since       first day (UTC) to collect, or null; days are CloudTrail's delivery folders
     * @param until       last day (UTC) to collect, inclusive, or null
     * @param keepRaw     folder for evidence copies of every object fetched, or null
     * @param parallelism objects fetched at once
     * @param requesterPays whether to agree to pay for the requests (x-amz-request-payer: requester), which a
     *                      Requester Pays bucket asks of every account but its owner
     * @param kmsKeyId    the KMS key the trail encrypts its files with (SSE-KMS), or null: named in the reason of
     *                    refused files, since S3's own answer may be a bare "Access Denied"
     */
    public record Request(String bucket, String prefix, Set<String> accounts, Set<String> regions, LocalDate since,
                          LocalDate until, Path keepRaw, int parallelism, boolean requesterPays, String kmsKeyId) {
        public Request {
            if (bucket == null || bucket.isBlank() || bucket.contains("/") || bucket.equals(".")
                    || bucket.equals("..")) {
                throw usage("'" + bucket + "' is not a bucket name", "name the bucket alone, without s3:// or a key");
            }
            prefix = TrailBucketLayout.normalizePrefix(prefix);
            accounts = accounts == null ? Set.of() : Set.copyOf(accounts);
            regions = regions == null ? Set.of() : Set.copyOf(regions);
            for (String a : accounts) {
                if (!TrailBucketLayout.isAccount(a)) {
                    throw usage("'" + a + "' is not an account id", "account ids have 12 digits");
                }
            }
            if (since != null && until != null && until.isBefore(since)) {
                throw usage("the last day " + until + " is before the first " + since, "swap --since and --until");
            }
            if (parallelism < 1 || parallelism > 64) {
                throw usage("parallelism " + parallelism + " is out of range", "use 1 to 64 (the default is "
                        + DEFAULT_PARALLELISM + ")");
            }
        }

        /** Everything in the bucket, with the default parallelism. */
        public static Request of(String bucket) {
            return new Request(bucket, "", Set.of(), Set.of(), null, null, null, DEFAULT_PARALLELISM, false, null);
        }

        public Request withPrefix(String value) {
            return new Request(bucket, value, accounts, regions, since, until, keepRaw, parallelism,
                    requesterPays, kmsKeyId);
        }

        public Request withAccounts(Set<String> value) {
            return new Request(bucket, prefix, value, regions, since, until, keepRaw, parallelism,
                    requesterPays, kmsKeyId);
        }

        public Request withRegions(Set<String> value) {
            return new Request(bucket, prefix, accounts, value, since, until, keepRaw, parallelism,
                    requesterPays, kmsKeyId);
        }

        public Request withDays(LocalDate first, LocalDate last) {
            return new Request(bucket, prefix, accounts, regions, first, last, keepRaw, parallelism,
                    requesterPays, kmsKeyId);
        }

        public Request withKeepRaw(Path value) {
            return new Request(bucket, prefix, accounts, regions, since, until, value, parallelism,
                    requesterPays, kmsKeyId);
        }

        public Request withRequesterPays(boolean value) {
            return new Request(bucket, prefix, accounts, regions, since, until, keepRaw, parallelism, value, kmsKeyId);
        }

        public Request withKmsKey(String value) {
            return new Request(bucket, prefix, accounts, regions, since, until, keepRaw, parallelism, requesterPays,
                    value);
        }

        public Request withParallelism(int value) {
            return new Request(bucket, prefix, accounts, regions, since, until, keepRaw, value,
                    requesterPays, kmsKeyId);
        }

        private static TrailKeeperException usage(String message, String hint) {
            return new TrailKeeperException(ErrorCode.USAGE, message, hint);
        }
    }

    /** Told how far the run is, one call at a time (from the listing thread and the fetching threads). */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = progress -> {
        };

        void progress(Progress progress);
    }

    /**
     * Totals so far. {@code objectsListed} and {@code bytesListed} grow while days are listed, so a progress
     * bar's end moves until {@code listing} is empty.
     *
     * @param listing the folder being listed, empty once listing is over
     */
    public record Progress(String listing, long objectsListed, long bytesListed, long objectsSkipped,
                           long objectsLoaded, long objectsFailed, long bytesLoaded, long events) {
    }

    /**
     * What a run did.
     *
     * @param accounts       the accounts collected (organization members included)
     * @param regions        the regions collected, as their folders name them
     * @param daysListed     day folders of log files listed: one per account, region and day
     * @param objectsSkipped objects already loaded by an earlier run (same key and ETag)
     * @param objectsFailed  objects that stayed unreadable (each is a problem and makes its region's coverage
     *                       denied or failed)
     * @param digests        digest files read (counted, not events)
     * @param insightFiles   Insights files read (their records are events)
     * @param problems       problems reported, including unreadable objects
     * @param bytes          bytes fetched from S3
     * @param coverage       what was written to the sink, one entry per region folder (and per folder that
     *                       could not be listed)
     * @param lastDays       per "ACCOUNT/REGION", the last day folder of log files found
     * @param skippedDays    per "ACCOUNT/REGION", the days of the last {@value #SKIPPED_DAYS_WINDOW} without a log
     *                       file between the region's first and last days with one
     * @param foreignFolders folders under AWSLogs/ (or an organization's folder) not in CloudTrail's layout,
     *                       passed over
     */
    public record Summary(List<String> accounts, List<String> regions, long daysListed, long objectsLoaded,
                          long objectsSkipped, long objectsFailed, long digests, long insightFiles, long events,
                          long problems, long bytes, List<Coverage> coverage, Map<String, LocalDate> lastDays,
                          Map<String, List<LocalDate>> skippedDays, List<ForeignFolder> foreignFolders) {
        public Summary {
            foreignFolders = foreignFolders == null ? List.of() : List.copyOf(foreignFolders);
            accounts = List.copyOf(accounts);
            regions = List.copyOf(regions);
            coverage = List.copyOf(coverage);
            lastDays = lastDays == null ? Map.of() : Map.copyOf(lastDays);
            skippedDays = skippedDays == null ? Map.of() : Map.copyOf(skippedDays);
        }

        public Summary(List<String> accounts, List<String> regions, long daysListed, long objectsLoaded,
                       long objectsSkipped, long objectsFailed, long digests, long insightFiles, long events,
                       long problems, long bytes, List<Coverage> coverage) {
            this(accounts, regions, daysListed, objectsLoaded, objectsSkipped, objectsFailed, digests, insightFiles,
                    events, problems, bytes, coverage, Map.of(), Map.of(), List.of());
        }

        /** True when every folder was read completely. */
        public boolean complete() {
            return coverage.stream().allMatch(Coverage::complete);
        }

        /** This run's figures and another's (of another bucket) together; accounts and regions once each. */
        public Summary plus(Summary other) {
            java.util.TreeSet<String> allAccounts = new java.util.TreeSet<>(accounts);
            allAccounts.addAll(other.accounts);
            java.util.TreeSet<String> allRegions = new java.util.TreeSet<>(regions);
            allRegions.addAll(other.regions);
            List<Coverage> all = new java.util.ArrayList<>(coverage);
            all.addAll(other.coverage);
            return new Summary(List.copyOf(allAccounts), List.copyOf(allRegions), daysListed + other.daysListed,
                    objectsLoaded + other.objectsLoaded, objectsSkipped + other.objectsSkipped,
                    objectsFailed + other.objectsFailed, digests + other.digests, insightFiles + other.insightFiles,
                    events + other.events, problems + other.problems, bytes + other.bytes, all,
                    mergeLastDays(lastDays, other.lastDays), mergeSkippedDays(skippedDays, other.skippedDays),
                    java.util.stream.Stream.concat(foreignFolders.stream(), other.foreignFolders.stream()).toList());
        }

        /**
         * A region's day is skipped where both runs skipped it; where one run skipped none of a region's days, the
         * other's stand (at worst a day's event history is read once too often).
         */
        private static Map<String, List<LocalDate>> mergeSkippedDays(Map<String, List<LocalDate>> a,
                                                                     Map<String, List<LocalDate>> b) {
            Map<String, List<LocalDate>> out = new java.util.TreeMap<>(a);
            b.forEach((k, v) -> out.merge(k, v, (x, y) -> x.stream().filter(y::contains).toList()));
            out.values().removeIf(List::isEmpty);
            return out;
        }

        private static Map<String, LocalDate> mergeLastDays(Map<String, LocalDate> a, Map<String, LocalDate> b) {
            Map<String, LocalDate> out = new java.util.TreeMap<>(a);
            b.forEach((k, v) -> out.merge(k, v, (x, y) -> x.isAfter(y) ? x : y));
            return out;
        }
    }

    public Summary collect(Request request) {
        return collect(request, Listener.NONE);
    }

    /**
     * Collects what the request names into the sink, writes the coverage, and flushes the sink.
     *
     * @throws TrailKeeperException when the bucket is missing, refused or unreachable, or the sink fails
     */
    public Summary collect(Request request, Listener listener) {
        try (TrailBucketRun run = new TrailBucketRun(s3, sink, clock, request, listener, pageSize, retryBackoff)) {
            Summary summary = run.walk();
            sink.flush();
            return summary;
        }
    }
}
