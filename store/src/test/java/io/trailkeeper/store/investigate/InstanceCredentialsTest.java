package io.trailkeeper.store.investigate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.store.EventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compute abuse after an EC2 instance's credentials were stolen: in a drill, a web server's role session
 * (assumed-role/web-app-role/i-0a1b2c3d4e5f60718, a new key every 6 hours) was read through a request forgery and used
 * from 185.220.101.47 while the instance went on using the same key from 54.210.33.17 and through a VPC endpoint
 * (10.0.1.23). key of the stolen key said nothing of the outside address (a new network is told only a day or more
 * after a key's first call: an instance key is stolen and used within its hours), actor told it as a new network only,
 * its regions cut at 160 characters, and neither said what it means for an instance's session: its credentials were
 * taken from the instance. Both say it now, with the instance's own address and every region.
 */
class InstanceCredentialsTest {
    private static final String SESSION = "arn:aws:sts::111122223333:assumed-role/web-app-role/i-0a1b2c3d4e5f60718";
    private static final String[] REGIONS = {"us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1",
        "eu-central-1", "eu-west-1", "eu-west-2", "eu-west-3", "eu-north-1", "ap-south-1", "ap-northeast-1"};

    @TempDir
    Path dir;

    private static String call(String session, String key, String time, String ip, String region, String name,
            String error) {
        return "{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":"
                + "\"AROAYWEBAPPROLE7EXMPL:" + session.substring(session.lastIndexOf('/') + 1) + "\",\"arn\":\"" + session
                + "\",\"accountId\":\"111122223333\",\"accessKeyId\":\"" + key + "\",\"sessionContext\":{"
                + "\"sessionIssuer\":{\"type\":\"Role\",\"principalId\":\"AROAYWEBAPPROLE7EXMPL\",\"arn\":"
                + "\"arn:aws:iam::111122223333:role/web-app-role\",\"accountId\":\"111122223333\",\"userName\":"
                + "\"web-app-role\"},\"attributes\":{\"creationDate\":\"2026-11-09T00:00:00Z\",\"mfaAuthenticated\":"
                + "\"false\"},\"ec2RoleDelivery\":\"2.0\"}},\"eventTime\":\"" + time + "\",\"eventSource\":"
                + "\"ec2.amazonaws.com\",\"eventName\":\"" + name + "\",\"awsRegion\":\"" + region + "\","
                + "\"sourceIPAddress\":\"" + ip + "\",\"userAgent\":\"aws-cli/2.15.30\",\"requestParameters\":null,"
                + "\"responseElements\":null," + (error == null ? "" : "\"errorCode\":\"" + error + "\",")
                + "\"eventID\":\"" + key + ip + time + "\",\"readOnly\":false,\"eventType\":\"AwsApiCall\","
                + "\"managementEvent\":true,\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Management\"}";
    }

    /** Three days of the instance's own calls, each 6 hours with a new key, from its address and through an endpoint. */
    private static List<String> instanceOwnCalls(String session, String keyPrefix, String ip) {
        List<String> lines = new ArrayList<>();
        for (int day = 7; day <= 9; day++) {
            for (int slot = 0; slot < 4; slot++) {
                String key = keyPrefix + day + slot;
                String hour = String.format("%02d", slot * 6 + 1);
                lines.add(call(session, key, "2026-11-0" + day + "T" + hour + ":00:00Z", ip, "us-east-1",
                        "DescribeTags", null));
                lines.add(call(session, key, "2026-11-0" + day + "T" + hour + ":30:00Z", "10.0.1.23", "us-east-1",
                        "DescribeTags", null));
            }
        }
        return lines;
    }

    private List<String> notes(String investigation, String subject) throws Exception {
        List<String> lines = new ArrayList<>(instanceOwnCalls(SESSION, "ASIAYDRILL8WEB0000", "54.210.33.17"));
        // its twin in the autoscaling group, same role, its own address only
        lines.addAll(instanceOwnCalls("arn:aws:sts::111122223333:assumed-role/web-app-role/i-0f9e8d7c6b5a40321",
                "ASIAYDRILL8TWN0000", "3.226.71.102"));
        // the stolen key (issued 2026-11-09T00:00, the instance's from 01:00) used from outside in 12 regions
        for (int i = 0; i < REGIONS.length; i++) {
            lines.add(call(SESSION, "ASIAYDRILL8WEB000090", "2026-11-09T02:" + (14 + i) + ":07Z", "185.220.101.47",
                    REGIONS[i], "RunInstances", i == 10 ? "VcpuLimitExceeded" : null));
        }
        Path file = dir.resolve("instance.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        Path store = IncidentStores.load(dir.resolve("instance.duckdb"), file);
        try (EventStore s = IncidentStores.read(store)) {
            return new Investigator(s, IncidentStores.CLOCK).run(investigation, InvestigationArgs.of(subject)).notes();
        }
    }

    private static List<String> told(List<String> notes) {
        return notes.stream().filter(n -> n.contains("role session (its instance profile's credentials")).toList();
    }

    private static String expected(int ownCalls, int ownKeys, int privateCalls) {
        return SESSION + " is EC2 instance i-0a1b2c3d4e5f60718's role session (its instance profile's credentials,"
                + " named by the instance id): the instance calls from 54.210.33.17 (the address that used the most"
                + " of the session's keys: " + ownKeys + ", in " + ownCalls + " calls, over the window and the week"
                + " before; and " + privateCalls + (privateCalls == 1 ? " call" : " calls") + " from"
                + " private addresses, inside its network or through a VPC endpoint), but its credentials were used from"
                + " another address: 185.220.101.47 from 2026-11-09T02:14:07Z to 2026-11-09T02:25:07Z (12 calls, 1"
                + " error, with 1 key, 1 of them used by the instance too; in 12 regions: ap-northeast-1, ap-south-1,"
                + " ca-central-1, eu-central-1, eu-north-1, eu-west-1, eu-west-2, eu-west-3, us-east-1, us-east-2,"
                + " us-west-1, us-west-2). Instance credentials used elsewhere were taken from the instance (a request"
                + " forgery reading its metadata service, or the host itself; GuardDuty's"
                + " InstanceCredentialExfiltration): investigate timeline --ip ADDRESS tells what was done from one, and"
                + " the role's sessions stay valid until they expire or are revoked (the role's AWSRevokeOlderSessions),"
                + " whatever is done to the instance";
    }

    @Test
    void theStolenKeyTellsItsOutsideUseThoughOnTheDayItWasIssued() throws Exception {
        // the key's own calls: one from the instance's address, one through the endpoint
        // the instance's address is judged by the session's keys of the week before the key's first call too
        assertEquals(List.of(expected(9, 9, 1)), told(notes("key", "ASIAYDRILL8WEB000090")));
    }

    @Test
    void theInstanceSessionTellsItsOutsideUseWithEveryRegion() throws Exception {
        assertEquals(List.of(expected(12, 12, 12)), told(notes("actor", SESSION)));
    }

    @Test
    void theRoleOfTwoInstancesBlamesNeitherForTheOthersAddress() throws Exception {
        // the role's two instances, each from its own address: only the stolen session's outside address is told
        List<String> notes = told(notes("actor", "role/web-app-role"));
        assertEquals(1, notes.size(), notes.toString());
        assertEquals(expected(12, 12, 12), notes.get(0));
    }
}
