package io.trailkeeper.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.AccessDeniedException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/** STS GetCallerIdentity and AssumeRole in the query protocol the SDK sends. */
class StsTest {
    private static final String ROLE = "arn:aws:iam::210987654321:role/audit/TrailKeeperAudit";

    @Test
    void getCallerIdentityAnswersTheScenariosCaller() {
        Scenario scenario = Scenario.builder().account("111122223333")
                .callerArn("arn:aws:iam::111122223333:user/responder").callerUserId("AIDAEXAMPLEUSERID0001").build();
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(scenario));
             StsClient sts = SdkClients.sts(emulator, "us-east-1")) {
            GetCallerIdentityResponse me = sts.getCallerIdentity();
            assertEquals("111122223333", me.account());
            assertEquals("arn:aws:iam::111122223333:user/responder", me.arn());
            assertEquals("AIDAEXAMPLEUSERID0001", me.userId());
            assertEquals(1, emulator.counters().requests("us-east-1", "GetCallerIdentity"));
        }
    }

    @Test
    void assumeRoleIsRecordedAndItsCredentialsActAsTheRoleSession() {
        Scenario scenario = Scenario.builder().deniedRegions("eu-west-3").build();
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(scenario));
             StsClient sts = SdkClients.sts(emulator, "us-east-1")) {
            AssumeRoleResponse assumed = sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("trailkeeper")
                    .externalId("incident-42").durationSeconds(900));
            assertTrue(assumed.credentials().accessKeyId().startsWith("ASIA"));
            assertNotNull(assumed.credentials().sessionToken());
            assertTrue(assumed.credentials().expiration().isAfter(Instant.now()));
            assertEquals("arn:aws:sts::210987654321:assumed-role/TrailKeeperAudit/trailkeeper",
                    assumed.assumedRoleUser().arn());
            assertEquals(List.of(new AssumeRoleCall("us-east-1", ROLE, "trailkeeper", "incident-42", 900,
                    assumed.credentials().accessKeyId())), emulator.assumeRoleCalls());

            // the SDK's own assume-role provider, as a cross-account collector uses it
            try (StsAssumeRoleCredentialsProvider role = StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                    .refreshRequest(r -> r.roleArn(ROLE).roleSessionName("collector")).build();
                 StsClient asRole = SdkClients.sts(emulator, "us-east-1", role);
                 CloudTrailClient paris = SdkClients.cloudTrail(emulator, "eu-west-3", role)) {
                assertEquals("arn:aws:sts::210987654321:assumed-role/TrailKeeperAudit/collector",
                        asRole.getCallerIdentity().arn());
                assertEquals("210987654321", asRole.getCallerIdentity().account());
                AccessDeniedException denied = assertThrows(AccessDeniedException.class,
                        () -> paris.lookupEvents(r -> { }));
                assertTrue(denied.awsErrorDetails().errorMessage().startsWith(
                        "User: arn:aws:sts::210987654321:assumed-role/TrailKeeperAudit/collector is not authorized"));
            }
            assertNull(emulator.assumeRoleCalls().get(1).externalId());
        }
    }

    @Test
    void aScenarioThatNamesItsRolesRefusesOthersAndWrongExternalIds() {
        Scenario scenario = Scenario.builder().assumableRole(ROLE, "incident-42").build();
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(scenario));
             StsClient sts = SdkClients.sts(emulator, "us-east-1")) {
            sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("ok").externalId("incident-42"));
            StsException wrongId = assertThrows(StsException.class,
                    () -> sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("s1").externalId("guess")));
            assertEquals("AccessDenied", wrongId.awsErrorDetails().errorCode());
            assertEquals(403, wrongId.statusCode());
            StsException otherRole = assertThrows(StsException.class,
                    () -> sts.assumeRole(r -> r.roleArn("arn:aws:iam::210987654321:role/Other").roleSessionName("s1")));
            assertTrue(otherRole.awsErrorDetails().errorMessage().contains("sts:AssumeRole on resource: "
                    + "arn:aws:iam::210987654321:role/Other"));
            StsException invalid = assertThrows(StsException.class,
                    () -> sts.assumeRole(r -> r.roleArn("not-an-arn").roleSessionName("s1")));
            assertEquals("ValidationError", invalid.awsErrorDetails().errorCode());
            assertEquals(3, emulator.assumeRoleCalls().size(), "refused calls are recorded, invalid ones not");
            assertNull(emulator.assumeRoleCalls().get(1).accessKeyId());
        }
    }
}
