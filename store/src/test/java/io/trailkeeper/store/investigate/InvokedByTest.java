package io.trailkeeper.store.investigate;

import static io.trailkeeper.store.investigate.IncidentStores.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.EventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deletion a service made for a principal (userIdentity.invokedBy: CloudFormation deleting a stack's log group with
 * the user's credentials) is the user's, and who-deleted says through which service; a service acting on its own
 * (type AWSService) is named as the principal.
 */
class InvokedByTest {
    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void load() throws IOException {
        Path file = dir.resolve("invoked.jsonl");
        Files.writeString(file, String.join("\n",
                deleteLogGroup("v1", "2026-03-10T08:00:00Z", "app-logs", "{\"type\":\"IAMUser\",\"principalId\":"
                        + "\"AIDADEV\",\"arn\":\"arn:aws:iam::111122223333:user/dev\",\"accountId\":\"111122223333\","
                        + "\"accessKeyId\":\"ASIAEXAMPLEKEY000002\",\"userName\":\"dev\","
                        + "\"invokedBy\":\"cloudformation.amazonaws.com\"}"),
                deleteLogGroup("v2", "2026-03-10T09:00:00Z", "app-logs", "{\"type\":\"IAMUser\",\"principalId\":"
                        + "\"AIDADEV\",\"arn\":\"arn:aws:iam::111122223333:user/dev\",\"accountId\":\"111122223333\","
                        + "\"accessKeyId\":\"AKIAEXAMPLEKEY000003\",\"userName\":\"dev\"}"),
                deleteLogGroup("v3", "2026-03-10T07:00:00Z", "app-logs-2", "{\"type\":\"IAMUser\",\"principalId\":"
                        + "\"AIDADEV\",\"arn\":\"arn:aws:iam::111122223333:user/dev\",\"accountId\":\"111122223333\","
                        + "\"accessKeyId\":\"ASIAEXAMPLEKEY000002\",\"userName\":\"dev\","
                        + "\"invokedBy\":\"cloudformation.amazonaws.com\"}").replace("DeleteLogGroup", "CreateLogGroup"))
                + "\n");
        store = IncidentStores.load(dir.resolve("invoked.duckdb"), file);
    }

    @Test
    void theServiceThatDeletedForTheUserIsNamed() {
        InvestigationResult r;
        try (EventStore s = IncidentStores.read(store)) {
            r = new Investigator(s, IncidentStores.CLOCK).run("who-deleted", InvestigationArgs.of("app-logs"));
        }
        List<Map<String, Object>> deletions = rows(r.section("deletions"));
        assertEquals("cloudformation.amazonaws.com", deletions.get(0).get("invoked_by"));
        assertNull(deletions.get(1).get("invoked_by"));
        assertTrue(r.notes().contains("DeleteLogGroup of app-logs succeeded at 2026-03-10T08:00:00Z: by"
                + " arn:aws:iam::111122223333:user/dev through cloudformation.amazonaws.com (key ASIAEXAMPLEKEY000002,"
                + " MFA not recorded) from cloudformation.amazonaws.com (cloudformation.amazonaws.com), recorded in"
                + " eu-west-1"), r.notes().toString());
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("DeleteLogGroup of app-logs succeeded at"
                + " 2026-03-10T09:00:00Z: by arn:aws:iam::111122223333:user/dev (key AKIAEXAMPLEKEY000003")),
                r.notes().toString());
    }

    @Test
    void whatAServiceCreatedForTheUserIsToldThroughWhichService() {
        InvestigationResult r;
        try (EventStore s = IncidentStores.read(store)) {
            r = new Investigator(s, IncidentStores.CLOCK).run("actor",
                    InvestigationArgs.of("arn:aws:iam::111122223333:user/dev"));
        }
        List<Map<String, Object>> created = rows(r.section("created"));
        // the deletes are changes too (readOnly false): through the service, then the user's own
        assertEquals(List.of("CreateLogGroup", "DeleteLogGroup", "DeleteLogGroup"),
                created.stream().map(m -> m.get("call")).toList());
        assertEquals("cloudformation.amazonaws.com", created.get(0).get("invoked_by"));
        assertNull(created.get(2).get("invoked_by"));
        assertTrue(r.notes().contains("created or changed: CreateLogGroup in eu-west-1 through"
                + " cloudformation.amazonaws.com: app-logs-2; DeleteLogGroup in eu-west-1 through"
                + " cloudformation.amazonaws.com: app-logs; DeleteLogGroup in eu-west-1: app-logs"), r.notes().toString());
    }

    private static String deleteLogGroup(String id, String time, String group, String identity) {
        String source = identity.contains("invokedBy") ? "cloudformation.amazonaws.com" : "203.0.113.9";
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":" + identity + ",\"eventTime\":\"" + time + "\","
                + "\"eventSource\":\"logs.amazonaws.com\",\"eventName\":\"DeleteLogGroup\",\"awsRegion\":\"eu-west-1\","
                + "\"sourceIPAddress\":\"" + source + "\",\"userAgent\":\"" + (source.startsWith("203.")
                ? "aws-cli/2.15.30" : source) + "\",\"requestParameters\":{\"logGroupName\":\""
                + group + "\"},\"responseElements\":null,\"eventID\":\"" + id + "\",\"readOnly\":false,"
                + "\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"111122223333\","
                + "\"eventCategory\":\"Management\"}";
    }
}
