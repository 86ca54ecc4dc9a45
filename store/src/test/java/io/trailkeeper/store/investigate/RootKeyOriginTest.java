package io.trailkeeper.store.investigate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.EventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A root takeover drill: the root password phished, root signed in from a Tor exit without MFA and, from the console,
 * made itself an access key (CreateAccessKey naming no user), then used it from the CLI. The console session's calls
 * carry the account's name as userName ("acme-prod"). key on the console session's key said the call that issued it
 * was not in the store (the root sign-in was), and said it made "access key ... for IAM user acme-prod"; key on the
 * root key said it was issued "for acme-prod" and to check it with "aws iam list-access-keys --user-name root", a user
 * that does not exist. The root user's console session now comes from its sign-in, and its key is the root user's.
 */
class RootKeyOriginTest {
    private static final String CONSOLE_KEY = "ASIAXK7Q2K9RTCONS01X";
    private static final String ROOT_KEY = "AKIAXK7Q2K9ROOTK3Y77";
    private static final String ROOT = "arn:aws:iam::493827160512:root";

    @TempDir
    Path dir;

    private static String root(String key, String userName) {
        return "{\"type\":\"Root\",\"principalId\":\"493827160512\",\"arn\":\"" + ROOT + "\",\"accountId\":"
                + "\"493827160512\",\"accessKeyId\":\"" + key + "\"" + (userName == null ? "" : ",\"userName\":\""
                + userName + "\",\"sessionContext\":{\"sessionIssuer\":{},\"webIdFederationData\":{},\"attributes\":"
                + "{\"creationDate\":\"2026-11-18T02:21:03Z\",\"mfaAuthenticated\":\"false\"}}") + "}";
    }

    private static String login(String time, String ip, String mfa) {
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":" + root("", null) + ",\"eventTime\":\"" + time + "\","
                + "\"eventSource\":\"signin.amazonaws.com\",\"eventName\":\"ConsoleLogin\",\"awsRegion\":\"us-east-1\","
                + "\"sourceIPAddress\":\"" + ip + "\",\"userAgent\":\"Mozilla/5.0\",\"requestParameters\":null,"
                + "\"responseElements\":{\"ConsoleLogin\":\"Success\"},\"additionalEventData\":{\"MFAUsed\":\"" + mfa
                + "\"},\"eventID\":\"login" + time + "\",\"eventType\":\"AwsConsoleSignIn\",\"recipientAccountId\":"
                + "\"493827160512\"}";
    }

    private static String call(String time, String who, String ip, String name, String response, boolean console) {
        return "{\"eventVersion\":\"1.10\",\"userIdentity\":" + who + ",\"eventTime\":\"" + time + "\",\"eventSource\":"
                + "\"" + (name.equals("GetCallerIdentity") ? "sts" : "iam") + ".amazonaws.com\",\"eventName\":\"" + name
                + "\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"" + ip + "\",\"userAgent\":\"x\","
                + "\"requestParameters\":null,\"responseElements\":" + response + ",\"eventID\":\"" + name + time
                + "\",\"readOnly\":false,\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":"
                + "\"493827160512\",\"eventCategory\":\"Management\"" + (console ? ",\"sessionCredentialFromConsole\":"
                + "\"true\"" : "") + "}";
    }

    private InvestigationResult key(String subject) throws Exception {
        return run("key", subject);
    }

    private InvestigationResult run(String investigation, String subject) throws Exception {
        Path file = dir.resolve(investigation + subject + ".jsonl");
        Files.writeString(file, String.join("\n",
                login("2026-11-15T19:12:07Z", "198.51.100.77", "Yes"),
                login("2026-11-18T02:21:03Z", "185.220.101.47", "No"),
                call("2026-11-18T02:23:40Z", root(CONSOLE_KEY, "acme-prod"), "185.220.101.47", "DeactivateMFADevice",
                        "null", true),
                call("2026-11-18T02:26:30Z", root(CONSOLE_KEY, "acme-prod"), "185.220.101.47", "CreateAccessKey",
                        "{\"accessKey\":{\"accessKeyId\":\"" + ROOT_KEY + "\",\"status\":\"Active\"}}", true),
                call("2026-11-18T03:05:02Z", root(ROOT_KEY, null), "45.137.21.9", "GetCallerIdentity", "null", false))
                + "\n");
        Path store = IncidentStores.load(dir.resolve(investigation + subject + ".duckdb"), file);
        try (EventStore s = IncidentStores.read(store)) {
            return new Investigator(s, IncidentStores.CLOCK).run(investigation, InvestigationArgs.of(subject));
        }
    }

    @Test
    void theRootConsoleSessionComesFromTheRootSignInAndItsKeyIsTheRootUsers() throws Exception {
        InvestigationResult r = key(CONSOLE_KEY);
        ConsoleKeyOriginTest.assertSignInOrigin(r, "185.220.101.47");
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("key " + CONSOLE_KEY + " is a console session's")
                && n.contains("sign-in of " + ROOT + " at 2026-11-18T02:21:03Z from 185.220.101.47")),
                r.notes().toString());
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("key " + CONSOLE_KEY + " made access key " + ROOT_KEY
                + " for the root user (" + ROOT + ") at 2026-11-18T02:26:30Z")), r.notes().toString());
        assertFalse(r.notes().toString().contains("acme-prod"), r.notes().toString());
    }

    /** actor root said 'made 5 calls ... as arn:...:root, arn:...:root': one ARN, with and without a user name. */
    @Test
    void rootUnderTheAccountsNameAndUnderNoneIsOnePrincipal() throws Exception {
        InvestigationResult r = run("actor", ROOT);
        assertTrue(r.notes().contains("'" + ROOT + "' made 5 calls from 2026-11-15T19:12:07Z to 2026-11-18T03:05:02Z as "
                + ROOT + ", from 3 IPs, 0 errors"), r.notes().toString());
    }

    @Test
    void theRootKeyIsSaidTheRootUsersAndItsStatusIsLookedUpAsRoots() throws Exception {
        InvestigationResult r = key(ROOT_KEY);
        assertTrue(r.notes().stream().anyMatch(n -> n.equals("key " + ROOT_KEY + " was issued by CreateAccessKey at"
                + " 2026-11-18T02:26:30Z by " + ROOT + " from 185.220.101.47, for the root user (" + ROOT + ")")),
                r.notes().toString());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("whether it is still active cannot be told from it"
                + " (aws iam get-account-summary tells whether the root user holds an access key now")),
                r.notes().toString());
        assertFalse(r.notes().toString().contains("--user-name"), r.notes().toString());
        assertFalse(r.notes().toString().contains("acme-prod"), r.notes().toString());
    }
}
