package io.trailkeeper.detect.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.events.CloudTrailEvent;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * An S3 ransomware and data destruction drill run through the whole bundled pack (drill/s3_ransomware.jsonl): a
 * leaked IAM user key from 185.220.101.47 suspends a bucket's versioning, expires its old versions, rewrites its
 * objects with a key of its own (SSE-C), moves another bucket's default encryption to a KMS key of its own account,
 * deletes backups, snapshots and a database without a final snapshot, locks the owner out of a KMS key and schedules
 * its deletion. Beside it, the benign look-alikes of ten days: an operator's lifecycle rule (Glacier after 30 days,
 * old versions expired after 90), versioning enabled,
 * default encryption with the account's own key, a test key retired, one snapshot deleted; Data Lifecycle Manager
 * and AWS Backup deleting what expired; KMS rotating keys; CI copying objects with SSE-S3.
 */
class S3RansomwareDrillTest {
    private static final String ATTACKER_IP = "185.220.101.47";
    /** The rules written for this drill: before them, the pack told only the lifecycle and the two policies. */
    private static final Set<String> DESTRUCTION_RULES = Set.of(
            "S3 Object Written With A Customer-Provided Encryption Key (SSE-C)",
            "S3 Bucket Versioning Suspended",
            "S3 Bucket Lifecycle Rule Expiring Objects Or Old Versions Within Days",
            "S3 Bucket Default Encryption Set To Another Account's KMS Key",
            "AWS Backup Recovery Points, Vault Or Plan Deleted",
            "Many Snapshots Or Backups Deleted By One Principal",
            "RDS Database Deleted Without A Final Snapshot",
            "AWS KMS Key Scheduled For Deletion Or Disabled",
            "AWS KMS Key Policy Written Past The Lockout Safety Check");

    @Test
    void everyDestructiveStepOfTheAttackIsTold() {
        Map<String, Integer> fired = fired(e -> ATTACKER_IP.equals(e.sourceIp()));
        // 11 snapshots and recovery points deleted within two minutes: the correlation fires twice (4 and 4 more)
        assertEquals(new TreeMap<>(Map.of(
                "S3 Object Written With A Customer-Provided Encryption Key (SSE-C)", 12,
                "S3 Bucket Versioning Suspended", 1,
                "S3 Bucket Lifecycle Rule Expiring Objects Or Old Versions Within Days", 1,
                "S3 Bucket Default Encryption Set To Another Account's KMS Key", 1,
                "AWS Backup Recovery Points, Vault Or Plan Deleted", 6,
                "Many Snapshots Or Backups Deleted By One Principal", 2,
                "RDS Database Deleted Without A Final Snapshot", 1,
                "AWS KMS Key Scheduled For Deletion Or Disabled", 2,
                "AWS KMS Key Policy Written Past The Lockout Safety Check", 1)), only(fired, DESTRUCTION_RULES));
    }

    @Test
    void theBenignLookAlikesRaiseOnlyTheOperatorsKeyDeletion() {
        Map<String, Integer> fired = fired(e -> !ATTACKER_IP.equals(e.sourceIp()));
        // the operator's ScheduleKeyDeletion of a test key is a key deletion all the same: told, at medium
        assertEquals(Map.of("AWS KMS Key Scheduled For Deletion Or Disabled", 1), only(fired, DESTRUCTION_RULES));
    }

    private static Map<String, Integer> only(Map<String, Integer> fired, Set<String> titles) {
        Map<String, Integer> kept = new TreeMap<>(fired);
        kept.keySet().retainAll(titles);
        return kept;
    }

    /** The matches of the bundled pack over the drill's records that the filter keeps, counted by rule title. */
    private static Map<String, Integer> fired(Predicate<CloudTrailEvent> which) {
        Map<String, Integer> fired = new TreeMap<>();
        PackFiles.bundledMatches(PackFiles.records("/drill/s3_ransomware.jsonl").stream().filter(which).toList())
                .forEach(m -> fired.merge(m.rule().title(), 1, Integer::sum));
        return fired;
    }
}
