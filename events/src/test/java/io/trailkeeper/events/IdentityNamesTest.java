package io.trailkeeper.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The name a call is searched and shown by, for identities whose record carries no ARN. */
class IdentityNamesTest {
    @TempDir
    Path dir;

    private CloudTrailEvent read(String identity) throws IOException {
        return read(identity, "s3.amazonaws.com", "GetObject", "");
    }

    private CloudTrailEvent read(String identity, String source, String name, String more) throws IOException {
        String record = "{\"eventVersion\":\"1.09\",\"userIdentity\":" + identity + ",\"eventTime\":"
                + "\"2024-03-10T12:00:00Z\",\"eventSource\":\"" + source + "\",\"eventName\":\"" + name + "\","
                + more + "\"awsRegion\":\"eu-west-1\",\"eventID\":\"e1\",\"recipientAccountId\":\"111122223333\"}";
        CollectingSink sink = TestInputs.readFile(dir, "r.json", TestInputs.utf8(record));
        assertEquals(1, sink.events.size(), sink.problems::toString);
        return sink.events.get(0);
    }

    @Test
    void anotherAccountsPrincipalIsNamedWithItsAccount() throws IOException {
        // a cross-account call as the CloudTrail documentation shows it: no ARN, the caller's account and id
        CloudTrailEvent e = read("{\"type\":\"AWSAccount\",\"principalId\":\"AROAEXAMPLEROLEID:attacker-session\","
                + "\"accountId\":\"444455556666\"}");
        assertEquals("444455556666/AROAEXAMPLEROLEID:attacker-session", e.userName());
    }

    @Test
    void anIdentityCenterUserIsNamedByTheUserIdItActsFor() throws IOException {
        CloudTrailEvent e = read("{\"type\":\"IdentityCenterUser\",\"accountId\":\"111122223333\",\"onBehalfOf\":"
                + "{\"userId\":\"544894e8-80c1-707f-60e3-3ba6510dfac1\",\"identityStoreArn\":"
                + "\"arn:aws:identitystore::111122223333:identitystore/d-9067642ac7\"},\"credentialId\":\"EXAMPLE\"}");
        assertEquals("544894e8-80c1-707f-60e3-3ba6510dfac1", e.userName());
    }

    @Test
    void anArnOrPrincipalIdRecordedEmptyIsNone() throws IOException {
        // the CloudTrail userIdentity page's Unknown identity (a sign-in, as CloudTrail's sign-in examples show it)
        CloudTrailEvent unknown = read("{\"type\":\"Unknown\",\"principalId\":\"111122223333\",\"arn\":\"\","
                + "\"accountId\":\"111122223333\",\"accessKeyId\":\"\",\"userName\":\"exampleuser\"}");
        assertNull(unknown.principalArn());
        assertEquals("exampleuser", unknown.userName());
        // an anonymous S3 request
        CloudTrailEvent anonymous = read("{\"type\":\"AWSAccount\",\"principalId\":\"\",\"accountId\":"
                + "\"ANONYMOUS_PRINCIPAL\"}");
        assertNull(anonymous.principalId());
        assertEquals("ANONYMOUS_PRINCIPAL", anonymous.userName(), "not ANONYMOUS_PRINCIPAL/");
    }

    @Test
    void anIdentityCenterSignInIsNamedByTheUserNameSignedInWith() throws IOException {
        // IAM Identity Center's sign-in events since 14 July 2025: the user's id in userIdentity, the name typed in
        // additionalEventData.UserName
        String identity = "{\"type\":\"IdentityCenterUser\",\"accountId\":\"123456789012\",\"onBehalfOf\":"
                + "{\"userId\":\"a11111-1111-1111-11a1-111aa111aa11\",\"identityStoreArn\":"
                + "\"arn:aws:identitystore::111111111:identitystore/d-111111a1a\"},\"credentialId\":\"1111a1\"}";
        String data = "\"additionalEventData\":{\"CredentialType\":\"PASSWORD\",\"UserName\":\"anyuser\"},";
        CloudTrailEvent signIn = read(identity, "signin.amazonaws.com", "CredentialChallenge", data);
        assertEquals("anyuser", signIn.userName());
        assertEquals("a11111-1111-1111-11a1-111aa111aa11", signIn.onBehalfOfUserId());
        assertEquals("a11111-1111-1111-11a1-111aa111aa11", read(identity, "sso.amazonaws.com", "ListAccounts", data)
                .userName(), "another service's additionalEventData.UserName names no one who signed in");
    }
}
