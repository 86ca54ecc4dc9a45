package io.trailkeeper.store.investigate;

import static io.trailkeeper.store.investigate.RoleChainTest.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.EventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An alert names the last session of a chain across an organization: OrganizationAccountAccessRole's session in a
 * member, issued to the management account's automation role session, itself issued to a role session of another
 * member, issued to that member's stolen user key. investigate key of the last session named the one session whose
 * AssumeRole issued it, and that by the role account's copy of the call (userIdentity AWSAccount: an account and a
 * role id, no ARN, no key); who was behind it took one investigation per hop. It names the caller's copy now, and the
 * chain back to the long-term key.
 */
class OriginChainTest {
    private static final String MEMBER = RoleChainTest.ACCOUNT;
    private static final String MANAGEMENT = "210987654321";
    private static final String PROD = "456789012345";

    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void load() throws IOException {
        String build = session(MEMBER, "build", "ASIAHOPONE000000001");
        String deploy = session(MANAGEMENT, "org-deploy", "ASIAHOPTWO000000001");
        Path file = dir.resolve("chain.jsonl");
        Files.writeString(file, String.join("\n",
                assume(RoleChainTest.user(), "2026-03-10T08:00:00Z", "o1", MEMBER, "build", "ASIAHOPONE000000001"),
                assume(build, "2026-03-10T08:02:00Z", "o2", MANAGEMENT, "org-deploy", "ASIAHOPTWO000000001"),
                // the role's account records the same call with the caller's account only
                roleAccountCopy(assume(build, "2026-03-10T08:02:00Z", "o2-copy", MANAGEMENT, "org-deploy",
                        "ASIAHOPTWO000000001"), MEMBER, MANAGEMENT),
                roleAccountCopy(assume(deploy, "2026-03-10T08:05:00Z", "o3-copy", PROD,
                        "OrganizationAccountAccessRole", "ASIAHOPTHREE0000001"), MANAGEMENT, PROD),
                assume(deploy, "2026-03-10T08:05:00Z", "o3", PROD, "OrganizationAccountAccessRole",
                        "ASIAHOPTHREE0000001"),
                call(session(PROD, "OrganizationAccountAccessRole", "ASIAHOPTHREE0000001"), "2026-03-10T08:07:00Z",
                        "o4", "cloudtrail.amazonaws.com", "StopLogging", "us-east-1", "{\"name\":\"prod-trail\"}",
                        "null"),
                // a chain whose first AssumeRole is not in the store (made in a region not collected): the nightly
                // role's session hops into the management account
                assume(session(MEMBER, "nightly", "ASIAORPHAN000000001"), "2026-03-10T09:00:00Z", "p1", MANAGEMENT,
                        "org-deploy", "ASIAORPHANHOP000001"),
                // the busy role's session hops too; its own AssumeRole is in the store, but 21 later ones of the same
                // role and session name (a job assuming it all day) came before its first use
                assume(RoleChainTest.user(), "2026-03-10T06:00:00Z", "q0", MEMBER, "busy", "ASIABUSY00000000001"),
                busyDay(),
                assume(session(MEMBER, "busy", "ASIABUSY00000000001"), "2026-03-10T09:00:00Z", "q1", MANAGEMENT,
                        "org-deploy", "ASIABUSYHOP00000001")) + "\n");
        store = IncidentStores.load(dir.resolve("chain.duckdb"), file);
    }

    @Test
    void theLastSessionsKeyNamesTheChainBackToTheStolenKey() {
        InvestigationResult r = run("ASIAHOPTHREE0000001");
        assertTrue(r.notes().contains("key ASIAHOPTHREE0000001 was issued by AssumeRole at 2026-03-10T08:05:00Z by"
                + " arn:aws:sts::" + MANAGEMENT + ":assumed-role/org-deploy/x from 203.0.113.9, for arn:aws:iam::" + PROD
                + ":role/OrganizationAccountAccessRole"), String.join("\n", r.notes()));
        assertTrue(r.notes().contains("behind the session that issued key ASIAHOPTHREE0000001 (role chaining):"
                + " ASIAHOPTWO000000001 was issued by AssumeRole at 2026-03-10T08:02:00Z by arn:aws:sts::" + MEMBER
                + ":assumed-role/build/x with key ASIAHOPONE000000001 from 203.0.113.9; ASIAHOPONE000000001 was issued"
                + " by AssumeRole at 2026-03-10T08:00:00Z by arn:aws:iam::" + MEMBER + ":user/dev with key "
                + RoleChainTest.DEV_KEY + " from 203.0.113.9; investigate key " + RoleChainTest.DEV_KEY + " follows"
                + " everything that key and the sessions it issued did"), String.join("\n", r.notes()));
    }

    /** The chain's first AssumeRole missing said nothing at all, as if no chain were behind the session. */
    @Test
    void whereTheChainStopsIsSaidWithWhy() {
        InvestigationResult r = run("ASIAORPHANHOP000001");
        assertTrue(r.notes().contains("behind the session that issued key ASIAORPHANHOP000001 (role chaining): the"
                + " AssumeRole* call that issued ASIAORPHAN000000001 (a session of arn:aws:iam::" + MEMBER
                + ":role/nightly named x, first used at 2026-03-10T09:00:00Z) is not in the store, looked for in the 36"
                + " hours before that first use (the longest a session lasts): it was made before what was collected,"
                + " or recorded in a region or account not collected (an STS call is recorded in the region of the"
                + " endpoint it was sent to, us-east-1 for the global one); the chain stops here"),
                String.join("\n", r.notes()));
    }

    @Test
    void aCallerPastTheCallsReadIsSaidToBeSoNotMissing() {
        InvestigationResult r = run("ASIABUSYHOP00000001");
        String notes = String.join("\n", r.notes());
        assertTrue(notes.contains("the AssumeRole* call that issued ASIABUSY00000000001 (a session of arn:aws:iam::"
                + MEMBER + ":role/busy named x, first used at 2026-03-10T09:00:00Z) is not among the latest 20 of the"
                + " 22 calls of AssumeRole* naming that role and session name in the 36 hours before that first use,"
                + " the ones read (query --event-name 'AssumeRole*' --resource arn:aws:iam::" + MEMBER + ":role/busy"
                + " lists them all); the chain stops here"), notes);
    }

    /** 21 AssumeRole calls of the busy role by the user, each issuing another key, between 06:30 and 08:50. */
    private static String busyDay() {
        List<String> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 21; i++) {
            String time = java.time.Instant.parse("2026-03-10T06:30:00Z").plusSeconds(400L * i).toString();
            calls.add(assume(RoleChainTest.user(), time, "b" + i, MEMBER, "busy", String.format("ASIABUSYJOB%08d", i)));
        }
        return String.join("\n", calls);
    }

    @Test
    void aSessionIssuedByALongTermKeyHasNoChainBehindIt() {
        InvestigationResult r = run("ASIAHOPONE000000001");
        assertEquals(List.of(), r.notes().stream().filter(n -> n.startsWith("behind the session")).toList());
    }

    private static InvestigationResult run(String key) {
        try (EventStore s = IncidentStores.read(store)) {
            return new Investigator(s, IncidentStores.CLOCK).run("key", InvestigationArgs.of(key));
        }
    }

    /** A role session of the account as its calls name it (ChainedChangesTest's chain too). */
    static String session(String account, String role, String key) {
        return "{\"type\":\"AssumedRole\",\"principalId\":\"AROA" + role.toUpperCase() + ":x\",\"arn\":\"arn:aws:sts::"
                + account + ":assumed-role/" + role + "/x\",\"accountId\":\"" + account + "\",\"accessKeyId\":\"" + key
                + "\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"arn\":\"arn:aws:iam::" + account
                + ":role/" + role + "\",\"accountId\":\"" + account + "\",\"userName\":\"" + role + "\"},"
                + "\"attributes\":{\"mfaAuthenticated\":\"false\"}}}";
    }

    /** An AssumeRole of a role in the account, as the caller's account records it. */
    static String assume(String identity, String time, String id, String account, String role, String key) {
        return call(identity, time, id, "sts.amazonaws.com", "AssumeRole", "us-east-1",
                "{\"roleArn\":\"arn:aws:iam::" + account + ":role/" + role + "\",\"roleSessionName\":\"x\"}",
                "{\"credentials\":{\"accessKeyId\":\"" + key + "\",\"expiration\":\"Mar 10, 2026, 9:00:00 AM\"},"
                        + "\"assumedRoleUser\":{\"arn\":\"arn:aws:sts::" + account + ":assumed-role/" + role
                        + "/x\"}}");
    }

    /** The same call as the role's account records it: the caller is an account and a role id, with no key. */
    private static String roleAccountCopy(String record, String callerAccount, String roleAccount) {
        int start = record.indexOf("\"userIdentity\":") + "\"userIdentity\":".length();
        int end = record.indexOf(",\"eventTime\"");
        return record.substring(0, start) + "{\"type\":\"AWSAccount\",\"principalId\":\"AROAEXAMPLE:x\",\"accountId\":\""
                + callerAccount + "\"}" + record.substring(end).replace("\"recipientAccountId\":\"" + MEMBER + "\"",
                "\"recipientAccountId\":\"" + roleAccount + "\"");
    }
}
