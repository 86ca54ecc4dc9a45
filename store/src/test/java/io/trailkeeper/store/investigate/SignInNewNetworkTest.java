package io.trailkeeper.store.investigate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.store.EventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stolen password used at once from somewhere new: logins told a success after failures and one without MFA, but
 * not a success from a network the user never signed in from (in a drill, the attacker's sign-in from
 * 185.220.101.47 after four days of sign-ins from the office's 203.0.113.0/24 was told only because failures came
 * first). A success from a network (an IPv4 /24) none of the user's earlier successful sign-ins of the window came
 * from is now a note. A user's first sign-in of the window is judged against the store's sign-ins of that user from
 * before the window: in a drill, `investigate logins --since 7d` said the attacker's first sign-in of the week "cannot
 * be told" while the store held a month of the user's sign-ins from the office.
 */
class SignInNewNetworkTest {
    @TempDir
    Path dir;

    private static String login(String time, String user, String ip) {
        return login(time, user, ip, "111122223333");
    }

    private static String login(String time, String user, String ip, String account) {
        return "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::" + account + ":"
                + "user/" + user + "\",\"accountId\":\"" + account + "\",\"userName\":\"" + user + "\"},\"eventTime\":\""
                + time + "\",\"eventSource\":\"signin.amazonaws.com\",\"eventName\":\"ConsoleLogin\",\"awsRegion\":"
                + "\"us-east-1\",\"sourceIPAddress\":\"" + ip + "\",\"userAgent\":\"Mozilla/5.0\",\"requestParameters\":"
                + "null,\"responseElements\":{\"ConsoleLogin\":\"Success\"},\"additionalEventData\":{\"MFAUsed\":"
                + "\"Yes\"},\"eventID\":\"" + user + time + "\",\"eventType\":\"AwsConsoleSignIn\","
                + "\"recipientAccountId\":\"" + account + "\"}";
    }

    /** The logins notes of a sign-in from a new network, over 1 to 5 March, of a store of these records. */
    private List<String> newNetworkNotes(String... records) throws Exception {
        Path file = dir.resolve("logins.jsonl");
        Files.writeString(file, String.join("\n", records) + "\n");
        Path store = IncidentStores.load(dir.resolve("s.duckdb"), file);
        try (EventStore s = IncidentStores.read(store)) {
            InvestigationResult r = new Investigator(s, IncidentStores.CLOCK).run("logins", InvestigationArgs.none()
                    .withWindow(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-05T23:59:59Z")));
            return r.notes().stream().filter(n -> n.contains("a network")).toList();
        }
    }

    @Test
    void aSuccessFromANetworkTheUserNeverSignedInFromIsTold() throws Exception {
        assertEquals(List.of("k.tanaka signed in at 2026-03-04T22:03:00Z from 185.220.101.47, a network"
                + " (185.220.101.0/24) none of its 2 earlier successful sign-ins between 2026-03-01T00:00:00Z and"
                + " 2026-03-05T23:59:59Z came from"), newNetworkNotes(
                login("2026-03-01T08:05:00Z", "k.tanaka", "203.0.113.28"),
                login("2026-03-02T08:40:00Z", "k.tanaka", "203.0.113.12"),
                login("2026-03-04T22:03:00Z", "k.tanaka", "185.220.101.47"),
                login("2026-03-05T09:01:00Z", "k.tanaka", "203.0.113.27"),
                login("2026-03-04T09:00:00Z", "a.garcia", "198.51.100.9")));
    }

    @Test
    void aUsersFirstSignInOfTheWindowIsJudgedAgainstItsSignInsBeforeTheWindow() throws Exception {
        assertEquals(List.of("k.tanaka signed in at 2026-03-04T22:03:00Z from 185.220.101.47, a network"
                + " (185.220.101.0/24) none of its 3 earlier successful sign-ins (all before the window, from"
                + " 2026-02-10T08:05:00Z on) came from"), newNetworkNotes(
                login("2026-02-10T08:05:00Z", "k.tanaka", "203.0.113.28"),
                login("2026-02-11T08:40:00Z", "k.tanaka", "203.0.113.12"),
                login("2026-02-12T08:40:00Z", "k.tanaka", "198.51.100.3"),
                login("2026-03-04T22:03:00Z", "k.tanaka", "185.220.101.47"),
                login("2026-03-05T09:01:00Z", "k.tanaka", "203.0.113.27"),
                // a.garcia's earlier sign-ins came from the network of its first of the window: nothing to tell
                login("2026-02-20T09:00:00Z", "a.garcia", "198.51.100.7"),
                login("2026-03-04T09:00:00Z", "a.garcia", "198.51.100.9"),
                // p.nowak has none before the window: its first of the window cannot be judged, so not told
                login("2026-03-04T10:00:00Z", "p.nowak", "192.0.2.10")));
    }

    /**
     * An organization trail holds several accounts' users of one name: another account's admin signing in from the
     * office's network is not this account's admin's usual network (a re-read found the earlier sign-ins matched by
     * name only).
     */
    @Test
    void anotherAccountsUserOfTheSameNameIsNotTheUsersHistory() throws Exception {
        assertEquals(List.of("admin signed in at 2026-03-04T22:03:00Z from 203.0.113.40, a network (203.0.113.0/24)"
                + " none of its 1 earlier successful sign-in (all before the window, from 2026-02-11T08:05:00Z on)"
                + " came from"), newNetworkNotes(
                login("2026-02-10T08:05:00Z", "admin", "203.0.113.28", "444455556666"),
                login("2026-02-11T08:05:00Z", "admin", "198.51.100.5", "111122223333"),
                login("2026-03-04T22:03:00Z", "admin", "203.0.113.40", "111122223333")));
    }

    /** A record without recipientAccountId (a hand-made export may drop it) is still its user's history. */
    @Test
    void signInsWithoutAnAccountAreStillTheUsersHistory() throws Exception {
        String none = ",\"recipientAccountId\":\"111122223333\"";
        assertEquals(List.of(), newNetworkNotes(
                login("2026-02-11T08:05:00Z", "admin", "203.0.113.28").replace(none, ""),
                login("2026-03-04T22:03:00Z", "admin", "203.0.113.40").replace(none, "")));
    }
}
