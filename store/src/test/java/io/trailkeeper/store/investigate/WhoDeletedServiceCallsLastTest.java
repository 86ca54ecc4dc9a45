package io.trailkeeper.store.investigate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.store.EventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * who-deleted of a backup vault told its first five successful deletions, oldest first: in an S3 ransomware drill those
 * were AWS Backup expiring recovery points every day (through backup.amazonaws.com), and the intruder's deletion of
 * the recovery points and of the vault itself was left in 'and 11 more successful calls'. The calls a principal made
 * itself are told first now, and the rest are said to be a service's.
 */
class WhoDeletedServiceCallsLastTest {
    private static final String INTRUDER = "{\"type\":\"IAMUser\",\"principalId\":\"AIDACIDEPLOY\",\"arn\":"
            + "\"arn:aws:iam::111122223333:user/ci-deploy\",\"accountId\":\"111122223333\",\"accessKeyId\":"
            + "\"AKIA5QXJ2RZLCIDEPLOY\",\"userName\":\"ci-deploy\"}";
    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void load() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int day = 1; day <= 7; day++) {
            lines.add(call("s" + day, "2026-11-0" + day + "T05:12:00Z", "DeleteRecoveryPoint", "{\"type\":\"AssumedRole\","
                    + "\"principalId\":\"AROABACKUP:AWSBackup\",\"arn\":\"arn:aws:sts::111122223333:assumed-role/"
                    + "AWSBackupDefaultServiceRole/AWSBackup\",\"accountId\":\"111122223333\",\"accessKeyId\":"
                    + "\"ASIABACKUP00000000" + day + "\",\"invokedBy\":\"backup.amazonaws.com\"}", "backup.amazonaws.com"));
        }
        lines.add(call("a1", "2026-11-09T02:31:58Z", "DeleteRecoveryPoint", INTRUDER, "185.220.101.47"));
        lines.add(call("a2", "2026-11-09T02:32:23Z", "DeleteBackupVault", INTRUDER, "185.220.101.47"));
        Path file = dir.resolve("vault.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        store = IncidentStores.load(dir.resolve("vault.duckdb"), file);
    }

    @Test
    void thePrincipalsOwnDeletionsAreToldBeforeTheServices() {
        InvestigationResult r;
        try (EventStore s = IncidentStores.read(store)) {
            r = new Investigator(s, IncidentStores.CLOCK).run("who-deleted", InvestigationArgs.of("prod-daily"));
        }
        List<String> told = r.notes().stream().filter(n -> n.contains(" of prod-daily succeeded at "))
                .map(n -> n.substring(0, n.indexOf(": by"))).toList();
        assertEquals(List.of("DeleteRecoveryPoint of prod-daily succeeded at 2026-11-09T02:31:58Z",
                "DeleteBackupVault of prod-daily succeeded at 2026-11-09T02:32:23Z",
                "DeleteRecoveryPoint of prod-daily succeeded at 2026-11-01T05:12:00Z",
                "DeleteRecoveryPoint of prod-daily succeeded at 2026-11-02T05:12:00Z",
                "DeleteRecoveryPoint of prod-daily succeeded at 2026-11-03T05:12:00Z"), told);
        assertEquals(List.of("and 4 more successful calls among the deletions shown (4 of them made through an AWS"
                + " service: invoked_by)"), r.notes().stream().filter(n -> n.startsWith("and ")).toList());
    }

    private static String call(String id, String time, String name, String identity, String ip) {
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":" + identity + ",\"eventTime\":\"" + time + "\","
                + "\"eventSource\":\"backup.amazonaws.com\",\"eventName\":\"" + name + "\",\"awsRegion\":\"us-east-1\","
                + "\"sourceIPAddress\":\"" + ip + "\",\"userAgent\":\"" + ip + "\",\"requestParameters\":{"
                + "\"backupVaultName\":\"prod-daily\"" + (name.equals("DeleteRecoveryPoint") ? ",\"recoveryPointArn\":"
                + "\"arn:aws:ec2:us-east-1::snapshot/snap-0b00000000000000" + id.charAt(1) + "\"" : "") + "},"
                + "\"responseElements\":null,\"requestID\":\"R" + id + "\",\"eventID\":\"" + id + "\",\"readOnly\":false,"
                + "\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"111122223333\","
                + "\"eventCategory\":\"Management\"}";
    }
}
