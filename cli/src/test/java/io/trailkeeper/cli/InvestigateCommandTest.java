package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** investigate as a user runs it, on the Invictus trail files, in each format. */
class InvestigateCommandTest {
    static final String BUCKET = "stratus-red-team-ctlr-bucket-zqfsvooxqj";
    static final String KEY = "AKIATFQR7NSC8Q4X20BJ";
    static final String WARNING = "warning: this answer may be incomplete: ";

    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void load() {
        store = dir.resolve("s.duckdb");
        Cli.Result ingest = Cli.run(store, "ingest", Cli.shared("invictus-ir-aws_dataset/CloudTrail").toString());
        assertEquals(0, ingest.code(), ingest.toString());
    }

    @Test
    void whoDeletedAsATableEndsWithTheNotesAndTheCoverageWarning() {
        Cli.Result r = Cli.run(store, "investigate", "who-deleted", BUCKET);
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().startsWith("deletions\n"), r.out());
        assertTrue(r.out().contains("\nresource region\n"), r.out());
        assertTrue(r.out().contains("\nnotes\n  PutBucketLifecycle of " + BUCKET + " succeeded at 2023-07-10T12:00:35Z"),
                r.out());
        assertTrue(r.out().contains("  2 calls of 5 failed: BucketNotEmpty x2\n"), r.out());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(lines.size() - 1).startsWith(WARNING), r.out());
        assertEquals(1, lines.stream().filter(l -> l.startsWith("warning:")).count(), "one line: " + r.out());
        assertEquals("", r.err());
    }

    @Test
    void jsonKeepsTheDataCleanAndTheWarningOnStderr() throws Exception {
        Cli.Result r = Cli.run(store, "--format", "json", "investigate", "key", KEY);
        assertEquals(0, r.code(), r.toString());
        JsonNode answer = new ObjectMapper().readTree(r.out());
        List<String> sections = new ArrayList<>();
        answer.fieldNames().forEachRemaining(sections::add);
        assertEquals(List.of("summary", "principals", "origin", "status", "regions", "ips", "user_agents", "calls",
                "errors", "denied_bursts", "created", "object_reads", "object_changes", "secrets_read", "sessions_issued",
                "session_activity", "notes"), sections);
        JsonNode summary = answer.get("summary").get(0);
        assertEquals(2104, summary.get("events").asLong());
        assertEquals("2023-07-10T11:54:33Z", summary.get("first_call").asText());
        assertEquals("2023-07-10T12:29:09Z", summary.get("last_call").asText());
        assertEquals("arn:aws:iam::123837392027:user/bert-jan", answer.get("principals").get(0).get("principal").asText());
        assertTrue(answer.get("notes").get(0).get("note").asText().startsWith("key " + KEY + " made 2,104 calls"),
                r.out());
        assertTrue(r.err().startsWith(WARNING), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void csvHasASectionPerTableAndTheNotes() {
        Cli.Result r = Cli.run(store, "--format", "csv", "investigate", "logins");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().startsWith("# sign_ins\r\n"), r.out());
        assertTrue(r.out().contains("\r\n# notes\r\nnote\r\n"), r.out());
        assertTrue(r.out().contains("stratus-red-team-nmfalu-gfjyeaypjt signed in without MFA at 2023-07-10T12:23:15Z"
                + " in us-east-1 from 192.168.10.20"), r.out());
        assertTrue(!r.out().contains("bert-jan signed in without MFA"), "bert-jan used MFA: " + r.out());
        assertTrue(r.err().startsWith(WARNING), r.err());
    }

    @Test
    void theListNamesEveryInvestigationWithItsUsage() {
        for (String[] args : List.of(new String[] {"investigate", "--list"}, new String[] {"investigate"})) {
            Cli.Result r = Cli.run(null, args);
            assertEquals(0, r.code(), r.toString());
            for (String usage : List.of("who-deleted RESOURCE", "key ACCESS_KEY_ID", "actor ARN|USER",
                    "logins [--since", "s3 BUCKET", "regions [--since", "timeline [--since")) {
                assertTrue(r.out().contains(usage), usage + " in " + r.out());
            }
        }
    }

    @Test
    void anUnknownNameAMissingArgumentOrAnOptionNotTakenIsAUsageError() {
        Cli.Result unknown = Cli.run(store, "investigate", "whodunnit");
        assertEquals(2, unknown.code(), unknown.toString());
        assertEquals("error: there is no investigation 'whodunnit'; the investigations are: who-deleted, key, actor,"
                + " logins, s3, regions, timeline\n", unknown.err());
        Cli.Result missing = Cli.run(store, "investigate", "key");
        assertEquals(2, missing.code(), missing.toString());
        assertTrue(missing.err().startsWith("error: investigate key needs ACCESS_KEY_ID: an access key id"),
                missing.err());
        Cli.Result notTaken = Cli.run(store, "investigate", "regions", "--ip", "203.0.113.7");
        assertEquals(2, notTaken.code(), notTaken.toString());
        assertTrue(notTaken.err().startsWith("error: investigate regions does not take --ip; usage: regions"),
                notTaken.err());
        Cli.Result badTime = Cli.run(store, "investigate", "timeline", "--since", "yesterday");
        assertEquals(2, badTime.code(), badTime.toString());
        Cli.Result noStore = Cli.run(dir.resolve("none.duckdb"), "investigate", "regions");
        assertEquals(2, noStore.code(), noStore.toString());
        assertTrue(noStore.err().contains("there is no store at"), noStore.err());
    }

    @Test
    void theTimelineSaysWhenItIsCutAndAgesAreRelativeToNow() {
        Cli.Result r = Cli.runAt(java.time.Clock.fixed(java.time.Instant.parse("2023-07-11T00:00:00Z"),
                java.time.ZoneOffset.UTC), store, "--format", "json", "investigate", "timeline", "--key", KEY,
                "--since", "1d", "--limit", "2");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("\"timeline: the first 2 rows are shown; more match"), r.out());
        assertTrue(r.out().contains("\"event_time\" : \"2023-07-10T11:54:33Z\""), r.out());
    }

    /** --until DATE and --ip CIDR as a user types them, in query and investigate (the store is all of 2023-07-10). */
    @Nested
    class WindowArguments {
        @Test
        void sinceAndUntilTheSameDateIsThatWholeDay() {
            Cli.Result r = Cli.run(store, "investigate", "who-deleted", BUCKET, "--since", "2023-07-10", "--until",
                    "2023-07-10");
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().contains("  2 calls of 5 failed: BucketNotEmpty x2\n"), r.out());
            Cli.Result q = Cli.run(store, "--format", "csv", "query", "--event-name", "DeleteBucket", "--resource",
                    BUCKET, "--since", "2023-07-10", "--until", "2023-07-10");
            assertEquals(0, q.code(), q.toString());
            assertEquals(1 + 3, q.out().lines().count(), "a header and the 3 DeleteBucket calls: " + q.out());
            Cli.Result before = Cli.run(store, "--format", "csv", "query", "--event-name", "DeleteBucket", "--resource",
                    BUCKET, "--until", "2023-07-09");
            assertEquals(1, before.out().lines().count(), "the day before holds none: " + before.out());
        }

        @Test
        void anIpv4CidrBlockMatchesItsAddressesAndAnythingElseWithASlashIsRefused() {
            Cli.Result glob = Cli.run(store, "--format", "csv", "query", "--event-name", "DeleteBucket", "--ip",
                    "192.168.10.*");
            Cli.Result block = Cli.run(store, "--format", "csv", "query", "--event-name", "DeleteBucket", "--ip",
                    "192.168.10.0/24");
            assertEquals(0, block.code(), block.toString());
            assertTrue(block.out().lines().count() > 1, block.out());
            assertEquals(glob.out(), block.out());
            Cli.Result timeline = Cli.run(store, "investigate", "timeline", "--ip", "192.168.0.0/16", "--limit", "3");
            assertEquals(0, timeline.code(), timeline.toString());
            assertTrue(timeline.out().contains("192.168.10.20"), timeline.out());
            Cli.Result v6 = Cli.run(store, "query", "--ip", "2001:db8::/32");
            assertEquals(2, v6.code(), v6.toString());
            assertTrue(v6.err().contains("--ip: '2001:db8::/32' is not an IPv4 CIDR block such as 198.51.100.0/24"),
                    v6.toString());
            Cli.Result investigate = Cli.run(store, "investigate", "logins", "--ip", "198.51.100.0/40");
            assertEquals(2, investigate.code(), investigate.toString());
            assertTrue(investigate.err().contains("/40 is over /32"), investigate.toString());
        }
    }
}
