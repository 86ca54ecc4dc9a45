package io.trailkeeper.aws.inventory;

import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.aws.AwsErrors;
import io.trailkeeper.aws.CallerIdentity;
import io.trailkeeper.aws.RegionInfo;
import io.trailkeeper.aws.Regions;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Collects an account's logging set-up once, into an {@link AccountSnapshot} that the audit then evaluates
 * offline: regions and a sample of each one's event history, trails (shadow copies folded) with status and
 * selectors, the trails' buckets (and any named as critical), the account's S3 public access block, the trails'
 * KMS keys and CloudWatch Logs groups with their metric filters, CloudWatch alarms where those are, EventBridge
 * rules of every enabled region, IAM's authorization details, and the home region's CloudTrail Lake event data
 * stores.
 *
 * <p>Nothing that fails is thrown: it is recorded with its reason, as {@link AccountSnapshot} describes (an
 * item's {@code errors} by attribute, or the snapshot's {@code unreadable}: {@code "ec2 regions"},
 * {@code "cloudtrail REGION"}, {@code "events REGION"}, {@code "cloudwatch REGION"}, {@code "iam"},
 * {@code "accountPublicAccessBlock"}, {@code "cloudtrail event data stores"}). An event data store's error key:
 * {@code details}. Error keys per item: a region's {@code trails}, {@code recentEvents},
 * {@code eventRules}; a trail's {@code status}, {@code eventSelectors}, {@code insightSelectors}; a bucket's
 * {@code location}, {@code ownerAccount}, {@code lifecycle}, {@code versioning}, {@code objectLock},
 * {@code policy}, {@code acl}, {@code publicAccessBlock}, {@code logging}, {@code encryption}; a KMS key's
 * {@code key}, {@code rotation}, {@code policy}; a log group's {@code logGroup}, {@code metricFilters}. Lists
 * that could not be read are empty, with their error beside them.
 *
 * <p>The one exception is the first call, STS GetCallerIdentity: without working credentials or a reachable
 * endpoint there is nothing to collect, and a {@link TrailKeeperException} says why.
 *
 * <p>Immutable; {@link #collect} may be called from several threads.
 */
public final class Inventory {
    private static final int DEFAULT_THREADS = 6;

    private final Set<String> extraBuckets;
    private final int threads;

    private Inventory(Set<String> extraBuckets, int threads) {
        this.extraBuckets = Set.copyOf(extraBuckets);
        this.threads = threads;
    }

    /** The trails' buckets only; regions surveyed six at a time. */
    public static Inventory defaults() {
        return new Inventory(Set.of(), DEFAULT_THREADS);
    }

    /** Also reads these buckets' configuration (the buckets the user marks critical), besides the trails'. */
    public Inventory withExtraBuckets(Collection<String> names) {
        return new Inventory(new TreeSet<>(names), threads);
    }

    /** How many regions are surveyed at once (1: one after another). */
    public Inventory withThreads(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one thread, was " + count);
        }
        return new Inventory(extraBuckets, count);
    }

    public Set<String> extraBuckets() {
        return extraBuckets;
    }

    /**
     * Collects the snapshot, stamped with {@code clock}'s time when collection starts.
     *
     * @throws TrailKeeperException when the credentials do not work or AWS cannot be reached at all
     */
    public AccountSnapshot collect(AwsClients clients, Clock clock) {
        Instant collectedAt = clock.instant();
        CallerIdentity caller = CallerIdentity.of(clients);
        List<AccountSnapshot.Unreadable> unreadable = new ArrayList<>();
        List<RegionInfo> regions = regions(clients, unreadable);
        try (InventoryClients sdk = new InventoryClients(clients)) {
            List<RegionSurvey.Result> surveys = survey(sdk, regions.stream().filter(RegionInfo::enabled).toList());
            for (RegionSurvey.Result s : surveys) {
                note(unreadable, "cloudtrail " + s.region(), s.errors().get("trails"));
                note(unreadable, "events " + s.region(), s.errors().get("eventRules"));
            }
            List<AccountSnapshot.Trail> trails = TrailReader.read(clients, surveys);
            List<AccountSnapshot.LogGroup> logGroups = logGroups(sdk, trails);
            EventDataStoreReader.Listing stores = EventDataStoreReader.read(clients);
            note(unreadable, AccountSnapshot.EVENT_DATA_STORES, stores.reason());
            OrganizationReader.Result organization = sdk.organization();
            note(unreadable, AccountSnapshot.ORGANIZATION, organization.reason());
            return new AccountSnapshot(AccountSnapshot.VERSION, caller.account(), caller.arn(), collectedAt,
                    regionRecords(regions, surveys), trails, buckets(clients, caller.account(), trails),
                    kmsKeys(sdk, trails), logGroups, alarms(sdk, trails, logGroups, unreadable), eventRules(surveys),
                    accountPublicAccessBlock(sdk, caller.account(), unreadable), iam(sdk, unreadable), unreadable,
                    stores.stores(), organization.organizationId(),
                    surveys.stream().flatMap(s -> s.trailDeletions().stream()).toList());
        }
    }

    private static List<RegionInfo> regions(AwsClients clients, List<AccountSnapshot.Unreadable> unreadable) {
        try {
            Regions.Discovery discovery = Regions.discover(clients);
            if (!discovery.fromDescribeRegions()) {
                unreadable.add(new AccountSnapshot.Unreadable("ec2 regions", discovery.note()));
            }
            return discovery.regions();
        } catch (TrailKeeperException e) {
            unreadable.add(new AccountSnapshot.Unreadable("ec2 regions", e.getMessage()
                    + "; every region the SDK knows was tried"));
            return Regions.sdkRegions(clients.homeRegion());
        }
    }

    private List<RegionSurvey.Result> survey(InventoryClients sdk, List<RegionInfo> regions) {
        if (regions.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, regions.size()), r -> {
            Thread t = new Thread(r, "trailkeeper-inventory");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Callable<RegionSurvey.Result>> work = new ArrayList<>();
            regions.forEach(region -> work.add(() -> RegionSurvey.survey(sdk, region)));
            List<RegionSurvey.Result> out = new ArrayList<>();
            for (Future<RegionSurvey.Result> f : pool.invokeAll(work)) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrailKeeperException(ErrorCode.INTERNAL, "the inventory was interrupted", null, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<AccountSnapshot.Region> regionRecords(List<RegionInfo> regions, List<RegionSurvey.Result> surveys) {
        Map<String, RegionSurvey.Result> byName = new LinkedHashMap<>();
        surveys.forEach(s -> byName.put(s.region(), s));
        List<AccountSnapshot.Region> out = new ArrayList<>();
        for (RegionInfo r : regions) {
            RegionSurvey.Result s = byName.get(r.name());
            out.add(s == null ? new AccountSnapshot.Region(r.name(), r.optInStatus(), r.enabled(), null, null, Map.of())
                    : new AccountSnapshot.Region(r.name(), r.optInStatus(), r.enabled(), s.recentEvents(),
                    s.latestActivity(), s.errors()));
        }
        return out;
    }

    private List<AccountSnapshot.Bucket> buckets(AwsClients clients, String account, List<AccountSnapshot.Trail> trails) {
        Map<String, String> hints = new TreeMap<>();
        trails.stream().filter(t -> t.s3BucketName() != null)
                .forEach(t -> hints.putIfAbsent(t.s3BucketName(), t.homeRegion()));
        extraBuckets.forEach(b -> hints.putIfAbsent(b, clients.homeRegion()));
        BucketReader reader = new BucketReader(clients, account);
        List<AccountSnapshot.Bucket> out = new ArrayList<>();
        hints.forEach((name, region) -> out.add(reader.read(name, region)));
        return out;
    }

    private static List<AccountSnapshot.KmsKey> kmsKeys(InventoryClients sdk, List<AccountSnapshot.Trail> trails) {
        Map<String, String> keys = new LinkedHashMap<>();
        trails.stream().filter(t -> t.kmsKeyId() != null).forEach(t -> keys.putIfAbsent(t.kmsKeyId(), t.homeRegion()));
        List<AccountSnapshot.KmsKey> out = new ArrayList<>();
        keys.forEach((id, region) -> out.add(KmsKeyReader.read(sdk, id, region)));
        return out;
    }

    private static List<AccountSnapshot.LogGroup> logGroups(InventoryClients sdk, List<AccountSnapshot.Trail> trails) {
        Map<String, String> groups = new LinkedHashMap<>();
        trails.stream().filter(t -> t.cloudWatchLogsLogGroupArn() != null)
                .forEach(t -> groups.putIfAbsent(t.cloudWatchLogsLogGroupArn(), t.homeRegion()));
        List<AccountSnapshot.LogGroup> out = new ArrayList<>();
        groups.forEach((arn, region) -> out.add(LogGroupReader.read(sdk, arn, region)));
        return out;
    }

    /** Alarms where they can count a trail's events: the log groups' regions and the trails' home regions. */
    private static List<AccountSnapshot.Alarm> alarms(InventoryClients sdk, List<AccountSnapshot.Trail> trails,
                                                      List<AccountSnapshot.LogGroup> logGroups,
                                                      List<AccountSnapshot.Unreadable> unreadable) {
        Set<String> regions = new TreeSet<>();
        logGroups.forEach(g -> regions.add(g.region()));
        trails.forEach(t -> regions.add(t.homeRegion()));
        List<AccountSnapshot.Alarm> out = new ArrayList<>();
        for (String region : regions) {
            try {
                out.addAll(AlarmReader.read(sdk, region));
            } catch (SdkException e) {
                note(unreadable, "cloudwatch " + region, Attempts.reason(e));
            }
        }
        return out;
    }

    private static List<AccountSnapshot.EventRule> eventRules(List<RegionSurvey.Result> surveys) {
        List<AccountSnapshot.EventRule> out = new ArrayList<>();
        surveys.stream().filter(s -> s.eventRules() != null).forEach(s -> out.addAll(s.eventRules()));
        return out;
    }

    private static AccountSnapshot.PublicAccessBlock accountPublicAccessBlock(InventoryClients sdk, String account,
                                                                              List<AccountSnapshot.Unreadable> unreadable) {
        try {
            var c = sdk.s3Control().getPublicAccessBlock(b -> b.accountId(account)).publicAccessBlockConfiguration();
            return new AccountSnapshot.PublicAccessBlock(Boolean.TRUE.equals(c.blockPublicAcls()),
                    Boolean.TRUE.equals(c.ignorePublicAcls()), Boolean.TRUE.equals(c.blockPublicPolicy()),
                    Boolean.TRUE.equals(c.restrictPublicBuckets()));
        } catch (SdkException e) {
            if (!Attempts.is(e, "NoSuchPublicAccessBlockConfiguration")) {
                note(unreadable, "accountPublicAccessBlock", Attempts.reason(e));
            }
            return null;
        }
    }

    private static AccountSnapshot.Iam iam(InventoryClients sdk, List<AccountSnapshot.Unreadable> unreadable) {
        try {
            return IamReader.read(sdk.iam());
        } catch (SdkException e) {
            note(unreadable, "iam", Attempts.reason(e) + (AwsErrors.isAccessDenied(e)
                    ? "; who may destroy the evidence cannot be told without iam:GetAccountAuthorizationDetails" : ""));
            return null;
        }
    }

    private static void note(List<AccountSnapshot.Unreadable> unreadable, String what, String reason) {
        if (reason != null) {
            unreadable.add(new AccountSnapshot.Unreadable(what, reason));
        }
    }
}
