package io.trailkeeper.store.investigate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.EventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * actor judged a network new against the earlier calls of the exact principal ARNs its window's calls were made as. For
 * a role (role/Admin) with --since at the alert, the window holds the intruder's session only (assumed-role/Admin/x):
 * the sessions of the role's usual users before it, other names, were not its earlier calls, so the intruder's address
 * was judged against nothing and not told. The earlier calls are now the actor's as the window matches them (a role's
 * sessions of any name). A session's ARN (assumed-role/Admin/alice) is the same whenever the role is assumed again under
 * that name, with a new key each time: its earlier sessions count, another name's do not.
 */
class ActorEarlierSessionsTest {
    private static final Instant SINCE = Instant.parse("2026-03-10T00:00:00Z");
    private static final String ROLE = "arn:aws:iam::111122223333:role/Admin";

    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void load() throws IOException {
        Path file = dir.resolve("sessions.jsonl");
        Files.writeString(file, String.join("\n",
                call("e1", "2026-02-20T09:00:00Z", "alice", "ASIAALICEFEB00000001", "198.51.100.10"),
                call("e2", "2026-02-27T09:00:00Z", "alice", "ASIAALICEFEB00000002", "198.51.100.11"),
                call("e3", "2026-03-05T09:00:00Z", "bob", "ASIABOBMAR0000000001", "192.0.2.20"),
                // the window: the intruder's session, then alice's, assumed again under her name
                call("e4", "2026-03-10T02:00:00Z", "x", "ASIAINTRUDER00000001", "203.0.113.66"),
                call("e5", "2026-03-10T08:00:00Z", "alice", "ASIAALICEMAR00000003", "192.0.2.21")) + "\n");
        store = IncidentStores.load(dir.resolve("sessions.duckdb"), file);
    }

    @Test
    void aRolesEarlierSessionsOfOtherNamesCountForANewNetwork() {
        List<String> notes = notes(ROLE);
        List<String> fresh = notes.stream().filter(n -> n.contains("none of its earlier calls")).toList();
        assertEquals(1, fresh.size(), notes.toString());
        assertTrue(fresh.get(0).contains("(from 2026-02-20T09:00:00Z) came from: 203.0.113.66 from"
                + " 2026-03-10T02:00:00Z"), fresh.get(0));
        // bob's network (192.0.2.0/24) is the role's: alice's call from it is not new
        assertTrue(!fresh.get(0).contains("192.0.2.21"), fresh.get(0));
    }

    @Test
    void aSessionNamesEarlierSessionsCountAndAnotherNamesDoNot() {
        List<String> notes = notes("arn:aws:sts::111122223333:assumed-role/Admin/alice");
        List<String> fresh = notes.stream().filter(n -> n.contains("none of its earlier calls")).toList();
        // alice's earlier sessions (other keys) came from 198.51.100.0/24; bob's 192.0.2.0/24 is not hers
        assertEquals(1, fresh.size(), notes.toString());
        assertTrue(fresh.get(0).contains("(from 2026-02-20T09:00:00Z) came from: 192.0.2.21 from"
                + " 2026-03-10T08:00:00Z"), fresh.get(0));
    }

    private static List<String> notes(String actor) {
        try (EventStore s = IncidentStores.read(store)) {
            return new Investigator(s, IncidentStores.CLOCK).run("actor",
                    new InvestigationArgs(actor, SINCE, null, null, null, null, null)).notes();
        }
    }

    private static String call(String id, String time, String session, String key, String ip) {
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":\"AROAADMIN:"
                + session + "\",\"arn\":\"arn:aws:sts::111122223333:assumed-role/Admin/" + session + "\","
                + "\"accountId\":\"111122223333\",\"accessKeyId\":\"" + key + "\",\"sessionContext\":{\"sessionIssuer\":"
                + "{\"type\":\"Role\",\"principalId\":\"AROAADMIN\",\"arn\":\"" + ROLE + "\",\"accountId\":"
                + "\"111122223333\",\"userName\":\"Admin\"},\"attributes\":{\"creationDate\":\"" + time + "\","
                + "\"mfaAuthenticated\":\"false\"}}},\"eventTime\":\"" + time + "\",\"eventSource\":"
                + "\"ec2.amazonaws.com\",\"eventName\":\"DescribeInstances\",\"awsRegion\":\"us-east-1\","
                + "\"sourceIPAddress\":\"" + ip + "\",\"userAgent\":\"aws-cli/2.15.30\",\"requestParameters\":null,"
                + "\"responseElements\":null,\"eventID\":\"" + id + "\",\"readOnly\":true,\"eventType\":\"AwsApiCall\","
                + "\"managementEvent\":true,\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Management\"}";
    }
}
