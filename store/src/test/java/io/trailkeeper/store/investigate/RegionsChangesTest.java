package io.trailkeeper.store.investigate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.store.EventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In a compute-abuse drill a stolen instance session set up in regions the account never worked in (key pairs,
 * security groups, GPU instances in eu-central-1, sa-east-1...), while a scanner read every region daily and the
 * instances' own calls made up 93% of the events: regions --since the day called every region but us-east-1 unusual
 * (under 1% of the events), the scanner's read-only regions and the CI role's usual us-west-2 as much as those of the
 * intrusion. The regions where people changed something and changed nothing in the 30 days before are now told
 * apart.
 */
class RegionsChangesTest {
    @TempDir
    Path dir;

    private static String call(String time, String region, String ip, String name, boolean readOnly, int i) {
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":\"AROAX:s\","
                + "\"arn\":\"arn:aws:sts::111122223333:assumed-role/r/s\",\"accountId\":\"111122223333\","
                + "\"accessKeyId\":\"ASIAX\"},\"eventTime\":\"" + time + "\",\"eventSource\":\"ec2.amazonaws.com\","
                + "\"eventName\":\"" + name + "\",\"awsRegion\":\"" + region + "\",\"sourceIPAddress\":\"" + ip + "\","
                + "\"userAgent\":\"aws-cli/2\",\"requestParameters\":null,\"responseElements\":null,\"eventID\":\""
                + region + time + i + "\",\"readOnly\":" + readOnly + ",\"eventType\":\"AwsApiCall\","
                + "\"managementEvent\":true,\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Management\"}";
    }

    @Test
    void theRegionsChangedWhereNobodyChangedAnythingBeforeAreToldApart() throws Exception {
        List<String> lines = new ArrayList<>();
        String[] regions = {"us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "sa-east-1", "ap-south-1"};
        for (int day = 10; day <= 20; day++) {
            String d = "2026-10-" + day;
            for (int i = 0; i < 200; i++) { // the instances' own calls: almost every event
                lines.add(call(d + "T01:00:00Z", "us-east-1", "54.210.33.17", "UpdateInstanceInformation", false, i));
            }
            for (String r : regions) { // a scanner reads every region
                lines.add(call(d + "T03:00:00Z", r, "52.94.133.9", "DescribeInstances", true, 0));
            }
            lines.add(call(d + "T14:00:00Z", "us-west-2", "3.91.204.18", "RunInstances", false, 0)); // CI
        }
        String day = "2026-11-09";
        for (int i = 0; i < 200; i++) {
            lines.add(call(day + "T01:00:00Z", "us-east-1", "54.210.33.17", "UpdateInstanceInformation", false, i));
        }
        for (String r : regions) {
            lines.add(call(day + "T03:00:00Z", r, "52.94.133.9", "DescribeInstances", true, 0));
        }
        lines.add(call(day + "T14:00:00Z", "us-west-2", "3.91.204.18", "RunInstances", false, 0));
        lines.add(call(day + "T02:36:00Z", "eu-central-1", "185.220.101.47", "ImportKeyPair", false, 0));
        lines.add(call(day + "T02:36:10Z", "eu-central-1", "185.220.101.47", "RunInstances", false, 0));
        lines.add(call(day + "T02:39:10Z", "sa-east-1", "185.220.101.47", "RunInstances", false, 0));
        lines.add(call(day + "T02:15:10Z", "ap-south-1", "185.220.101.47", "DescribeVpcs", true, 0));
        Path file = dir.resolve("regions.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        Path store = IncidentStores.load(dir.resolve("regions.duckdb"), file);
        try (EventStore s = IncidentStores.read(store)) {
            List<String> notes = new Investigator(s, IncidentStores.CLOCK).run("regions", InvestigationArgs.none()
                    .withWindow(Instant.parse("2026-11-09T00:00:00Z"), Instant.parse("2026-11-10T00:00:00Z")))
                    .notes();
            assertEquals(List.of("changes (calls not read-only, refused ones too) by principals other than AWS"
                    + " services were made in 2 regions where they made none in the 30 days before: eu-central-1 (2),"
                    + " sa-east-1 (1); 3 calls in all: where an intruder sets up out of sight (investigate timeline"
                    + " and query --region REGION --write tell who and what)"),
                    notes.stream().filter(n -> n.startsWith("changes (")).toList());
        }
    }
}
