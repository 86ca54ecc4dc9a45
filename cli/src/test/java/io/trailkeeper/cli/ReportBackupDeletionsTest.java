package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In an S3 ransomware drill the report's summary told the lifecycle rule, the bucket policy, the KMS keys and the
 * database deleted, but not one of the backups the intruder deleted first: AWS Backup's recovery points and vault, the
 * EBS snapshots, the RDS snapshots. A responder read that the database was gone, not that nothing was left to restore
 * it from. They are told now, as destructive calls, with who and where; the deletions AWS services make on their
 * retention schedule (Data Lifecycle Manager's snapshots, AWS Backup's recovery points, daily) are counted apart, as
 * they made the intruder's five recovery points read as fifteen deleted since the first of the month by two principals.
 */
class ReportBackupDeletionsTest {
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

    @Test
    void theServicesScheduledDeletionsAreCountedApart() throws Exception {
        IncidentRecords r = new IncidentRecords();
        String dlm = "arn:aws:sts::111122223333:assumed-role/AWSDataLifecycleManagerDefaultRole/DLMSession";
        String backup = "arn:aws:sts::111122223333:assumed-role/AWSBackupDefaultServiceRole/AWSBackup";
        for (int day = 1; day <= 3; day++) {
            r.call("2026-11-0" + day + "T06:02:00Z", "DeleteSnapshot", "ec2.amazonaws.com", "us-east-1", dlm, "DLM",
                    "ASIADLM000000000001", "dlm.amazonaws.com", Map.of("snapshotId", "snap-0d" + day), List.of(),
                    Map.of("userIdentity.type", "AssumedRole", "userIdentity.invokedBy", "dlm.amazonaws.com"));
            // recorded with the service as the caller only, not as the source
            r.call("2026-11-0" + day + "T05:12:00Z", "DeleteRecoveryPoint", "backup.amazonaws.com", "us-east-1", backup,
                    "AWSBackup", "ASIABACKUP0000000001", "AWS Internal", Map.of("backupVaultName", "prod-daily"),
                    List.of(), Map.of("userIdentity.type", "AssumedRole", "userIdentity.invokedBy",
                            "backup.amazonaws.com"));
        }
        r.call("2026-11-09T02:32:53Z", "DeleteSnapshot", "ec2.amazonaws.com", "us-east-1", INTRUDER, "ci-deploy",
                "AKIA5QXJ2RZLCIDEPLOY", IP, Map.of("snapshotId", "snap-0f3a9c1e2b4d5a6f7"), List.of(), Map.of());
        // a user claiming to be the service in the one field any caller sets is no service
        r.call("2026-11-09T02:33:00Z", "DeleteSnapshot", "ec2.amazonaws.com", "us-east-1", INTRUDER, "ci-deploy",
                "AKIA5QXJ2RZLCIDEPLOY", IP, Map.of("snapshotId", "snap-0c2d4e6f8a0b1c3d5"), List.of(),
                Map.of("userAgent", "dlm.amazonaws.com"));
        List<String> all = allSentences(r);
        assertEquals(List.of("DeleteSnapshot: 2 calls (2 succeeded): snap-0f3a9c1e2b4d5a6f7 by " + INTRUDER + " from "
                + IP + " in us-east-1 at 2026-11-09T02:32:53Z; snap-0c2d4e6f8a0b1c3d5 by " + INTRUDER + " from " + IP
                + " in us-east-1 at 2026-11-09T02:33:00Z."), all.stream().filter(s -> s.startsWith("Delete")).toList());
        assertEquals(List.of("Left out of the deletions: 6 snapshots and recovery points deleted by AWS services on"
                + " their retention schedule (backup.amazonaws.com DeleteRecoveryPoint x3, dlm.amazonaws.com"
                + " DeleteSnapshot x3); told by userIdentity.invokedBy or a service as the source, never the userAgent"
                + " (`trailkeeper query --event-name DeleteSnapshot --ip dlm.amazonaws.com` lists Data Lifecycle"
                + " Manager's)."), all.stream().filter(s -> s.startsWith("Left out of the deletions")).toList());
    }

    private List<String> summary(IncidentRecords records) throws Exception {
        return allSentences(records).stream().filter(s -> s.startsWith("Delete")).toList();
    }

    private List<String> allSentences(IncidentRecords records) throws Exception {
        return ReportSummary.of(dir, records);
    }
}
