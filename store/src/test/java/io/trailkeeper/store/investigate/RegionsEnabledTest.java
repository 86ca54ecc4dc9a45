package io.trailkeeper.store.investigate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.EventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A root takeover drill (13): the stolen root key enabled me-central-1 (account.amazonaws.com EnableRegion, recorded in
 * us-east-1) and launched instances there the next day. regions called me-central-1 "unusual for this account" and
 * nothing more: that the intruder had switched it on, when and from where, took a query. The opt-in regions enabled or
 * disabled in the window are now told, with the region named in either case of RegionName, and a refused one as
 * refused.
 */
class RegionsEnabledTest {
    private static final String ROOT = "arn:aws:iam::493827160512:root";

    @TempDir
    Path dir;

    private static String call(String time, String source, String name, String region, String request,
                               String error) {
        return "{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"Root\",\"principalId\":\"493827160512\","
                + "\"arn\":\"" + ROOT + "\",\"accountId\":\"493827160512\",\"accessKeyId\":\"AKIAEXAMPLEROOTKEY01\"},"
                + "\"eventTime\":\"" + time + "\",\"eventSource\":\"" + source + "\",\"eventName\":\"" + name + "\","
                + "\"awsRegion\":\"" + region + "\",\"sourceIPAddress\":\"45.137.21.9\",\"userAgent\":\"aws-cli/2\","
                + (error == null ? "" : "\"errorCode\":\"" + error + "\",\"errorMessage\":\"denied\",")
                + "\"requestParameters\":" + request + ",\"responseElements\":null,\"eventID\":\"" + name + time
                + "\",\"readOnly\":false,\"eventType\":\"AwsApiCall\",\"managementEvent\":true,"
                + "\"recipientAccountId\":\"493827160512\",\"eventCategory\":\"Management\"}";
    }

    @Test
    void theRegionsEnabledInTheWindowAreToldWithWhoAndWhere() throws Exception {
        Path file = dir.resolve("regions.jsonl");
        Files.writeString(file, String.join("\n",
                call("2026-11-18T03:07:12Z", "account.amazonaws.com", "EnableRegion", "us-east-1",
                        "{\"regionName\":\"me-central-1\"}", null),
                call("2026-11-18T03:08:00Z", "account.amazonaws.com", "EnableRegion", "us-east-1",
                        "{\"RegionName\":\"af-south-1\"}", null),
                call("2026-11-18T03:09:00Z", "account.amazonaws.com", "DisableRegion", "us-east-1",
                        "{\"RegionName\":\"ap-east-1\"}", "AccessDeniedException"),
                call("2026-11-19T10:02:21Z", "ec2.amazonaws.com", "RunInstances", "me-central-1", "null", null),
                call("2026-11-19T10:05:00Z", "ec2.amazonaws.com", "DescribeInstances", "me-central-1", "null", null))
                + "\n");
        Path store = IncidentStores.load(dir.resolve("regions.duckdb"), file);
        try (EventStore s = IncidentStores.read(store)) {
            List<String> notes = new Investigator(s, IncidentStores.CLOCK).run("regions", InvestigationArgs.none())
                    .notes();
            String all = String.join("\n", notes);
            assertTrue(notes.contains("me-central-1 was enabled (EnableRegion) at 2026-11-18T03:07:12Z by " + ROOT
                    + " from 45.137.21.9; the window holds 2 events recorded there (query --region me-central-1"
                    + " lists them)"), all);
            assertTrue(notes.contains("af-south-1 was enabled (EnableRegion) at 2026-11-18T03:08:00Z by " + ROOT
                    + " from 45.137.21.9; the window holds 0 events recorded there (query --region af-south-1"
                    + " lists them)"), all);
            assertTrue(notes.contains("DisableRegion of ap-east-1 was refused (AccessDeniedException) at"
                    + " 2026-11-18T03:09:00Z by " + ROOT + " from 45.137.21.9"), all);
        }
    }

    /** 23 regions enabled: the 20 first were told and the other 3 dropped without a word. */
    @Test
    void theSwitchesPastTheTwentyToldAreCounted() throws Exception {
        List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < 23; i++) {
            lines.add(call(String.format("2026-11-18T03:%02d:00Z", i), "account.amazonaws.com", "EnableRegion",
                    "us-east-1", "{\"RegionName\":\"xx-test-" + i + "\"}", null));
        }
        Path file = dir.resolve("many.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        Path store = IncidentStores.load(dir.resolve("many.duckdb"), file);
        try (EventStore s = IncidentStores.read(store)) {
            List<String> notes = new Investigator(s, IncidentStores.CLOCK).run("regions", InvestigationArgs.none())
                    .notes();
            assertTrue(notes.contains("and 3 more EnableRegion or DisableRegion calls (query --event-name"
                    + " EnableRegion,DisableRegion lists them all)"), String.join("\n", notes));
        }
    }
}
