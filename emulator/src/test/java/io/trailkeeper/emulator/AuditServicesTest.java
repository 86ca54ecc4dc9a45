package io.trailkeeper.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.MetricFilter;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.Rule;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.GetAccountAuthorizationDetailsResponse;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.ManagedPolicyDetail;
import software.amazon.awssdk.services.iam.model.RoleDetail;
import software.amazon.awssdk.services.iam.model.UserDetail;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/** IAM, KMS, CloudWatch Logs, CloudWatch and EventBridge answer the real SDK v2 clients from a scenario. */
class AuditServicesTest {
    private static final String KEY = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    private static final String DOCUMENT = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"cloudtrail:StopLogging\",\"Resource\":\"*\",\"Condition\":{\"StringLike\":"
            + "{\"aws:userid\":\"AIDA* +x\"}}}]}";

    private static Scenario scenario() {
        return Scenario.builder().account("123456789012")
                .kmsKey("{\"keyId\":\"" + KEY + "\",\"region\":\"eu-west-1\",\"aliases\":[\"alias/trail\"],"
                        + "\"rotationEnabled\":true,\"policy\":" + DOCUMENT + "}")
                .kmsKey("{\"keyId\":\"secret-key\",\"region\":\"eu-west-1\",\"denied\":true}")
                .logGroup("""
                        {"name":"trail-group","region":"eu-west-1","retentionInDays":400,"metricFilters":[
                          {"name":"stop","pattern":"{ $.eventName = StopLogging }","metricNamespace":"CIS","metricName":"Stops"},
                          {"name":"root","pattern":"{ $.userIdentity.type = Root }","metricNamespace":"CIS","metricName":"Root"}]}""")
                .logGroup("{\"name\":\"trail-forever\",\"region\":\"eu-west-1\"}")
                .logGroup("{\"name\":\"elsewhere\",\"region\":\"us-east-1\"}")
                .alarm("{\"name\":\"stops\",\"region\":\"eu-west-1\",\"namespace\":\"CIS\",\"metricName\":\"Stops\","
                        + "\"alarmActions\":[\"arn:aws:sns:eu-west-1:123456789012:alerts\"]}")
                .alarm("{\"name\":\"root\",\"region\":\"eu-west-1\",\"namespace\":\"CIS\",\"metricName\":\"Root\","
                        + "\"actionsEnabled\":false}")
                .alarm("{\"name\":\"virginia\",\"region\":\"us-east-1\"}")
                .eventRule("{\"name\":\"tampering\",\"region\":\"eu-west-1\",\"eventPattern\":{\"source\":[\"aws.cloudtrail\"]},"
                        + "\"targets\":[\"arn:aws:sns:eu-west-1:123456789012:alerts\",\"arn:aws:lambda:eu-west-1:123456789012:function:f\"]}")
                .eventRule("{\"name\":\"off\",\"region\":\"eu-west-1\",\"state\":\"DISABLED\",\"eventPattern\":\"{}\"}")
                .iam("""
                        {"users":[{"name":"alice","groups":["admins"],"inlinePolicies":{"stop":%s}},
                                  {"name":"bob","path":"/team/","attachedPolicies":["arn:aws:iam::aws:policy/ReadOnlyAccess"]}],
                         "groups":[{"name":"admins","attachedPolicies":["arn:aws:iam::aws:policy/AdministratorAccess"]}],
                         "roles":[{"name":"BreakGlass","trustPolicy":{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"}}]}}],
                         "policies":[{"name":"AdministratorAccess","arn":"arn:aws:iam::aws:policy/AdministratorAccess",
                                      "document":{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}},
                                     {"name":"local","document":"{ \\"Statement\\": [] }"}]}""".formatted(DOCUMENT))
                .build();
    }

    @Test
    void iamAuthorizationDetailsWithUrlEncodedDocumentsAndPages() {
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(scenario()));
             IamClient iam = SdkClients.client(IamClient.builder(), emulator, "aws-global")) {
            GetAccountAuthorizationDetailsResponse all = iam.getAccountAuthorizationDetails();
            assertFalse(all.isTruncated());
            UserDetail alice = all.userDetailList().get(0);
            assertEquals("arn:aws:iam::123456789012:user/alice", alice.arn());
            assertEquals(List.of("admins"), alice.groupList());
            String encoded = alice.userPolicyList().get(0).policyDocument();
            assertFalse(encoded.contains("{"), "IAM sends documents URL-encoded: " + encoded);
            assertTrue(encoded.contains("%20") && encoded.contains("%2B"), encoded);
            assertEquals(DOCUMENT, URLDecoder.decode(encoded, StandardCharsets.UTF_8));
            assertEquals("arn:aws:iam::123456789012:user/team/bob", all.userDetailList().get(1).arn());
            assertEquals("ReadOnlyAccess", all.userDetailList().get(1).attachedManagedPolicies().get(0).policyName());
            RoleDetail role = all.roleDetailList().get(0);
            assertTrue(URLDecoder.decode(role.assumeRolePolicyDocument(), StandardCharsets.UTF_8).contains("\"AWS\":\"*\""));
            assertEquals(List.of("arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::123456789012:policy/local"),
                    all.policies().stream().map(ManagedPolicyDetail::arn).toList());
            assertEquals("{ \"Statement\": [] }", URLDecoder.decode(all.policies().get(1).policyVersionList().get(0)
                    .document(), StandardCharsets.UTF_8));

            List<String> paged = new ArrayList<>();
            iam.getAccountAuthorizationDetailsPaginator(r -> r.maxItems(2)).forEach(page -> {
                page.userDetailList().forEach(u -> paged.add(u.userName()));
                page.groupDetailList().forEach(g -> paged.add(g.groupName()));
                page.roleDetailList().forEach(r -> paged.add(r.roleName()));
                page.policies().forEach(p -> paged.add(p.policyName()));
            });
            assertEquals(List.of("alice", "bob", "admins", "BreakGlass", "AdministratorAccess", "local"), paged);
            assertEquals(3L, emulator.counters().requests("aws-global", "GetAccountAuthorizationDetails") - 1);
            assertEquals(List.of("BreakGlass"), iam.getAccountAuthorizationDetails(r -> r.filterWithStrings("Role"))
                    .roleDetailList().stream().map(RoleDetail::roleName).toList());
        }
        try (Emulator denied = Emulator.start(EmulatorConfig.of(Scenario.builder().iam("{\"denied\":true}").build()));
             IamClient iam = SdkClients.client(IamClient.builder(), denied, "us-east-1")) {
            IamException e = assertThrows(IamException.class, iam::getAccountAuthorizationDetails);
            assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
            assertTrue(e.getMessage().contains("iam:GetAccountAuthorizationDetails"), e.getMessage());
        }
    }

    @Test
    void kmsKeysByIdArnAndAliasInTheirRegionOnly() {
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(scenario()));
             KmsClient ireland = SdkClients.client(KmsClient.builder(), emulator, "eu-west-1");
             KmsClient virginia = SdkClients.client(KmsClient.builder(), emulator, "us-east-1")) {
            String arn = "arn:aws:kms:eu-west-1:123456789012:key/" + KEY;
            KeyMetadata key = ireland.describeKey(r -> r.keyId("alias/trail")).keyMetadata();
            assertEquals(arn, key.arn());
            assertEquals("Enabled", key.keyStateAsString());
            assertEquals(arn, ireland.describeKey(r -> r.keyId(arn)).keyMetadata().arn());
            assertEquals(KEY, ireland.describeKey(r -> r.keyId("arn:aws:kms:eu-west-1:123456789012:alias/trail"))
                    .keyMetadata().keyId());
            assertTrue(ireland.getKeyRotationStatus(r -> r.keyId(arn)).keyRotationEnabled());
            assertEquals(DOCUMENT, ireland.getKeyPolicy(r -> r.keyId(arn)).policy());
            assertThrows(NotFoundException.class, () -> virginia.describeKey(r -> r.keyId(arn)));
            KmsException denied = assertThrows(KmsException.class, () -> ireland.getKeyPolicy(r -> r.keyId("secret-key")));
            assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode());
        }
    }

    @Test
    void logGroupsWithRetentionAndMetricFilters() {
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(scenario()));
             CloudWatchLogsClient logs = SdkClients.client(CloudWatchLogsClient.builder(), emulator, "eu-west-1")) {
            List<LogGroup> groups = logs.describeLogGroups(r -> r.logGroupNamePrefix("trail-")).logGroups();
            assertEquals(List.of("trail-forever", "trail-group"), groups.stream().map(LogGroup::logGroupName).toList());
            assertNull(groups.get(0).retentionInDays());
            assertEquals(400, groups.get(1).retentionInDays());
            assertEquals("arn:aws:logs:eu-west-1:123456789012:log-group:trail-group:*", groups.get(1).arn());
            List<String> paged = new ArrayList<>();
            logs.describeLogGroupsPaginator(r -> r.limit(1)).logGroups().forEach(g -> paged.add(g.logGroupName()));
            assertEquals(List.of("trail-forever", "trail-group"), paged);
            List<MetricFilter> filters = logs.describeMetricFilters(r -> r.logGroupName("trail-group")).metricFilters();
            assertEquals(List.of("stop", "root"), filters.stream().map(MetricFilter::filterName).toList());
            assertEquals("{ $.eventName = StopLogging }", filters.get(0).filterPattern());
            assertEquals("Stops", filters.get(0).metricTransformations().get(0).metricName());
            assertEquals("CIS", filters.get(0).metricTransformations().get(0).metricNamespace());
            assertThrows(ResourceNotFoundException.class, () -> logs.describeMetricFilters(r -> r.logGroupName("elsewhere")));
        }
    }

    @Test
    void cloudWatchAlarmsInRpcV2Cbor() {
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(scenario()));
             CloudWatchClient cloudWatch = SdkClients.client(CloudWatchClient.builder(), emulator, "eu-west-1")) {
            List<MetricAlarm> alarms = cloudWatch.describeAlarms().metricAlarms();
            assertEquals(List.of("root", "stops"), alarms.stream().map(MetricAlarm::alarmName).toList());
            MetricAlarm stops = alarms.get(1);
            assertTrue(stops.actionsEnabled());
            assertEquals(List.of("arn:aws:sns:eu-west-1:123456789012:alerts"), stops.alarmActions());
            assertEquals("CIS", stops.namespace());
            assertEquals("Stops", stops.metricName());
            assertFalse(alarms.get(0).actionsEnabled());
            List<String> paged = new ArrayList<>();
            cloudWatch.describeAlarmsPaginator(r -> r.maxRecords(1)).metricAlarms().forEach(a -> paged.add(a.alarmName()));
            assertEquals(List.of("root", "stops"), paged);
            CloudWatchException e = assertThrows(CloudWatchException.class,
                    () -> cloudWatch.describeAlarms(r -> r.nextToken("nonsense")));
            assertEquals("InvalidNextToken", e.awsErrorDetails().errorCode());
            assertEquals(1L, emulator.counters().requests("eu-west-1", "DescribeAlarms") - 3);
        }
    }

    @Test
    void eventBridgeRulesAndTheirTargetsOnTheDefaultBus() {
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(scenario()));
             EventBridgeClient events = SdkClients.client(EventBridgeClient.builder(), emulator, "eu-west-1");
             EventBridgeClient virginia = SdkClients.client(EventBridgeClient.builder(), emulator, "us-east-1")) {
            List<Rule> rules = events.listRules(r -> r.limit(100)).rules();
            assertEquals(List.of("off", "tampering"), rules.stream().map(Rule::name).toList());
            assertEquals("DISABLED", rules.get(0).stateAsString());
            assertEquals("{\"source\":[\"aws.cloudtrail\"]}", rules.get(1).eventPattern());
            assertEquals(2, events.listTargetsByRule(r -> r.rule("tampering")).targets().size());
            assertEquals(0, events.listTargetsByRule(r -> r.rule("off")).targets().size());
            assertEquals(List.of(), virginia.listRules(r -> { }).rules());
        }
    }
}
