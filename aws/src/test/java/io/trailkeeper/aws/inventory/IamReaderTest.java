package io.trailkeeper.aws.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.trailkeeper.aws.CannedHttpServer;
import io.trailkeeper.events.AccountSnapshot;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/** GetAccountAuthorizationDetails as IAM answers it (query protocol, XML), read into the snapshot's IAM. */
class IamReaderTest {
    private static final String ANSWER = """
            <GetAccountAuthorizationDetailsResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
              <GetAccountAuthorizationDetailsResult>
                <IsTruncated>false</IsTruncated>
                <UserDetailList>
                  <member>
                    <UserName>contractor</UserName><Arn>arn:aws:iam::123456789012:user/contractor</Arn>
                    <Path>/</Path><UserId>AIDAEXAMPLE1</UserId><CreateDate>2024-01-15T09:30:00Z</CreateDate>
                    <PermissionsBoundary>
                      <PermissionsBoundaryType>Policy</PermissionsBoundaryType>
                      <PermissionsBoundaryArn>arn:aws:iam::123456789012:policy/contractor-boundary</PermissionsBoundaryArn>
                    </PermissionsBoundary>
                    <UserPolicyList/><GroupList/><AttachedManagedPolicies/>
                  </member>
                  <member>
                    <UserName>alice</UserName><Arn>arn:aws:iam::123456789012:user/alice</Arn>
                    <Path>/</Path><UserId>AIDAEXAMPLE2</UserId><CreateDate>2024-01-15T09:30:00Z</CreateDate>
                    <UserPolicyList/><GroupList/><AttachedManagedPolicies/>
                  </member>
                </UserDetailList>
                <GroupDetailList/>
                <RoleDetailList>
                  <member>
                    <RoleName>deployer</RoleName><Arn>arn:aws:iam::123456789012:role/deployer</Arn>
                    <Path>/</Path><RoleId>AROAEXAMPLE1</RoleId><CreateDate>2024-01-15T09:30:00Z</CreateDate>
                    <AssumeRolePolicyDocument>%7B%7D</AssumeRolePolicyDocument>
                    <PermissionsBoundary>
                      <PermissionsBoundaryType>Policy</PermissionsBoundaryType>
                      <PermissionsBoundaryArn>arn:aws:iam::aws:policy/ReadOnlyAccess</PermissionsBoundaryArn>
                    </PermissionsBoundary>
                    <InstanceProfileList/><RolePolicyList/><AttachedManagedPolicies/>
                  </member>
                </RoleDetailList>
                <Policies/>
              </GetAccountAuthorizationDetailsResult>
              <ResponseMetadata><RequestId>canned</RequestId></ResponseMetadata>
            </GetAccountAuthorizationDetailsResponse>
            """;

    @Test
    void aUsersAndARolesPermissionsBoundaryIsKept() {
        try (CannedHttpServer server = CannedHttpServer.always(200, "text/xml", ANSWER);
             IamClient iam = IamClient.builder().endpointOverride(server.endpoint()).region(Region.AWS_GLOBAL)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                     .build()) {
            AccountSnapshot.Iam read = IamReader.read(iam);
            assertEquals("arn:aws:iam::123456789012:policy/contractor-boundary",
                    read.users().get(0).permissionsBoundaryArn());
            assertNull(read.users().get(1).permissionsBoundaryArn(), "alice has none");
            assertEquals("arn:aws:iam::aws:policy/ReadOnlyAccess", read.roles().get(0).permissionsBoundaryArn());
        }
    }
}
