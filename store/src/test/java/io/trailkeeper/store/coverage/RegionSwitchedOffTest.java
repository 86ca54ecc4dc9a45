package io.trailkeeper.store.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.Coverage;
import io.trailkeeper.store.CollectWriter;
import io.trailkeeper.store.EventStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An attacker who enables an opt-in region, works there and disables it again leaves the region "not enabled" when
 * the responder collects: coverage said "me-south-1 is not enabled for the account ...: nothing was recorded there
 * while it was off" for the whole window, though the store held the DisableRegion that switched it off inside the
 * window. Disabling a region removes all access to it, its event history too: what was recorded there while it was on
 * cannot be read, and coverage now says so, naming the calls. Found in a drill of a breach with no trail.
 */
class RegionSwitchedOffTest {
    private static final Instant TO = Instant.parse("2026-11-28T16:00:00Z");
    private static final Clock NOW = Clock.fixed(TO, java.time.ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static String account(String call, String time, String region) {
        return account(call, time, region, "RegionName");
    }

    private static String account(String call, String time, String region, String field) {
        return "{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":"
                + "\"AROA4OPSADMINROLE001:maint\",\"arn\":\"arn:aws:sts::123456789012:assumed-role/ops-admin/maint\","
                + "\"accountId\":\"123456789012\",\"accessKeyId\":\"ASIA4ATTACKSESSION01\"},\"eventTime\":\"" + time
                + "\",\"eventSource\":\"account.amazonaws.com\",\"eventName\":\"" + call + "\",\"awsRegion\":"
                + "\"us-east-1\",\"sourceIPAddress\":\"45.142.120.9\",\"userAgent\":\"aws-cli/2.15.0\","
                + "\"requestParameters\":{\"" + field + "\":\"" + region + "\"},\"responseElements\":null,\"requestID\":"
                + "\"r" + time + "\",\"eventID\":\"" + call + time + "\",\"readOnly\":false,\"eventType\":\"AwsApiCall\","
                + "\"managementEvent\":true,\"recipientAccountId\":\"123456789012\",\"eventCategory\":\"Management\"}";
    }

    private Path collected(String... usEast1) {
        Path store = dir.resolve("store.duckdb");
        Instant from = TO.minus(java.time.Duration.ofDays(90));
        try (CollectWriter w = CoverageStores.writer(store, "collect lookup")) {
            w.write(CoverageStores.history("us-east-1", CoverageStores.records(usEast1), from.toString(), TO.toString()));
            for (String region : List.of("us-east-1", "me-south-1", "af-south-1")) {
                w.coverage(new Coverage("lookup", CoverageStores.ACCOUNT, region, "event history " + region, from, TO,
                        region.equals("us-east-1") ? Coverage.Status.COMPLETE : Coverage.Status.NOT_ENABLED,
                        region.equals("us-east-1") ? "" : "the region is not enabled for the account (opt-in region);"
                                + " nothing was recorded there while it was off"));
            }
        }
        return store;
    }

    private List<String> caveats(Path store, Instant since) {
        try (EventStore s = CoverageStores.read(store)) {
            return new CoverageAnalysis(s, NOW).caveats(since, null, Set.of(), false);
        }
    }

    @Test
    void aRegionDisabledInTheWindowCannotBeReadRatherThanHeldNothing() {
        Path store = collected(account("EnableRegion", "2026-11-26T23:00:00Z", "me-south-1"),
                account("DisableRegion", "2026-11-27T04:00:00Z", "me-south-1"));
        List<String> caveats = caveats(store, null);
        assertEquals(List.of("me-south-1 is not enabled now (collect lookup, run 1) but was on in this window"
                + " (EnableRegion at 2026-11-26T23:00:00Z by arn:aws:sts::123456789012:assumed-role/ops-admin/maint;"
                + " DisableRegion at 2026-11-27T04:00:00Z by arn:aws:sts::123456789012:assumed-role/ops-admin/maint):"
                + " its event history cannot be read"), caveats);
        try (EventStore s = CoverageStores.read(store)) {
            String sentence = new CoverageAnalysis(s, NOW).report(null, null).coverageGaps().stream()
                    .filter(g -> g.regions().equals(List.of("me-south-1"))).findFirst().orElseThrow().sentence();
            assertTrue(sentence.contains("what was recorded there while it was on cannot be seen, so the absence of"
                    + " its events proves nothing"), sentence);
        }
    }

    /** The request's region named in camel case (regionName, as in a root takeover drill's records) is read too. */
    @Test
    void aRegionNamedInCamelCaseIsReadToo() {
        Path store = collected(account("EnableRegion", "2026-11-26T23:00:00Z", "me-south-1", "regionName"),
                account("DisableRegion", "2026-11-27T04:00:00Z", "me-south-1", "regionName"));
        assertEquals(List.of("me-south-1 is not enabled now (collect lookup, run 1) but was on in this window"
                + " (EnableRegion at 2026-11-26T23:00:00Z by arn:aws:sts::123456789012:assumed-role/ops-admin/maint;"
                + " DisableRegion at 2026-11-27T04:00:00Z by arn:aws:sts::123456789012:assumed-role/ops-admin/maint):"
                + " its event history cannot be read"), caveats(store, null));
    }

    /**
     * A region off all the window, as us-east-1's events (where EnableRegion and DisableRegion are recorded) show for
     * every day of it, recorded nothing: no gap, no warning (every account has opt-in regions it never enabled: in the
     * demo, 17 warnings on every answer). The region table still says it is not enabled.
     */
    @Test
    void aRegionDisabledBeforeTheWindowWasOffThroughIt() {
        Path store = collected(account("DisableRegion", "2026-09-10T04:00:00Z", "me-south-1"));
        assertEquals(List.of(), caveats(store, Instant.parse("2026-10-01T00:00:00Z")));
        try (EventStore s = CoverageStores.read(store)) {
            CoverageReport r = new CoverageAnalysis(s, NOW).report(Instant.parse("2026-10-01T00:00:00Z"), null);
            assertEquals(List.of("af-south-1 not enabled", "me-south-1 not enabled"), r.regions().stream()
                    .filter(c -> !c.region().equals("us-east-1")).map(c -> c.region() + " " + c.status()).toList());
        }
    }

    /** Where the store lacks days of us-east-1, whether a region was switched on then cannot be told: still a gap. */
    @Test
    void aRegionNotEnabledIsAGapWhenUsEast1IsNotHeldAllTheWindow() {
        Path store = dir.resolve("store.duckdb");
        try (CollectWriter w = CoverageStores.writer(store, "collect lookup")) {
            Instant from = TO.minus(java.time.Duration.ofDays(10));
            w.write(CoverageStores.history("us-east-1", CoverageStores.records(), from.toString(), TO.toString()));
            w.coverage(new Coverage("lookup", CoverageStores.ACCOUNT, "us-east-1", "event history us-east-1", from, TO,
                    Coverage.Status.COMPLETE, ""));
            w.coverage(new Coverage("lookup", CoverageStores.ACCOUNT, "af-south-1", "event history af-south-1",
                    TO.minus(java.time.Duration.ofDays(90)), TO, Coverage.Status.NOT_ENABLED,
                    "the region is not enabled for the account (opt-in region)"));
        }
        assertTrue(caveats(store, Instant.parse("2026-10-01T00:00:00Z")).contains(
                "af-south-1 is not enabled for the account (collect lookup, run 1)"));
    }
}
