package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.emulator.Emulator;
import io.trailkeeper.emulator.EmulatorConfig;
import io.trailkeeper.emulator.ScenarioBuilder;
import io.trailkeeper.emulator.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * watch --min-level chose the rules at the level or above and dropped the rest, among them the base rules of the
 * correlations it kept, as detect did before {@link RulesAtLevel}: under --min-level medium a burst of denied calls by
 * one principal (the medium correlation over an informational base rule) raised no alert.
 */
class WatchMinLevelTest {
    private static final Instant NOW = Cli.CLOCK.instant();

    @TempDir
    Path dir;

    private static String denied(Instant time, int i) {
        return "{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":"
                + "\"AIDAEXAMPLESVCBACKUP\",\"arn\":\"arn:aws:iam::123456789012:user/svc-backup\",\"accountId\":"
                + "\"123456789012\",\"accessKeyId\":\"AKIAEXAMPLESVCBACK01\",\"userName\":\"svc-backup\"},"
                + "\"eventTime\":\"" + time + "\",\"eventSource\":\"secretsmanager.amazonaws.com\",\"eventName\":"
                + "\"ListSecrets\",\"awsRegion\":\"eu-north-1\",\"sourceIPAddress\":\"185.220.101.47\",\"userAgent\":"
                + "\"aws-cli/2.15.30\",\"errorCode\":\"AccessDenied\",\"requestParameters\":null,\"eventID\":"
                + "\"7e57de1e-0000-4000-8000-0000000000" + String.format("%02d", i) + "\",\"readOnly\":true,"
                + "\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"123456789012\","
                + "\"eventCategory\":\"Management\"}";
    }

    @Test
    void aCorrelationAtTheLevelRaisesItsAlertOnBaseRulesBelowIt() throws Exception {
        ScenarioBuilder b = Scenario.builder().account("123456789012").now(NOW).enabledRegions("us-east-1", "eu-north-1");
        Instant start = NOW.minus(Duration.ofHours(2));
        for (int i = 0; i < 12; i++) {
            b.record(denied(start.plusSeconds(15L * i), i));
        }
        Path alerts = dir.resolve("alerts.jsonl");
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(b.build()).lookupRatePerSecond(50).build())) {
            Cli.Result r = Cli.run(dir.resolve("s.duckdb"), "watch", "--from", "lookup", "--once", "--endpoint-url",
                    emulator.endpoint().toString(), "--rate", "50", "--min-level", "medium",
                    "--alert", "jsonl:" + alerts);
            assertEquals(0, r.code(), r.toString());
        }
        String raised = Files.exists(alerts) ? Files.readString(alerts) : "";
        assertTrue(raised.contains("Burst Of AWS Access-Denied Errors By One Principal"), raised);
        assertFalse(raised.contains("\"title\":\"AWS Call Denied\""), "the base rule raises nothing: " + raised);
    }
}
