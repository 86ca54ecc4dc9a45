package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An organization trail's events: the intruder's session of OrganizationAccountAccessRole, under one session name,
 * in two member accounts. query's table showed no account, so the two sessions' calls read as one principal's
 * (OrganizationAccountAccessRole/maria) and where each was made could not be told without --format json. The table
 * names the account beside the region when the events it lists are of several accounts.
 */
class QueryAccountsTest {
    static final String PROD = "456789012345";
    static final String SEC = "567890123456";

    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void ingest() throws IOException {
        Path file = dir.resolve("org.jsonl");
        Files.writeString(file, String.join("\n",
                call("p-1", "2026-11-06T09:09:12Z", PROD, "ASIAPRODSESSION00001", "StopLogging"),
                call("s-1", "2026-11-06T09:10:12Z", SEC, "ASIASECSESSION000001", "CreateAccessKey")) + "\n");
        store = dir.resolve("store.duckdb");
        Cli.Result r = Cli.run(store, "ingest", file.toString());
        assertEquals(0, r.code(), r.toString());
    }

    @Test
    void eventsOfSeveralAccountsAreListedWithTheirAccount() {
        Cli.Result r = Cli.run(store, "query", "--user", "OrganizationAccountAccessRole/maria");
        assertEquals(0, r.code(), r.toString());
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].matches("event_time +aws_region +recipient_account_id +event_source .*"), lines[0]);
        assertTrue(lines[2].matches(".*us-east-1 +" + PROD + " +cloudtrail\\.amazonaws\\.com +StopLogging .*"),
                r.out());
        assertTrue(lines[3].matches(".*us-east-1 +" + SEC + " +iam\\.amazonaws\\.com +CreateAccessKey .*"), r.out());
    }

    @Test
    void eventsOfOneAccountKeepTheBriefColumns() {
        Cli.Result r = Cli.run(store, "query", "--access-key", "ASIAPRODSESSION00001");
        assertTrue(r.out().startsWith("event_time            aws_region  event_source "), r.out());
        assertTrue(!r.out().contains("recipient_account_id"), r.out());
    }

    private static String call(String id, String time, String account, String key, String name) {
        String source = name.equals("StopLogging") ? "cloudtrail.amazonaws.com" : "iam.amazonaws.com";
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":"
                + "\"AROAEXAMPLEORGROLE01:maria\",\"arn\":\"arn:aws:sts::" + account
                + ":assumed-role/OrganizationAccountAccessRole/maria\",\"accountId\":\"" + account + "\","
                + "\"accessKeyId\":\"" + key + "\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\","
                + "\"arn\":\"arn:aws:iam::" + account + ":role/OrganizationAccountAccessRole\",\"accountId\":\""
                + account + "\",\"userName\":\"OrganizationAccountAccessRole\"}}},\"eventTime\":\"" + time + "\","
                + "\"eventSource\":\"" + source + "\",\"eventName\":\"" + name + "\",\"awsRegion\":\"us-east-1\","
                + "\"sourceIPAddress\":\"203.0.113.77\",\"userAgent\":\"aws-cli/2.13.0\",\"requestParameters\":null,"
                + "\"responseElements\":null,\"eventID\":\"" + id + "\",\"readOnly\":false,\"eventType\":"
                + "\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"" + account + "\","
                + "\"eventCategory\":\"Management\"}";
    }
}
