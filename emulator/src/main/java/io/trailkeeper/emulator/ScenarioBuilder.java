package io.trailkeeper.emulator;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Builds a {@link Scenario} in code ({@link Scenario#builder()}); every setting is optional. Not thread-safe. The
 * scenario folder's {@code scenario.json} is read into one of these too ({@link ScenarioFile}).
 */
public final class ScenarioBuilder {
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

    String account = "123456789012";
    String callerArn;
    String callerUserId;
    Instant now;
    List<String> enabled;
    List<String> notEnabled;
    final Set<String> denied = new LinkedHashSet<>();
    final Set<String> tokenRefused = new LinkedHashSet<>();
    private final List<String> trailJson = new ArrayList<>();
    private final List<String> eventDataStoreJson = new ArrayList<>();
    boolean eventDataStoresDenied;
    String organizationId;
    final List<PublicKeyEntry> publicKeys = new ArrayList<>();
    Map<String, String> assumableRoles;
    Double lookupRatePerSecond;
    private final EventHistory.Builder history = new EventHistory.Builder();
    private final AccountResources.Builder resources = new AccountResources.Builder();

    ScenarioBuilder() {
    }

    public ScenarioBuilder account(String account) {
        if (account == null || !ACCOUNT.matcher(account).matches()) {
            throw new IllegalArgumentException("an account id is 12 digits, was " + account);
        }
        this.account = account;
        return this;
    }

    /** The caller's ARN; by default {@code arn:aws:iam::ACCOUNT:user/emulator}. */
    public ScenarioBuilder callerArn(String arn) {
        this.callerArn = Objects.requireNonNull(arn);
        return this;
    }

    public ScenarioBuilder callerUserId(String userId) {
        this.callerUserId = Objects.requireNonNull(userId);
        return this;
    }

    /** Fixes the emulator's clock (unless the emulator's configuration gives its own clock). */
    public ScenarioBuilder now(Instant now) {
        this.now = now;
        return this;
    }

    /**
     * The enabled regions. Once this is called, the region lists are taken as given: regions not named
     * as enabled or not enabled are unknown, and refuse calls like regions that are not enabled.
     */
    public ScenarioBuilder enabledRegions(Collection<String> regions) {
        this.enabled = List.copyOf(regions);
        return this;
    }

    public ScenarioBuilder enabledRegions(String... regions) {
        return enabledRegions(List.of(regions));
    }

    public ScenarioBuilder notEnabledRegions(Collection<String> regions) {
        this.notEnabled = List.copyOf(regions);
        return this;
    }

    public ScenarioBuilder notEnabledRegions(String... regions) {
        return notEnabledRegions(List.of(regions));
    }

    /** Regions where CloudTrail calls are denied; they count as enabled. */
    public ScenarioBuilder deniedRegions(String... regions) {
        denied.addAll(List.of(regions));
        return this;
    }

    /**
     * Regions the account has enabled that nonetheless refuse the caller's session token, as opted-in regions
     * refuse version 1 tokens of the global STS endpoint: every call but STS's and IAM's is answered as in a
     * region that is not enabled (UnrecognizedClientException, AuthFailure, ...). They count as enabled.
     */
    public ScenarioBuilder tokenRefusedRegions(String... regions) {
        tokenRefused.addAll(List.of(regions));
        return this;
    }

    /** A trail as a JSON object, in the shape of scenario.json's {@code trails[]}. */
    public ScenarioBuilder trail(String json) {
        trailJson.add(Objects.requireNonNull(json));
        return this;
    }

    /**
     * A CloudTrail Lake event data store as a JSON object, in the shape of GetEventDataStore's answer plus
     * {@code HomeRegion} (and {@code denied}); see scenario.json's {@code eventDataStores[]}.
     */
    public ScenarioBuilder eventDataStore(String json) {
        eventDataStoreJson.add(Objects.requireNonNull(json));
        return this;
    }

    /**
     * The account belongs to this organization ({@code o-} and 10 to 32 lower-case letters or digits), which
     * DescribeOrganization tells; {@value Scenario#ORGANIZATION_DENIED} to refuse that call instead.
     */
    public ScenarioBuilder organization(String id) {
        if (id == null || !(Scenario.ORGANIZATION_DENIED.equals(id) || id.matches("o-[a-z0-9]{10,32}"))) {
            throw new IllegalArgumentException("an organization id is o- and 10 to 32 lower-case letters or"
                    + " digits (or \"" + Scenario.ORGANIZATION_DENIED + "\"), was " + id);
        }
        this.organizationId = id;
        return this;
    }

    /** ListEventDataStores and GetEventDataStore answer AccessDeniedException (the policy lacks them). */
    public ScenarioBuilder eventDataStoresDenied() {
        eventDataStoresDenied = true;
        return this;
    }

    /** A digest public key as a JSON object, in the shape of scenario.json's {@code publicKeys[]}. */
    public ScenarioBuilder publicKey(String json) {
        publicKeys.add(PublicKeyEntry.of(ScenarioFile.parse(json, "publicKey")));
        return this;
    }

    /**
     * Allows AssumeRole of this role, with this external id (null: none required). Once a role is named,
     * other roles are refused with AccessDenied; without any, every role may be assumed.
     */
    public ScenarioBuilder assumableRole(String roleArn, String externalId) {
        if (assumableRoles == null) {
            assumableRoles = new LinkedHashMap<>();
        }
        assumableRoles.put(Objects.requireNonNull(roleArn), externalId == null ? "" : externalId);
        return this;
    }

    /** LookupEvents calls per second per region; 0 turns throttling off. Default 2, as AWS. */
    public ScenarioBuilder lookupRatePerSecond(double rate) {
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
    public ScenarioBuilder bucket(String json) {
        resources.bucket(Objects.requireNonNull(json));
        return this;
    }

    /** The account-level S3 public access block, in the shape of scenario.json's {@code accountPublicAccessBlock}. */
    public ScenarioBuilder accountPublicAccessBlock(String json) {
        resources.accountPublicAccessBlock(Objects.requireNonNull(json));
        return this;
    }

    /** A KMS key, in the shape of scenario.json's {@code kmsKeys[]}. */
    public ScenarioBuilder kmsKey(String json) {
        resources.kmsKey(Objects.requireNonNull(json));
        return this;
    }

    /** A CloudWatch Logs group with its metric filters, in the shape of scenario.json's {@code logGroups[]}. */
    public ScenarioBuilder logGroup(String json) {
        resources.logGroup(Objects.requireNonNull(json));
        return this;
    }

    /** A CloudWatch metric alarm, in the shape of scenario.json's {@code alarms[]}. */
    public ScenarioBuilder alarm(String json) {
        resources.alarm(Objects.requireNonNull(json));
        return this;
    }

    /** An EventBridge rule on the default bus, in the shape of scenario.json's {@code eventRules[]}. */
    public ScenarioBuilder eventRule(String json) {
        resources.eventRule(Objects.requireNonNull(json));
        return this;
    }

    /** IAM's users, groups, roles and managed policies, in the shape of scenario.json's {@code iam}. */
    public ScenarioBuilder iam(String json) {
        resources.iam(Objects.requireNonNull(json));
        return this;
    }

    /** One or more records in any shape CloudTrail keeps them ({@code {"Records":[...]}}, array, JSON lines). */
    public ScenarioBuilder record(String json) {
        history.addRecords(json.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public ScenarioBuilder records(Collection<String> records) {
        for (String r : records) {
            record(r);
        }
        return this;
    }

    /** A record file (plain or gzip), read as the scenario folder's files are. */
    public ScenarioBuilder recordFile(Path file) {
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
