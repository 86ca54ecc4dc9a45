package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The summary named the rules that matched in the order they first matched: in an S3 ransomware drill, eleven rules
 * led by an operator's routine lifecycle change of the week before (medium), the SSE-C encryption of 180 objects
 * (high) sixth. The most severe come first now, in the order first matched within a level.
 */
class ReportDetectionsBySeverityTest {
    private static final String OPERATOR = "arn:aws:iam::111122223333:user/jane.doe";
    private static final String INTRUDER = "arn:aws:iam::111122223333:user/ci-deploy";

    @TempDir
    Path dir;

    @Test
    void theMostSevereRulesAreNamedFirst() throws Exception {
        IncidentRecords r = new IncidentRecords();
        r.call("2026-11-05T10:14:00Z", "PutBucketLifecycle", "s3.amazonaws.com", "us-east-1", OPERATOR, "jane.doe",
                "AKIAEXAMPLEJANEDOE01", "198.51.100.23", Map.of("bucketName", "acme-app-logs"),
                List.of("arn:aws:s3:::acme-app-logs"), Map.of());
        for (int i = 0; i < 2; i++) {
            r.call("2026-11-09T02:16:3" + i + "Z", "CopyObject", "s3.amazonaws.com", "us-west-2", INTRUDER, "ci-deploy",
                    "AKIA5QXJ2RZLCIDEPLOY", "185.220.101.47", Map.of("bucketName", "acme-prod-customer-data", "key",
                            "customers/0000" + i + ".json", "x-amz-server-side-encryption-customer-algorithm", "AES256"),
                    List.of("arn:aws:s3:::acme-prod-customer-data"), Map.of("eventCategory", "Data"));
        }
        List<String> sentence = ReportSummary.of(dir, r).stream().filter(s -> s.contains(" detections of ")).toList();
        assertEquals(List.of("3 detections of 2 rules: S3 Object Written With A Customer-Provided Encryption Key"
                + " (SSE-C) (high, 2 matches, by TrailKeeper); S3 Bucket Lifecycle Changed (medium, 1 match, by"
                + " TrailKeeper)."), sentence);
    }
}
