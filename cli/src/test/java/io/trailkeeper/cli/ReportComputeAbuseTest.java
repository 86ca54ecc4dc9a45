package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compute-abuse drill: a web server's instance credentials (assumed-role/web-app-role/i-...) read through a request
 * forgery and used from 185.220.101.47 while the instance went on calling from 54.210.33.17, and GPU instances
 * launched with them in several regions, two launches refused. investigate key and actor told both, but the report's
 * summary had no sentence on either: they showed only through the rules' matches. It now tells them, reading the
 * investigations' own SQL over the report's events, and says nothing of them when there is no such activity.
 */
class ReportComputeAbuseTest {
    private static final String SESSION = "arn:aws:sts::111122223333:assumed-role/web-app-role/i-0a1b2c3d4e5f60718";
    private static final String PIPELINE = "arn:aws:sts::111122223333:assumed-role/ci-deploy/gh-run-4400";
    private static final String KEY = "ASIAYDRILL8W10033XXX";

    @TempDir
    Path dir;

    private static String call(String time, String ip, String name, String region, String error, String request,
                               String response) {
        return call(KEY, time, ip, name, region, error, request, response);
    }

    private static String call(String key, String time, String ip, String name, String region, String error,
                               String request, String response) {
        return "{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":"
                + "\"AROAYWEBAPPROLE7EXMPL:i-0a1b2c3d4e5f60718\",\"arn\":\"" + SESSION + "\",\"accountId\":"
                + "\"111122223333\",\"accessKeyId\":\"" + key + "\"},\"eventTime\":\"" + time + "\",\"eventSource\":"
                + "\"ec2.amazonaws.com\",\"eventName\":\"" + name + "\",\"awsRegion\":\"" + region + "\","
                + "\"sourceIPAddress\":\"" + ip + "\",\"userAgent\":\"aws-cli/2\","
                + (error == null ? "" : "\"errorCode\":\"" + error + "\",\"errorMessage\":\"refused\",")
                + "\"requestParameters\":" + request + ",\"responseElements\":" + response + ",\"eventID\":\"e-" + region
                + time + "\",\"readOnly\":" + !name.equals("RunInstances") + ",\"eventType\":\"AwsApiCall\","
                + "\"managementEvent\":true,\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Management\"}";
    }

    private static String launch(String time, String region, String type, int count, String error) {
        String items = IntStream.range(0, count).mapToObj(i -> "{\"instanceId\":\"i-09a" + region.length()
                + time.substring(14, 16) + i + "\",\"instanceType\":\"" + type + "\"}").collect(Collectors.joining(","));
        return call(time, "185.220.101.47", "RunInstances", region, error, "{\"instanceType\":\"" + type + "\"}",
                error == null ? "{\"instancesSet\":{\"items\":[" + items + "]}}" : "null");
    }

    /** The instance's earlier key: the metadata service gives it a new one every few hours, and it uses each. */
    private static String earlier(String time, String ip, String region) {
        return call("ASIAYDRILL8W10011XXX", time, ip, "DescribeInstances", region, null, "{}", "null");
    }

    /** A pipeline's routine launch, its principal sorting before the intruder's: told after the intruder's many. */
    private static String pipelineLaunch(String time) {
        return launch(time, "us-east-1", "t3.medium", 1, null).replace(SESSION, PIPELINE).replace("AROAYWEBAPPROLE7EXMPL:i-0a1b2c3d4e5f60718",
                "AROAYCIDEPLOY7EXMPLE:gh-run-4400").replace(KEY,
                "ASIAYCIDEPLOY4400XXX").replace("185.220.101.47", "20.42.0.1");
    }

    private static String describe(String time, String ip, String region) {
        return call(time, ip, "DescribeInstances", region, null, "{}", "null");
    }

    private List<String> summary(List<String> lines) throws Exception {
        Path records = dir.resolve("drill.jsonl");
        Files.writeString(records, String.join("\n", lines) + "\n");
        return ReportSummary.of(dir, records).stream().filter(s -> s.startsWith("EC2 instance")).toList();
    }

    @Test
    void stolenInstanceCredentialsAndTheLaunchesAreTold() throws Exception {
        List<String> told = summary(List.of(
                earlier("2026-11-09T01:00:00Z", "54.210.33.17", "us-east-1"),
                describe("2026-11-09T01:10:00Z", "54.210.33.17", "us-east-1"),
                describe("2026-11-09T02:30:00Z", "185.220.101.47", "us-east-1"),
                launch("2026-11-09T02:32:14Z", "us-east-1", "p3.16xlarge", 4, null),
                launch("2026-11-09T02:33:14Z", "us-west-2", "g4dn.12xlarge", 3, null),
                launch("2026-11-09T02:40:07Z", "ap-south-1", "p3.16xlarge", 4, "VcpuLimitExceeded"),
                pipelineLaunch("2026-11-09T03:00:00Z")));
        assertEquals(List.of(
                "EC2 instance credentials used from another address than the instance's (taken from the instance;"
                        + " `trailkeeper investigate actor SESSION` tells more): " + SESSION + " (the instance calls"
                        + " from 54.210.33.17) used from 185.220.101.47, first at 2026-11-09T02:30:00Z, 4 calls in"
                        + " ap-south-1, us-east-1, us-west-2.",
                "EC2 instances launched (they run, and cost, until terminated): " + SESSION + ": 7 instances in 2"
                        + " regions (us-east-1, us-west-2) of 2 types (g4dn.12xlarge, p3.16xlarge); and 1 launch"
                        + " refused; " + PIPELINE + ": 1 instance in 1 region (us-east-1) of 1 type (t3.medium)."),
                told);
    }

    /** A launch whose response the store does not hold was told as 'none launched, ' (a principal, nothing refused). */
    @Test
    void aLaunchWhoseResponseNamesNoInstanceIsNotToldAsNoneLaunched() throws Exception {
        assertEquals(List.of("EC2 instances launched (they run, and cost, until terminated): " + SESSION + ":"
                        + " RunInstances succeeded, but no recorded response names the instances it launched"
                        + " (`trailkeeper query --event-name RunInstances` lists the calls)."),
                summary(List.of(call("2026-11-09T02:32:14Z", "54.210.33.17", "RunInstances", "us-east-1", null,
                        "{\"instanceType\":\"p3.16xlarge\"}", "null"))));
    }

    /** Launches counted beside one whose response names no instance: that one was left out of the count unsaid. */
    @Test
    void aLaunchWhoseResponseNamesNoInstanceIsToldBesideTheCountedOnes() throws Exception {
        assertEquals(List.of("EC2 instances launched (they run, and cost, until terminated): " + SESSION + ": 4"
                        + " instances in 1 region (us-east-1) of 1 type (p3.16xlarge); and 1 RunInstances call whose"
                        + " recorded response names no instance (`trailkeeper query --event-name RunInstances` lists"
                        + " the calls), not counted."),
                summary(List.of(launch("2026-11-09T02:32:14Z", "us-east-1", "p3.16xlarge", 4, null),
                        call("2026-11-09T02:35:14Z", "185.220.101.47", "RunInstances", "eu-west-1", null,
                                "{\"instanceType\":\"p3.2xlarge\"}", "null"))));
    }

    @Test
    void noSentenceWhenTheInstanceCallsOnlyFromItsOwnAddressAndLaunchesNothing() throws Exception {
        assertEquals(List.of(), summary(List.of(
                earlier("2026-11-09T01:00:00Z", "54.210.33.17", "us-east-1"),
                describe("2026-11-09T01:10:00Z", "54.210.33.17", "us-west-2"),
                describe("2026-11-09T01:20:00Z", "10.0.3.17", "us-east-1"))));
    }
}
