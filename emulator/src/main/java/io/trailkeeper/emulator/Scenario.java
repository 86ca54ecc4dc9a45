package io.trailkeeper.emulator;

import io.trailkeeper.events.TrailKeeperException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

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

    Scenario(ScenarioBuilder b, EventHistory history, List<TrailDefinition> trails,
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

    public static ScenarioBuilder builder() {
        return new ScenarioBuilder();
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
}
