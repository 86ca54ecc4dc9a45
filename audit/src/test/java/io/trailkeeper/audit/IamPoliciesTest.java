package io.trailkeeper.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.audit.IamPolicies.Access;
import io.trailkeeper.audit.IamPolicies.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IamPoliciesTest {
    private static final String ROLE = "arn:aws:iam::111122223333:role/Ops";
    private static final String TRAIL = "arn:aws:cloudtrail:us-east-1:111122223333:trail/main";
    private static final String OBJECT = "arn:aws:s3:::logs/AWSLogs/111122223333/CloudTrail/x.json.gz";

    private static List<Statement> policy(String statements) {
        return IamPolicies.parse("{\"Version\":\"2012-10-17\",\"Statement\":" + statements + "}", "test policy");
    }

    private static Access access(String statements, String action, String resource) {
        return IamPolicies.evaluate(policy(statements), List.of(), ROLE, action, resource);
    }

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource({"*, anything, true", "s3:Delete*, s3:DeleteObject, true", "s3:Delete*, s3:PutObject, false",
        "s3:DeleteObject?ersion, s3:DeleteObjectVersion, true", "a*b*c, aXXbYYc, true", "a*b*c, aXXbYY, false",
        "'', '', true", "?, '', false", "L/o-*, L/o-*/*/CloudTrail/x, true", "L/o-a/*, L/o-*/*/CloudTrail/x, false"})
    void wildcards(String pattern, String text, boolean matches) {
        assertEquals(matches, IamPolicies.wildcard(pattern, text));
    }

    @Test
    void actionsAreCaseInsensitiveAndResourcesAreNot() {
        assertEquals(Access.ALLOWED, access("{\"Effect\":\"Allow\",\"Action\":\"CloudTrail:stoplogging\","
                + "\"Resource\":\"*\"}", "cloudtrail:StopLogging", TRAIL));
        assertEquals(Access.NOT_ALLOWED, access("{\"Effect\":\"Allow\",\"Action\":\"cloudtrail:*\","
                + "\"Resource\":\"arn:aws:cloudtrail:us-east-1:111122223333:trail/MAIN\"}", "cloudtrail:StopLogging",
                TRAIL));
    }

    @Test
    void notActionAndNotResourceInvertTheMatch() {
        String powerUser = "[{\"Effect\":\"Allow\",\"NotAction\":[\"iam:*\",\"organizations:*\"],\"Resource\":\"*\"}]";
        assertEquals(Access.ALLOWED, access(powerUser, "cloudtrail:DeleteTrail", TRAIL));
        assertEquals(Access.NOT_ALLOWED, access(powerUser, "iam:CreateUser", "*"));
        String exceptLogs = "{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"NotResource\":\"arn:aws:s3:::logs/*\"}";
        assertEquals(Access.NOT_ALLOWED, access(exceptLogs, "s3:DeleteObject", OBJECT));
        assertEquals(Access.ALLOWED, access(exceptLogs, "s3:DeleteObject", "arn:aws:s3:::data/x"));
    }

    @Test
    void anExplicitDenyWinsOverAnyAllow() {
        assertEquals(Access.DENIED, access("[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Deny\",\"Action\":\"cloudtrail:StopLogging\",\"Resource\":\"*\"}]",
                "cloudtrail:StopLogging", TRAIL));
    }

    @Test
    void conditionsMakeAnAllowConditionalAndADenyUncertain() {
        String mfa = ",\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}";
        assertEquals(Access.CONDITIONAL, access("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"" + mfa + "}",
                "s3:DeleteBucket", "arn:aws:s3:::logs"));
        assertEquals(Access.CONDITIONAL, access("[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"" + mfa + "}]", "s3:DeleteBucket",
                "arn:aws:s3:::logs"));
        assertTrue(Access.CONDITIONAL.possible());
        assertFalse(Access.DENIED.possible());
    }

    @Test
    void policyVariablesReadAsWildcardsAndMakeTheStatementConditional() {
        assertEquals(Access.CONDITIONAL, access("{\"Effect\":\"Allow\",\"Action\":\"s3:*\","
                + "\"Resource\":\"arn:aws:s3:::logs/${aws:username}/*\"}", "s3:DeleteObject", OBJECT));
    }

    @Test
    void conditionsOnThePrincipalArnAreDecided() {
        String except = "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:DeleteObject\",\"Resource\":\"*\","
                + "\"Condition\":{\"ArnNotLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::111122223333:role/Break*\"}}}";
        List<Statement> bucket = policy("[" + except + "]");
        List<Statement> admin = policy("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}");
        assertEquals(Access.DENIED, IamPolicies.evaluate(admin, bucket, ROLE, "s3:DeleteObject", OBJECT));
        assertEquals(Access.ALLOWED, IamPolicies.evaluate(admin, bucket, "arn:aws:iam::111122223333:role/BreakGlass",
                "s3:DeleteObject", OBJECT));
    }

    @Test
    void aResourcePolicyAllowNamingThePrincipalGrantsButNamingTheAccountOnlyDelegates() {
        List<Statement> grant = policy("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + ROLE + "\"},"
                + "\"Action\":\"s3:DeleteObject\",\"Resource\":\"arn:aws:s3:::logs/*\"}");
        assertEquals(Access.ALLOWED, IamPolicies.evaluate(List.of(), grant, ROLE, "s3:DeleteObject", OBJECT));
        List<Statement> account = policy("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},"
                + "\"Action\":\"s3:DeleteObject\",\"Resource\":\"arn:aws:s3:::logs/*\"}");
        assertEquals(Access.NOT_ALLOWED, IamPolicies.evaluate(List.of(), account, ROLE, "s3:DeleteObject", OBJECT));
    }

    @Test
    void aDenyNamingTheAccountAppliesToItsPrincipalsAndNotPrincipalSparesThoseNamed() {
        List<Statement> admin = policy("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}");
        List<Statement> byAccount = policy("{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"111122223333\"},"
                + "\"Action\":\"s3:*\",\"Resource\":\"*\"}");
        assertEquals(Access.DENIED, IamPolicies.evaluate(admin, byAccount, ROLE, "s3:DeleteBucket", "arn:aws:s3:::logs"));
        List<Statement> notPrincipal = policy("{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":[\"" + ROLE + "\"]},"
                + "\"Action\":\"s3:*\",\"Resource\":\"*\"}");
        assertEquals(Access.ALLOWED, IamPolicies.evaluate(admin, notPrincipal, ROLE, "s3:DeleteBucket",
                "arn:aws:s3:::logs"));
    }

    @Test
    void aSingleStatementObjectAndAnEmptyDocumentAreRead() {
        assertEquals(1, IamPolicies.parse("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\"}}", "x").size());
        assertEquals(List.of(), IamPolicies.parse(null, "x"));
    }

    @Test
    void aDocumentThatIsNotJsonIsNamedInTheError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IamPolicies.parse("{not json", "inline policy ops of role/Ops"));
        assertTrue(e.getMessage().startsWith("inline policy ops of role/Ops is not a JSON policy document"),
                e.getMessage());
    }

    @Test
    void accountOfAnArn() {
        assertEquals("111122223333", IamPolicies.accountOf(ROLE));
        assertEquals(null, IamPolicies.accountOf("arn:aws:s3:::bucket"));
        assertEquals(null, IamPolicies.accountOf(null));
    }
}
