package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A GuardDuty finding or an IAM listing names a principal by its unique id (userIdentity.principalId: AIDA... a
 * user's, AROA... a role's, AROA...:SESSION one session): query --user and investigate actor said the id "is not
 * searched" and gave SQL to run instead. The id is now searched as the ARN the stored records give it.
 */
class PrincipalIdQueryTest {
    static final String ACCOUNT = "111122223333";
    static final String USER_ID = "AIDAZ7QFXKJ4EXAMPLE01";
    static final String ROLE_ID = "AROAZ7QFXKJ4EXAMPLE02";

    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void ingest() throws IOException {
        Path file = dir.resolve("calls.jsonl");
        Files.writeString(file, String.join("\n",
                call("u-1", "2026-03-10T08:00:00Z", user("deploy-bot")),
                call("u-2", "2026-03-10T08:01:00Z", user("deploy-bot")),
                call("r-1", "2026-03-10T08:02:00Z", session("i-0abc")),
                call("r-2", "2026-03-10T08:03:00Z", session("i-0def")),
                // another role whose name holds the session's: not found by the id
                call("x-1", "2026-03-10T08:04:00Z", session("i-0abc").replace(ROLE_ID, "AROAZ7QFXKJ4EXAMPLE99")
                        .replace("role/Worker", "role/WorkerTwo").replace("assumed-role/Worker/",
                                "assumed-role/WorkerTwo/"))) + "\n");
        store = dir.resolve("store.duckdb");
        Cli.Result r = Cli.run(store, "ingest", file.toString());
        assertEquals(0, r.code(), r.toString());
    }

    @Test
    void aUsersIdFindsTheUsersCallsAndSaysWhichArnItSearched() {
        Cli.Result r = Cli.run(store, "query", "--format", "jsonl", "--user", USER_ID);
        assertEquals(List.of("u-1", "u-2"), ids(r));
        assertTrue(r.err().contains("note: --user " + USER_ID + " is the userIdentity.principalId of arn:aws:iam::"
                + ACCOUNT + ":user/deploy-bot: searched as that ARN"), r.err());
    }

    @Test
    void aRolesIdFindsItsSessionsAndASessionsIdThatSessionOnly() {
        assertEquals(List.of("r-1", "r-2"), ids(Cli.run(store, "query", "--format", "jsonl", "--user", ROLE_ID)));
        assertEquals(List.of("r-1"), ids(Cli.run(store, "query", "--format", "jsonl", "--user",
                ROLE_ID.toLowerCase(java.util.Locale.ROOT) + ":i-0abc")));
    }

    @Test
    void anIdNoRecordCarriesIsSaidSo() {
        Cli.Result r = Cli.run(store, "query", "--format", "jsonl", "--user", "AIDAZ7QFXKJ4EXAMPLE77");
        assertEquals(List.of(), ids(r));
        assertTrue(r.err().contains("it has the form of an IAM unique id (userIdentity.principalId: AIDA... a user's,"
                + " AROA... a role's), and no stored record of a user, role or session carries it"), r.err());
    }

    @Test
    void investigateActorTakesTheIdToo() {
        Cli.Result r = Cli.run(store, "investigate", "actor", ROLE_ID, "--format", "json");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("is the userIdentity.principalId of the sessions of role arn:aws:iam::" + ACCOUNT
                + ":role/Worker: searched as that ARN"), r.out());
        assertTrue(r.out().contains("\"events\" : 2"), r.out());
    }

    private static List<String> ids(Cli.Result r) {
        assertEquals(0, r.code(), r.toString());
        Matcher m = Pattern.compile("\"eventID\":\"([^\"]*)\"").matcher(r.out());
        List<String> ids = new ArrayList<>();
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static String user(String name) {
        return "{\"type\":\"IAMUser\",\"principalId\":\"" + USER_ID + "\",\"arn\":\"arn:aws:iam::" + ACCOUNT + ":user/"
                + name + "\",\"accountId\":\"" + ACCOUNT + "\",\"accessKeyId\":\"AKIAZ7QFXKJ4EXAMPLE03\","
                + "\"userName\":\"" + name + "\"}";
    }

    private static String session(String name) {
        return "{\"type\":\"AssumedRole\",\"principalId\":\"" + ROLE_ID + ":" + name + "\",\"arn\":\"arn:aws:sts::"
                + ACCOUNT + ":assumed-role/Worker/" + name + "\",\"accountId\":\"" + ACCOUNT + "\",\"accessKeyId\":"
                + "\"ASIAZ7QFXKJ4EXAMPLE04\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"principalId\":\""
                + ROLE_ID + "\",\"arn\":\"arn:aws:iam::" + ACCOUNT + ":role/Worker\",\"accountId\":\"" + ACCOUNT
                + "\",\"userName\":\"Worker\"},\"attributes\":{\"creationDate\":\"2026-03-10T07:59:00Z\","
                + "\"mfaAuthenticated\":\"false\"}}}";
    }

    private static String call(String id, String time, String identity) {
        return "{\"eventVersion\":\"1.10\",\"userIdentity\":" + identity + ",\"eventTime\":\"" + time + "\","
                + "\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"DescribeInstances\",\"awsRegion\":"
                + "\"us-east-1\",\"sourceIPAddress\":\"203.0.113.9\",\"userAgent\":\"aws-cli/2.15.30\","
                + "\"requestParameters\":null,\"responseElements\":null,\"eventID\":\"" + id + "\",\"readOnly\":true,"
                + "\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"" + ACCOUNT
                + "\",\"eventCategory\":\"Management\"}";
    }
}
