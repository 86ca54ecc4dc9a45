package io.trailkeeper.store.investigate;

import static io.trailkeeper.store.investigate.IncidentStores.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.EventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * who-deleted of an IAM resource whose name another kind shares: a role and a user both called Admin in one account.
 * IAM records name them by roleName and userName only, with no resources[]: the ARN's type decides which calls are
 * its own (in who-deleted and query --resource), and a bare name, which matches both, is told apart call by call.
 */
class SharedNameTest {
    static final String ACCOUNT = "123456789012";

    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void load() throws IOException {
        Path file = dir.resolve("iam.jsonl");
        Files.writeString(file, String.join("\n",
                iamCall("d1", "08:00", "DeleteRolePolicy", "{\"roleName\":\"Admin\",\"policyName\":\"inline\"}"),
                iamCall("d2", "08:01", "DeleteRole", "{\"roleName\":\"Admin\"}"),
                iamCall("d3", "08:02", "DeleteLoginProfile", "{\"userName\":\"Admin\"}"),
                iamCall("d4", "08:03", "DeleteUser", "{\"userName\":\"Admin\"}"),
                iamCall("d5", "08:04", "RemoveUserFromGroup", "{\"userName\":\"ops\",\"groupName\":\"Admin\"}"),
                s3Call("b1", "08:05", "PutBucketLifecycle", "{\"bucketName\":\"logs-bucket\",\"lifecycle\":\"\","
                        + "\"Host\":\"logs-bucket.s3.us-east-1.amazonaws.com\"}"),
                s3Call("b2", "08:06", "DeleteBucket", "{\"bucketName\":\"logs-bucket\","
                        + "\"Host\":\"logs-bucket.s3.us-east-1.amazonaws.com\"}"))
                + "\n");
        store = IncidentStores.load(dir.resolve("iam.duckdb"), file);
    }

    @Test
    void aRolesArnFindsTheRolesDeletionsNotTheSameNamedUsers() {
        assertEquals(List.of("DeleteRolePolicy", "DeleteRole"),
                calls(run("arn:aws:iam::" + ACCOUNT + ":role/Admin")));
        assertEquals(List.of("DeleteRolePolicy", "DeleteRole"),
                calls(run("arn:aws:iam::" + ACCOUNT + ":role/team/Admin")), "a path is part of the ARN, not the name");
    }

    @Test
    void aUsersOrGroupsArnFindsItsOwnDeletionsOnly() {
        assertEquals(List.of("DeleteLoginProfile", "DeleteUser"), calls(run("arn:aws:iam::" + ACCOUNT + ":user/Admin")));
        assertEquals(List.of("RemoveUserFromGroup"), calls(run("arn:aws:iam::" + ACCOUNT + ":group/Admin")));
    }

    @Test
    void aBareNameFindsEveryKindAndSaysWhichEachCallDeleted() {
        InvestigationResult r = run("Admin");
        assertEquals(List.of("DeleteRolePolicy", "DeleteRole", "DeleteLoginProfile", "DeleteUser", "RemoveUserFromGroup"),
                calls(r));
        assertEquals(List.of(List.of("roleName"), List.of("roleName"), List.of("userName"), List.of("userName"),
                List.of("groupName")), rows(r.section("deletions")).stream().map(x -> x.get("named_as")).toList());
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("Admin is given as groupName (RemoveUserFromGroup),"
                + " roleName (DeleteRole, DeleteRolePolicy), userName (DeleteLoginProfile, DeleteUser): resources of"
                + " different kinds")), String.join("\n", r.notes()));
    }

    @Test
    void anEmptyRequestParameterNamesNothing() {
        // S3 records PutBucketLifecycle's ?lifecycle query string as "lifecycle": "": it is no second kind of thing
        InvestigationResult r = run("logs-bucket");
        assertEquals(List.of("PutBucketLifecycle", "DeleteBucket"), calls(r));
        assertEquals(List.of(List.of("bucketName"), List.of("bucketName")),
                rows(r.section("deletions")).stream().map(x -> x.get("named_as")).toList());
        assertTrue(r.notes().stream().noneMatch(n -> n.contains("resources of different kinds")),
                String.join("\n", r.notes()));
    }

    @Test
    void queryResourceGivenAnIamArnFindsThatResourcesCallsOnly() {
        assertEquals(2, queried("arn:aws:iam::" + ACCOUNT + ":role/Admin"), "DeleteRolePolicy, DeleteRole");
        assertEquals(2, queried("arn:aws:iam::" + ACCOUNT + ":user/Admin"), "DeleteLoginProfile, DeleteUser");
        assertEquals(1, queried("arn:aws:iam::" + ACCOUNT + ":group/Admin"), "RemoveUserFromGroup");
        assertEquals(5, queried("Admin"), "a bare name: every kind");
    }

    private static long queried(String resource) {
        try (EventStore s = IncidentStores.read(store)) {
            return new io.trailkeeper.store.EventSearch(s).count(new io.trailkeeper.store.EventQuery(null, null,
                    List.of(), List.of(), List.of(), null, null, null, resource, null, null, null, null));
        }
    }

    private static List<Object> calls(InvestigationResult r) {
        return rows(r.section("deletions")).stream().map(x -> x.get("event_name")).toList();
    }

    private static InvestigationResult run(String resource) {
        try (EventStore s = IncidentStores.read(store)) {
            return new Investigator(s, IncidentStores.CLOCK).run("who-deleted", InvestigationArgs.of(resource));
        }
    }

    private static String s3Call(String id, String minute, String name, String params) {
        return iamCall(id, minute, name, params).replace("iam.amazonaws.com", "s3.amazonaws.com");
    }

    private static String iamCall(String id, String minute, String name, String params) {
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDAOPS\","
                + "\"arn\":\"arn:aws:iam::" + ACCOUNT + ":user/ops\",\"accountId\":\"" + ACCOUNT + "\","
                + "\"accessKeyId\":\"AKIAOPSKEY000000001\",\"userName\":\"ops\"},\"eventTime\":\"2026-03-10T" + minute
                + ":00Z\",\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"" + name + "\",\"awsRegion\":"
                + "\"us-east-1\",\"sourceIPAddress\":\"203.0.113.9\",\"userAgent\":\"aws-cli/2.15.30\","
                + "\"requestParameters\":" + params + ",\"responseElements\":null,\"eventID\":\"" + id + "\","
                + "\"readOnly\":false,\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\""
                + ACCOUNT + "\",\"eventCategory\":\"Management\"}";
    }
}
