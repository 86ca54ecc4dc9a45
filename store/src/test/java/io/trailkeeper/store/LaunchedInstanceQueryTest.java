package io.trailkeeper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.events.TableCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who launched an instance found running: in a compute-abuse drill a responder finding g4dn.12xlarge i-09a40000000000003
 * in eu-central-1 asked query --resource for it and got no rows: the RunInstances that launched it names the image,
 * key pair and security group in its request, and the instances only in its response
 * (responseElements.instancesSet.items[].instanceId), which the store's resources do not hold. The RunInstances whose
 * response lists the id is found now, as naming it; one that launched other instances is not.
 */
class LaunchedInstanceQueryTest {
    @TempDir
    Path dir;

    private static String run(String time, String region, String instance) {
        return "{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"AssumedRole\",\"arn\":\"arn:aws:sts::"
                + "111122223333:assumed-role/web-app-role/i-0a1b2c3d4e5f60718\",\"accountId\":\"111122223333\","
                + "\"accessKeyId\":\"ASIAYDRILL8W10033XXX\"},\"eventTime\":\"" + time + "\",\"eventSource\":"
                + "\"ec2.amazonaws.com\",\"eventName\":\"RunInstances\",\"awsRegion\":\"" + region + "\","
                + "\"sourceIPAddress\":\"185.220.101.47\",\"userAgent\":\"aws-cli/2\",\"requestParameters\":{"
                + "\"instancesSet\":{\"items\":[{\"imageId\":\"ami-0dlami\",\"minCount\":2,\"maxCount\":2,\"keyName\":"
                + "\"deploy\"}]},\"instanceType\":\"g4dn.12xlarge\"},\"responseElements\":{\"reservationId\":\"r-0a\","
                + "\"instancesSet\":{\"items\":[{\"instanceId\":\"" + instance + "\",\"instanceType\":\"g4dn.12xlarge\"},"
                + "{\"instanceId\":\"" + instance.replace('3', '4') + "\",\"instanceType\":\"g4dn.12xlarge\"}]}},"
                + "\"eventID\":\"" + region + time + "\",\"readOnly\":false,\"eventType\":\"AwsApiCall\","
                + "\"managementEvent\":true,\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Management\"}";
    }

    @Test
    void theRunInstancesThatLaunchedAnInstanceIsFoundByItsId() throws Exception {
        Path file = dir.resolve("launches.jsonl");
        Files.writeString(file, String.join("\n", run("2026-11-09T02:36:14Z", "eu-central-1", "i-09a40000000000003"),
                run("2026-11-09T02:37:14Z", "ap-southeast-1", "i-09a50000000000003"),
                // another instance's StopInstances names it in the request: found as before
                "{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::111122223333:"
                        + "user/alice\",\"accountId\":\"111122223333\"},\"eventTime\":\"2026-11-10T09:00:00Z\","
                        + "\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"StopInstances\",\"awsRegion\":"
                        + "\"eu-central-1\",\"sourceIPAddress\":\"198.51.100.24\",\"requestParameters\":{"
                        + "\"instancesSet\":{\"items\":[{\"instanceId\":\"i-09a40000000000003\"}]}},\"responseElements\":"
                        + "null,\"eventID\":\"stop\",\"readOnly\":false,\"eventType\":\"AwsApiCall\","
                        + "\"recipientAccountId\":\"111122223333\"}") + "\n");
        try (EventStore store = TestStores.open(dir)) {
            TestStores.ingest(store, file);
        }
        EventQuery q = new EventQuery(null, null, null, null, null, null, null, null, "i-09a40000000000003", null,
                null, null, null);
        TableCollector rows = new TableCollector();
        try (EventStore store = TestStores.openReadOnly(dir)) {
            new EventSearch(store).events(q, List.of("event_name", "aws_region"), rows);
            assertEquals(0, new EventSearch(store).mayInclude(q), "the launch names it: no 'may include' note");
        }
        var t = rows.table("rows");
        assertEquals(List.of(List.of("RunInstances", "eu-central-1", PrefixMatch.NAMES_IT),
                List.of("StopInstances", "eu-central-1", PrefixMatch.NAMES_IT)), t.rows().stream()
                .map(r -> List.of(r.get(0), r.get(1), r.get(t.columns().indexOf(PrefixMatch.LABEL_COLUMN)))).toList());
    }
}
