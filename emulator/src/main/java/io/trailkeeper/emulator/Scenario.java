package io.trailkeeper.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.trailkeeper.events.TrailKeeperException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The AWS account the emulator plays: who the caller is, which regions are enabled, not enabled, denied or
 * refusing the caller's session token,
 * the trails and their configuration, the digest public keys, every region's event history, and what an audit
 * reads beside the trails (buckets, the account's S3 public access block, KMS keys, log groups, alarms,
 * EventBridge rules, IAM).
 *
 * <p>A scenario is data: a folder with {@code scenario.json} and record files under {@code events/}
 * ({@link #load(Path)}; the format is described in the module's README), or built in a test
 * ({@link #builder()}). Each record is served by the region named in its {@code awsRegion}, so trail files as
 * S3 delivers them work as they are. Immutable and safe to share between emulators.
 */
public final class Scenario {
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    /** A scenario's {@code organization} that makes DescribeOrganization answer AccessDeniedException. */
    public static final String ORGANIZATION_DENIED = "denied";

    private final String account;
    private final String callerArn;
    private final String callerUserId;
    private final Instant now;
    private final ScenarioRegions regions;
    private final List<TrailDefinition> trails;
    private final List<EventDataStoreDefinition> eventDataStores;
    private final boolean eventDataStoresDenied;
    private final String organizationId;
    private final List<PublicKeyEntry> publicKeys;
    private final Map<String, String> assumableRoles;
    private final Double lookupRatePerSecond;
    private final EventHistory history;
    private final AccountResources resources;

    private Scenario(Builder b, EventHistory history, List<TrailDefinition> trails,
                     List<EventDataStoreDefinition> eventDataStores, AccountResources resources) {
        this.account = b.account;
        this.callerArn = b.callerArn != null ? b.callerArn : "arn:aws:iam::" + b.account + ":user/emulator";
        this.callerUserId = b.callerUserId != null ? b.callerUserId : Identities.userId("AIDA", this.callerArn);
        this.now = b.now;
        this.regions = ScenarioRegions.resolve(b.enabled, b.notEnabled, b.denied, b.tokenRefused);
        this.trails = List.copyOf(trails);
        this.eventDataStores = List.copyOf(eventDataStores);
        this.eventDataStoresDenied = b.eventDataStoresDenied;
        this.organizationId = b.organizationId;
        this.publicKeys = List.copyOf(b.publicKeys);
        this.assumableRoles = b.assumableRoles == null ? null : Map.copyOf(b.assumableRoles);
        this.lookupRatePerSecond = b.lookupRatePerSecond;
        this.history = history;
        this.resources = resources;
    }

    /**
     * Reads a scenario folder: {@code scenario.json} and every {@code *.json}, {@code *.json.gz} and
     * {@code *.jsonl} under {@code events/}, in any of CloudTrail's shapes.
     *
     * @throws TrailKeeperException when the folder or scenario.json is missing or scenario.json is invalid;
     *                              problems with record files do not fail the load, see {@link #problems()}
     */
    public static Scenario load(Path directory) {
        return ScenarioFile.load(directory);
    }

    /**
     * A scenario that ships with the emulator, by name: {@code audit-good} (a well-configured account),
     * {@code audit-no-trail} (no trail, activity in several regions' event history), {@code audit-weak} (a
     * single-region trail without validation, a 90-day lifecycle, a public-readable bucket). See
     * {@link #bundledNames()} and the module's README.
     *
     * @throws TrailKeeperException when there is no bundled scenario of that name
     */
    public static Scenario bundled(String name) {
        return BundledScenarios.load(name);
    }

    /** The names {@link #bundled(String)} accepts. */
    public static List<String> bundledNames() {
        return BundledScenarios.NAMES;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String account() {
        return account;
    }

    /** The caller's identity for GetCallerIdentity and in AccessDenied messages. */
    public String callerArn() {
        return callerArn;
    }

    public String callerUserId() {
        return callerUserId;
    }

    /** The scenario's clock, when it sets one; else the emulator uses the real clock. */
    public Optional<Instant> now() {
        return Optional.ofNullable(now);
    }

    /** Regions that accept calls (opt-in-not-required, or opted in), denied ones included. */
    public List<String> enabledRegions() {
        return regions.enabled();
    }

    /** Opt-in regions the account has not enabled: listed by DescribeRegions with AllRegions, refusing calls. */
    public List<String> notEnabledRegions() {
        return regions.notEnabled();
    }

    /** Enabled regions where the caller may not use CloudTrail (AccessDeniedException). */
    public Set<String> deniedRegions() {
        return regions.denied();
    }

    /**
     * Enabled regions that refuse the caller's session token on every call but the global services', with the
     * answer AWS gives in a region that is not enabled: what session credentials from the global STS endpoint
     * (version 1 tokens) meet in every opted-in region. DescribeRegions still lists them as enabled.
     */
    public Set<String> tokenRefusedRegions() {
        return regions.tokenRefused();
    }

    /** LookupEvents calls per second per region the scenario asks for, if it asks. */
    public OptionalDouble lookupRatePerSecond() {
        return lookupRatePerSecond == null ? OptionalDouble.empty() : OptionalDouble.of(lookupRatePerSecond);
    }

    /** Events in each region's history (management and Insights), regions sorted. */
    public Map<String, Integer> eventsByRegion() {
        return history.countsByRegion();
    }

    public long eventCount() {
        return history.size();
    }

    /** Records read but never served by LookupEvents: data and network-activity events. */
    public long recordsNotServed() {
        return history.notServed();
    }

    /** Records that could not be read or placed, one line each with file and reason. */
    public List<String> problems() {
        return history.problems();
    }

    List<TrailDefinition> trails() {
        return trails;
    }

    /** The CloudTrail Lake event data stores, each served by its home region. */
    List<EventDataStoreDefinition> eventDataStores() {
        return eventDataStores;
    }

    /** Whether ListEventDataStores and GetEventDataStore answer AccessDeniedException. */
    boolean eventDataStoresDenied() {
        return eventDataStoresDenied;
    }

    /** The organization's id, {@link #ORGANIZATION_DENIED}, or null when the account is in none. */
    String organizationId() {
        return organizationId;
    }

    List<PublicKeyEntry> publicKeys() {
        return publicKeys;
    }

    /** Role ARN to required external id ("" for none); null when any role may be assumed. */
    Map<String, String> assumableRoles() {
        return assumableRoles;
    }

    EventHistory history() {
        return history;
    }

    /** Buckets, KMS keys, log groups, alarms, EventBridge rules, IAM: what an audit reads beside the trails. */
    AccountResources resources() {
        return resources;
    }

    /** Builds a scenario in code; every setting is optional. Not thread-safe. */
    public static final class Builder {
        private String account = "123456789012";
        private String callerArn;
        private String callerUserId;
        private Instant now;
        private List<String> enabled;
        private List<String> notEnabled;
        private final Set<String> denied = new LinkedHashSet<>();
        private final Set<String> tokenRefused = new LinkedHashSet<>();
        private final List<String> trailJson = new ArrayList<>();
        private final List<String> eventDataStoreJson = new ArrayList<>();
        private boolean eventDataStoresDenied;
        private String organizationId;
        private final List<PublicKeyEntry> publicKeys = new ArrayList<>();
        private Map<String, String> assumableRoles;
        private Double lookupRatePerSecond;
        private final EventHistory.Builder history = new EventHistory.Builder();
        private final AccountResources.Builder resources = new AccountResources.Builder();

        private Builder() {
        }

        public Builder account(String account) {
            if (account == null || !ACCOUNT.matcher(account).matches()) {
                throw new IllegalArgumentException("an account id is 12 digits, was " + account);
            }
            this.account = account;
            return this;
        }

        /** The caller's ARN; by default {@code arn:aws:iam::ACCOUNT:user/emulator}. */
        public Builder callerArn(String arn) {
            this.callerArn = Objects.requireNonNull(arn);
            return this;
        }

        public Builder callerUserId(String userId) {
            this.callerUserId = Objects.requireNonNull(userId);
            return this;
        }

        /** Fixes the emulator's clock (unless the emulator's configuration gives its own clock). */
        public Builder now(Instant now) {
            this.now = now;
            return this;
        }

        /**
         * The enabled regions. Once this is called, the region lists are taken as given: regions not named
         * as enabled or not enabled are unknown, and refuse calls like regions that are not enabled.
         */
        public Builder enabledRegions(Collection<String> regions) {
            this.enabled = List.copyOf(regions);
            return this;
        }

        public Builder enabledRegions(String... regions) {
            return enabledRegions(List.of(regions));
        }

        public Builder notEnabledRegions(Collection<String> regions) {
            this.notEnabled = List.copyOf(regions);
            return this;
        }

        public Builder notEnabledRegions(String... regions) {
            return notEnabledRegions(List.of(regions));
        }

        /** Regions where CloudTrail calls are denied; they count as enabled. */
        public Builder deniedRegions(String... regions) {
            denied.addAll(List.of(regions));
            return this;
        }

        /**
         * Regions the account has enabled that nonetheless refuse the caller's session token, as opted-in regions
         * refuse version 1 tokens of the global STS endpoint: every call but STS's and IAM's is answered as in a
         * region that is not enabled (UnrecognizedClientException, AuthFailure, ...). They count as enabled.
         */
        public Builder tokenRefusedRegions(String... regions) {
            tokenRefused.addAll(List.of(regions));
            return this;
        }

        /** A trail as a JSON object, in the shape of scenario.json's {@code trails[]}. */
        public Builder trail(String json) {
            trailJson.add(Objects.requireNonNull(json));
            return this;
        }

        /**
         * A CloudTrail Lake event data store as a JSON object, in the shape of GetEventDataStore's answer plus
         * {@code HomeRegion} (and {@code denied}); see scenario.json's {@code eventDataStores[]}.
         */
        public Builder eventDataStore(String json) {
            eventDataStoreJson.add(Objects.requireNonNull(json));
            return this;
        }

        /**
         * The account belongs to this organization ({@code o-} and 10 to 32 lower-case letters or digits), which
         * DescribeOrganization tells; {@value #ORGANIZATION_DENIED} to refuse that call instead.
         */
        public Builder organization(String id) {
            if (id == null || !(ORGANIZATION_DENIED.equals(id) || id.matches("o-[a-z0-9]{10,32}"))) {
                throw new IllegalArgumentException("an organization id is o- and 10 to 32 lower-case letters or"
                        + " digits (or \"" + ORGANIZATION_DENIED + "\"), was " + id);
            }
            this.organizationId = id;
            return this;
        }

        /** ListEventDataStores and GetEventDataStore answer AccessDeniedException (the policy lacks them). */
        public Builder eventDataStoresDenied() {
            eventDataStoresDenied = true;
            return this;
        }

        /** A digest public key as a JSON object, in the shape of scenario.json's {@code publicKeys[]}. */
        public Builder publicKey(String json) {
            publicKeys.add(PublicKeyEntry.of(ScenarioFile.parse(json, "publicKey")));
            return this;
        }

        /**
         * Allows AssumeRole of this role, with this external id (null: none required). Once a role is named,
         * other roles are refused with AccessDenied; without any, every role may be assumed.
         */
        public Builder assumableRole(String roleArn, String externalId) {
            if (assumableRoles == null) {
                assumableRoles = new LinkedHashMap<>();
            }
            assumableRoles.put(Objects.requireNonNull(roleArn), externalId == null ? "" : externalId);
            return this;
        }

        /** LookupEvents calls per second per region; 0 turns throttling off. Default 2, as AWS. */
        public Builder lookupRatePerSecond(double rate) {
            if (!(rate >= 0)) {
                throw new IllegalArgumentException("the LookupEvents rate must be 0 or more, was " + rate);
            }
            this.lookupRatePerSecond = rate;
            return this;
        }

        /**
         * A bucket as a JSON object, in the shape of scenario.json's {@code buckets[]}: S3 serves its
         * configuration (lifecycle, versioning, Object Lock, policy, ACL, public access block, logging,
         * encryption, location).
         */
        public Builder bucket(String json) {
            resources.bucket(Objects.requireNonNull(json));
            return this;
        }

        /** The account-level S3 public access block, in the shape of scenario.json's {@code accountPublicAccessBlock}. */
        public Builder accountPublicAccessBlock(String json) {
            resources.accountPublicAccessBlock(Objects.requireNonNull(json));
            return this;
        }

        /** A KMS key, in the shape of scenario.json's {@code kmsKeys[]}. */
        public Builder kmsKey(String json) {
            resources.kmsKey(Objects.requireNonNull(json));
            return this;
        }

        /** A CloudWatch Logs group with its metric filters, in the shape of scenario.json's {@code logGroups[]}. */
        public Builder logGroup(String json) {
            resources.logGroup(Objects.requireNonNull(json));
            return this;
        }

        /** A CloudWatch metric alarm, in the shape of scenario.json's {@code alarms[]}. */
        public Builder alarm(String json) {
            resources.alarm(Objects.requireNonNull(json));
            return this;
        }

        /** An EventBridge rule on the default bus, in the shape of scenario.json's {@code eventRules[]}. */
        public Builder eventRule(String json) {
            resources.eventRule(Objects.requireNonNull(json));
            return this;
        }

        /** IAM's users, groups, roles and managed policies, in the shape of scenario.json's {@code iam}. */
        public Builder iam(String json) {
            resources.iam(Objects.requireNonNull(json));
            return this;
        }

        /** One or more records in any shape CloudTrail keeps them ({@code {"Records":[...]}}, array, JSON lines). */
        public Builder record(String json) {
            history.addRecords(json.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        public Builder records(Collection<String> records) {
            for (String r : records) {
                record(r);
            }
            return this;
        }

        /** A record file (plain or gzip), read as the scenario folder's files are. */
        public Builder recordFile(Path file) {
            history.readFile(file);
            return this;
        }

        /** @throws IllegalArgumentException for inconsistent settings, naming the one at fault */
        public Scenario build() {
            List<TrailDefinition> trails = definitions(trailJson, "trail", "trails",
                    json -> new TrailDefinition(json, account), TrailDefinition::arn);
            List<EventDataStoreDefinition> stores = definitions(eventDataStoreJson, "event data store",
                    "eventDataStores", json -> new EventDataStoreDefinition(json, account),
                    EventDataStoreDefinition::arn);
            return new Scenario(this, history.build(), trails, stores, resources.build(account));
        }

        /** Each JSON object made a definition; an invalid one, or a second with the same ARN, names its index. */
        private static <T> List<T> definitions(List<String> jsons, String what, String member,
                                               Function<JsonNode, T> make, Function<T, String> arn) {
            List<T> out = new ArrayList<>();
            Set<String> arns = new LinkedHashSet<>();
            for (int i = 0; i < jsons.size(); i++) {
                try {
                    T definition = make.apply(ScenarioFile.parse(jsons.get(i), what));
                    if (!arns.add(arn.apply(definition))) {
                        throw new IllegalArgumentException("a second " + what + " with the ARN "
                                + arn.apply(definition));
                    }
                    out.add(definition);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(member + "[" + i + "]: " + e.getMessage(), e);
                }
            }
            return out;
        }
    }
}
