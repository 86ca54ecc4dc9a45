package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The person behind a session, as CloudTrail names it: userIdentity.sessionContext.sourceIdentity (set at AssumeRole,
 * kept through role chaining) and an identity-enhanced session's onBehalfOf.userId (IAM Identity Center). The calls
 * that began the sessions are not in the store, and no ARN or session name says "alice": only the source identity
 * does. And resources[].ARNPrefix, CloudTrail's name for a data event on an S3 prefix.
 */
class SessionPersonQueryTest {
    static final String ACCOUNT = "111122223333";
    static final String CENTER_USER = "94482488-3041-7026-18f3-be45837cd0e4";

    @TempDir
    static Path dir;
    static Path store;
    static Path file;

    @BeforeAll
    static void ingest() throws IOException {
        file = dir.resolve("sessions.jsonl");
        Files.writeString(file, String.join("\n",
                call("si-1", "2026-03-10T08:00:00Z", session("Admin", "botocore-session-1", "\"sourceIdentity\":"
                        + "\"alice\","), "s3.amazonaws.com", "ListBuckets", "null", ""),
                // chained: Admin's session assumed Deployer, and the source identity came along
                call("si-2", "2026-03-10T08:05:00Z", session("Deployer", "x", "\"sourceIdentity\":\"alice\","),
                        "iam.amazonaws.com", "CreateUser", "{\"userName\":\"backdoor\"}", ""),
                call("other", "2026-03-10T08:06:00Z", session("Deployer", "y", "\"sourceIdentity\":\"bob\","),
                        "iam.amazonaws.com", "ListUsers", "null", ""),
                // an identity-enhanced session: the role session acts for an IAM Identity Center user
                call("obo-1", "2026-03-10T08:07:00Z", session("AWSReservedSSO_Analyst_0123456789abcdef", "q-app", "")
                        .replaceFirst("}$", ",\"onBehalfOf\":{\"userId\":\"" + CENTER_USER + "\","
                        + "\"identityStoreArn\":\"arn:aws:identitystore::" + ACCOUNT + ":identitystore/d-1234567890\"}}"),
                        "s3.amazonaws.com", "GetObject", "{\"bucketName\":\"team-bucket\",\"key\":\"a.txt\"}", ""),
                call("pfx-1", "2026-03-10T08:08:00Z", session("Reader", "r", ""), "s3.amazonaws.com",
                        "ListObjects", "{\"bucketName\":\"logs-bucket\",\"prefix\":\"exports/\",\"list-type\":\"2\"}",
                        ",\"resources\":[{\"type\":\"AWS::S3::Object\",\"ARNPrefix\":\"arn:aws:s3:::logs-bucket/exports/\"},"
                        + "{\"accountId\":\"" + ACCOUNT + "\",\"type\":\"AWS::S3::Bucket\",\"ARN\":"
                        + "\"arn:aws:s3:::logs-bucket\"}]")) + "\n");
        store = dir.resolve("store.duckdb");
        Cli.Result r = Cli.run(store, "ingest", file.toString());
        assertEquals(0, r.code(), r.toString());
    }

    @Test
    void queryUserFindsTheSessionsWhoseSourceIdentityNamesThePersonChainedOrNot() {
        assertEquals(List.of("si-1", "si-2"), eventIds("--user", "alice"));
        assertEquals(List.of("other"), eventIds("--user", "BOB"));
    }

    @Test
    void aNameThatMatchedSeveralPrincipalsIsToldApartBesideTheRecords() {
        Cli.Result r = Cli.run(store, "query", "--format", "jsonl", "--user", "Deployer");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.err().contains("note: --user Deployer matched 2 principals: the sessions of arn:aws:iam::"
                + ACCOUNT + ":role/Deployer acting for alice (1 event), the sessions of arn:aws:iam::" + ACCOUNT
                + ":role/Deployer acting for bob (1 event)"), r.err());
        assertFalse(r.out().contains("note:"), "the records stay clean");
        Cli.Result arn = Cli.run(store, "query", "--format", "jsonl", "--user", "arn:aws:iam::" + ACCOUNT
                + ":role/Deployer");
        assertFalse(arn.err().contains("note:"), arn.err());
    }

    @Test
    void queryUserFindsAnIdentityEnhancedSessionByItsIdentityCenterUser() {
        assertEquals(List.of("obo-1"), eventIds("--user", CENTER_USER));
    }

    @Test
    void queryResourceFindsADataEventThatNamesAnS3PrefixByItsArnPrefix() {
        assertEquals(List.of("pfx-1"), eventIds("--resource", "arn:aws:s3:::logs-bucket/exports/"));
        assertEquals(List.of("pfx-1"), eventIds("--resource", "s3://logs-bucket/exports/"));
    }

    @Test
    void anObjectUnderAnArnPrefixFindsThePrefixCallAsOneThatMayIncludeIt() {
        assertEquals(List.of("pfx-1"), eventIds("--resource", "s3://logs-bucket/exports/2026/app.log"));
        Cli.Result jsonl = Cli.run(store, "query", "--format", "jsonl", "--resource", "logs-bucket/exports/2026/");
        assertTrue(jsonl.err().contains("note: 1 event names by resources[].ARNPrefix a prefix that holds"
                + " logs-bucket/exports/2026/, not the resource itself"), jsonl.err());
        Cli.Result csv = Cli.run(store, "query", "--format", "csv", "--resource", "s3://logs-bucket/exports/2026/app.log");
        assertTrue(csv.out().lines().findFirst().orElse("").endsWith(",resource_match"), csv.out());
        assertTrue(csv.out().contains("may include it: ARNPrefix arn:aws:s3:::logs-bucket/exports/"), csv.out());
        Cli.Result named = Cli.run(store, "query", "--format", "jsonl", "--resource", "s3://logs-bucket/exports/");
        assertFalse(named.err().contains("ARNPrefix"), "the prefix itself is named: " + named.err());
    }

    @Test
    void investigateActorFindsThePersonsSessionsAndSaysWhoIsBehindThem() {
        Cli.Result r = Cli.run(store, "--format", "json", "investigate", "actor", "alice");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("made 2 calls"), r.out());
        assertTrue(r.out().contains("assumed-role/Admin/botocore-session-1 (acting for alice)"), r.out());
        assertFalse(r.out().contains("ListUsers"), "bob's session is not alice's: " + r.out());
    }

    @Test
    void sessionsMovedToTheLakeByPruneAreStillFoundByTheirPerson() throws IOException {
        Path pruned = dir.resolve("pruned.duckdb");
        assertEquals(0, Cli.run(pruned, "ingest", file.toString()).code());
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, "retention:\n  hot_days: 90\n  total_days: 5000\nlake: " + dir.resolve("lake") + "\n");
        Cli.Result prune = Cli.run(pruned, "prune", "--config", config.toString());
        assertEquals(0, prune.code(), prune.toString());
        assertEquals(List.of("0"), Cli.run(pruned, "--format", "csv", "query", "--sql",
                "SELECT count(*) FROM events WHERE raw_inline IS NULL").out().lines().skip(1).map(String::trim)
                .toList(), "every event is read from the lake");
        assertEquals(List.of("si-1", "si-2"), eventIds(pruned, "--user", "alice"));
        assertEquals(List.of("obo-1"), eventIds(pruned, "--user", CENTER_USER));
    }

    private static List<String> eventIds(String... args) {
        return eventIds(store, args);
    }

    private static List<String> eventIds(Path store, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("query", "--format", "jsonl"));
        all.addAll(List.of(args));
        Cli.Result r = Cli.run(store, all.toArray(String[]::new));
        assertEquals(0, r.code(), r.toString());
        Matcher m = Pattern.compile("\"eventID\":\"([^\"]*)\"").matcher(r.out());
        List<String> ids = new java.util.ArrayList<>();
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static String session(String role, String name, String sourceIdentity) {
        return "{\"type\":\"AssumedRole\",\"principalId\":\"AROAEXAMPLE:" + name + "\",\"arn\":\"arn:aws:sts::"
                + ACCOUNT + ":assumed-role/" + role + "/" + name + "\",\"accountId\":\"" + ACCOUNT + "\","
                + "\"accessKeyId\":\"ASIAEXAMPLE" + Math.abs(name.hashCode() % 100000) + "\",\"sessionContext\":{"
                + sourceIdentity + "\"sessionIssuer\":{\"type\":\"Role\",\"principalId\":\"AROAEXAMPLE\",\"arn\":"
                + "\"arn:aws:iam::" + ACCOUNT + ":role/" + role + "\",\"accountId\":\"" + ACCOUNT + "\",\"userName\":\""
                + role + "\"},\"attributes\":{\"creationDate\":\"2026-03-10T07:59:00Z\",\"mfaAuthenticated\":\"false\"}}}";
    }

    private static String call(String id, String time, String identity, String source, String name, String params,
                               String resources) {
        boolean data = name.endsWith("Object") || name.equals("ListObjects");
        return "{\"eventVersion\":\"1.10\",\"userIdentity\":" + identity + ",\"eventTime\":\"" + time + "\","
                + "\"eventSource\":\"" + source + "\",\"eventName\":\"" + name + "\",\"awsRegion\":\"us-east-1\","
                + "\"sourceIPAddress\":\"203.0.113.9\",\"userAgent\":\"aws-cli/2.15.30\",\"requestParameters\":"
                + params + ",\"responseElements\":null" + resources + ",\"eventID\":\"" + id + "\",\"readOnly\":"
                + !name.startsWith("Create") + ",\"eventType\":\"AwsApiCall\",\"managementEvent\":" + !data
                + ",\"recipientAccountId\":\"" + ACCOUNT + "\",\"eventCategory\":\"" + (data ? "Data" : "Management")
                + "\"}";
    }
}
