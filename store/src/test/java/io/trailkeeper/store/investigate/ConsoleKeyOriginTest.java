package io.trailkeeper.store.investigate;

import static io.trailkeeper.store.investigate.IncidentStores.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.EventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A console session's key (the ASIA key of calls CloudTrail marks sessionCredentialFromConsole) is issued by the
 * sign-in, and no event names it: key said "the call that created or issued key ... is not in the store (it may predate
 * what was collected, or be in a region or account not collected)", sending the responder after collection that was
 * complete, while the sign-in that issued it (from the attacker's IP) was in the store. Its origin is now the latest
 * successful ConsoleLogin of its user in the 12 hours before its first call. (Found in a drill.)
 */
class ConsoleKeyOriginTest {
    private static final String KEY = "ASIA3ZZPP4DMUDFS4MN3";

    @TempDir
    Path dir;

    private static String login(String time, String ip, String result) {
        return "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDAEXAMPLE\","
                + "\"arn\":\"arn:aws:iam::111122223333:user/k.tanaka\",\"accountId\":\"111122223333\",\"userName\":"
                + "\"k.tanaka\"},\"eventTime\":\"" + time + "\",\"eventSource\":\"signin.amazonaws.com\",\"eventName\":"
                + "\"ConsoleLogin\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"" + ip + "\",\"userAgent\":"
                + "\"Mozilla/5.0\",\"requestParameters\":null,\"responseElements\":{\"ConsoleLogin\":\"" + result + "\"},"
                + "\"additionalEventData\":{\"MFAUsed\":\"No\"},\"eventID\":\"login" + time + "\",\"eventType\":"
                + "\"AwsConsoleSignIn\",\"recipientAccountId\":\"111122223333\"}";
    }

    private static String createKey(String time, boolean console) {
        return "{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDAEXAMPLE\","
                + "\"arn\":\"arn:aws:iam::111122223333:user/k.tanaka\",\"accountId\":\"111122223333\",\"accessKeyId\":"
                + "\"" + KEY + "\",\"userName\":\"k.tanaka\",\"sessionContext\":{\"attributes\":{\"creationDate\":"
                + "\"2026-03-04T22:03:00Z\",\"mfaAuthenticated\":\"false\"}}},\"eventTime\":\"" + time + "\","
                + "\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"CreateAccessKey\",\"awsRegion\":\"us-east-1\","
                + "\"sourceIPAddress\":\"185.220.101.47\",\"userAgent\":\"AWS Internal\",\"requestParameters\":"
                + "{\"userName\":\"svc-backup\"},\"responseElements\":{\"accessKey\":{\"accessKeyId\":"
                + "\"AKIAFOQ2T6BGFMXF66FB\",\"status\":\"Active\",\"userName\":\"svc-backup\"}},\"eventID\":\"ck" + time
                + "\",\"readOnly\":false,\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":"
                + "\"111122223333\",\"eventCategory\":\"Management\"" + (console ? ",\"sessionCredentialFromConsole\":"
                + "\"true\"" : "") + "}";
    }

    private InvestigationResult key(boolean console) throws Exception {
        Path file = dir.resolve(console + ".jsonl");
        Files.writeString(file, String.join("\n",
                login("2026-03-04T08:05:00Z", "203.0.113.28", "Success"),
                login("2026-03-04T22:02:00Z", "185.220.101.47", "Failure"),
                login("2026-03-04T22:03:00Z", "185.220.101.47", "Success"),
                login("2026-03-04T22:30:00Z", "203.0.113.28", "Success"),
                createKey("2026-03-04T22:06:00Z", console)) + "\n");
        Path store = IncidentStores.load(dir.resolve(console + ".duckdb"), file);
        try (EventStore s = IncidentStores.read(store)) {
            return new Investigator(s, IncidentStores.CLOCK).run("key", InvestigationArgs.of(KEY));
        }
    }

    /** The key's origin is the one ConsoleLogin, from {@code ip} (RootKeyOriginTest asserts it too). */
    static void assertSignInOrigin(InvestigationResult r, String ip) {
        List<Map<String, Object>> origin = rows(r.section("origin"));
        assertEquals(1, origin.size(), origin.toString());
        assertEquals("ConsoleLogin", origin.get(0).get("call"));
        assertEquals(ip, origin.get(0).get("source_ip"));
    }

    @Test
    void aConsoleKeyComesFromTheSignInBeforeItsFirstCall() throws Exception {
        InvestigationResult r = key(true);
        assertSignInOrigin(r, "185.220.101.47");
        assertTrue(r.notes().contains("key " + KEY + " is a console session's (its calls say"
                + " sessionCredentialFromConsole; no event names such a key): issued at the sign-in of"
                + " arn:aws:iam::111122223333:user/k.tanaka at 2026-03-04T22:03:00Z from 185.220.101.47 (investigate"
                + " logins tells it)"), r.notes().toString());
    }

    @Test
    void aSessionKeyNotFromTheConsoleIsNotGivenASignIn() throws Exception {
        InvestigationResult r = key(false);
        assertTrue(rows(r.section("origin")).isEmpty());
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("the call that created or issued key " + KEY
                + " is not in the store")), r.notes().toString());
    }
}
