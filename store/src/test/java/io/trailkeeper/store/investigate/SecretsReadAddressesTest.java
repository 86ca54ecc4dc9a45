package io.trailkeeper.store.investigate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.store.EventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stolen instance key's secrets: in a compute-abuse drill the web server's key was used from 185.220.101.47 to
 * launch instances, while the server itself read its database secret with the same key through a VPC endpoint
 * (10.0.1.23). key said the key 'was given the values of 1 secret' with nothing to tell whose reads they were: the
 * intruder's, to be rotated in haste, or the owner's. The note names the addresses that were given them.
 */
class SecretsReadAddressesTest {
    private static final String KEY = "ASIAYDRILL8W10034XXX";

    @TempDir
    Path dir;

    private static String call(String time, String ip, String source, String name, String request, String vpce) {
        return "{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":"
                + "\"AROAYWEBAPPROLE7EXMPL:i-0a1b2c3d4e5f60718\",\"arn\":\"arn:aws:sts::111122223333:assumed-role/"
                + "web-app-role/i-0a1b2c3d4e5f60718\",\"accountId\":\"111122223333\",\"accessKeyId\":\"" + KEY + "\"},"
                + "\"eventTime\":\"" + time + "\",\"eventSource\":\"" + source + "\",\"eventName\":\"" + name + "\","
                + "\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"" + ip + "\",\"userAgent\":\"aws-sdk-java/2\","
                + "\"requestParameters\":" + request + ",\"responseElements\":null,\"eventID\":\"" + ip + time + "\","
                + "\"readOnly\":" + name.startsWith("Get") + ",\"eventType\":\"AwsApiCall\",\"managementEvent\":true,"
                + (vpce == null ? "" : "\"vpcEndpointId\":\"" + vpce + "\",") + "\"recipientAccountId\":\"111122223333\","
                + "\"eventCategory\":\"Management\"}";
    }

    @Test
    void theAddressesGivenASecretAreNamed() throws Exception {
        String secret = "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/web/db-AbCdEf";
        List<String> lines = List.of(
                call("2026-11-09T06:27:49Z", "10.0.1.23", "secretsmanager.amazonaws.com", "GetSecretValue",
                        "{\"secretId\":\"" + secret + "\"}", "vpce-0a7c3e1f55d2b9e40"),
                call("2026-11-09T07:12:49Z", "10.0.1.23", "secretsmanager.amazonaws.com", "GetSecretValue",
                        "{\"secretId\":\"" + secret + "\"}", "vpce-0a7c3e1f55d2b9e40"),
                call("2026-11-09T08:50:07Z", "185.220.101.47", "ec2.amazonaws.com", "RunInstances",
                        "{\"instanceType\":\"g4dn.12xlarge\"}", null));
        Path file = dir.resolve("secrets.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        Path store = IncidentStores.load(dir.resolve("secrets.duckdb"), file);
        try (EventStore s = IncidentStores.read(store)) {
            List<String> notes = new Investigator(s, IncidentStores.CLOCK).run("key", InvestigationArgs.of(KEY))
                    .notes();
            assertEquals(List.of("key " + KEY + " was given the values of 1 secret or parameter (2 reads, in 1 region,"
                    + " from 10.0.1.23): " + secret + " (secrets_read lists them; rotate what they hold)"),
                    notes.stream().filter(n -> n.contains("was given the values")).toList());
        }
    }
}
