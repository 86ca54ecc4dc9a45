package io.trailkeeper.store.investigate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stolen IAM user key turned into a console: GetFederationToken, then a sign-in as the federated user it issued.
 * logins called it a federated sign-in 'through an identity provider' whose MFA is not recorded, so 'MFAUsed No does
 * not say they signed in without MFA'; no identity provider was involved, the key was all it took. Such a sign-in is
 * now told as one without MFA; a role session's sign-in through SAML or Identity Center is still not judged.
 */
class LoginsFederatedUserTest {
    private static final String ACCOUNT = "345678901234";

    @TempDir
    Path dir;

    @Test
    void aFederatedUserIssuedToAnIamUserSignedInWithoutMfa() throws IOException {
        Path file = dir.resolve("sign-ins.jsonl");
        Files.writeString(file, String.join("\n",
                signIn("f1", "2026-11-06T08:46:54Z", "{\"type\":\"FederatedUser\",\"principalId\":\"" + ACCOUNT
                        + ":maria-console\",\"arn\":\"arn:aws:sts::" + ACCOUNT + ":federated-user/maria-console\","
                        + "\"accountId\":\"" + ACCOUNT + "\",\"accessKeyId\":\"ASIAFEDERATED0000001\","
                        + "\"sessionContext\":{\"sessionIssuer\":{\"type\":\"IAMUser\",\"principalId\":"
                        + "\"AIDAEXAMPLEMARIA001\",\"arn\":\"arn:aws:iam::" + ACCOUNT + ":user/dev-maria\","
                        + "\"accountId\":\"" + ACCOUNT + "\",\"userName\":\"dev-maria\"}}}", "203.0.113.77"),
                signIn("s1", "2026-11-06T09:00:00Z", "{\"type\":\"AssumedRole\",\"principalId\":"
                        + "\"AROAEXAMPLESSO0001:alice@example.com\",\"arn\":\"arn:aws:sts::" + ACCOUNT
                        + ":assumed-role/AWSReservedSSO_Admin_5f1c2d3e/alice@example.com\",\"accountId\":\"" + ACCOUNT
                        + "\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"arn\":\"arn:aws:iam::"
                        + ACCOUNT + ":role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_5f1c2d3e\",\"userName\":"
                        + "\"AWSReservedSSO_Admin_5f1c2d3e\"}}}", "198.51.100.41")) + "\n");
        Path store = IncidentStores.load(dir.resolve("store.duckdb"), file);
        InvestigationResult r;
        try (io.trailkeeper.store.EventStore s = IncidentStores.read(store)) {
            r = new Investigator(s, IncidentStores.CLOCK).run("logins", InvestigationArgs.none());
        }
        List<String> mfa = IncidentStores.rows(r.section("sign_ins")).stream().map(m -> String.valueOf(m.get("user"))
                + " " + m.get("mfa_used")).toList();
        assertEquals(List.of("maria-console No", "AWSReservedSSO_Admin_5f1c2d3e/alice@example.com not recorded"
                + " (identity provider)"), mfa, r.notes().toString());
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("maria-console signed in without MFA at"
                + " 2026-11-06T08:46:54Z in us-east-1 from 203.0.113.77")), String.join("\n", r.notes()));
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("1 federated console sign-in (a role session or"
                + " federated user signed in through an identity provider) by AWSReservedSSO_Admin_5f1c2d3e/alice")),
                String.join("\n", r.notes()));
    }

    private static String signIn(String id, String time, String identity, String ip) {
        return "{\"eventVersion\":\"1.08\",\"userIdentity\":" + identity + ",\"eventTime\":\"" + time + "\","
                + "\"eventSource\":\"signin.amazonaws.com\",\"eventName\":\"ConsoleLogin\",\"awsRegion\":\"us-east-1\","
                + "\"sourceIPAddress\":\"" + ip + "\",\"userAgent\":\"Mozilla/5.0 (X11; Linux x86_64; rv:128.0)\","
                + "\"requestParameters\":null,\"responseElements\":{\"ConsoleLogin\":\"Success\"},"
                + "\"additionalEventData\":{\"MobileVersion\":\"No\",\"MFAUsed\":\"No\",\"LoginTo\":"
                + "\"https://console.aws.amazon.com/console/home\"},\"eventID\":\"" + id + "\",\"eventType\":"
                + "\"AwsConsoleSignIn\",\"managementEvent\":true,\"recipientAccountId\":\"" + ACCOUNT + "\","
                + "\"eventCategory\":\"Management\"}";
    }
}
