package io.trailkeeper.store.investigate;

import static io.trailkeeper.store.investigate.OriginChainTest.assume;
import static io.trailkeeper.store.investigate.OriginChainTest.session;
import static io.trailkeeper.store.investigate.RoleChainTest.call;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.store.EventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stolen key assumes a role, and the role's session launches GPU instances and makes a backdoor user's access key.
 * investigate key listed the RunInstances and the CreateAccessKey among what it created (its sessions count as its
 * own there), but the launches note and the keys-made note read the key's own calls only: neither told how many
 * instances run on, nor what the backdoor key did. They follow the sessions now, as the created list does (one
 * fragment, subject-calls.sql).
 */
class SessionsMadeTest {
    private static final String ACCOUNT = RoleChainTest.ACCOUNT;
    private static final String SESSION = "ASIAHOPONE000000001";
    private static final String BACKDOOR = "AKIABACKDOOR0000001";

    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void load() throws IOException {
        String build = session(ACCOUNT, "build", SESSION);
        String backdoor = "{\"type\":\"IAMUser\",\"principalId\":\"AIDASVCBACKUP\",\"arn\":\"arn:aws:iam::" + ACCOUNT
                + ":user/svc-backup\",\"accountId\":\"" + ACCOUNT + "\",\"accessKeyId\":\"" + BACKDOOR + "\","
                + "\"userName\":\"svc-backup\"}";
        Path file = dir.resolve("sessions.jsonl");
        Files.writeString(file, String.join("\n",
                assume(RoleChainTest.user(), "2026-03-10T08:00:00Z", "s1", ACCOUNT, "build", SESSION),
                call(build, "2026-03-10T08:05:00Z", "s2", "ec2.amazonaws.com", "RunInstances", "eu-west-1",
                        "{\"instancesSet\":{\"items\":[{\"imageId\":\"ami-0dlami\",\"minCount\":2,\"maxCount\":2}]},"
                                + "\"instanceType\":\"g4dn.xlarge\"}",
                        "{\"reservationId\":\"r-0a\",\"instancesSet\":{\"items\":[{\"instanceId\":\"i-0aa1\","
                                + "\"instanceType\":\"g4dn.xlarge\"},{\"instanceId\":\"i-0aa2\",\"instanceType\":"
                                + "\"g4dn.xlarge\"}]}}"),
                call(build, "2026-03-10T08:06:00Z", "s3", "iam.amazonaws.com", "CreateAccessKey", "us-east-1",
                        "{\"userName\":\"svc-backup\"}", "{\"accessKey\":{\"userName\":\"svc-backup\",\"accessKeyId\":\""
                                + BACKDOOR + "\",\"status\":\"Active\",\"createDate\":\"Mar 10, 2026 8:06:00 AM\"}}"),
                call(backdoor, "2026-03-10T09:00:00Z", "s4", "cloudtrail.amazonaws.com", "StopLogging", "us-east-1",
                        "{\"name\":\"org-main\"}", "null")) + "\n");
        store = IncidentStores.load(dir.resolve("sessions.duckdb"), file);
    }

    @Test
    void theKeysNotesTellWhatItsSessionsLaunchedAndTheKeysTheyMade() {
        List<String> notes = notes("key", RoleChainTest.DEV_KEY);
        String who = "key " + RoleChainTest.DEV_KEY;
        assertEquals(List.of(who + " launched 2 EC2 instances in 1 region: eu-west-1 2 g4dn.xlarge (instances run, and"
                + " cost, until terminated, whatever is done to the credentials; the created list names their ids)"),
                notes.stream().filter(n -> n.startsWith(who + " launched")).toList(), String.join("\n", notes));
        assertEquals(List.of(who + " made access key " + BACKDOOR + " for IAM user svc-backup at 2026-03-10T08:06:00Z; it"
                + " made 1 call from 2026-03-10T09:00:00Z to 2026-03-10T09:00:00Z, from 203.0.113.9, in us-east-1:"
                + " StopLogging (investigate key " + BACKDOOR + " tells its story)"),
                notes.stream().filter(n -> n.startsWith(who + " made access key")).toList());
    }

    @Test
    void anActorsNotesFollowItsAssumedSessionsToo() {
        List<String> notes = notes("actor", "user/dev");
        assertEquals(1, notes.stream().filter(n -> n.startsWith("'user/dev' launched 2 EC2 instances")).count(),
                String.join("\n", notes));
        assertEquals(1, notes.stream().filter(n -> n.startsWith("'user/dev' made access key " + BACKDOOR)).count());
    }

    private static List<String> notes(String name, String subject) {
        try (EventStore s = IncidentStores.read(store)) {
            return new Investigator(s, IncidentStores.CLOCK).run(name, InvestigationArgs.of(subject)).notes();
        }
    }
}
