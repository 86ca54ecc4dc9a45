package io.trailkeeper.store.investigate;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * logins over a window with no ConsoleLogin said only that the store holds no console sign-in, while it held calls made
 * with console sessions' credentials (sessionCredentialFromConsole "true", or a console user agent): someone was signed
 * in, the sign-in before the window or recorded where nothing was collected. Those sessions are told now, per
 * principal with first and last call, apart from a window where nobody used the console.
 */
class LoginsConsoleSessionsTest {
    private static final Instant SINCE = Instant.parse("2026-03-10T00:00:00Z");
    private static final Instant UNTIL = Instant.parse("2026-03-10T23:59:59Z");
    private static final String ALICE = "arn:aws:sts::111122223333:assumed-role/Admin/alice";

    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void load() throws IOException {
        Path file = dir.resolve("console.jsonl");
        String alice = "{\"type\":\"AssumedRole\",\"principalId\":\"AROAADMIN:alice\",\"arn\":\"" + ALICE + "\","
                + "\"accountId\":\"111122223333\",\"accessKeyId\":\"ASIAALICECONSOLE0001\",\"sessionContext\":"
                + "{\"sessionIssuer\":{\"type\":\"Role\",\"principalId\":\"AROAADMIN\",\"arn\":"
                + "\"arn:aws:iam::111122223333:role/Admin\",\"accountId\":\"111122223333\",\"userName\":\"Admin\"},"
                + "\"attributes\":{\"creationDate\":\"2026-03-09T22:00:00Z\",\"mfaAuthenticated\":\"false\"}}}";
        String bob = "{\"type\":\"IAMUser\",\"principalId\":\"AIDABOB\",\"arn\":\"arn:aws:iam::111122223333:user/bob\","
                + "\"accountId\":\"111122223333\",\"accessKeyId\":\"ASIABOBCONSOLE000001\",\"userName\":\"bob\"}";
        String carol = "{\"type\":\"AssumedRole\",\"principalId\":\"AROADEV:carol\",\"arn\":"
                + "\"arn:aws:sts::111122223333:assumed-role/Dev/carol\",\"accountId\":\"111122223333\","
                + "\"accessKeyId\":\"ASIACAROLCLI00000001\"}";
        Files.writeString(file, String.join("\n",
                // alice's sign-in, the day before the window
                "{\"eventVersion\":\"1.08\",\"userIdentity\":" + alice.replace(",\"accessKeyId\":"
                        + "\"ASIAALICECONSOLE0001\"", "") + ",\"eventTime\":\"2026-03-09T22:00:00Z\",\"eventSource\":"
                        + "\"signin.amazonaws.com\",\"eventName\":\"ConsoleLogin\",\"awsRegion\":\"us-east-1\","
                        + "\"sourceIPAddress\":\"198.51.100.7\",\"userAgent\":\"Mozilla/5.0\",\"requestParameters\":null,"
                        + "\"responseElements\":{\"ConsoleLogin\":\"Success\"},\"additionalEventData\":{\"MFAUsed\":"
                        + "\"No\"},\"eventID\":\"s1\",\"readOnly\":false,\"eventType\":\"AwsConsoleSignIn\","
                        + "\"managementEvent\":true,\"recipientAccountId\":\"111122223333\",\"eventCategory\":"
                        + "\"Management\"}",
                call("a1", "2026-03-10T08:00:00Z", alice, "Mozilla/5.0 (X11; Linux x86_64)", true),
                call("a2", "2026-03-10T09:30:00Z", alice, "Mozilla/5.0 (X11; Linux x86_64)", true),
                call("b1", "2026-03-10T10:00:00Z", bob, "console.amazonaws.com", false),
                call("c1", "2026-03-10T11:00:00Z", carol, "aws-cli/2.15.30", false)) + "\n");
        store = IncidentStores.load(dir.resolve("console.duckdb"), file);
    }

    @Test
    void consoleSessionsWithoutTheirSignInAreTold() {
        List<String> notes = notes(new InvestigationArgs(null, SINCE, UNTIL, null, null, null, null));
        assertEquals("the store holds no console sign-in (ConsoleLogin) between 2026-03-10T00:00:00Z and"
                + " 2026-03-10T23:59:59Z", notes.get(0), notes.toString());
        assertEquals("but it holds calls made with console sessions' credentials between 2026-03-10T00:00:00Z and"
                + " 2026-03-10T23:59:59Z (sessionCredentialFromConsole, or a console user agent): " + ALICE
                + " (1 session, 2 calls, first at 2026-03-10T08:00:00Z, last at 2026-03-10T09:30:00Z);"
                + " arn:aws:iam::111122223333:user/bob (1 session, 1 call, at 2026-03-10T10:00:00Z; told by its user"
                + " agent only). Their sign-ins are not recorded here: they came before the window (an earlier --since"
                + " finds them if the store holds them), or were recorded in a region or account not collected (a"
                + " sign-in is recorded in the region of its sign-in URL)", notes.get(1), notes.toString());
    }

    @Test
    void aWindowWithNoConsoleSessionSaysNoSignInOnly() {
        List<String> notes = notes(new InvestigationArgs(null, SINCE, UNTIL, "carol", null, null, null));
        assertEquals(List.of("the store holds no console sign-in (ConsoleLogin) between 2026-03-10T00:00:00Z and"
                + " 2026-03-10T23:59:59Z matching --actor carol"), notes.stream()
                .filter(n -> n.contains("console")).toList(), notes.toString());
    }

    private static List<String> notes(InvestigationArgs args) {
        try (EventStore s = IncidentStores.read(store)) {
            return new Investigator(s, IncidentStores.CLOCK).run("logins", args).notes();
        }
    }

    private static String call(String id, String time, String identity, String agent, boolean fromConsole) {
        return "{\"eventVersion\":\"1.08\",\"userIdentity\":" + identity + ",\"eventTime\":\"" + time + "\","
                + "\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"DescribeInstances\",\"awsRegion\":"
                + "\"us-east-1\",\"sourceIPAddress\":\"198.51.100.7\",\"userAgent\":\"" + agent + "\","
                + "\"requestParameters\":null,\"responseElements\":null,\"eventID\":\"" + id + "\",\"readOnly\":true,"
                + "\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"111122223333\","
                + "\"eventCategory\":\"Management\"" + (fromConsole ? ",\"sessionCredentialFromConsole\":\"true\"" : "")
                + "}";
    }
}
