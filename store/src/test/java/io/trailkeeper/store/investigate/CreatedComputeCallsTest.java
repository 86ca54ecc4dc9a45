package io.trailkeeper.store.investigate;

import static io.trailkeeper.store.investigate.IncidentStores.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.store.EventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compute an intruder takes beside RunInstances: in a compute-abuse drill the stolen instance session raised the
 * quota of P instances in three regions (RequestServiceQuotaIncrease), started a batch instance again after replacing
 * its user data (StartInstances), ran a shell script on two instances (SSM SendCommand) and opened a shell on one
 * (StartSession). key and actor's created list, by its verbs (Create*, Run*, Modify*, Stop*...), held the
 * StopInstances and the ModifyInstanceAttribute but none of these; a spot request (RequestSpotInstances) would have
 * been left out too. They are listed now; a routine read (DescribeInstances) and a refused call still are not.
 */
class CreatedComputeCallsTest {
    private static final String KEY = "ASIAYDRILL8W10033XXX";

    @TempDir
    Path dir;

    private static String call(String time, String source, String name, String region, String error) {
        return "{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"AssumedRole\",\"arn\":\"arn:aws:sts::"
                + "111122223333:assumed-role/web-app-role/i-0a1b2c3d4e5f60718\",\"accountId\":\"111122223333\","
                + "\"accessKeyId\":\"" + KEY + "\"},\"eventTime\":\"" + time + "\",\"eventSource\":\"" + source + "\","
                + "\"eventName\":\"" + name + "\",\"awsRegion\":\"" + region + "\",\"sourceIPAddress\":"
                + "\"185.220.101.47\",\"userAgent\":\"aws-cli/2\"," + (error == null ? "" : "\"errorCode\":\"" + error
                + "\",") + "\"requestParameters\":{\"instanceId\":\"i-0b47c4b4e11ab0001\"},\"responseElements\":null,"
                + "\"eventID\":\"" + name + time + "\",\"readOnly\":" + name.startsWith("Describe") + ",\"eventType\":"
                + "\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"111122223333\"}";
    }

    @Test
    void quotasSpotRequestsStartsCommandsAndShellsAreAmongWhatWasCreatedOrChanged() throws Exception {
        List<String> lines = List.of(
                call("2026-11-09T02:23:07Z", "servicequotas.amazonaws.com", "RequestServiceQuotaIncrease", "eu-west-1",
                        null),
                call("2026-11-09T02:24:07Z", "ec2.amazonaws.com", "RequestSpotInstances", "eu-west-1", null),
                call("2026-11-09T02:25:07Z", "ec2.amazonaws.com", "DescribeInstances", "eu-west-1", null),
                call("2026-11-09T02:57:07Z", "ec2.amazonaws.com", "StartInstances", "us-east-1", null),
                call("2026-11-09T03:04:07Z", "ssm.amazonaws.com", "SendCommand", "us-east-1", null),
                call("2026-11-09T03:05:07Z", "ssm.amazonaws.com", "StartSession", "us-east-1", null),
                call("2026-11-09T03:06:07Z", "ssm.amazonaws.com", "StartSession", "us-east-1", "AccessDeniedException"));
        Path file = dir.resolve("compute.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        Path store = IncidentStores.load(dir.resolve("compute.duckdb"), file);
        try (EventStore s = IncidentStores.read(store)) {
            InvestigationResult r = new Investigator(s, IncidentStores.CLOCK).run("key", InvestigationArgs.of(KEY));
            assertEquals(List.of("RequestServiceQuotaIncrease", "RequestSpotInstances", "StartInstances", "SendCommand",
                    "StartSession"), rows(r.section("created")).stream().map(m -> m.get("call")).toList());
        }
    }
}
