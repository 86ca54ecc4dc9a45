package io.trailkeeper.store.investigate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A root takeover drill: three failed root sign-ins from a Tor exit, the root password reset through password
 * recovery (PasswordRecoveryRequested, PasswordRecoveryCompleted: a link mailed to the account's email address), then
 * root's sign-in without MFA. logins told 'possible password guessing' and nothing of the recovery, so a responder
 * would change the password and leave the mailbox that reset it in the intruder's hands. The recoveries are now told.
 */
class LoginsPasswordRecoveryTest {
    private static final String ACCOUNT = "493827160512";
    private static final String TOR = "185.220.101.47";

    @TempDir
    Path dir;

    private static String event(String time, String name, String response, String error) {
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"Root\",\"principalId\":\"" + ACCOUNT + "\","
                + "\"arn\":\"arn:aws:iam::" + ACCOUNT + ":root\",\"accountId\":\"" + ACCOUNT + "\",\"accessKeyId\":\"\"},"
                + "\"eventTime\":\"" + time + "\",\"eventSource\":\"signin.amazonaws.com\",\"eventName\":\"" + name
                + "\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"" + TOR + "\",\"userAgent\":\"Mozilla/5.0\","
                + (error == null ? "" : "\"errorMessage\":\"" + error + "\",") + "\"requestParameters\":null,"
                + "\"responseElements\":{\"" + name + "\":\"" + response + "\"},\"additionalEventData\":{\"MFAUsed\":"
                + "\"No\"},\"eventID\":\"" + name + time + "\",\"readOnly\":false,\"eventType\":\"AwsConsoleSignIn\","
                + "\"managementEvent\":true,\"recipientAccountId\":\"" + ACCOUNT + "\",\"eventCategory\":\"Management\"}";
    }

    private List<String> notes(boolean recovery) throws IOException {
        Path file = dir.resolve(recovery + ".jsonl");
        List<String> lines = new java.util.ArrayList<>(List.of(
                event("2026-11-18T02:11:05Z", "ConsoleLogin", "Failure", "Failed authentication"),
                event("2026-11-18T02:21:03Z", "ConsoleLogin", "Success", null)));
        if (recovery) {
            lines.add(event("2026-11-18T02:14:10Z", "PasswordRecoveryRequested", "Success", null));
            lines.add(event("2026-11-18T02:19:44Z", "PasswordRecoveryCompleted", "Success", null));
        }
        Files.writeString(file, String.join("\n", lines) + "\n");
        Path store = IncidentStores.load(dir.resolve(recovery + ".duckdb"), file);
        try (io.trailkeeper.store.EventStore s = IncidentStores.read(store)) {
            return new Investigator(s, IncidentStores.CLOCK).run("logins", InvestigationArgs.none()).notes();
        }
    }

    @Test
    void theRootPasswordRecoveryBeforeTheSignInIsTold() throws IOException {
        List<String> notes = notes(true);
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("password recovery at any time: PasswordRecoveryRequested"
                + " at 2026-11-18T02:14:10Z from " + TOR + " by arn:aws:iam::" + ACCOUNT + ":root (Success);"
                + " PasswordRecoveryCompleted at 2026-11-18T02:19:44Z from " + TOR + " by arn:aws:iam::" + ACCOUNT
                + ":root (Success): a recovery completed set a new password through a link mailed to the account's"
                + " email address")), String.join("\n", notes));
    }

    /**
     * 22 recoveries requested, then one completed: only the first 20 were read, so the completion went untold and the
     * note said "and 15 more" of 17.
     */
    @Test
    void aCompletionAfterTwentyRequestsIsToldAndAllCounted() throws IOException {
        List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < 22; i++) {
            lines.add(event(String.format("2026-11-18T02:%02d:10Z", 20 + i), "PasswordRecoveryRequested", "Success",
                    null));
        }
        lines.add(event("2026-11-18T02:50:44Z", "PasswordRecoveryCompleted", "Success", null));
        Path file = dir.resolve("many.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        Path store = IncidentStores.load(dir.resolve("many.duckdb"), file);
        List<String> notes;
        try (io.trailkeeper.store.EventStore s = IncidentStores.read(store)) {
            notes = new Investigator(s, IncidentStores.CLOCK).run("logins", InvestigationArgs.none()).notes();
        }
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("password recovery at any time: ")
                && n.contains(" and 18 more: a recovery completed set a new password")), String.join("\n", notes));
    }

    @Test
    void noRecoveryNoNote() throws IOException {
        assertFalse(notes(false).stream().anyMatch(n -> n.contains("password recovery")));
    }
}
