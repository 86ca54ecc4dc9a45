package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In a compute-abuse drill the correlation of an EC2 instance's credentials used from more than one public address
 * fired as '31 events by ASIAYDRILL8W10033XXX', its line showing the event that completed it: as often the instance's
 * own call from its own address (54.210.33.17) as the intruder's. Which addresses the key was used from was not said.
 * A value_count correlation's line now names the values it counted.
 */
class DetectCountedValuesTest {
    @TempDir
    Path dir;

    private static String call(String time, String ip, String name) {
        return "{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":"
                + "\"AROAYWEBAPPROLE7EXMPL:i-0a1b2c3d4e5f60718\",\"arn\":\"arn:aws:sts::111122223333:assumed-role/"
                + "web-app-role/i-0a1b2c3d4e5f60718\",\"accountId\":\"111122223333\",\"accessKeyId\":"
                + "\"ASIAYDRILL8W10033XXX\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"arn\":"
                + "\"arn:aws:iam::111122223333:role/web-app-role\"},\"ec2RoleDelivery\":\"2.0\"}},\"eventTime\":\"" + time
                + "\",\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"" + name + "\",\"awsRegion\":\"us-east-1\","
                + "\"sourceIPAddress\":\"" + ip + "\",\"userAgent\":\"aws-cli/2\",\"requestParameters\":null,"
                + "\"responseElements\":null,\"eventID\":\"" + ip + time + "\",\"readOnly\":true,\"eventType\":"
                + "\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"111122223333\"}";
    }

    @Test
    void aValueCountCorrelationNamesTheValuesItCounted() throws Exception {
        Path file = dir.resolve("events.jsonl");
        Files.writeString(file, String.join("\n", call("2026-11-09T02:10:00Z", "54.210.33.17", "DescribeTags"),
                call("2026-11-09T02:14:07Z", "185.220.101.47", "DescribeInstances"),
                call("2026-11-09T02:15:00Z", "54.210.33.17", "DescribeTags")) + "\n");
        Path store = dir.resolve("s.duckdb");
        Cli.run(store, "ingest", file.toString());
        Cli.Result r = Cli.run(store, "detect", "--format", "json");
        List<String> correlations = new ArrayList<>();
        for (JsonNode d : new ObjectMapper().readTree(r.out()).get("detections")) {
            if (d.get("rule").asText().endsWith("More Than One Public Address")) {
                correlations.add(d.get("correlation").asText());
            }
        }
        assertEquals(List.of("2 events by ASIAYDRILL8W10033XXX; sourceIPAddress: 185.220.101.47, 54.210.33.17"),
                correlations.subList(0, Math.min(1, correlations.size())), r.out());
    }
}
