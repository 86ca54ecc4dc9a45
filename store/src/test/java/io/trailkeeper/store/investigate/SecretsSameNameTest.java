package io.trailkeeper.store.investigate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.store.EventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deleted-trail drill: the stolen CI key read its SSM parameter /app/config in us-east-1 and in us-west-2 every day,
 * and key said it 'was given the values of 2 secrets or parameters ...: /app/config, /app/config': two parameters,
 * one name, and which is which could not be read. A name found in more than one region is named with its region.
 */
class SecretsSameNameTest {
    private static final String KEY = "AKIAQCIDEPLOY0STOLEN";

    @TempDir
    Path dir;

    private static String read(String time, String region, String source, String name, String request) {
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDAQCIDEPLOY\","
                + "\"arn\":\"arn:aws:iam::123456789012:user/ci-deploy\",\"accountId\":\"123456789012\",\"accessKeyId\":\""
                + KEY + "\",\"userName\":\"ci-deploy\"},\"eventTime\":\"" + time + "\",\"eventSource\":\"" + source
                + "\",\"eventName\":\"" + name + "\",\"awsRegion\":\"" + region + "\",\"sourceIPAddress\":"
                + "\"203.0.113.10\",\"userAgent\":\"aws-cli/2\",\"requestParameters\":" + request + ","
                + "\"responseElements\":null,\"eventID\":\"" + region + time + "\",\"readOnly\":true,\"eventType\":"
                + "\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"123456789012\","
                + "\"eventCategory\":\"Management\"}";
    }

    @Test
    void aNameReadInTwoRegionsIsNamedWithEachRegion() throws Exception {
        Path file = dir.resolve("reads.jsonl");
        Files.writeString(file, String.join("\n", List.of(
                read("2026-03-08T09:00:00Z", "us-east-1", "ssm.amazonaws.com", "GetParameter", "{\"name\":\"/app/config\"}"),
                read("2026-03-08T10:00:00Z", "us-west-2", "ssm.amazonaws.com", "GetParameter", "{\"name\":\"/app/config\"}"),
                read("2026-03-08T11:00:00Z", "us-west-2", "ssm.amazonaws.com", "GetParameter", "{\"name\":\"/app/config\"}"),
                read("2026-03-08T12:00:00Z", "us-east-1", "secretsmanager.amazonaws.com", "GetSecretValue",
                        "{\"secretId\":\"prod/db-password\"}"))) + "\n");
        Path store = IncidentStores.load(dir.resolve("reads.duckdb"), file);
        try (EventStore s = IncidentStores.read(store)) {
            List<String> notes = new Investigator(s, IncidentStores.CLOCK).run("key", InvestigationArgs.of(KEY)).notes()
                    .stream().filter(n -> n.contains("was given the values")).toList();
            assertEquals(List.of("key " + KEY + " was given the values of 3 secrets or parameters (4 reads, in 2 regions,"
                    + " from 203.0.113.10): /app/config in us-west-2, /app/config in us-east-1, prod/db-password"
                    + " (secrets_read lists them; rotate what they hold)"), notes);
        }
    }
}
