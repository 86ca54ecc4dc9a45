package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alarms on a trail's metric filters deleted, and AWS Config's delivery channel (found in a defense-evasion drill:
 * the summary told the DeleteLogGroup of the trail's log group beside them but not DeleteAlarms, which silences what
 * would have raised the tampering as it happened).
 */
class ReportMonitoringCallsTest {
    private static final String ATTACKER = "arn:aws:sts::111122223333:assumed-role/ci-deploy-role/gha-run-88121";

    @TempDir
    Path dir;

    @Test
    void deletedAlarmsAndConfigsDeliveryChannelAreToldAmongTheDestructiveCalls() throws Exception {
        IncidentRecords r = new IncidentRecords();
        r.call("2026-11-03T11:35:00Z", "DeleteDeliveryChannel", "config.amazonaws.com", "us-east-1", ATTACKER,
                "gha-run-88121", "ASIAYATTACKERSESS001", "203.0.113.45", Map.of("deliveryChannelName", "default"),
                List.of(), Map.of());
        r.call("2026-11-03T11:40:00Z", "DeleteAlarms", "monitoring.amazonaws.com", "us-east-1", ATTACKER,
                "gha-run-88121", "ASIAYATTACKERSESS001", "203.0.113.45", Map.of("alarmNames", "CloudTrailConfigChanges"),
                List.of(), Map.of());
        List<String> told = ReportSummary.of(dir, r).stream().filter(s -> s.startsWith("Delete"))
                .map(s -> s.substring(0, s.indexOf(':')))
                .toList();
        assertEquals(List.of("DeleteDeliveryChannel", "DeleteAlarms"), told);
    }
}
