package io.trailkeeper.store.investigate;

import static io.trailkeeper.store.investigate.IncidentStores.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * who-deleted of an RDS database, an RDS snapshot or an AWS Backup vault named by name said 'where orders-db lives
 * cannot be told from the store' (in an S3 ransomware drill, for all of them), though a regional service takes the
 * calls for its own region's resources only: the region that recorded DeleteDBInstance is the database's. It says so
 * now; a name whose deletions two regions recorded (two resources of one name), a global service's (IAM, recorded in
 * us-east-1) and one whose only call was refused (sent to another region's endpoint) stay unknown.
 */
class WhoDeletedRegionalServiceTest {
    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void load() throws IOException {
        Path file = dir.resolve("regional.jsonl");
        Files.writeString(file, String.join("\n",
                call("d1", "rds", "DeleteDBInstance", "us-east-1", "{\"dBInstanceIdentifier\":\"orders-db\","
                        + "\"skipFinalSnapshot\":true}"),
                call("d2", "backup", "DeleteBackupVault", "eu-west-1", "{\"backupVaultName\":\"prod-daily\"}"),
                call("d3", "backup", "DeleteBackupVault", "us-west-2", "{\"backupVaultName\":\"prod-daily\"}"),
                call("d4", "iam", "DeleteRole", "us-east-1", "{\"roleName\":\"orders-task\"}"),
                call("d5", "rds", "DeleteDBSnapshot", "us-west-2", "{\"dBSnapshotIdentifier\":\"orders-db-final\"}")
                        .replace("\"responseElements\":null", "\"errorCode\":\"DBSnapshotNotFound\",\"errorMessage\":"
                        + "\"DBSnapshot orders-db-final not found.\""),
                call("d6", "rds", "DeleteDBInstance", "eu-west-1", "{\"dBInstanceIdentifier\":\"orders-db\"}")
                        .replace("\"responseElements\":null", "\"errorCode\":\"DBInstanceNotFound\",\"errorMessage\":"
                        + "\"DBInstance orders-db not found.\"")) + "\n");
        store = IncidentStores.load(dir.resolve("regional.duckdb"), file);
    }

    @Test
    void theRegionThatRecordedARegionalServicesCallIsTheResources() {
        assertEquals(Map.of("lives_in", "us-east-1", "basis", "the region that recorded its rds.amazonaws.com calls: a"
                + " regional service takes the calls for its region's resources only"), lives("orders-db"));
    }

    @Test
    void twoRegionsAGlobalServiceOrARefusedCallTellNothing() {
        assertEquals("unknown", lives("prod-daily").get("lives_in"));
        assertEquals("unknown", lives("orders-task").get("lives_in"));
        assertEquals("unknown", lives("orders-db-final").get("lives_in"));
    }

    private static Map<String, Object> lives(String name) {
        InvestigationResult r;
        try (EventStore s = IncidentStores.read(store)) {
            r = new Investigator(s, IncidentStores.CLOCK).run("who-deleted", InvestigationArgs.of(name));
        }
        Map<String, Object> row = rows(r.section("resource_region")).get(0);
        return Map.of("lives_in", row.get("lives_in"), "basis", row.get("basis"));
    }

    private static String call(String id, String service, String name, String region, String parameters) {
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDACIDEPLOY\","
                + "\"arn\":\"arn:aws:iam::111122223333:user/ci-deploy\",\"accountId\":\"111122223333\",\"accessKeyId\":"
                + "\"AKIA5QXJ2RZLCIDEPLOY\",\"userName\":\"ci-deploy\"},\"eventTime\":\"2026-11-09T02:33:3" + id.charAt(1)
                + "Z\",\"eventSource\":\"" + service + ".amazonaws.com\",\"eventName\":\"" + name + "\",\"awsRegion\":\""
                + region + "\",\"sourceIPAddress\":\"185.220.101.47\",\"userAgent\":\"aws-cli/2.15.30\","
                + "\"requestParameters\":" + parameters + ",\"responseElements\":null,\"requestID\":\"R" + id + "\","
                + "\"eventID\":\"" + id + "\",\"readOnly\":false,\"eventType\":\"AwsApiCall\",\"managementEvent\":true,"
                + "\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Management\"}";
    }
}
