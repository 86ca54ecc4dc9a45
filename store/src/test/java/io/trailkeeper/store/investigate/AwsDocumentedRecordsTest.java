package io.trailkeeper.store.investigate;

import static io.trailkeeper.store.investigate.IncidentStores.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.Table;
import io.trailkeeper.events.TableCollector;
import io.trailkeeper.store.EventQuery;
import io.trailkeeper.store.EventSearch;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.PersonKinds;
import io.trailkeeper.store.PrincipalIds;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CloudTrail records as AWS documents them, one file per documentation page (src/test/resources/aws-docs), ingested
 * and asked what a responder asks: who a call was, by the names one would type, and how each sign-in ended.
 * <ul>
 * <li>cloudtrail-event-reference-user-identity: the page's userIdentity elements as written, each in a call; the types
 * the page describes without an example (Root with an account alias, Role, FederatedUser, Directory, AWSService,
 * Unknown) built from its field descriptions;</li>
 * <li>cloudtrail-event-reference-aws-console-sign-in-events: the page's records as written (the IAM user's failure
 * has no ARN; the root user's MFA sign-in says {@code "MFAUsed": "YES"});</li>
 * <li>IAM-cloudtrail-integration (IAM User Guide, Logging IAM and AWS STS API calls): its STS, SAML, web identity and
 * sign-in records, with the commas the page leaves out put back;</li>
 * <li>identity-center-sign-in-events: IAM Identity Center's sign-in userIdentity before and after its change of 14 July
 * 2025 (Unknown with userName; IdentityCenterUser with additionalEventData.UserName), as AWS's announcement shows
 * them, in the sign-in records of the CloudTrail sign-in pages;</li>
 * <li>cloudtrail-event-reference-record-contents and non-api-aws-service-events: network activity, Insights and
 * service events as written;</li>
 * <li>IAM-cloudtrail-track-privileged-tasks (IAM User Guide): a management account's AssumeRoot and the root session's
 * call in the member account, the caller's own key made apart from the session's (the page gives both the same
 * placeholder);</li>
 * <li>aws-cli-cloudtrail-lookup-events (AWS CLI Command Reference, cloudtrail lookup-events): its output as written, a
 * role session's console sign-in (a federated sign-in, AssumedRole, "MFAUsed": "No").</li>
 * </ul>
 */
class AwsDocumentedRecordsTest {
    static final Instant SINCE = Instant.parse("2010-01-01T00:00:00Z");
    static final Instant UNTIL = Instant.parse("2026-03-11T00:00:00Z");

    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void load() throws URISyntaxException {
        Path docs = Path.of(AwsDocumentedRecordsTest.class.getResource("/aws-docs").toURI());
        store = IncidentStores.load(dir.resolve("aws-docs.duckdb"), docs);
    }

    @Test
    void everyDocumentedRecordIsStoredAndFoundByItsCategory() {
        assertEquals(44, queried(query(null, null, null)).size());
        assertEquals(List.of("55ed45c5-0b0c-4228-9fe5-EXAMPLEc3f4d"), queried(query(null, null, "insight")));
        assertEquals(List.of("228ca3c8-5f95-4a8a-9732-EXAMPLE60ed9", "7c6e3d04-0c3b-42f2-8589-EXAMPLE826c0"),
                queried(query(null, null, "networkactivity")));
        assertEquals(44L, rows(run("regions", null, null).section("by_region")).stream()
                .mapToLong(r -> ((Number) r.get("events")).longValue()).sum(), "the activity per region counts them");
    }

    @Test
    void loginsCountsEachDocumentedOutcomeAndMfaAsRecorded() {
        InvestigationResult r = run("logins", null, null);
        Map<String, String> counts = rows(r.section("by_region_user")).stream().collect(Collectors.toMap(
                row -> row.get("region") + " " + row.get("user"), row -> row.get("sign_ins") + " sign-ins, "
                        + row.get("successes") + " ok, " + row.get("failures") + " failed, "
                        + row.get("successes_without_mfa") + " ok without MFA"));
        assertEquals("3 sign-ins, 2 ok, 1 failed, 1 ok without MFA", counts.get("us-east-1 root"),
                "the root user's MFA sign-in is recorded as \"MFAUsed\": \"YES\"");
        assertEquals("2 sign-ins, 1 ok, 1 failed, 0 ok without MFA", counts.get("us-east-1 anaya"));
        assertEquals("1 sign-ins, 1 ok, 0 failed, 1 ok without MFA", counts.get("us-east-2 anaya"));
        assertEquals("1 sign-ins, 0 ok, 1 failed, 0 ok without MFA", counts.get("us-east-2 Alice"));
        assertEquals("1 sign-ins, 0 ok, 1 failed, 0 ok without MFA",
                counts.get("us-east-2 HIDDEN_DUE_TO_SECURITY_REASONS"));
        assertEquals(1, r.notes().stream().filter(n -> n.startsWith("root signed in without MFA")).count(),
                r.notes().toString());
        assertTrue(r.notes().contains("10 console sign-ins " + window() + ": 6 succeeded, 4 failed; recorded in"
                + " us-east-1 (6), us-east-2 (4) (a sign-in is recorded in the region of the sign-in URL, not always"
                + " us-east-1)"), r.notes().toString());
    }

    @Test
    void aFederatedSignInIsNotSaidToBeWithoutMfaForItsIdentityProvidersMfaIsNotRecorded() {
        // the AWS CLI reference's role session sign-in says "MFAUsed": "No"; CloudTrail's MFA fields tell a root or IAM
        // user's AWS MFA device (the userIdentity page), and MFA at the identity provider is not in the record
        String session = "arn:aws:sts::123456789012:assumed-role/my-role/my-session-name";
        InvestigationResult r = run("logins", null, session);
        assertEquals(List.of("not recorded (identity provider)"), column(r.section("sign_ins"), "mfa_used"));
        assertEquals(List.of("0"), column(r.section("by_region_user"), "successes_without_mfa"));
        assertTrue(r.notes().stream().noneMatch(n -> n.contains("without MFA at")), r.notes().toString());
        assertTrue(r.notes().contains("1 federated console sign-in (a role session or federated user signed in"
                + " through an identity provider) by my-role/my-session-name: MFA at the identity provider is not"
                + " recorded (CloudTrail's MFAUsed tells whether a root or IAM user used an AWS MFA device), so their"
                + " MFAUsed No does not say they signed in without MFA"), r.notes().toString());
        assertTrue(run("logins", null, null).notes().stream().anyMatch(n -> n.startsWith("Bob signed in without MFA")),
                "an IAM user's MFAUsed No is still told");
    }

    @Test
    void eachDocumentedIdentityIsFoundByItsNameOrArn() {
        assertEquals(List.of("ui-iam-user-01", "ui-iam-user-02", "ui-federated-user-10"),
                user("arn:aws:iam::123456789012:user/Alice"), "with the federated user Alice's credentials issued");
        assertEquals(List.of("ui-assumed-role-03"), user("MySessionName"));
        assertEquals(List.of("ui-assumed-role-03", "ui-role-09"),
                user("arn:aws:iam::123456789012:role/RoleToBeAssumed"));
        assertEquals(List.of("ui-identity-center-user-04"), user("544894e8-80c1-707f-60e3-3ba6510dfac1"));
        assertEquals(List.of("ui-web-identity-06"), user("{{user-id}}"));
        assertEquals(List.of("ui-aws-account-07"), user("111122223333/AIDAJ45Q7YFFAREXAMPLE"),
                "another account's principal, with its account");
        assertEquals(List.of("ui-root-08"), user("arn:aws:iam::123456789012:root"));
        assertEquals(List.of("ui-root-08"), user("example-company"), "the account alias that names the root user");
        assertEquals(List.of("ui-federated-user-10"), user("arn:aws:sts::123456789012:federated-user/Bob"));
        assertEquals(List.of("ui-directory-11"), user("carol@example.com"));
        assertEquals(List.of("ui-aws-service-12"), user("ec2.amazonaws.com"));
        assertEquals(List.of("ui-unknown-13"), user("exampleuser"));
        assertEquals(List.of("dEXAMPLE-265a-41e0-9352-4401bEXAMPLE"), user("<canonical id of user>"),
                "a SAMLUser by its SAML subject");
        assertEquals(List.of("ui-iam-user-02"), queried(query(null, "AKIAIOSFODNN7EXAMPLE", null)));
    }

    @Test
    void aCallOfAnotherAccountIsItsAndNotTheRoleOwners() {
        assertEquals(List.of("dEXAMPLE-ac7f-466c-a608-4ac8dEXAMPLE", "dEXAMPLE-ac7f-466c-a608-4ac8dEXAMPLE",
                "dEXAMPLE-265a-41e0-9352-4401bEXAMPLE", "7c6e3d04-0c3b-42f2-8589-EXAMPLE826c0"), user("777788889999"),
                "Bob's AssumeRole in his account and as the role's account records it, the DeleteBucket of a session"
                        + " in 777788889999, its call denied at another account's VPC endpoint");
        assertEquals(List.of(), user("arn:aws:iam::111122223333:role/EC2-dev"), "no session of EC2-dev called");
    }

    @Test
    void anIdentityWhoseArnIsRecordedEmptyIsNamedByItsUserName() {
        // the Unknown identity of a sign-in: "arn": ""
        assertEquals(List.of("exampleuser"),
                column(run("actor", "exampleuser", null).section("principals"), "principal"));
        assertEquals(List.of("exampleuser"),
                column(run("timeline", null, "exampleuser").section("timeline"), "principal"));
    }

    @Test
    void anIdentityCenterSignInIsFoundByTheUserNameSignedInWithAndByTheUserId() {
        List<String> all = List.of("ic-before-01", "ic-before-02", "ic-after-03", "ic-after-04", "ic-after-05",
                "ic-after-06");
        assertEquals(all, user("anyuser"), "since 14 July 2025 the name is in additionalEventData.UserName only");
        assertEquals(all, user("a11111-1111-1111-11a1-111aa111aa11"));
        assertTrue(run("logins", null, "anyuser").notes().contains("not counted above: 1 IAM Identity Center sign-in"
                + " (UserAuthentication) and 3 credential verifications (CredentialVerification), 2 failed " + window()
                + " matching --actor anyuser; query --event-source signin --event-name 'Credential*,UserAuthentication'"
                + " lists them"));
    }

    @Test
    void anIamUsersArnFindsTheirSignInsRecordedWithoutIt() {
        // the sign-in events page: the failure and the MFA checks name the user without an ARN
        String anaya = "arn:aws:iam::111122223333:user/anaya";
        assertEquals(List.of("3fcfb182-98f8-4744-bd45-10a395ab61cb", "d38ce1b3-4575-4cb8-a632-611b8243bfc3",
                "f8ef8fc5-e3e8-4ee1-9d52-2f412ddf17e3", "f8ef8fc5-e3e8-4ee1-9d52-2f412ddf17e3",
                "fed06f42-cb12-4764-8c69-121063dc79b9"), user(anaya).stream().sorted().toList());
        assertEquals(List.of("Failure", "Success", "Success"),
                column(run("logins", null, anaya).section("sign_ins"), "result").stream().sorted().toList());
        assertEquals(List.of(), user("arn:aws:iam::444455556666:user/anaya"), "another account's anaya");
        assertEquals(List.of(), user("arn:aws:iam::111122223333:role/anaya"), "a role of that name");
    }

    @Test
    void errorAnyFindsEveryDocumentedFailedSignIn() {
        List<String> failed = queried(new EventQuery(SINCE, UNTIL, List.of(), List.of(), List.of("signin"), null, null,
                null, null, "any", null, null, null));
        assertEquals(List.of("11ea990b-4678-4bcd-8fbe-62509088b7cf", "a4fbbe77-91a0-4238-804a-64314184edb6",
                "a7654656-0417-45c6-9386-ea8231385051", "d38ce1b3-4575-4cb8-a632-611b8243bfc3", "ic-after-04",
                "ic-before-02"), failed.stream().sorted().toList(),
                "the console sign-ins that failed, and the credentials IAM Identity Center's sign-in rejected");
    }

    @Test
    void theCredentialsIdentityCenterRejectedAreErrorsOfTheActor() {
        InvestigationResult r = run("actor", "anyuser", null);
        assertEquals("2", column(r.section("summary"), "errors").get(0));
        assertEquals(List.of("Failure"), column(r.section("errors"), "error_code"));
        assertEquals(List.of("[CredentialVerification]"), column(r.section("errors"), "some_calls"));
    }

    @Test
    void aPrincipalIdGivenAsUserIsSearchedAsThePrincipalItStandsFor() {
        // AWS's examples give Alice, Bob and anaya one principalId, AIDACKCEVSQ6C2EXAMPLE (as a user renamed keeps its
        // id): the first ARN is searched, the others named
        PrincipalIds.Resolved id = resolve("aidackcevsq6c2example");
        assertEquals(List.of("arn:aws:iam::111122223333:user/Alice", "arn:aws:iam::111122223333:user/Bob",
                "arn:aws:iam::111122223333:user/anaya"), id.arns());
        assertEquals("--user aidackcevsq6c2example is the userIdentity.principalId of"
                + " arn:aws:iam::111122223333:user/Alice: searched as that ARN; the same id was also recorded as"
                + " arn:aws:iam::111122223333:user/Bob, arn:aws:iam::111122223333:user/anaya (a user renamed keeps its"
                + " id): --user with each ARN finds its events", id.note("--user"));
        assertEquals(user("arn:aws:iam::111122223333:user/Alice"), user(id.arn()));
        assertTrue(run("actor", "AIDACKCEVSQ6C2EXAMPLE", null).notes().get(0).startsWith("investigate actor"
                + " AIDACKCEVSQ6C2EXAMPLE is the userIdentity.principalId of arn:aws:iam::111122223333:user/Alice:"
                + " searched as that ARN"));
        // a role's id names its sessions; with a session after it, that session
        assertEquals(List.of("arn:aws:iam::123456789012:role/RoleToBeAssumed"), resolve("AROAIDPPEZS35WEXAMPLE").arns());
        assertTrue(run("actor", "AROAIDPPEZS35WEXAMPLE", null).notes().contains("investigate actor"
                + " AROAIDPPEZS35WEXAMPLE is the userIdentity.principalId of the sessions of role"
                + " arn:aws:iam::123456789012:role/RoleToBeAssumed: searched as that ARN"));
        // (the example's principalId names session AssumedRoleSessionName, its ARN MySessionName)
        assertEquals(List.of("arn:aws:sts::123456789012:assumed-role/RoleToBeAssumed/MySessionName"),
                resolve("AROAIDPPEZS35WEXAMPLE:AssumedRoleSessionName").arns());
        assertEquals(List.of(), resolve("AROAIDPPEZS35WEXAMPLE:NoSuchSession").arns());
        assertTrue(run("actor", "AROAIDPPEZS35WEXAMPLF", null).notes().stream().anyMatch(n -> n.equals(
                "investigate actor AROAIDPPEZS35WEXAMPLF matched no principal's name or ARN; it has the form of an IAM"
                        + " unique id (userIdentity.principalId: AIDA... a user's, AROA... a role's), and no stored"
                        + " record of a user, role or session carries it")), "an id no record carries");
        assertNull(resolve("nobody-at-all"), "not an id");
        assertEquals("--user asiaiosfodnn7exampl4 matched no principal's name or ARN; it has the form of an access key"
                + " id: query --access-key ASIAIOSFODNN7EXAMPL4 or investigate key ASIAIOSFODNN7EXAMPL4 finds the calls"
                + " signed with it", kinds("asiaiosfodnn7exampl4"));
        assertNull(kinds("nobody-at-all"), "a name that matched nothing is nothing found");
        assertEquals(List.of("ui-aws-account-07"), user("AIDAJ45Q7YFFAREXAMPLE"),
                "Alice's id held in the name of another account's principal, not her own calls");
        assertEquals(List.of("arn:aws:iam::123456789012:user/Alice"), resolve("AIDAJ45Q7YFFAREXAMPLE").arns(),
                "her own calls, found by the id where the text found only the other principal's name");
        assertTrue(kinds("AIDAJ45Q7YFFAREXAMPLE").startsWith("--user AIDAJ45Q7YFFAREXAMPLE matched only names that"
                + " hold it (another account's principal, as AWSAccount records name it); it has the form of an IAM"
                + " unique id"));
    }

    private static PrincipalIds.Resolved resolve(String given) {
        try (EventStore s = IncidentStores.read(store)) {
            return PrincipalIds.resolve(s, given);
        }
    }

    private static String kinds(String user) {
        try (EventStore s = IncidentStores.read(store)) {
            return PersonKinds.note(s, query(user, null, null));
        }
    }

    @Test
    void aRootSessionsKeyIsTracedToTheAssumeRootThatIssuedIt() {
        // the IAM User Guide's steps: the member account's root calls carry the key AssumeRoot returned
        Instant since = Instant.parse("2024-10-25T00:00:00Z");
        Instant until = Instant.parse("2024-10-26T00:00:00Z");
        InvestigationResult key = run("key", "ASIAIOSFODNN7EXAMPLE", null, since, until);
        assertTrue(key.notes().contains("key ASIAIOSFODNN7EXAMPLE was issued by AssumeRoot at 2024-10-25T20:52:11Z by"
                + " arn:aws:sts::111111111111:assumed-role/JohnDoe/JohnRole1 from 192.0.2.1, for 222222222222"),
                key.notes().toString());
        InvestigationResult actor = run("actor", "arn:aws:sts::111111111111:assumed-role/JohnDoe/JohnRole1", null,
                since, until);
        assertTrue(actor.notes().contains("assumed 1 role: arn:aws:iam::222222222222:root at 2024-10-25T20:52:11Z"
                + " (success, session key ASIAIOSFODNN7EXAMPLE: 1 call)"), actor.notes().toString());
        InvestigationResult timeline = run("timeline", null, "arn:aws:sts::111111111111:assumed-role/JohnDoe/JohnRole1",
                since, until);
        assertTrue(timeline.notes().stream().anyMatch(n -> n.startsWith("1 call here issued a session (AssumeRole*,"
                + " AssumeRoot, GetSessionToken, GetFederationToken)")), timeline.notes().toString());
    }

    private static String window() {
        return "between " + SINCE + " and " + UNTIL;
    }

    private static List<String> user(String given) {
        return queried(query(given, null, null));
    }

    private static EventQuery query(String user, String key, String category) {
        return new EventQuery(SINCE, UNTIL, List.of(), List.of(), List.of(), user, key, null, null, null, null,
                category, null);
    }

    /** The eventIDs of what the query finds, in the order found (event time, then as stored). */
    private static List<String> queried(EventQuery q) {
        List<String> ids = new ArrayList<>();
        try (EventStore s = IncidentStores.read(store)) {
            new EventSearch(s).records(q, b -> {
                String json = new String(b, StandardCharsets.UTF_8);
                int at = json.indexOf("\"eventID\":\"") + 11;
                ids.add(json.substring(at, json.indexOf('"', at)));
            });
        }
        return ids;
    }

    private static InvestigationResult run(String name, String subject, String actor) {
        return run(name, subject, actor, SINCE, UNTIL);
    }

    private static InvestigationResult run(String name, String subject, String actor, Instant since, Instant until) {
        try (EventStore s = IncidentStores.read(store)) {
            return new Investigator(s, IncidentStores.CLOCK).run(name,
                    new InvestigationArgs(subject, since, until, actor, null, null, null));
        }
    }

    static List<String> column(Table t, String name) {
        return rows(t).stream().map(r -> String.valueOf(r.get(name))).toList();
    }
}
