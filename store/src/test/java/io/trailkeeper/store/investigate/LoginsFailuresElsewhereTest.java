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
 * A success after failures from elsewhere is not always a guess that worked: in a drill an intruder's 3 failures and
 * success from 185.220.101.47 at night made the user's own sign-in from the office next morning "possible password
 * guessing" too, since the failures were for the same user in the 24 hours before it. Failures from the success's IP,
 * or a success from a network new for the user, are still possible guessing; a success from a network of the user's
 * earlier successful sign-ins after failures from elsewhere is said not to be.
 */
class LoginsFailuresElsewhereTest {
    @TempDir
    Path dir;

    private static String login(String time, String user, String ip, boolean ok) {
        String identity = ok ? "{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::111122223333:user/" + user
                + "\",\"accountId\":\"111122223333\",\"userName\":\"" + user + "\"}"
                : "{\"type\":\"IAMUser\",\"principalId\":\"\",\"accountId\":\"111122223333\",\"accessKeyId\":\"\","
                + "\"userName\":\"" + user + "\"}";
        return "{\"eventVersion\":\"1.08\",\"userIdentity\":" + identity + ",\"eventTime\":\"" + time
                + "\",\"eventSource\":\"signin.amazonaws.com\",\"eventName\":\"ConsoleLogin\",\"awsRegion\":"
                + "\"us-east-1\",\"sourceIPAddress\":\"" + ip + "\",\"userAgent\":\"Mozilla/5.0\",\"requestParameters\":"
                + "null,\"responseElements\":{\"ConsoleLogin\":\"" + (ok ? "Success" : "Failure") + "\"},"
                + "\"additionalEventData\":{\"MFAUsed\":\"" + (ok && !ip.startsWith("185.") ? "Yes" : "No") + "\"}"
                + (ok ? "" : ",\"errorMessage\":\"Failed authentication\"") + ",\"eventID\":\"" + user + time + "\","
                + "\"eventType\":\"AwsConsoleSignIn\",\"recipientAccountId\":\"111122223333\"}";
    }

    /** The notes about failed sign-ins of investigate logins over 2026-03-01 .. 2026-03-05, of a store of these. */
    private List<String> failureNotes(String... logins) throws Exception {
        Path file = dir.resolve("logins.jsonl");
        Files.writeString(file, String.join("\n", logins) + "\n");
        Path store = IncidentStores.load(dir.resolve("s.duckdb"), file);
        try (EventStore s = IncidentStores.read(store)) {
            return new Investigator(s, IncidentStores.CLOCK).run("logins", InvestigationArgs.none()
                    .withWindow(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-05T23:59:59Z")))
                    .notes().stream().filter(n -> n.contains("failed sign-in")).toList();
        }
    }

    @Test
    void theUsersSignInFromItsUsualNetworkAfterAnIntrudersFailuresIsNotGuessing() throws Exception {
        List<String> notes = failureNotes(
                login("2026-03-03T08:05:00Z", "k.tanaka", "203.0.113.28", true),
                login("2026-03-04T08:40:00Z", "k.tanaka", "203.0.113.12", true),
                login("2026-03-04T22:02:00Z", "k.tanaka", "185.220.101.47", false),
                login("2026-03-04T22:02:10Z", "k.tanaka", "185.220.101.47", false),
                login("2026-03-04T22:02:20Z", "k.tanaka", "185.220.101.47", false),
                login("2026-03-04T22:03:00Z", "k.tanaka", "185.220.101.47", true),
                login("2026-03-05T09:01:00Z", "k.tanaka", "203.0.113.27", true),
                // p.nowak: failures from one address, then a success from a network it never signed in from
                login("2026-03-03T09:00:00Z", "p.nowak", "203.0.113.17", true),
                login("2026-03-04T23:00:00Z", "p.nowak", "198.51.100.9", false),
                login("2026-03-04T23:00:30Z", "p.nowak", "198.51.100.9", false),
                login("2026-03-04T23:05:00Z", "p.nowak", "192.0.2.44", true),
                // a.garcia: failures from elsewhere before its first successful sign-in of the window
                login("2026-03-05T07:00:00Z", "a.garcia", "198.51.100.77", false),
                login("2026-03-05T08:00:00Z", "a.garcia", "203.0.113.31", true));
        assertEquals(List.of(
                "k.tanaka signed in at 2026-03-04T22:03:00Z in us-east-1 from 185.220.101.47 after 3 failed sign-ins for"
                        + " the same user and IP in the 24 hours before, the first at 2026-03-04T22:02:00Z: possible"
                        + " password guessing",
                "p.nowak signed in at 2026-03-04T23:05:00Z in us-east-1 from 192.0.2.44 after 2 failed sign-ins for the"
                        + " same user in the 24 hours before, the first at 2026-03-04T23:00:00Z, none from its IP (they"
                        + " came from 198.51.100.9), and from a network (192.0.2.0/24) none of its 1 earlier successful"
                        + " sign-in of the window came from: possible password guessing",
                "a.garcia signed in at 2026-03-05T08:00:00Z in us-east-1 from 203.0.113.31 after 1 failed sign-in for"
                        + " the same user in the 24 hours before, the first at 2026-03-05T07:00:00Z, none from its IP"
                        + " (they came from 198.51.100.77): possible password guessing (its first successful sign-in the"
                        + " store holds: whether its network is the user's usual one cannot be told)",
                "k.tanaka signed in at 2026-03-05T09:01:00Z in us-east-1 from 203.0.113.27 after 3 failed sign-ins for"
                        + " the same user in the 24 hours before, the first at 2026-03-04T22:02:00Z, none from its IP"
                        + " (they came from 185.220.101.47): not password guessing that succeeded: the sign-in came"
                        + " from a network (203.0.113.0/24) 2 of its 3 earlier successful sign-ins of the window came"
                        + " from"),
                notes);
    }

    @Test
    void theUsersSignInFromANetworkOfItsSignInsBeforeTheWindowIsNotGuessing() throws Exception {
        List<String> notes = failureNotes(
                login("2026-02-20T08:05:00Z", "a.garcia", "203.0.113.28", true),
                login("2026-02-21T08:05:00Z", "a.garcia", "203.0.113.29", true),
                login("2026-03-05T07:00:00Z", "a.garcia", "198.51.100.77", false),
                login("2026-03-05T08:00:00Z", "a.garcia", "203.0.113.31", true));
        assertEquals(List.of("a.garcia signed in at 2026-03-05T08:00:00Z in us-east-1 from 203.0.113.31 after 1 failed"
                + " sign-in for the same user in the 24 hours before, the first at 2026-03-05T07:00:00Z, none from its IP"
                + " (they came from 198.51.100.77): not password guessing that succeeded: the sign-in came from a"
                + " network (203.0.113.0/24) 2 of its 2 earlier successful sign-ins (all before the window, from"
                + " 2026-02-20T08:05:00Z on) came from"),
                notes);
    }
}
