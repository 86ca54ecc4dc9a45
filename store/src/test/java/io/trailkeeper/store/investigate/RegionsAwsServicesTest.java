package io.trailkeeper.store.investigate;

import static io.trailkeeper.store.investigate.IncidentStores.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.EventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AWS services act in every region every day (AWS Config describing resources, services assuming their roles), so
 * the region an attacker picked because nobody works there holds a steady share of the events, before the incident
 * and during it: by events alone it was not unusual. Calls by principals other than AWS services (people, their roles
 * and keys) tell it: none there in the 30 days before, or a tiny share of the window's. (Found in a drill: instances
 * launched in ap-southeast-2 and secrets listed in eu-north-1, both quiet but for AWS Config, were not flagged.) It
 * is judged per account: an organization's accounts share regions, and one account's daily work in a region hid
 * another's first call there (the bucket deleted from us-west-2 of the data account).
 */
class RegionsAwsServicesTest {
    @TempDir
    Path dir;

    private static String call(String time, String region, String identity, String ip, String name, int i) {
        return "{\"eventVersion\":\"1.10\",\"eventID\":\"" + region + time + name + i + "\",\"eventTime\":\"" + time
                + "\",\"awsRegion\":\"" + region + "\",\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"" + name
                + "\",\"sourceIPAddress\":\"" + ip + "\",\"recipientAccountId\":\"" + account(identity)
                + "\",\"userIdentity\":" + identity + "}";
    }

    /** The account of the identity's ARN (its recipient here), 111122223333 for an AWS service. */
    private static String account(String identity) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("::([0-9]{12}):").matcher(identity);
        return m.find() ? m.group(1) : "111122223333";
    }

    /** Each day: people in us-east-1, AWS Config and EC2 in ap-southeast-2; last, an IAM user in ap-southeast-2. */
    private Path store(boolean attacker) throws Exception {
        String person = "{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::111122223333:user/ana\",\"userName\":\"ana\"}";
        String config = "{\"type\":\"AssumedRole\",\"arn\":\"arn:aws:sts::111122223333:assumed-role/"
                + "AWSServiceRoleForConfig/AWSConfig-Describe\",\"invokedBy\":\"config.amazonaws.com\"}";
        String service = "{\"type\":\"AWSService\",\"invokedBy\":\"ec2.amazonaws.com\"}";
        List<String> lines = new ArrayList<>();
        for (int day = 1; day <= 10; day++) {
            String t = String.format("2026-03-%02dT10:00:00Z", day);
            for (int i = 0; i < 12; i++) {
                lines.add(call(t, "us-east-1", person, "203.0.113.10", "DescribeInstances", i));
            }
            for (int i = 0; i < 5; i++) {
                lines.add(call(t, "ap-southeast-2", i % 2 == 0 ? config : service, "config.amazonaws.com",
                        "DescribeRouteTables", i));
            }
        }
        if (attacker) {
            String intruder = "{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::111122223333:user/svc-backup\","
                    + "\"userName\":\"svc-backup\",\"accessKeyId\":\"AKIAEXAMPLEBACKUP001\"}";
            lines.add(call("2026-03-10T22:25:00Z", "ap-southeast-2", intruder, "185.220.101.47", "RunInstances", 0));
        }
        Path file = dir.resolve(attacker + ".jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return IncidentStores.load(dir.resolve(attacker + ".duckdb"), file);
    }

    private static InvestigationResult regions(Path store, Instant since) {
        try (EventStore s = IncidentStores.read(store)) {
            return new Investigator(s, IncidentStores.CLOCK).run("regions",
                    InvestigationArgs.none().withWindow(since, null));
        }
    }

    @Test
    void aPrincipalWhereOnlyAwsServicesActedBeforeIsUnusual() throws Exception {
        InvestigationResult r = regions(store(true), Instant.parse("2026-03-10T00:00:00Z"));
        List<Map<String, Object>> unusual = rows(r.section("unusual"));
        assertEquals(1, unusual.size(), unusual.toString());
        assertEquals("ap-southeast-2", unusual.get(0).get("region"));
        assertEquals("1 calls by principals other than AWS services, none in the 30 days before the window (only AWS"
                + " services acted here then)", unusual.get(0).get("reason"));
        Map<String, Object> far = rows(r.section("by_region")).stream()
                .filter(m -> m.get("region").equals("ap-southeast-2")).findFirst().orElseThrow();
        assertEquals(1L, far.get("calls_not_by_aws_services"));
        assertEquals(0L, far.get("calls_not_by_aws_services_30_days_before"));
    }

    @Test
    void withoutABaselineATinyShareOfThePrincipalsCallsIsUnusual() throws Exception {
        // the whole store is the window: 120 calls by people in us-east-1, 1 in ap-southeast-2
        InvestigationResult r = regions(store(true), null);
        assertEquals(List.of("under 1% of the window's calls by principals other than AWS services (1)"),
                rows(r.section("unusual")).stream().map(m -> m.get("reason")).toList());
    }

    @Test
    void aRegionBusyInOneAccountIsJudgedPerAccount() throws Exception {
        // an organization's two accounts: the attacker's one call in us-east-1 of the data account, which never
        // works there, is hidden by the other account's daily work in us-east-1
        List<String> lines = new ArrayList<>();
        for (int day = 1; day <= 10; day++) {
            for (int i = 0; i < 12; i++) {
                String t = String.format("2026-03-%02dT10:00:%02dZ", day, i);
                lines.add(call(t, "us-east-1", user("111122223333", "ana"), "203.0.113.10", "DescribeInstances", i));
                lines.add(call(t, "eu-west-1", user("444455556666", "exporter"), "10.0.0.5", "DescribeInstances", i));
            }
        }
        lines.add(call("2026-03-10T22:25:00Z", "us-east-1", user("444455556666", "svc-backup"), "185.220.101.47",
                "ListBuckets", 0));
        Path file = dir.resolve("org.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        Path store = IncidentStores.load(dir.resolve("org.duckdb"), file);
        InvestigationResult r = regions(store, Instant.parse("2026-03-10T00:00:00Z"));
        assertEquals(List.of("us-east-1: in account 444455556666, 1 calls by principals other than AWS services,"
                + " none in the 30 days before the window (only AWS services acted here then)"),
                rows(r.section("unusual")).stream().map(m -> m.get("region") + ": " + m.get("reason")).toList());
    }

    private static String user(String account, String name) {
        return "{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::" + account + ":user/" + name + "\",\"userName\":\""
                + name + "\",\"accountId\":\"" + account + "\"}";
    }

    @Test
    void awsServicesAloneAreNotUnusual() throws Exception {
        InvestigationResult r = regions(store(false), Instant.parse("2026-03-10T00:00:00Z"));
        assertTrue(rows(r.section("unusual")).isEmpty(), rows(r.section("unusual")).toString());
    }
}
