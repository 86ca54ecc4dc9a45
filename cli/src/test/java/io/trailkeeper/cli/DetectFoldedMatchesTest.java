package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In an S3 ransomware drill detect's table gave the SSE-C rule 180 lines, one per object encrypted, and the line that
 * mattered drowned. The table now folds the matches of a rule by one principal into one line saying how many, from
 * when to when; --all-matches, json, jsonl and csv still give every match.
 */
class DetectFoldedMatchesTest {
    private static final String RULE = "S3 Object Written With A Customer-Provided Encryption Key (SSE-C)";

    @TempDir
    Path dir;

    private static String copyOntoItself(String user, int i) {
        String key = String.format(Locale.ROOT, "customers/%05d.json", i);
        String time = String.format(Locale.ROOT, "2026-11-09T02:%02d:%02dZ", 16 + i / 60, i % 60);
        return "{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDAEXAMPLE\","
                + "\"arn\":\"arn:aws:iam::111122223333:user/" + user + "\",\"accountId\":\"111122223333\","
                + "\"userName\":\"" + user + "\"},\"eventTime\":\"" + time + "\",\"eventSource\":\"s3.amazonaws.com\","
                + "\"eventName\":\"CopyObject\",\"awsRegion\":\"us-west-2\",\"sourceIPAddress\":\"185.220.101.47\","
                + "\"userAgent\":\"aws-cli/2\",\"requestParameters\":{\"bucketName\":\"acme-data\",\"key\":\"" + key
                + "\",\"x-amz-copy-source\":\"acme-data/" + key + "\",\"x-amz-server-side-encryption-customer-algorithm\":"
                + "\"AES256\"},\"additionalEventData\":{\"SSEApplied\":\"SSE_C\"},\"eventID\":\"" + user + i
                + "\",\"readOnly\":false,\"eventType\":\"AwsApiCall\",\"managementEvent\":false,\"eventCategory\":"
                + "\"Data\",\"recipientAccountId\":\"111122223333\"}";
    }

    /** A call with an EC2 instance's role session key (as DetectCountedValuesTest's). */
    private static String instanceCall(String key, String time, String ip) {
        return "{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":"
                + "\"AROAYWEBAPPROLE7EXMPL:i-0a1b2c3d4e5f60718\",\"arn\":\"arn:aws:sts::111122223333:assumed-role/"
                + "web-app-role/i-0a1b2c3d4e5f60718\",\"accountId\":\"111122223333\",\"accessKeyId\":\"" + key
                + "\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"arn\":"
                + "\"arn:aws:iam::111122223333:role/web-app-role\"},\"ec2RoleDelivery\":\"2.0\"}},\"eventTime\":\""
                + time + "\",\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"DescribeInstances\","
                + "\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"" + ip + "\",\"userAgent\":\"aws-cli/2\","
                + "\"requestParameters\":null,\"responseElements\":null,\"eventID\":\"" + key + ip + time
                + "\",\"readOnly\":true,\"eventType\":\"AwsApiCall\",\"managementEvent\":true,"
                + "\"recipientAccountId\":\"111122223333\"}";
    }

    private Path store(List<String> users, int objects) throws Exception {
        List<String> records = new ArrayList<>();
        for (int i = 0; i < objects; i++) {
            records.add(copyOntoItself(users.get(i % users.size()), i));
        }
        Path file = dir.resolve("events.jsonl");
        Files.writeString(file, String.join("\n", records) + "\n");
        Path store = dir.resolve("s.duckdb");
        assertEquals(0, Cli.run(store, "ingest", file.toString()).code());
        return store;
    }

    private static List<String> ruleLines(Cli.Result r) {
        return r.out().lines().filter(l -> l.contains(RULE)).toList();
    }

    @Test
    void oneHundredEightyObjectsEncryptedByOnePrincipalAreOneLineSaying180() throws Exception {
        Path store = store(List.of("ci-deploy"), 180);
        Cli.Result r = Cli.run(store, "detect");
        assertEquals(0, r.code(), r.toString());
        List<String> lines = ruleLines(r);
        assertEquals(1, lines.size(), r.out());
        assertTrue(lines.get(0).matches("2026-11-09T02:16:00Z +2026-11-09T02:18:59Z +180 +high +" + RULE.replace("(",
                "\\(").replace(")", "\\)") + " +TrailKeeper .*"), lines.get(0));
        // the bucket and the 180 keys: a few named, the rest counted
        assertTrue(lines.get(0).contains(" acme-data, customers/00000.json, customers/00001.json and 178 more "),
                lines.get(0));
        assertTrue(r.out().contains(": 180 matches of 1 rules in 1 lines (--all-matches: a line each)"), r.out());

        Cli.Result all = Cli.run(store, "detect", "--all-matches");
        assertEquals(180, ruleLines(all).size(), all.out());
        assertTrue(all.out().lines().anyMatch(l -> l.endsWith(": 180 matches of 1 rules")), all.out());
        Cli.Result json = Cli.run(store, "--format", "json", "detect");
        assertEquals(180, new ObjectMapper().readTree(json.out()).get("detections").size(), json.out());
        assertEquals(180, Cli.run(store, "--format", "jsonl", "detect").out().lines().filter(l -> l.contains(RULE))
                .count());
    }

    @Test
    void twoPrincipalsStayTwoLines() throws Exception {
        Path store = store(List.of("ci-deploy", "intruder"), 10);
        Cli.Result r = Cli.run(store, "detect");
        List<String> lines = ruleLines(r);
        assertEquals(2, lines.size(), r.out());
        assertTrue(lines.get(0).contains(" 5 ") && lines.get(0).contains("user/ci-deploy")
                && !lines.get(0).contains("user/intruder"), lines.get(0));
        assertTrue(lines.get(1).contains(" 5 ") && lines.get(1).contains("user/intruder")
                && !lines.get(1).contains("user/ci-deploy"), lines.get(1));
        assertTrue(r.out().contains(": 10 matches of 1 rules in 2 lines"), r.out());
    }

    @Test
    void aCorrelationFiringAgainOnOneKeyIsOneLineAndTwoKeysAreTwo() throws Exception {
        List<String> records = new ArrayList<>();
        for (String key : List.of("ASIAYDRILL8W10033XXX", "ASIAYDRILL8W10034XXX")) {
            for (int i = 0; i < 8; i++) { // the instance's address and the intruder's in turn: it fires again and again
                records.add(instanceCall(key, String.format(Locale.ROOT, "2026-11-09T02:%02d:00Z", 10 + i),
                        i % 2 == 0 ? "54.210.33.17" : "185.220.101.47"));
            }
        }
        records.sort(java.util.Comparator.comparing(r -> r.substring(r.indexOf("eventTime"))));
        Path file = dir.resolve("keys.jsonl");
        Files.writeString(file, String.join("\n", records) + "\n");
        Path store = dir.resolve("k.duckdb");
        assertEquals(0, Cli.run(store, "ingest", file.toString()).code());
        String rule = "AWS EC2 Instance Credentials Used From More Than One Public Address";
        Cli.Result json = Cli.run(store, "--format", "json", "detect");
        long matches = 0;
        for (com.fasterxml.jackson.databind.JsonNode d : new ObjectMapper().readTree(json.out()).get("detections")) {
            matches += d.get("rule").asText().equals(rule) ? 1 : 0;
        }
        assertTrue(matches > 2, "the correlation fires more than once a key: " + json.out());
        Cli.Result r = Cli.run(store, "detect");
        List<String> lines = r.out().lines().filter(l -> l.contains(rule)).toList();
        assertEquals(2, lines.size(), r.out());
        assertTrue(lines.get(0).contains("by ASIAYDRILL8W10033XXX") && lines.get(1).contains("by ASIAYDRILL8W10034XXX"),
                r.out());
        long said = lines.stream().mapToLong(l -> Long.parseLong(l.split(" +")[2])).sum();
        assertEquals(matches, said, "each line says how many matches it stands for: " + r.out());
        assertTrue(lines.get(0).contains(" 185.220.101.47, 54.210.33.17 "), lines.get(0)); // the addresses the key was used from
    }
}
