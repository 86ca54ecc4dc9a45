package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --min-level chose the rules at the level or above and dropped the rest, among them the base rules of the
 * correlations it kept (informational or low: they raise nothing of their own), so every correlation of the bundled
 * pack was silently off under --min-level medium: in a drill, the 12 denied ListSecrets of one key in 3 minutes went
 * untold by the medium burst rule, and the demo (which runs detect --min-level medium) never shows a correlation.
 */
class DetectMinLevelTest {
    @TempDir
    Path dir;

    @Test
    void aCorrelationAtTheLevelFiresOnItsBaseRulesBelowIt() throws Exception {
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            records.add("{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":"
                    + "\"AIDAEXAMPLESVCBACKUP\",\"arn\":\"arn:aws:iam::111122223333:user/svc-backup\",\"accountId\":"
                    + "\"111122223333\",\"accessKeyId\":\"AKIAEXAMPLESVCBACK01\",\"userName\":\"svc-backup\"},"
                    + "\"eventTime\":\"2026-03-04T22:" + (11 + i * 15 / 60) + ":" + String.format("%02d", i * 15 % 60)
                    + "Z\",\"eventSource\":\"secretsmanager.amazonaws.com\",\"eventName\":\"ListSecrets\",\"awsRegion\":"
                    + "\"eu-north-1\",\"sourceIPAddress\":\"185.220.101.47\",\"userAgent\":\"aws-cli/2.15.30\","
                    + "\"errorCode\":\"AccessDenied\",\"requestParameters\":null,\"eventID\":\"denied-" + i + "\","
                    + "\"eventType\":\"AwsApiCall\",\"recipientAccountId\":\"111122223333\",\"eventCategory\":"
                    + "\"Management\"}");
        }
        Path file = Files.writeString(dir.resolve("denied.jsonl"), String.join("\n", records) + "\n");
        Path store = dir.resolve("s.duckdb");
        Cli.Result ingest = Cli.run(store, "ingest", file.toString());
        assertEquals(0, ingest.code(), ingest.toString());

        Cli.Result medium = Cli.run(store, "detect", "--min-level", "medium", "--format", "csv");
        assertEquals(0, medium.code(), medium.toString());
        assertTrue(medium.out().contains(",Burst Of AWS Access-Denied Errors By One Principal,TrailKeeper,"),
                medium.out());
        assertFalse(medium.out().contains(",AWS Call Denied,"), "the base rule raises nothing: " + medium.out());
        Cli.Result high = Cli.run(store, "detect", "--min-level", "high", "--format", "csv");
        assertEquals(0, high.code(), high.toString());
        assertFalse(high.out().contains("Access-Denied") || high.out().contains("AWS Call Denied"), high.out());
    }
}
