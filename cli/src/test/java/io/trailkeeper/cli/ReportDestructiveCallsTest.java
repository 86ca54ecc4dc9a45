package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A destructive call made a few times by different principals (a scratch bucket removed by an engineer the day before,
 * the customer bucket by the attacker's session): the summary named the principals, IPs and regions as three
 * separate lists, so the engineer read as deleting from the attacker's IP. A few calls are told one by one, who and
 * where together; more are told together as before, and a fourth name is said to exist ("and others"), where the
 * sentence used to name three of four buckets without a word. (Found in a drill.)
 */
class ReportDestructiveCallsTest {
    private static final String ENGINEER = "arn:aws:iam::111122223333:user/p.nowak";
    private static final String ATTACKER = "arn:aws:sts::444455556666:assumed-role/DataAdmin/backup-sync-2";

    @TempDir
    Path dir;

    private List<String> summary(IncidentRecords records) throws Exception {
        return ReportSummary.of(dir, records).stream().filter(s -> s.startsWith("DeleteBucket:")).toList();
    }

    private static IncidentRecords deleted(IncidentRecords r, String time, String bucket, String region, String arn,
                                           String ip) {
        return r.call(time, "DeleteBucket", "s3.amazonaws.com", region, arn, arn.substring(arn.lastIndexOf('/') + 1),
                "ASIAEXAMPLE000000001", ip, Map.of("bucketName", bucket), List.of("arn:aws:s3:::" + bucket), Map.of());
    }

    @Test
    void eachOfAFewCallsIsToldWithItsOwnWhoAndWhere() throws Exception {
        IncidentRecords r = new IncidentRecords();
        deleted(r, "2026-03-03T14:03:00Z", "acme-tmp-scratch", "us-east-1", ENGINEER, "203.0.113.22");
        deleted(r, "2026-03-05T00:08:00Z", "acme-customer-exports", "us-west-2", ATTACKER, "185.220.101.47");
        assertEquals(List.of("DeleteBucket: 2 calls (2 succeeded): acme-tmp-scratch by " + ENGINEER
                + " from 203.0.113.22 in us-east-1 at 2026-03-03T14:03:00Z; acme-customer-exports by " + ATTACKER
                + " from 185.220.101.47 in us-west-2 at 2026-03-05T00:08:00Z."), summary(r));
    }

    @Test
    void manyCallsAreToldTogether() throws Exception {
        IncidentRecords r = new IncidentRecords();
        for (int i = 0; i < 4; i++) {
            deleted(r, "2026-03-05T00:0" + i + ":00Z", "b" + i, "us-west-2", ATTACKER, "185.220.101.47");
        }
        assertEquals(List.of("DeleteBucket: 4 calls (4 succeeded) by " + ATTACKER + " from 185.220.101.47 in"
                + " us-west-2, first at 2026-03-05T00:00:00Z, last at 2026-03-05T00:03:00Z; naming b0, b1, b2 and"
                + " others."), summary(r));
    }

    /**
     * A bucket's server access logging switched off (PutBucketLogging whose BucketLoggingStatus holds no
     * LoggingEnabled, as S3 records it) destroys the record of the bucket's reads, and who-deleted lists it; the
     * report's list of destructive calls did not name it. One that turns logging on, or points it elsewhere, is not
     * told.
     */
    @Test
    void accessLoggingSwitchedOffIsToldAndTurnedOnIsNot() throws Exception {
        IncidentRecords r = new IncidentRecords();
        String xmlns = "\"xmlns\":\"http://s3.amazonaws.com/doc/2006-03-01/\"";
        r.call("2026-03-04T10:00:00Z", "PutBucketLogging", "s3.amazonaws.com", "us-east-1", ENGINEER, "p.nowak",
                "AKIAPTGZ6JFEBZSDOXRL", "203.0.113.22", Map.of("bucketName", "acme-web", "logging", ""),
                List.of("arn:aws:s3:::acme-web"), Map.of()).withRequest("BucketLoggingStatus", "{" + xmlns
                + ",\"LoggingEnabled\":{\"TargetBucket\":\"acme-logs\",\"TargetPrefix\":\"web/\"}}");
        r.call("2026-03-05T00:04:00Z", "PutBucketLogging", "s3.amazonaws.com", "us-west-2", ATTACKER,
                "backup-sync-2", "ASIAEXAMPLE000000001", "185.220.101.47", Map.of("bucketName", "customer-data",
                        "logging", ""), List.of("arn:aws:s3:::customer-data"), Map.of())
                .withRequest("BucketLoggingStatus", "{" + xmlns + "}");
        List<String> told = ReportSummary.of(dir, r).stream().filter(s -> s.startsWith("PutBucketLogging")).toList();
        assertEquals(List.of("PutBucketLogging (server access logging switched off): 1 call (1 succeeded) by "
                + ATTACKER + " from 185.220.101.47 in us-west-2, at 2026-03-05T00:04:00Z; naming customer-data."),
                told);
    }

    @Test
    void aDeletedAccessKeyIsTold() throws Exception {
        // an intruder's clean-up: the key they made for another user, deleted with the leaked one (a data-theft drill)
        IncidentRecords r = new IncidentRecords();
        r.call("2026-03-11T16:08:00Z", "DeleteAccessKey", "iam.amazonaws.com", "us-east-1", ENGINEER, "p.nowak",
                "AKIAPTGZ6JFEBZSDOXRL", "198.51.100.77", Map.of("userName", "svc-backup", "accessKeyId",
                        "AKIAGQNBQRMKTSXFVYPL"), List.of(), Map.of());
        List<String> told = ReportSummary.of(dir, r).stream().filter(s -> s.startsWith("DeleteAccessKey:")).toList();
        assertEquals(List.of("DeleteAccessKey: 1 call (1 succeeded) by " + ENGINEER + " from 198.51.100.77 in us-east-1,"
                + " at 2026-03-11T16:08:00Z; naming AKIAGQNBQRMKTSXFVYPL, svc-backup."), told);
    }
}
