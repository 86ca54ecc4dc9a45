package io.trailkeeper.store.investigate;

import static io.trailkeeper.store.investigate.IncidentStores.rows;
import static io.trailkeeper.store.investigate.OriginChainTest.assume;
import static io.trailkeeper.store.investigate.OriginChainTest.session;
import static io.trailkeeper.store.investigate.RoleChainTest.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.EventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member account's stolen user key hops into the management account (role chaining) and the management session
 * detaches the organization's SCP and assigns an Identity Center permission set; the key itself only assumed a role.
 * The key's 'created' section listed the key's own calls only, so it said nothing was created or changed while the
 * sessions it issued had changed the whole organization. (Found in a drill: investigate key of the stolen key, created
 * '(no rows)'; DetachPolicy was not among the verbs either.)
 */
class ChainedChangesTest {
    private static final String MEMBER = RoleChainTest.ACCOUNT;
    private static final String MANAGEMENT = "210987654321";

    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void load() throws IOException {
        Path file = dir.resolve("org.jsonl");
        Files.writeString(file, String.join("\n",
                assume(RoleChainTest.user(), "2026-03-10T08:00:00Z", "h1", MEMBER, "build", "ASIAHOPONE000000001"),
                assume(session(MEMBER, "build", "ASIAHOPONE000000001"), "2026-03-10T08:02:00Z", "h2", MANAGEMENT,
                        "org-deploy", "ASIAHOPTWO000000001"),
                call(session(MANAGEMENT, "org-deploy", "ASIAHOPTWO000000001"), "2026-03-10T08:05:00Z", "h3",
                        "organizations.amazonaws.com", "DetachPolicy", "us-east-1",
                        "{\"policyId\":\"p-protectct\",\"targetId\":\"ou-k3x9-prod0001\"}", "null"),
                call(session(MANAGEMENT, "org-deploy", "ASIAHOPTWO000000001"), "2026-03-10T08:06:00Z", "h4",
                        "sso.amazonaws.com", "CreateAccountAssignment", "us-east-1",
                        "{\"targetId\":\"" + MEMBER + "\",\"permissionSetArn\":\"arn:aws:sso:::permissionSet/"
                                + "ssoins-7223a1b2c3d4e5f6/ps-0a9b8c7d6e5f4a3b\"}", "null"),
                // another principal's session of the same role: not the key's doing
                call(session(MANAGEMENT, "org-deploy", "ASIAOTHERSESSION001"), "2026-03-10T08:07:00Z", "h5",
                        "organizations.amazonaws.com", "DetachPolicy", "us-east-1",
                        "{\"policyId\":\"p-other\",\"targetId\":\"r-k3x9\"}", "null"),
                // the developer's own hops into the build role that day: more sessions than the note lists
                assume(RoleChainTest.user(), "2026-03-10T09:00:00Z", "d1", MEMBER, "build", "ASIADAYHOP000000001"),
                assume(RoleChainTest.user(), "2026-03-10T10:00:00Z", "d2", MEMBER, "build", "ASIADAYHOP000000002"),
                assume(RoleChainTest.user(), "2026-03-10T11:00:00Z", "d3", MEMBER, "build", "ASIADAYHOP000000003"),
                assume(RoleChainTest.user(), "2026-03-10T12:00:00Z", "d4", MEMBER, "build", "ASIADAYHOP000000004"))
                + "\n");
        store = IncidentStores.load(dir.resolve("org.duckdb"), file);
    }

    @Test
    void theKeysCreatedSectionHoldsWhatItsChainedSessionsChanged() {
        InvestigationResult r = run("key", InvestigationArgs.of(RoleChainTest.DEV_KEY));
        List<Map<String, Object>> created = rows(r.section("created"));
        assertEquals(List.of("DetachPolicy", "CreateAccountAssignment"), created.stream().map(m -> m.get("call"))
                .toList(), r.notes().toString());
        assertEquals("arn:aws:sts::" + MANAGEMENT + ":assumed-role/org-deploy/x", created.get(0).get("principal"));
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("created or changed: DetachPolicy in us-east-1")),
                String.join("\n", r.notes()));
        InvestigationResult actor = run("actor", InvestigationArgs.of("user/dev"));
        assertEquals(List.of("DetachPolicy", "CreateAccountAssignment"), rows(actor.section("created")).stream()
                .map(m -> m.get("call")).toList());
    }

    @Test
    void theSessionsNoteSaysWhichWereChainedWhereTheyWentAndThatTheListIsCut() {
        InvestigationResult r = run("key", InvestigationArgs.of(RoleChainTest.DEV_KEY));
        String note = r.notes().stream().filter(n -> n.contains(" issued 6 sessions")).findFirst()
                .orElseThrow(() -> new AssertionError(String.join("\n", r.notes())));
        assertTrue(note.startsWith("key " + RoleChainTest.DEV_KEY + " issued 6 sessions (AssumeRole*, AssumeRoot,"
                + " GetSessionToken, GetFederationToken), 1 of them by the sessions it issued (role chaining), into"
                + " accounts " + MEMBER + ", " + MANAGEMENT + ": arn:aws:iam::" + MEMBER + ":role/build at"), note);
        assertTrue(note.endsWith("; and 1 more (sessions_issued lists them)"), note);
    }

    private static InvestigationResult run(String name, InvestigationArgs args) {
        try (EventStore s = IncidentStores.read(store)) {
            return new Investigator(s, IncidentStores.CLOCK).run(name, args);
        }
    }
}
