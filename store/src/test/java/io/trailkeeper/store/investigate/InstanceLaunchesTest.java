package io.trailkeeper.store.investigate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.store.EventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a stolen instance session launched: in a compute-abuse drill it launched 68 GPU instances (p3.16xlarge,
 * p3.8xlarge, g4dn.12xlarge...) in 9 regions and 2 more launches were refused (VcpuLimitExceeded,
 * InsufficientInstanceCapacity). key and actor listed the RunInstances calls among what was created, with at most 10
 * names a call (instance ids, the image, the state 'pending') and no instance type: how many instances, of what type,
 * could not be read from the answer. A note now counts them per region and type, and names the refused launches.
 */
class InstanceLaunchesTest {
    private static final String KEY = "ASIAYDRILL8W10033XXX";

    @TempDir
    Path dir;

    private static String run(String time, String region, String type, int count, String error) {
        String items = IntStream.range(0, count).mapToObj(i -> "{\"instanceId\":\"i-09a" + region.length() + time
                .substring(14, 16) + i + "\",\"instanceType\":\"" + type + "\",\"instanceState\":{\"code\":0,"
                + "\"name\":\"pending\"}}").collect(Collectors.joining(","));
        return "{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":"
                + "\"AROAYWEBAPPROLE7EXMPL:i-0a1b2c3d4e5f60718\",\"arn\":\"arn:aws:sts::111122223333:assumed-role/"
                + "web-app-role/i-0a1b2c3d4e5f60718\",\"accountId\":\"111122223333\",\"accessKeyId\":\"" + KEY + "\"},"
                + "\"eventTime\":\"" + time + "\",\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"RunInstances\","
                + "\"awsRegion\":\"" + region + "\",\"sourceIPAddress\":\"185.220.101.47\",\"userAgent\":\"aws-cli/2\","
                + (error == null ? "" : "\"errorCode\":\"" + error + "\",\"errorMessage\":\"refused\",")
                + "\"requestParameters\":{\"instancesSet\":{\"items\":[{\"imageId\":\"ami-0dlami\",\"minCount\":"
                + count + ",\"maxCount\":" + count + "}]},\"instanceType\":\"" + type + "\",\"userData\":"
                + "\"<sensitiveDataRemoved>\"},\"responseElements\":" + (error == null ? "{\"reservationId\":"
                + "\"r-0a\",\"instancesSet\":{\"items\":[" + items + "]}}" : "null") + ",\"eventID\":\"" + region
                + time + "\",\"readOnly\":false,\"eventType\":\"AwsApiCall\",\"managementEvent\":true,"
                + "\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Management\"}";
    }

    /** A successful launch whose recorded response names no instance (left out or cut from the record). */
    private static String runWithoutResponse(String time, String region, String type) {
        String r = run(time, region, type, 2, null);
        return r.substring(0, r.indexOf("\"responseElements\":")) + "\"responseElements\":null"
                + r.substring(r.indexOf(",\"eventID\""));
    }

    private List<String> notes(String investigation, String subject, String... more) throws Exception {
        List<String> lines = new ArrayList<>(List.of(
                run("2026-11-09T02:32:14Z", "us-east-1", "p3.16xlarge", 4, null),
                run("2026-11-09T02:33:14Z", "us-east-2", "p3.8xlarge", 8, null),
                run("2026-11-09T02:34:14Z", "us-west-2", "g4dn.12xlarge", 8, null),
                run("2026-11-09T02:35:14Z", "us-west-2", "g4dn.12xlarge", 3, null),
                run("2026-11-09T02:40:07Z", "ap-south-1", "p3.16xlarge", 4, "VcpuLimitExceeded"),
                run("2026-11-09T02:40:37Z", "ca-central-1", "p3.8xlarge", 4, "InsufficientInstanceCapacity")));
        lines.addAll(List.of(more));
        Path file = dir.resolve("launches.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        Path store = IncidentStores.load(dir.resolve("launches.duckdb"), file);
        try (EventStore s = IncidentStores.read(store)) {
            return new Investigator(s, IncidentStores.CLOCK).run(investigation, InvestigationArgs.of(subject)).notes()
                    .stream().filter(n -> n.contains("launched")).toList();
        }
    }

    @Test
    void theKeyTellsHowManyInstancesOfWhichTypeInEachRegionAndTheRefusedOnes() throws Exception {
        assertEquals(List.of("key " + KEY + " launched 23 EC2 instances in 3 regions: us-east-1 4 p3.16xlarge,"
                + " us-east-2 8 p3.8xlarge, us-west-2 11 g4dn.12xlarge; 2 launches were refused: ap-south-1"
                + " (p3.16xlarge: VcpuLimitExceeded), ca-central-1 (p3.8xlarge: InsufficientInstanceCapacity)"
                + " (instances run, and cost, until terminated, whatever is done to the credentials; the created list"
                + " names their ids)"), notes("key", KEY));
    }

    @Test
    void theActorTellsThemToo() throws Exception {
        List<String> notes = notes("actor", "web-app-role/i-0a1b2c3d4e5f60718");
        assertEquals(1, notes.size(), notes.toString());
        assertEquals(true, notes.get(0).startsWith("'web-app-role/i-0a1b2c3d4e5f60718' launched 23 EC2 instances in 3"
                + " regions: us-east-1 4 p3.16xlarge"), notes.get(0));
    }

    /**
     * A successful RunInstances whose recorded response names no instance was left out of the count without a word,
     * so '23 EC2 instances' read as all of them; it is told apart, with the type asked for.
     */
    @Test
    void aLaunchWhoseResponseNamesNoInstanceIsToldApartNotLeftOut() throws Exception {
        String note = notes("key", KEY, runWithoutResponse("2026-11-09T02:36:14Z", "eu-west-1", "p3.2xlarge"))
                .get(0);
        assertEquals(true, note.startsWith("key " + KEY + " launched 23 EC2 instances in 3 regions: us-east-1 4"
                + " p3.16xlarge, us-east-2 8 p3.8xlarge, us-west-2 11 g4dn.12xlarge; 1 successful RunInstances call"
                + " names no instance in the recorded response (their instances are not counted): eu-west-1 1 call"
                + " p3.2xlarge; 2 launches were refused"), note);
    }
}
