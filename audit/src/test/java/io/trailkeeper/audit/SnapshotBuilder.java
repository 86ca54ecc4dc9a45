package io.trailkeeper.audit;

import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshot.AdvancedEventSelector;
import io.trailkeeper.events.AccountSnapshot.Alarm;
import io.trailkeeper.events.AccountSnapshot.Bucket;
import io.trailkeeper.events.AccountSnapshot.Encryption;
import io.trailkeeper.events.AccountSnapshot.EventDataStore;
import io.trailkeeper.events.AccountSnapshot.EventRule;
import io.trailkeeper.events.AccountSnapshot.EventSelector;
import io.trailkeeper.events.AccountSnapshot.FieldSelector;
import io.trailkeeper.events.AccountSnapshot.Grant;
import io.trailkeeper.events.AccountSnapshot.Iam;
import io.trailkeeper.events.AccountSnapshot.KmsKey;
import io.trailkeeper.events.AccountSnapshot.LifecycleRule;
import io.trailkeeper.events.AccountSnapshot.LogGroup;
import io.trailkeeper.events.AccountSnapshot.ManagedPolicy;
import io.trailkeeper.events.AccountSnapshot.MetricFilter;
import io.trailkeeper.events.AccountSnapshot.ObjectLock;
import io.trailkeeper.events.AccountSnapshot.Principal;
import io.trailkeeper.events.AccountSnapshot.PublicAccessBlock;
import io.trailkeeper.events.AccountSnapshot.Region;
import io.trailkeeper.events.AccountSnapshot.Trail;
import io.trailkeeper.events.AccountSnapshot.Unreadable;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hand-built snapshots for check tests: {@link #wellConfigured()} is an account where every check passes,
 * and a test changes the one thing it is about (the fields are public and mutable on purpose), then
 * {@link #build()}s. {@link #noTrail()} is an account that never had a trail.
 */
public final class SnapshotBuilder {
    public static final String ACCOUNT = "111122223333";
    public static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    public static final String TRAIL_BUCKET = "trail-logs-111122223333";
    public static final String TRAIL_ARN = "arn:aws:cloudtrail:us-east-1:111122223333:trail/main";
    public static final String BREAK_GLASS = "arn:aws:iam::111122223333:role/BreakGlass";
    public static final String LOG_GROUP = "cloudtrail/main";
    public static final String LOG_GROUP_ARN = "arn:aws:logs:us-east-1:111122223333:log-group:cloudtrail/main:*";
    public static final String ADMIN_POLICY = "arn:aws:iam::aws:policy/AdministratorAccess";
    public static final String TOPIC = "arn:aws:sns:us-east-1:111122223333:security-alerts";

    public static final String TAMPERING_PATTERN = "{ ($.eventSource = cloudtrail.amazonaws.com) && "
            + "(($.eventName = StopLogging) || ($.eventName = DeleteTrail) || ($.eventName = UpdateTrail) || "
            + "($.eventName = PutEventSelectors)) }";
    public static final String NO_MFA_PATTERN = "{ ($.eventName = \"ConsoleLogin\") && "
            + "($.additionalEventData.MFAUsed != \"Yes\") && ($.userIdentity.type = \"IAMUser\") && "
            + "($.responseElements.ConsoleLogin = \"Success\") }";
    public static final String ROOT_PATTERN = "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS"
            + " && $.eventType != \"AwsServiceEvent\" }";

    public final List<Region> regions = new ArrayList<>();
    public final List<TrailSpec> trails = new ArrayList<>();
    public final List<BucketSpec> buckets = new ArrayList<>();
    public final List<KmsKey> kmsKeys = new ArrayList<>();
    public final List<LogGroup> logGroups = new ArrayList<>();
    public final List<Alarm> alarms = new ArrayList<>();
    public final List<EventRule> eventRules = new ArrayList<>();
    public final List<Unreadable> unreadable = new ArrayList<>();
    public final List<EventDataStore> eventDataStores = new ArrayList<>();
    public String organizationId;
    public PublicAccessBlock accountPublicAccessBlock = new PublicAccessBlock(true, true, true, true);
    public Iam iam;

    public static AuditContext context() {
        return new AuditContext(Set.of(), Set.of(BREAK_GLASS), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    public static AuditContext context(Set<String> criticalBuckets) {
        return new AuditContext(criticalBuckets, Set.of(BREAK_GLASS), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** Three enabled regions with activity, one region not enabled, and nothing else. */
    public static SnapshotBuilder noTrail() {
        SnapshotBuilder b = new SnapshotBuilder();
        b.regions.add(new Region("us-east-1", "opt-in-not-required", true, 1204L, NOW.minusSeconds(600), null));
        b.regions.add(new Region("eu-west-1", "opt-in-not-required", true, 0L, null, null));
        b.regions.add(new Region("ap-southeast-2", "opt-in-not-required", true, 37L,
                Instant.parse("2025-02-27T03:14:00Z"), null));
        b.regions.add(new Region("me-south-1", "not-opted-in", false, null, null, null));
        b.iam = new Iam(List.of(), List.of(), List.of(), List.of());
        return b;
    }

    /** An account where every check passes: one multi-region trail done right, watched, and a short IAM list. */
    public static SnapshotBuilder wellConfigured() {
        SnapshotBuilder b = noTrail();
        b.trails.add(new TrailSpec());
        b.buckets.add(new BucketSpec());
        b.kmsKeys.add(new KmsKey("arn:aws:kms:us-east-1:111122223333:key/1234abcd", "us-east-1", "Enabled", true,
                null, null));
        b.logGroups.add(new LogGroup(LOG_GROUP, LOG_GROUP_ARN, "us-east-1", 400, List.of(
                new MetricFilter("trail-tampering", TAMPERING_PATTERN, "TrailKeeper", "TrailTampering"),
                new MetricFilter("no-mfa", NO_MFA_PATTERN, "TrailKeeper", "ConsoleLoginWithoutMfa"),
                new MetricFilter("root", ROOT_PATTERN, "TrailKeeper", "RootUsage")), null));
        for (String metric : List.of("TrailTampering", "ConsoleLoginWithoutMfa", "RootUsage")) {
            b.alarms.add(new Alarm(metric, "us-east-1", "TrailKeeper", metric, true, List.of(TOPIC)));
        }
        b.iam = new Iam(List.of(principal("alice", "user", List.of(), List.of("Admins"))),
                List.of(principal("Admins", "group", List.of(ADMIN_POLICY), List.of())),
                List.of(principal("BreakGlass", "role", List.of(ADMIN_POLICY), List.of()),
                        principal("Auditor", "role", List.of("arn:aws:iam::aws:policy/SecurityAudit"), List.of())),
                List.of(new ManagedPolicy(ADMIN_POLICY, "AdministratorAccess",
                                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\","
                                        + "\"Resource\":\"*\"}]}"),
                        new ManagedPolicy("arn:aws:iam::aws:policy/SecurityAudit", "SecurityAudit",
                                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                                        + "[\"cloudtrail:Describe*\",\"cloudtrail:Get*\",\"s3:GetBucket*\"],"
                                        + "\"Resource\":\"*\"}]}")));
        return b;
    }

    public static Principal principal(String name, String kind, List<String> attached, List<String> groups) {
        return new Principal(name, "arn:aws:iam::" + ACCOUNT + ":" + kind + "/" + name, attached, Map.of(), groups,
                null, null);
    }

    public TrailSpec trail() {
        return trails.get(0);
    }

    public BucketSpec bucket() {
        return buckets.get(0);
    }

    /** The account belongs to this organization (DescribeOrganization read). */
    public SnapshotBuilder organization(String id) {
        organizationId = id;
        return this;
    }

    public SnapshotBuilder unreadable(String what, String reason) {
        unreadable.add(new Unreadable(what, reason));
        return this;
    }

    public AccountSnapshot build() {
        return new AccountSnapshot(AccountSnapshot.VERSION, ACCOUNT, "arn:aws:iam::" + ACCOUNT + ":role/TrailKeeper",
                NOW, regions, trails.stream().map(TrailSpec::build).toList(),
                buckets.stream().map(BucketSpec::build).toList(), kmsKeys, logGroups, alarms, eventRules,
                accountPublicAccessBlock, iam, unreadable, eventDataStores, organizationId);
    }

    public static final String STORE_ARN = "arn:aws:cloudtrail:us-east-1:" + ACCOUNT
            + ":eventdatastore/0f2c8b7e-5d1a-4c3e-9b6f-2a7d4e8c1f90";

    /**
     * An account whose record is a CloudTrail Lake event data store, "org-archive", and no trail: multi-region,
     * ingesting, kept seven years, all management events and S3 object reads and writes of every bucket.
     */
    public static SnapshotBuilder lake() {
        SnapshotBuilder b = noTrail();
        b.eventDataStores.add(store("ENABLED", 2557, true,
                new AdvancedEventSelector("Management events", List.of(equalsField("eventCategory", "Management"))),
                new AdvancedEventSelector("S3 objects", List.of(equalsField("eventCategory", "Data"),
                        equalsField("resources.type", "AWS::S3::Object")))));
        return b;
    }

    /** The event data store "org-archive" in us-east-1 (FIXED_RETENTION_PRICING, termination protection on). */
    public static EventDataStore store(String status, int retentionDays, boolean multiRegion,
                                       AdvancedEventSelector... selectors) {
        return new EventDataStore("org-archive", STORE_ARN, "us-east-1", status, multiRegion, false, retentionDays, true,
                "FIXED_RETENTION_PRICING", null, List.of(selectors), Map.of());
    }

    /** A field selector with only Equals values. */
    public static FieldSelector equalsField(String field, String... values) {
        return new FieldSelector(field, List.of(values), null, null, null, null, null);
    }

    public static FieldSelector notStartsWith(String field, String... values) {
        return new FieldSelector(field, null, null, null, List.of(values), null, null);
    }

    public static FieldSelector startsWith(String field, String... values) {
        return new FieldSelector(field, null, null, List.of(values), null, null, null);
    }

    /** A trail, mutable: defaults are those of a well-configured multi-region trail. */
    public static final class TrailSpec {
        public String name = "main";
        public String arn = TRAIL_ARN;
        public String homeRegion = "us-east-1";
        public String bucket = TRAIL_BUCKET;
        public String keyPrefix;
        public boolean multiRegion = true;
        public boolean organization;
        public boolean includeGlobalServiceEvents = true;
        public boolean logFileValidation = true;
        public String kmsKeyId = "arn:aws:kms:us-east-1:111122223333:key/1234abcd";
        public String logGroupArn = LOG_GROUP_ARN;
        public Boolean logging = true;
        public Instant stopLoggingTime;
        public Instant latestDeliveryTime = NOW.minusSeconds(3600);
        public String latestDeliveryError;
        public String latestDigestDeliveryError;
        public List<EventSelector> eventSelectors = new ArrayList<>();
        public List<AdvancedEventSelector> advancedEventSelectors = new ArrayList<>(List.of(
                new AdvancedEventSelector("Management events", List.of(equalsField("eventCategory", "Management"))),
                new AdvancedEventSelector("S3 objects but the trail bucket", List.of(
                        equalsField("eventCategory", "Data"), equalsField("resources.type", "AWS::S3::Object"),
                        notStartsWith("resources.ARN", "arn:aws:s3:::" + TRAIL_BUCKET + "/"))),
                new AdvancedEventSelector("DynamoDB", List.of(equalsField("eventCategory", "Data"),
                        equalsField("resources.type", "AWS::DynamoDB::Table"))),
                new AdvancedEventSelector("Lambda", List.of(equalsField("eventCategory", "Data"),
                        equalsField("resources.type", "AWS::Lambda::Function")))));
        public List<String> insightTypes = new ArrayList<>(List.of("ApiCallRateInsight"));
        public Map<String, String> errors = new HashMap<>();

        /** The brief's "data events only" trail: advanced selectors logging S3 objects and no management event. */
        public TrailSpec s3DataEventsOnly() {
            advancedEventSelectors.clear();
            advancedEventSelectors.add(new AdvancedEventSelector("s3", List.of(equalsField("eventCategory", "Data"),
                    equalsField("resources.type", "AWS::S3::Object"))));
            return this;
        }

        /** One advanced selector, {@code name}, of {@code fields} (ANDed), in place of the default ones. */
        public TrailSpec onlyAdvanced(String name, FieldSelector... fields) {
            advancedEventSelectors.clear();
            advancedEventSelectors.add(new AdvancedEventSelector(name, List.of(fields)));
            return this;
        }

        /** One basic selector: management events of {@code readWriteType} but the excluded sources, no data events. */
        public TrailSpec basicManagement(String readWriteType, boolean include, String... excludedSources) {
            advancedEventSelectors.clear();
            eventSelectors.clear();
            eventSelectors.add(new EventSelector(readWriteType, include, List.of(new AccountSnapshot.DataResource(
                    "AWS::S3::Object", List.of("arn:aws:s3"))), List.of(excludedSources)));
            return this;
        }

        public Trail build() {
            return new Trail(name, arn, homeRegion, bucket, keyPrefix, null, multiRegion, organization,
                    includeGlobalServiceEvents, logFileValidation, kmsKeyId, logGroupArn,
                    logGroupArn == null ? null : "arn:aws:iam::111122223333:role/CloudTrailToLogs", logging,
                    NOW.minusSeconds(86_400L * 400), stopLoggingTime, latestDeliveryTime, latestDeliveryError,
                    latestDeliveryTime, latestDigestDeliveryError, eventSelectors, advancedEventSelectors,
                    insightTypes, List.of(homeRegion), errors);
        }
    }

    /** A trail bucket, mutable: defaults keep logs 400 days under Object Lock, private, protected by policy. */
    public static final class BucketSpec {
        public String name = TRAIL_BUCKET;
        public String region = "us-east-1";
        public String owner = ACCOUNT;
        public boolean exists = true;
        public List<LifecycleRule> lifecycleRules = new ArrayList<>(List.of(
                new LifecycleRule("keep-trail-logs", true, "AWSLogs/", 400, 400, 90)));
        public String versioning = "Enabled";
        public String mfaDelete = "Disabled";
        public ObjectLock objectLock = new ObjectLock(true, "COMPLIANCE", 365, null);
        public String policy = protectivePolicy(TRAIL_BUCKET, BREAK_GLASS);
        public List<Grant> aclGrants = new ArrayList<>(List.of(
                new Grant("CanonicalUser", "79a59df900b949e55d96a1e698fbaced", "FULL_CONTROL")));
        public PublicAccessBlock publicAccessBlock = new PublicAccessBlock(true, true, true, true);
        public String loggingTargetBucket = "access-logs-111122223333";
        public Map<String, String> errors = new HashMap<>();

        public Bucket build() {
            return new Bucket(name, region, owner, exists, lifecycleRules, versioning, mfaDelete, objectLock, policy,
                    aclGrants, publicAccessBlock, loggingTargetBucket, new Encryption("aws:kms", null), errors);
        }
    }

    /** CloudTrail's own write statements and the Deny that spares only {@code breakGlass}. */
    public static String protectivePolicy(String bucket, String breakGlass) {
        return """
                {"Version":"2012-10-17","Statement":[
                 {"Sid":"AWSCloudTrailAclCheck","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},
                  "Action":"s3:GetBucketAcl","Resource":"arn:aws:s3:::%1$s"},
                 {"Sid":"AWSCloudTrailWrite","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},
                  "Action":"s3:PutObject","Resource":"arn:aws:s3:::%1$s/AWSLogs/111122223333/*",
                  "Condition":{"StringEquals":{"s3:x-amz-acl":"bucket-owner-full-control"}}},
                 {"Sid":"ProtectTrailLogs","Effect":"Deny","Principal":"*",
                  "Action":["s3:DeleteObject*","s3:PutLifecycleConfiguration","s3:PutBucketPolicy",
                            "s3:DeleteBucketPolicy","s3:DeleteBucket"],
                  "Resource":["arn:aws:s3:::%1$s","arn:aws:s3:::%1$s/*"],
                  "Condition":{"ArnNotLike":{"aws:PrincipalArn":"%2$s"}}}]}
                """.formatted(bucket, breakGlass);
    }
}
