package io.trailkeeper.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * What an audit reads beside the trails: buckets and their configuration, the account's S3 public access
 * block, KMS keys, CloudWatch Logs groups with their metric filters, CloudWatch alarms, EventBridge rules, and
 * IAM's authorization details. Each item is kept as the scenario wrote it, checked (an unknown member is an
 * error, as everywhere in a scenario) and with its defaults filled in, so the service handlers only read.
 */
final class AccountResources {
    private static final String DEFAULT_REGION = "us-east-1";
    private static final Set<String> BUCKET = Set.of("name", "region", "ownerAccount", "denied", "lifecycleRules",
            "versioning", "mfaDelete", "objectLock", "policy", "aclGrants", "publicAccessBlock", "logging",
            "encryption");
    private static final Set<String> LIFECYCLE_RULE = Set.of("id", "status", "prefix", "expirationDays",
            "noncurrentExpirationDays", "transitionDays", "transitionStorageClass");
    private static final Set<String> OBJECT_LOCK = Set.of("mode", "days", "years");
    private static final Set<String> GRANT = Set.of("granteeType", "grantee", "permission");
    static final Set<String> PUBLIC_ACCESS_BLOCK = Set.of("blockPublicAcls", "ignorePublicAcls", "blockPublicPolicy",
            "restrictPublicBuckets");
    private static final Set<String> LOGGING = Set.of("targetBucket", "targetPrefix");
    private static final Set<String> ENCRYPTION = Set.of("algorithm", "kmsKeyId", "bucketKeyEnabled");
    private static final Set<String> KMS_KEY = Set.of("keyId", "region", "keyState", "rotationEnabled", "policy",
            "aliases", "denied", "description");
    private static final Set<String> LOG_GROUP = Set.of("name", "region", "retentionInDays", "metricFilters", "denied");
    private static final Set<String> METRIC_FILTER = Set.of("name", "pattern", "metricNamespace", "metricName",
            "metricValue");
    private static final Set<String> ALARM = Set.of("name", "region", "namespace", "metricName", "actionsEnabled",
            "alarmActions", "stateValue", "threshold");
    private static final Set<String> EVENT_RULE = Set.of("name", "region", "eventPattern", "state", "targets",
            "description");
    private static final Set<String> IAM = Set.of("denied", "users", "groups", "roles", "policies");
    private static final Set<String> IAM_USER = Set.of("name", "path", "groups", "attachedPolicies", "inlinePolicies");
    private static final Set<String> IAM_GROUP = Set.of("name", "path", "attachedPolicies", "inlinePolicies");
    private static final Set<String> IAM_ROLE = Set.of("name", "path", "trustPolicy", "attachedPolicies",
            "inlinePolicies");
    private static final Set<String> IAM_POLICY = Set.of("name", "arn", "path", "document");

    private final Map<String, ObjectNode> buckets;
    private final ObjectNode accountPublicAccessBlock;
    private final List<ObjectNode> kmsKeys;
    private final List<ObjectNode> logGroups;
    private final List<ObjectNode> alarms;
    private final List<ObjectNode> eventRules;
    private final ObjectNode iam;

    private AccountResources(Map<String, ObjectNode> buckets, ObjectNode accountPublicAccessBlock,
                             List<ObjectNode> kmsKeys, List<ObjectNode> logGroups, List<ObjectNode> alarms,
                             List<ObjectNode> eventRules, ObjectNode iam) {
        this.buckets = Map.copyOf(buckets);
        this.accountPublicAccessBlock = accountPublicAccessBlock;
        this.kmsKeys = List.copyOf(kmsKeys);
        this.logGroups = List.copyOf(logGroups);
        this.alarms = List.copyOf(alarms);
        this.eventRules = List.copyOf(eventRules);
        this.iam = iam;
    }

    /** The bucket of that name, or null: S3 then answers NoSuchBucket. */
    ObjectNode bucket(String name) {
        return buckets.get(name);
    }

    /** The account's S3 public access block, or null when none is set. */
    ObjectNode accountPublicAccessBlock() {
        return accountPublicAccessBlock;
    }

    List<ObjectNode> kmsKeys() {
        return kmsKeys;
    }

    List<ObjectNode> logGroups() {
        return logGroups;
    }

    List<ObjectNode> alarms() {
        return alarms;
    }

    List<ObjectNode> eventRules() {
        return eventRules;
    }

    /** IAM's users, groups, roles and policies; an empty account when the scenario says nothing. */
    ObjectNode iam() {
        return iam;
    }

    /** Collects the scenario's JSON for each section; {@link #build} checks it. */
    static final class Builder {
        private final List<String> buckets = new ArrayList<>();
        private final List<String> kmsKeys = new ArrayList<>();
        private final List<String> logGroups = new ArrayList<>();
        private final List<String> alarms = new ArrayList<>();
        private final List<String> eventRules = new ArrayList<>();
        private String accountPublicAccessBlock;
        private String iam;

        void bucket(String json) {
            buckets.add(json);
        }

        void kmsKey(String json) {
            kmsKeys.add(json);
        }

        void logGroup(String json) {
            logGroups.add(json);
        }

        void alarm(String json) {
            alarms.add(json);
        }

        void eventRule(String json) {
            eventRules.add(json);
        }

        void accountPublicAccessBlock(String json) {
            accountPublicAccessBlock = json;
        }

        void iam(String json) {
            iam = json;
        }

        /** @throws IllegalArgumentException naming the section, item and member at fault */
        AccountResources build(String account) {
            Map<String, ObjectNode> byName = new LinkedHashMap<>();
            for (ObjectNode b : each(buckets, "buckets", BUCKET, b -> {
                b.put("region", b.path("region").asText(DEFAULT_REGION));
                b.put("ownerAccount", b.path("ownerAccount").asText(account));
                b.put("denied", b.path("denied").asBoolean(false));
                nested(b, "lifecycleRules", LIFECYCLE_RULE, true);
                nested(b, "aclGrants", GRANT, true);
                nested(b, "objectLock", OBJECT_LOCK, false);
                nested(b, "publicAccessBlock", PUBLIC_ACCESS_BLOCK, false);
                nested(b, "logging", LOGGING, false);
                nested(b, "encryption", ENCRYPTION, false);
            })) {
                if (byName.put(b.get("name").asText(), b) != null) {
                    throw new IllegalArgumentException("buckets: a second bucket named " + b.get("name").asText());
                }
            }
            ObjectNode publicAccessBlock = accountPublicAccessBlock == null ? null
                    : object(accountPublicAccessBlock, "accountPublicAccessBlock", PUBLIC_ACCESS_BLOCK);
            List<ObjectNode> keys = each(kmsKeys, "kmsKeys", KMS_KEY, k -> {
                k.put("region", k.path("region").asText(DEFAULT_REGION));
                k.put("arn", "arn:aws:kms:" + k.get("region").asText() + ":" + account + ":key/" + k.get("keyId").asText());
                k.put("keyState", k.path("keyState").asText("Enabled"));
                k.put("rotationEnabled", k.path("rotationEnabled").asBoolean(false));
                if (!k.hasNonNull("policy")) {
                    k.put("policy", "{\"Version\":\"2012-10-17\",\"Id\":\"key-default-1\",\"Statement\":[{\"Sid\":"
                            + "\"Enable IAM User Permissions\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                            + "\"arn:aws:iam::" + account + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}");
                }
            });
            List<ObjectNode> groups = each(logGroups, "logGroups", LOG_GROUP, g -> {
                g.put("region", g.path("region").asText(DEFAULT_REGION));
                nested(g, "metricFilters", METRIC_FILTER, true);
            });
            List<ObjectNode> alarmList = each(alarms, "alarms", ALARM, a -> {
                a.put("region", a.path("region").asText(DEFAULT_REGION));
                a.put("actionsEnabled", a.path("actionsEnabled").asBoolean(true));
            });
            List<ObjectNode> rules = each(eventRules, "eventRules", EVENT_RULE, r -> {
                r.put("region", r.path("region").asText(DEFAULT_REGION));
                r.put("state", r.path("state").asText("ENABLED"));
            });
            return new AccountResources(byName, publicAccessBlock, keys, groups, alarmList, rules, iamDetails(account));
        }

        private ObjectNode iamDetails(String account) {
            ObjectNode out = iam == null ? Call.JSON.createObjectNode() : object(iam, "iam", IAM);
            nested(out, "users", IAM_USER, true);
            nested(out, "groups", IAM_GROUP, true);
            nested(out, "roles", IAM_ROLE, true);
            nested(out, "policies", IAM_POLICY, true);
            for (String list : List.of("users", "groups", "roles", "policies")) {
                for (JsonNode item : out.withArray(list)) {
                    required((ObjectNode) item, "name");
                }
            }
            for (JsonNode p : out.withArray("policies")) {
                ObjectNode policy = (ObjectNode) p;
                if (!policy.hasNonNull("arn")) {
                    policy.put("arn", "arn:aws:iam::" + account + ":policy" + policy.path("path").asText("/")
                            + policy.get("name").asText());
                }
            }
            return out;
        }

        /**
         * Each item of a section, checked against its members and its first member (name or keyId) required,
         * then completed by {@code complete}; errors name the section and the item's index.
         */
        private static List<ObjectNode> each(List<String> json, String section, Set<String> known,
                                             Consumer<ObjectNode> complete) {
            List<ObjectNode> out = new ArrayList<>();
            for (int i = 0; i < json.size(); i++) {
                try {
                    ObjectNode item = object(json.get(i), null, known);
                    required(item, known.contains("keyId") ? "keyId" : "name");
                    complete.accept(item);
                    out.add(item);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(section + "[" + i + "]: " + e.getMessage(), e);
                }
            }
            return out;
        }

        private static ObjectNode object(String json, String section, Set<String> known) {
            JsonNode node = ScenarioFile.parse(json, section == null ? "item" : section);
            try {
                return checked(node, known);
            } catch (IllegalArgumentException e) {
                throw section == null ? e : new IllegalArgumentException(section + ": " + e.getMessage(), e);
            }
        }

        private static ObjectNode checked(JsonNode node, Set<String> known) {
            if (!(node instanceof ObjectNode object)) {
                throw new IllegalArgumentException("must be a JSON object");
            }
            for (String member : (Iterable<String>) object::fieldNames) {
                if (!known.contains(member)) {
                    throw new IllegalArgumentException("unknown member \"" + member + "\"; known: " + new TreeSet<>(known));
                }
            }
            return object;
        }

        /** Checks a member that is an object, or (list) an array of objects, against its known members. */
        private static void nested(ObjectNode parent, String member, Set<String> known, boolean list) {
            JsonNode value = parent.get(member);
            if (value == null || value.isNull()) {
                return;
            }
            try {
                if (!list) {
                    checked(value, known);
                    return;
                }
                if (!(value instanceof ArrayNode array)) {
                    throw new IllegalArgumentException("must be a JSON array");
                }
                for (JsonNode item : array) {
                    checked(item, known);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(member + ": " + e.getMessage(), e);
            }
        }

        private static String required(ObjectNode item, String member) {
            JsonNode value = item.get(member);
            if (value == null || !value.isTextual() || value.asText().isEmpty()) {
                throw new IllegalArgumentException("\"" + member + "\" (text) is required");
            }
            return value.asText();
        }
    }
}
