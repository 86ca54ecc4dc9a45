package io.trailkeeper.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the audit looks at in an account's logging set-up, collected once through the AWS APIs and then
 * evaluated purely, offline if need be (it is saved and loaded as JSON).
 *
 * <p>Conventions, which every check relies on:
 * <ul>
 *   <li>A configuration that does not exist is an empty value, not an error: a bucket without lifecycle
 *       rules has {@code lifecycleRules = []}; without a policy, {@code policy = null} and no error.</li>
 *   <li>What could not be read has an entry in the item's {@code errors}, keyed by the attribute
 *       (e.g. {@code "lifecycle"}, {@code "policy"}) with the reason (e.g. "AccessDenied: ..."); the value is
 *       then null and a check that needs it answers UNKNOWN with that reason.</li>
 *   <li>Whole services or regions that could not be read are in {@link #unreadable()}.</li>
 *   <li>Times are UTC instants; policies are JSON documents as text, exactly as AWS returned them
 *       (URL-decoded).</li>
 * </ul>
 *
 * @param version     the snapshot format's version ({@link #VERSION})
 * @param regions     every region DescribeRegions lists, with whether it is enabled
 * @param iam         the account's authorization details, or null when they could not be read
 * @param accountPublicAccessBlock the account-level S3 public access block, or null when none is set (an
 *                    error under key {@code "accountPublicAccessBlock"} in {@code unreadable} when unreadable)
 * @param eventDataStores the CloudTrail Lake event data stores of the home region (a multi-region or organization
 *                    one records beyond it); when they could not be listed, empty with an entry
 *                    {@value #EVENT_DATA_STORES} in {@code unreadable}, also for a snapshot written before they
 *                    were read (version 1)
 * @param organizationId the AWS Organizations id of the account's organization (DescribeOrganization), under
 *                    whose {@code AWSLogs/o-<id>/} an organization trail writes; null when the account is in none,
 *                    or when it could not be read (then an entry {@value #ORGANIZATION} in {@code unreadable}),
 *                    or in a snapshot written before it was read
 * @param trailDeletions the DeleteTrail calls each enabled region's event history holds (its newest page of them):
 *                    a trail an intruder deleted is gone from DescribeTrails, and its bucket may still hold its files;
 *                    empty when there are none, and in a snapshot written before they were read
 */
public record AccountSnapshot(int version, String account, String callerArn, Instant collectedAt,
                              List<Region> regions, List<Trail> trails, List<Bucket> buckets, List<KmsKey> kmsKeys,
                              List<LogGroup> logGroups, List<Alarm> alarms, List<EventRule> eventRules,
                              PublicAccessBlock accountPublicAccessBlock, Iam iam, List<Unreadable> unreadable,
                              List<EventDataStore> eventDataStores, String organizationId,
                              List<TrailDeletion> trailDeletions) {
    /** 2: event data stores are read; a version 1 snapshot has none, and says they were not looked at. */
    public static final int VERSION = 2;
    /** The {@link Unreadable#what()} of event data stores that could not be listed. */
    public static final String EVENT_DATA_STORES = "cloudtrail event data stores";
    /** The {@link Unreadable#what()} of the organization's id when DescribeOrganization failed. */
    public static final String ORGANIZATION = "organizations organization";

    public AccountSnapshot {
        regions = list(regions);
        trails = list(trails);
        buckets = list(buckets);
        kmsKeys = list(kmsKeys);
        logGroups = list(logGroups);
        alarms = list(alarms);
        eventRules = list(eventRules);
        unreadable = list(unreadable);
        eventDataStores = list(eventDataStores);
        trailDeletions = list(trailDeletions);
    }

    /** A snapshot in which no trail deletion was looked for (or none found). */
    public AccountSnapshot(int version, String account, String callerArn, Instant collectedAt, List<Region> regions,
                           List<Trail> trails, List<Bucket> buckets, List<KmsKey> kmsKeys, List<LogGroup> logGroups,
                           List<Alarm> alarms, List<EventRule> eventRules, PublicAccessBlock accountPublicAccessBlock,
                           Iam iam, List<Unreadable> unreadable, List<EventDataStore> eventDataStores,
                           String organizationId) {
        this(version, account, callerArn, collectedAt, regions, trails, buckets, kmsKeys, logGroups, alarms, eventRules,
                accountPublicAccessBlock, iam, unreadable, eventDataStores, organizationId, List.of());
    }

    /** A snapshot of an account without event data stores (none, or none read: then say why in unreadable). */
    public AccountSnapshot(int version, String account, String callerArn, Instant collectedAt, List<Region> regions,
                           List<Trail> trails, List<Bucket> buckets, List<KmsKey> kmsKeys, List<LogGroup> logGroups,
                           List<Alarm> alarms, List<EventRule> eventRules, PublicAccessBlock accountPublicAccessBlock,
                           Iam iam, List<Unreadable> unreadable) {
        this(version, account, callerArn, collectedAt, regions, trails, buckets, kmsKeys, logGroups, alarms, eventRules,
                accountPublicAccessBlock, iam, unreadable, List.of(), null);
    }

    /** A snapshot whose organization id is not known (the account is in none, or it was not read). */
    public AccountSnapshot(int version, String account, String callerArn, Instant collectedAt, List<Region> regions,
                           List<Trail> trails, List<Bucket> buckets, List<KmsKey> kmsKeys, List<LogGroup> logGroups,
                           List<Alarm> alarms, List<EventRule> eventRules, PublicAccessBlock accountPublicAccessBlock,
                           Iam iam, List<Unreadable> unreadable, List<EventDataStore> eventDataStores) {
        this(version, account, callerArn, collectedAt, regions, trails, buckets, kmsKeys, logGroups, alarms, eventRules,
                accountPublicAccessBlock, iam, unreadable, eventDataStores, null);
    }

    static <T> List<T> list(List<T> in) {
        return in == null ? List.of() : List.copyOf(in);
    }

    static Map<String, String> map(Map<String, String> in) {
        return in == null ? Map.of() : Map.copyOf(in);
    }

    /**
     * A DeleteTrail call of a region's event history (LookupEvents: the event's name, user name, access key and
     * resources as CloudTrail derives them).
     *
     * @param trail      the trail's name or ARN as the event's resources name it, or null when they do not
     * @param principal  the event's user name (an IAM user, a role session's name, root), or null
     * @param errorCode  the call's error (a refused deletion), or null when it succeeded
     */
    public record TrailDeletion(String region, Instant time, String trail, String principal, String accessKeyId,
                                String errorCode) {
    }

    /**
     * A region and what its event history shows.
     *
     * @param optInStatus    opt-in-not-required, opted-in or not-opted-in
     * @param recentEvents   management events seen in the region's event history (LookupEvents, a sample of up
     *                       to a few pages), or null when not looked at or unreadable
     * @param latestActivity the newest event seen there, or null
     */
    public record Region(String name, String optInStatus, boolean enabled, Long recentEvents, Instant latestActivity,
                         Map<String, String> errors) {
        public Region {
            errors = map(errors);
        }
    }

    /**
     * A trail, once (shadow copies folded into it), with its status and selectors.
     *
     * @param regionsSeen where DescribeTrails listed it
     * @param kmsKeyId    the key its files are encrypted with (SSE-KMS), or null for SSE-S3
     */
    public record Trail(String name, String arn, String homeRegion, String s3BucketName, String s3KeyPrefix,
                        String snsTopicArn, boolean multiRegion, boolean organization,
                        boolean includeGlobalServiceEvents, boolean logFileValidation, String kmsKeyId,
                        String cloudWatchLogsLogGroupArn, String cloudWatchLogsRoleArn, Boolean logging,
                        Instant startLoggingTime, Instant stopLoggingTime, Instant latestDeliveryTime,
                        String latestDeliveryError, Instant latestDigestDeliveryTime, String latestDigestDeliveryError,
                        List<EventSelector> eventSelectors, List<AdvancedEventSelector> advancedEventSelectors,
                        List<String> insightTypes, List<String> regionsSeen, Map<String, String> errors) {
        public Trail {
            eventSelectors = list(eventSelectors);
            advancedEventSelectors = list(advancedEventSelectors);
            insightTypes = list(insightTypes);
            regionsSeen = list(regionsSeen);
            errors = map(errors);
        }
    }

    /**
     * A CloudTrail Lake event data store (GetEventDataStore), as CloudTrail describes it.
     *
     * @param homeRegion      the region it lives in (where it was listed)
     * @param status          CREATED, ENABLED, STARTING_INGESTION, STOPPING_INGESTION, STOPPED_INGESTION or
     *                        PENDING_DELETION, or null when it could not be read
     * @param retentionDays   RetentionPeriod: events older than this many days (by eventTime) are removed; null
     *                        when unknown
     * @param billingMode     EXTENDABLE_RETENTION_PRICING or FIXED_RETENTION_PRICING, or null
     * @param errors          by attribute: {@code "details"} when GetEventDataStore failed (the list's fields, which
     *                        AWS deprecates, are then all there is)
     */
    public record EventDataStore(String name, String arn, String homeRegion, String status, boolean multiRegion,
                                 boolean organization, Integer retentionDays, Boolean terminationProtection,
                                 String billingMode, String kmsKeyId, List<AdvancedEventSelector> advancedEventSelectors,
                                 Map<String, String> errors) {
        public EventDataStore {
            advancedEventSelectors = list(advancedEventSelectors);
            errors = map(errors);
        }
    }

    /** A basic event selector. {@code readWriteType}: ReadOnly, WriteOnly or All. */
    public record EventSelector(String readWriteType, boolean includeManagementEvents,
                                List<DataResource> dataResources, List<String> excludeManagementEventSources) {
        public EventSelector {
            dataResources = list(dataResources);
            excludeManagementEventSources = list(excludeManagementEventSources);
        }
    }

    /** {@code type} as CloudTrail names it (AWS::S3::Object, AWS::Lambda::Function...), values are ARN prefixes. */
    public record DataResource(String type, List<String> values) {
        public DataResource {
            values = list(values);
        }
    }

    public record AdvancedEventSelector(String name, List<FieldSelector> fieldSelectors) {
        public AdvancedEventSelector {
            fieldSelectors = list(fieldSelectors);
        }
    }

    /** One condition of an advanced selector: the field (eventCategory, resources.type, readOnly...) and its tests. */
    public record FieldSelector(String field, List<String> equalsValues, List<String> notEquals,
                                List<String> startsWith, List<String> notStartsWith, List<String> endsWith,
                                List<String> notEndsWith) {
        public FieldSelector {
            equalsValues = list(equalsValues);
            notEquals = list(notEquals);
            startsWith = list(startsWith);
            notStartsWith = list(notStartsWith);
            endsWith = list(endsWith);
            notEndsWith = list(notEndsWith);
        }
    }

    /**
     * A bucket a trail delivers to (or one marked critical), with everything that decides whether its logs
     * survive. Null values with no entry in {@code errors} mean "not configured".
     *
     * @param versioning  Enabled, Suspended, or null when never enabled
     * @param mfaDelete   Enabled or Disabled (null when versioning was never enabled)
     * @param objectLock  null when Object Lock is not enabled on the bucket
     * @param policy      the bucket policy (JSON), or null when there is none
     * @param loggingTargetBucket where server access logs go, or null when off
     * @param exists      false when the bucket does not exist (deleted): everything else is then empty
     */
    public record Bucket(String name, String region, String ownerAccount, boolean exists,
                         List<LifecycleRule> lifecycleRules, String versioning, String mfaDelete, ObjectLock objectLock,
                         String policy, List<Grant> aclGrants, PublicAccessBlock publicAccessBlock,
                         String loggingTargetBucket, Encryption encryption, Map<String, String> errors) {
        public Bucket {
            lifecycleRules = list(lifecycleRules);
            aclGrants = list(aclGrants);
            errors = map(errors);
        }
    }

    /**
     * A lifecycle rule, reduced to what decides how long objects live.
     *
     * @param prefix                  the rule's filter prefix ("" for the whole bucket; null when the filter is
     *                                by tag or size only)
     * @param expirationDays          current versions expire after this many days, or null
     * @param noncurrentExpirationDays noncurrent versions expire after this many days, or null
     * @param transitionDays          first transition to another storage class, or null (does not delete)
     * @param expirationDate          current versions expire on this date (Expiration.Date: every object the rule
     *                                reaches, and from then on each new one as it arrives), or null; absent from
     *                                snapshots written before it was read
     */
    public record LifecycleRule(String id, boolean enabled, String prefix, Integer expirationDays,
                                Integer noncurrentExpirationDays, Integer transitionDays, Instant expirationDate) {
        /** A rule that expires by age only (no Expiration.Date). */
        public LifecycleRule(String id, boolean enabled, String prefix, Integer expirationDays,
                             Integer noncurrentExpirationDays, Integer transitionDays) {
            this(id, enabled, prefix, expirationDays, noncurrentExpirationDays, transitionDays, null);
        }
    }

    /** {@code mode}: COMPLIANCE or GOVERNANCE, null without a default retention. */
    public record ObjectLock(boolean enabled, String mode, Integer days, Integer years) {
    }

    /** An ACL grant: {@code granteeType} CanonicalUser, Group or AmazonCustomerByEmail; {@code grantee} its id or URI. */
    public record Grant(String granteeType, String grantee, String permission) {
    }

    public record PublicAccessBlock(boolean blockPublicAcls, boolean ignorePublicAcls, boolean blockPublicPolicy,
                                    boolean restrictPublicBuckets) {
        public boolean all() {
            return blockPublicAcls && ignorePublicAcls && blockPublicPolicy && restrictPublicBuckets;
        }
    }

    /** Default encryption: {@code algorithm} AES256, aws:kms or aws:kms:dsse. */
    public record Encryption(String algorithm, String kmsKeyId) {
    }

    /** A KMS key a trail uses. */
    public record KmsKey(String arn, String region, String state, Boolean rotationEnabled, String policy,
                         Map<String, String> errors) {
        public KmsKey {
            errors = map(errors);
        }
    }

    /** A CloudWatch Logs group (a trail's), with its metric filters. {@code retentionDays} null: never expires. */
    public record LogGroup(String name, String arn, String region, Integer retentionDays,
                           List<MetricFilter> metricFilters, Map<String, String> errors) {
        public LogGroup {
            metricFilters = list(metricFilters);
            errors = map(errors);
        }
    }

    public record MetricFilter(String name, String pattern, String metricNamespace, String metricName) {
    }

    /** A CloudWatch alarm; {@code actionsEnabled} and at least one action make it alert someone. */
    public record Alarm(String name, String region, String namespace, String metricName, boolean actionsEnabled,
                        List<String> alarmActions) {
        public Alarm {
            alarmActions = list(alarmActions);
        }
    }

    /** An EventBridge rule on the default bus: its event pattern (JSON), state, and how many targets it has. */
    public record EventRule(String name, String region, String eventPattern, String state, int targets) {
    }

    /**
     * The account's IAM principals and policies (GetAccountAuthorizationDetails): enough to tell who may
     * destroy the evidence. Policy documents are JSON text.
     */
    public record Iam(List<Principal> users, List<Principal> groups, List<Principal> roles, List<ManagedPolicy> policies) {
        public Iam {
            users = list(users);
            groups = list(groups);
            roles = list(roles);
            policies = list(policies);
        }
    }

    /**
     * A user, group or role: its attached managed policies (ARNs), inline policies (name to document) and,
     * for a user, its groups; for a role, its trust policy; for a user or role, the ARN of the managed policy set as
     * its permissions boundary (null: none, or a snapshot taken before it was read).
     */
    public record Principal(String name, String arn, List<String> attachedPolicyArns,
                            Map<String, String> inlinePolicies, List<String> groups, String trustPolicy,
                            String permissionsBoundaryArn) {
        public Principal {
            attachedPolicyArns = list(attachedPolicyArns);
            inlinePolicies = map(inlinePolicies);
            groups = list(groups);
        }
    }

    /** A managed policy and the document of its default version. */
    public record ManagedPolicy(String arn, String name, String document) {
    }

    /** Something that could not be read at all: what ({@code "iam"}, {@code "cloudtrail eu-west-3"}) and why. */
    public record Unreadable(String what, String reason) {
    }
}
