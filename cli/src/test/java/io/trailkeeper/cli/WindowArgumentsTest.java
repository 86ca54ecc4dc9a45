package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --until DATE and --ip CIDR as a user types them, on the Invictus trail files (all of 2023-07-10). */
class WindowArgumentsTest {
    static final String BUCKET = "stratus-red-team-ctlr-bucket-zqfsvooxqj";

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
    void sinceAndUntilTheSameDateIsThatWholeDay() {
        Cli.Result r = Cli.run(store, "investigate", "who-deleted", BUCKET, "--since", "2023-07-10", "--until",
                "2023-07-10");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("  2 calls of 5 failed: BucketNotEmpty x2\n"), r.out());
        Cli.Result q = Cli.run(store, "--format", "csv", "query", "--event-name", "DeleteBucket", "--resource", BUCKET,
                "--since", "2023-07-10", "--until", "2023-07-10");
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
