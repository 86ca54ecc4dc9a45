package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In an S3 ransomware drill the report's summary told the lifecycle rule, the bucket policy, the KMS keys and the
 * database deleted, but not one of the backups the intruder deleted first: AWS Backup's recovery points and vault, the
 * EBS snapshots, the RDS snapshots. A responder read that the database was gone, not that nothing was left to restore
 * it from. They are told now, as destructive calls, with who and where.
 */
class ReportBackupDeletionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INTRUDER = "arn:aws:iam::111122223333:user/ci-deploy";
    private static final String IP = "185.220.101.47";

    @TempDir
    Path dir;

    @Test
    void deletedBackupsAndSnapshotsAreToldInTheSummary() throws Exception {
        IncidentRecords r = new IncidentRecords();
        r.call("2026-11-09T02:31:58Z", "DeleteRecoveryPoint", "backup.amazonaws.com", "us-east-1", INTRUDER,
                "ci-deploy", "AKIA5QXJ2RZLCIDEPLOY", IP, Map.of("backupVaultName", "prod-daily", "recoveryPointArn",
                        "arn:aws:ec2:us-east-1::snapshot/snap-0b000000000000001"), List.of(), Map.of());
        r.call("2026-11-09T02:32:23Z", "DeleteBackupVault", "backup.amazonaws.com", "us-east-1", INTRUDER,
                "ci-deploy", "AKIA5QXJ2RZLCIDEPLOY", IP, Map.of("backupVaultName", "prod-daily"), List.of(), Map.of());
        r.call("2026-11-09T02:32:53Z", "DeleteSnapshot", "ec2.amazonaws.com", "us-east-1", INTRUDER, "ci-deploy",
                "AKIA5QXJ2RZLCIDEPLOY", IP, Map.of("snapshotId", "snap-0f3a9c1e2b4d5a6f7"), List.of(), Map.of());
        r.call("2026-11-09T02:33:17Z", "DeleteDBSnapshot", "rds.amazonaws.com", "us-east-1", INTRUDER, "ci-deploy",
                "AKIA5QXJ2RZLCIDEPLOY", IP, Map.of("dBSnapshotIdentifier", "orders-db-2026-11-07"), List.of(),
                Map.of());
        assertEquals(List.of(
                "DeleteBackupVault: 1 call (1 succeeded) by " + INTRUDER + " from " + IP + " in us-east-1, at"
                        + " 2026-11-09T02:32:23Z; naming prod-daily.",
                "DeleteRecoveryPoint: 1 call (1 succeeded) by " + INTRUDER + " from " + IP + " in us-east-1, at"
                        + " 2026-11-09T02:31:58Z; naming prod-daily, arn:aws:ec2:us-east-1::snapshot/"
                        + "snap-0b000000000000001.",
                "DeleteDBSnapshot: 1 call (1 succeeded) by " + INTRUDER + " from " + IP + " in us-east-1, at"
                        + " 2026-11-09T02:33:17Z; naming orders-db-2026-11-07.",
                "DeleteSnapshot: 1 call (1 succeeded) by " + INTRUDER + " from " + IP + " in us-east-1, at"
                        + " 2026-11-09T02:32:53Z; naming snap-0f3a9c1e2b4d5a6f7."), summary(r));
    }

    private List<String> summary(IncidentRecords records) throws Exception {
        Path store = dir.resolve("store.duckdb");
        Cli.Result r = Cli.run(store, "ingest", records.write(dir.resolve("records/trail.json")).toString());
        assertEquals(0, r.code(), r.toString());
        r = Cli.run(store, "--format", "json", "report", "--out", "-");
        assertEquals(0, r.code(), r.toString());
        return StreamSupport.stream(JSON.readTree(r.out()).get("summary").spliterator(), false)
                .map(JsonNode::asText).filter(s -> s.startsWith("Delete")).toList();
    }
}
