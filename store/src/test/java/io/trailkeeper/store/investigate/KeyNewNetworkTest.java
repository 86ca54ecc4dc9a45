package io.trailkeeper.store.investigate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.EventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A leaked key used by the attacker: in a drill (the event history only), ci-deployer's key made 1,040 calls from its
 * CI runners over 18 days, then 16 from 185.220.101.33, where the attacker created a user, its key and attached
 * AdministratorAccess. key named the address only as a row of its ips table ("from 2 IPs"), and its created list showed
 * the first 100 of the routine calls, none of the attacker's. A note now names an address of a network none of the
 * key's earlier calls came from, a day or more after its first call.
 */
class KeyNewNetworkTest {
    private static final String KEY = "AKIA4CIDEPLOYER00001";

    @TempDir
    Path dir;

    private static String call(String time, String ip, String name, String error) {
        return "{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDA4CIDEPLOYER00001\","
                + "\"arn\":\"arn:aws:iam::444455556666:user/ci-deployer\",\"accountId\":\"444455556666\",\"accessKeyId\":"
                + "\"" + KEY + "\",\"userName\":\"ci-deployer\"},\"eventTime\":\"" + time + "\",\"eventSource\":"
                + "\"iam.amazonaws.com\",\"eventName\":\"" + name + "\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\""
                + ip + "\",\"userAgent\":\"aws-cli/2.15.0\",\"requestParameters\":null,\"responseElements\":null,"
                + (error == null ? "" : "\"errorCode\":\"" + error + "\",") + "\"eventID\":\"" + ip + time + "\","
                + "\"readOnly\":false,\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":"
                + "\"444455556666\",\"eventCategory\":\"Management\"}";
    }

    private List<String> notes(String... extra) throws Exception {
        return notes(InvestigationArgs.of(KEY), extra);
    }

    private List<String> notes(InvestigationArgs args, String... extra) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int day = 10; day <= 14; day++) {
            lines.add(call("2026-11-" + day + "T08:00:00Z", "198.18.7.21", "GetUser", null));
        }
        lines.add(call("2026-11-12T09:00:00Z", "198.18.7.40", "GetUser", null)); // another runner of the same network
        lines.add(call("2026-11-10T10:00:00Z", "203.0.113.10", "GetUser", null)); // the first day: still usual
        lines.addAll(List.of(extra));
        Path file = dir.resolve("key.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        Path store = IncidentStores.load(dir.resolve("key.duckdb"), file);
        try (EventStore s = IncidentStores.read(store)) {
            String investigation = args.subject().startsWith("arn:") ? "actor" : "key";
            return new Investigator(s, IncidentStores.CLOCK).run(investigation, args).notes();
        }
    }

    @Test
    void aKeyUsedFromANewNetworkAfterItsFirstDayIsTold() throws Exception {
        List<String> notes = notes(call("2026-11-14T22:10:00Z", "185.220.101.33", "CreateUser", null),
                call("2026-11-14T22:12:00Z", "185.220.101.33", "ListAttachedUserPolicies", "AccessDenied"),
                call("2026-11-14T22:20:00Z", "cloudformation.amazonaws.com", "CreateRole", null));
        assertTrue(notes.contains("key " + KEY + " was used from a network none of its earlier calls (from"
                + " 2026-11-10T08:00:00Z) came from: 185.220.101.33 from 2026-11-14T22:10:00Z (2 calls, 1 error, in"
                + " us-east-1): a leaked key or stolen credentials used by someone else show so (investigate timeline"
                + " --ip ADDRESS tells what was done from one)"), notes.toString());
    }

    @Test
    void aNewNetworkBeyondTheIpsListIsStillTold() throws Exception {
        // --limit 1: the ips list holds only the runner's address (5 calls), not the attacker's (2)
        List<String> notes = notes(new InvestigationArgs(KEY, null, null, null, null, null, 1),
                call("2026-11-14T22:10:00Z", "185.220.101.33", "CreateUser", null),
                call("2026-11-14T22:12:00Z", "185.220.101.33", "ListAttachedUserPolicies", "AccessDenied"));
        assertEquals(List.of("key " + KEY + " was used from a network none of its earlier calls (from"
                + " 2026-11-10T08:00:00Z) came from: 185.220.101.33 from 2026-11-14T22:10:00Z (2 calls, 1 error, in"
                + " us-east-1): a leaked key or stolen credentials used by someone else show so (investigate timeline"
                + " --ip ADDRESS tells what was done from one)"),
                notes.stream().filter(n -> n.contains("was used from")).toList());
    }

    @Test
    void aWindowHoldingOnlyTheIntrudersCallsJudgesThemAgainstTheKeysCallsBeforeIt() throws Exception {
        // --since at the alert (a data-theft drill): the window holds the intruder's address and a runner's, the
        // owner's usual network is before it; the runner's network, seen before the window, is not new
        List<String> notes = notes(InvestigationArgs.of(KEY).withWindow(java.time.Instant.parse(
                        "2026-11-14T22:00:00Z"), null),
                call("2026-11-14T22:10:00Z", "185.220.101.33", "CreateUser", null),
                call("2026-11-14T22:12:00Z", "185.220.101.33", "ListAttachedUserPolicies", "AccessDenied"),
                call("2026-11-14T22:30:00Z", "198.18.7.22", "GetUser", null));
        assertEquals(List.of("key " + KEY + " was used from a network none of its earlier calls (from"
                + " 2026-11-10T08:00:00Z) came from: 185.220.101.33 from 2026-11-14T22:10:00Z (2 calls, 1 error, in"
                + " us-east-1): a leaked key or stolen credentials used by someone else show so (investigate timeline"
                + " --ip ADDRESS tells what was done from one)"),
                notes.stream().filter(n -> n.contains("was used from")).toList());
    }

    @Test
    void anActorsWindowAtTheAlertIsJudgedAgainstItsPrincipalsCallsBeforeIt() throws Exception {
        List<String> notes = notes(InvestigationArgs.of("arn:aws:iam::444455556666:user/ci-deployer").withWindow(
                        java.time.Instant.parse("2026-11-14T22:00:00Z"), null),
                call("2026-11-14T22:10:00Z", "185.220.101.33", "CreateUser", null),
                call("2026-11-14T22:30:00Z", "198.18.7.22", "GetUser", null));
        assertEquals(List.of("'arn:aws:iam::444455556666:user/ci-deployer' was used from a network none of its earlier"
                + " calls (from 2026-11-10T08:00:00Z) came from: 185.220.101.33 from 2026-11-14T22:10:00Z (1 call, 0"
                + " errors, in us-east-1): a leaked key or stolen credentials used by someone else show so (investigate"
                + " timeline --ip ADDRESS tells what was done from one)"),
                notes.stream().filter(n -> n.contains("was used from")).toList());
    }

    @Test
    void aNewNetworkOfSeveralAddressesIsToldWithAllItsCalls() throws Exception {
        // drill 15: a leaked key used monthly from a VPS range, each month another address of it; the note named the
        // first address with its own calls alone (14 of the range's 52, 0 errors where the range had 1)
        List<String> notes = notes(call("2026-11-14T22:10:00Z", "185.220.101.33", "GetUser", null),
                call("2026-11-14T22:11:00Z", "185.220.101.33", "ListUsers", null),
                call("2026-11-15T03:00:00Z", "185.220.101.77", "CreateUser", "AccessDenied"),
                call("2026-11-15T03:01:00Z", "185.220.101.77", "CreateAccessKey", null)
                        .replace("\"awsRegion\":\"us-east-1\"", "\"awsRegion\":\"eu-west-1\""),
                call("2026-11-15T03:02:00Z", "185.220.101.77", "CreateRole", null));
        assertEquals(List.of("key " + KEY + " was used from a network none of its earlier calls (from"
                + " 2026-11-10T08:00:00Z) came from: 185.220.101.0/24 (2 addresses, the first 185.220.101.33) from"
                + " 2026-11-14T22:10:00Z (5 calls, 1 error, in eu-west-1, us-east-1): a leaked key or stolen"
                + " credentials used by someone else show so (investigate timeline --ip ADDRESS tells what was done"
                + " from one)"), notes.stream().filter(n -> n.contains("was used from")).toList());
    }

    @Test
    void everyRegionANewNetworkCalledIsNamed() throws Exception {
        // a stolen key probing every region: the list was cut at 160 characters ('eu-west-1, eu-wes...')
        String[] regions = {"ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1",
            "ap-southeast-2", "ca-central-1", "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2", "eu-west-3",
            "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2"};
        List<String> attack = new ArrayList<>();
        for (int i = 0; i < regions.length; i++) {
            attack.add(call("2026-11-14T22:" + (10 + i) + ":00Z", "185.220.101.33", "GetUser", null)
                    .replace("\"awsRegion\":\"us-east-1\"", "\"awsRegion\":\"" + regions[i] + "\""));
        }
        List<String> told = notes(attack.toArray(String[]::new)).stream().filter(n -> n.contains("was used from"))
                .toList();
        assertEquals(1, told.size(), told.toString());
        assertTrue(told.get(0).contains("(17 calls, 0 errors, in " + String.join(", ", regions) + ")"), told.get(0));
    }

    @Test
    void theUsualNetworksAndTheFirstDaysAreNotTold() throws Exception {
        List<String> notes = notes();
        assertEquals(List.of(), notes.stream().filter(n -> n.contains("was used from")).toList());
    }
}
