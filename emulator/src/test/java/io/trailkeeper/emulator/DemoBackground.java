package io.trailkeeper.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes the demo-breach scenario's generated records: the account's routine activity over 150 days
 * ({@code background.jsonl.gz}) and the S3 data events of the one day data events were on
 * ({@code data-events.jsonl.gz}). The incident itself is written by hand in {@code incident.json}. Deterministic:
 * {@link DemoScenarioTest} checks the bundled files are exactly what this writes.
 *
 * <p>Who is in the account: the admin kenji (CLI from the office), alice (console, MFA) and bob (read-only role),
 * the CI user ci-deployer whose access key leaks (CI runners' addresses), and AWS services: Config in every
 * region, Auto Scaling, Lambda, CloudTrail checking its bucket's ACL, Trusted Advisor.
 */
final class DemoBackground {
    static final String ACCOUNT = "123456789012";
    static final Instant START = Instant.parse("2026-06-23T00:00:00Z");
    static final Instant END = Instant.parse("2026-11-20T12:00:00Z");
    static final String TRAIL_BUCKET = "acme-cloudtrail-logs-" + ACCOUNT;
    static final Instant BUCKET_DELETED = Instant.parse("2026-11-18T03:14:09Z");
    static final Instant DATA_EVENTS_ON = Instant.parse("2026-11-15T01:00:12Z");
    static final Instant DATA_EVENTS_OFF = Instant.parse("2026-11-16T02:00:47Z");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OFFICE_IP = "192.0.2.10";
    private static final String CLI = "aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0-1016-azure exe/x86_64.ubuntu.22"
            + " prompt/off command/%s";
    private static final String ADMIN_CLI = "aws-cli/2.15.30 Python/3.11.8 Darwin/23.4.0 exe/x86_64 prompt/off"
            + " command/%s";
    private static final String BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36"
            + " (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";
    private static final List<String> REGIONS = AwsRegions.DEFAULT_ENABLED;

    private final SplittableRandom random = new SplittableRandom(20_261_120L);
    private final List<ObjectNode> records = new ArrayList<>();

    /** The routine records, in time order, one compact JSON object per line. */
    static String background() {
        DemoBackground out = new DemoBackground();
        for (LocalDate day = LocalDate.ofInstant(START, ZoneOffset.UTC); day.isBefore(LocalDate.ofInstant(END,
                ZoneOffset.UTC).plusDays(1)); day = day.plusDays(1)) {
            out.day(day);
        }
        return out.lines();
    }

    /** The data events recorded while the trail logged S3 object calls on the payroll bucket. */
    static String dataEvents() {
        DemoBackground out = new DemoBackground();
        out.dataEventWindow();
        return out.lines();
    }

    private String lines() {
        records.removeIf(r -> Instant.parse(r.get("eventTime").asText()).isAfter(END));
        records.sort(Comparator.comparing((ObjectNode r) -> r.get("eventTime").asText()));
        StringBuilder text = new StringBuilder(records.size() * 900);
        records.forEach(r -> text.append(r).append('\n'));
        return text.toString();
    }

    private void day(LocalDate day) {
        boolean workday = day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
        for (String region : REGIONS) {
            for (int i = 0; i < 2; i++) {
                config(at(day, 0, 24), region);
            }
        }
        for (int i = 0; i < 2; i++) {
            Instant t = at(day, 0, 24);
            if (t.isBefore(BUCKET_DELETED)) {
                cloudTrailAclCheck(t);
            }
        }
        for (int i = 0; i < 4; i++) {
            autoScaling(at(day, 0, 24));
            trustedAdvisor(at(day, 0, 24));
        }
        for (int i = 0; i < 8; i++) {
            lambdaAssumeRole(at(day, 0, 24));
        }
        if (!workday) {
            return;
        }
        for (int i = 0; i < 15; i++) {
            ciDeploy(at(day, 1, 10));
        }
        for (int i = 0; i < 2; i++) {
            ci(at(day, 1, 10), "us-east-1", "sts", "GetCallerIdentity", true, null, "sts.get-caller-identity");
        }
        Instant aliceLogin = at(day, 0, 2);
        consoleLogin(aliceLogin, "alice", "ap-northeast-1");
        for (int i = 0; i < 15; i++) {
            alice(aliceLogin.plusSeconds(60 + random.nextInt(8 * 3600)), i < 13 ? "ap-northeast-1" : "us-west-2");
        }
        Instant bobLogin = at(day, 1, 3);
        consoleLogin(bobLogin, "bob", "us-east-1");
        for (int i = 0; i < 9; i++) {
            bob(bobLogin.plusSeconds(60 + random.nextInt(6 * 3600)), i < 5 ? "ap-northeast-1" : i < 8 ? "us-west-2"
                    : "us-east-1");
        }
        for (int i = 0; i < 6; i++) {
            kenji(at(day, 0, 9));
        }
    }

    private Instant at(LocalDate day, int fromHour, int toHour) {
        long seconds = fromHour * 3600L + random.nextInt((toHour - fromHour) * 3600);
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(seconds);
    }

    // --- who does what ---

    private void config(Instant t, String region) {
        String[][] calls = {{"ec2", "DescribeInstances"}, {"ec2", "DescribeSecurityGroups"}, {"ec2", "DescribeVpcs"},
            {"ec2", "DescribeSubnets"}, {"ec2", "DescribeNetworkAcls"}, {"iam", "GetRole"}};
        String[] call = calls[random.nextInt(calls.length)];
        ObjectNode r = record(t, region, call[0], call[1], serviceRole("AWSServiceRoleForConfig",
                "AROA4DEMOCONFIGROLE0", "AWSConfig-Describe", "config.amazonaws.com"), "config.amazonaws.com",
                "config.amazonaws.com", true);
        r.set("requestParameters", "GetRole".equals(call[1])
                ? object("roleName", "AWSServiceRoleForConfig") : object("maxResults", 1000));
        r.putNull("responseElements");
        add(r);
    }

    private void cloudTrailAclCheck(Instant t) {
        ObjectNode identity = JSON.createObjectNode().put("type", "AWSService").put("invokedBy", "cloudtrail.amazonaws.com");
        ObjectNode r = record(t, "ap-northeast-1", "s3", "GetBucketAcl", identity, "cloudtrail.amazonaws.com",
                "cloudtrail.amazonaws.com", true);
        r.set("requestParameters", object("bucketName", TRAIL_BUCKET).put("Host", TRAIL_BUCKET
                + ".s3.ap-northeast-1.amazonaws.com").put("acl", ""));
        r.putNull("responseElements");
        r.set("resources", JSON.createArrayNode().add(object("accountId", ACCOUNT).put("type", "AWS::S3::Bucket")
                .put("ARN", "arn:aws:s3:::" + TRAIL_BUCKET)));
        add(r);
    }

    private void autoScaling(Instant t) {
        String[] names = {"DescribeInstanceStatus", "DescribeInstances", "DescribeLaunchTemplateVersions"};
        ObjectNode r = record(t, "ap-northeast-1", "ec2", names[random.nextInt(names.length)],
                serviceRole("AWSServiceRoleForAutoScaling", "AROA4DEMOAUTOSCALE00", "AutoScaling",
                        "autoscaling.amazonaws.com"), "autoscaling.amazonaws.com", "autoscaling.amazonaws.com", true);
        r.set("requestParameters", object("instancesSet", JSON.createObjectNode()));
        r.putNull("responseElements");
        add(r);
    }

    private void trustedAdvisor(Instant t) {
        String[][] calls = {{"iam", "GetAccountSummary"}, {"iam", "GetAccountPasswordPolicy"},
            {"cloudtrail", "DescribeTrails"}, {"s3", "ListBuckets"}};
        String[] call = calls[random.nextInt(calls.length)];
        ObjectNode r = record(t, "us-east-1", call[0], call[1], serviceRole("AWSServiceRoleForTrustedAdvisor",
                "AROA4DEMOTRUSTEDADV0", "TrustedAdvisor_" + ACCOUNT, "trustedadvisor.amazonaws.com"),
                "trustedadvisor.amazonaws.com", "trustedadvisor.amazonaws.com", true);
        r.putNull("requestParameters");
        r.putNull("responseElements");
        add(r);
    }

    private void lambdaAssumeRole(Instant t) {
        ObjectNode identity = JSON.createObjectNode().put("type", "AWSService").put("invokedBy", "lambda.amazonaws.com");
        ObjectNode r = record(t, "ap-northeast-1", "sts", "AssumeRole", identity, "lambda.amazonaws.com",
                "lambda.amazonaws.com", false);
        String role = random.nextBoolean() ? "orders-api-exec" : "payroll-export-exec";
        r.set("requestParameters", object("roleArn", "arn:aws:iam::" + ACCOUNT + ":role/" + role)
                .put("roleSessionName", role + "-" + hex(6)));
        r.set("responseElements", object("credentials", object("accessKeyId", "ASIA" + upper(16))
                .put("sessionToken", "IQoJb3JpZ2luX2VjE" + hex(40)).put("expiration", TIME.format(t.plus(
                        Duration.ofHours(12))))));
        r.set("resources", JSON.createArrayNode().add(object("accountId", ACCOUNT).put("type", "AWS::IAM::Role")
                .put("ARN", "arn:aws:iam::" + ACCOUNT + ":role/" + role)));
        add(r);
    }

    private void ciDeploy(Instant t) {
        int pick = random.nextInt(10);
        switch (pick) {
            case 0, 1, 2 -> ci(t, "ap-northeast-1", "cloudformation", "DescribeStacks", true,
                    object("stackName", "orders-api"), "cloudformation.describe-stacks");
            case 3, 4 -> ci(t, "ap-northeast-1", "cloudformation", "DescribeStackEvents", true,
                    object("stackName", "orders-api"), "cloudformation.describe-stack-events");
            case 5 -> ci(t, "ap-northeast-1", "cloudformation", "UpdateStack", false,
                    object("stackName", "orders-api").put("templateURL", "https://acme-ci-artifacts.s3"
                            + ".ap-northeast-1.amazonaws.com/orders-api/" + hex(12) + ".yaml"),
                    "cloudformation.deploy");
            case 6, 7 -> ci(t, "ap-northeast-1", "ecr", "GetAuthorizationToken", true, object("registryIds",
                    JSON.createArrayNode()), "ecr.get-login-password");
            case 8 -> ci(t, "ap-northeast-1", "lambda", "UpdateFunctionCode20150331v2", false,
                    object("functionName", "orders-api").put("publish", true), "lambda.update-function-code");
            default -> ci(t, "ap-northeast-1", "lambda", "GetFunction20150331v2", true,
                    object("functionName", "orders-api"), "lambda.get-function");
        }
    }

    private void ci(Instant t, String region, String service, String name, boolean readOnly, ObjectNode params,
                    String command) {
        ObjectNode identity = JSON.createObjectNode().put("type", "IAMUser").put("principalId", "AIDA4DEMOCIDEPLOYER0")
                .put("arn", "arn:aws:iam::" + ACCOUNT + ":user/ci-deployer").put("accountId", ACCOUNT)
                .put("accessKeyId", "AKIA4DEMOCIDEPLOYER1").put("userName", "ci-deployer");
        ObjectNode r = record(t, region, service, name, identity, "192.0.2." + (50 + random.nextInt(2)),
                CLI.formatted(command), readOnly);
        if (params == null) {
            r.putNull("requestParameters");
        } else {
            r.set("requestParameters", params);
        }
        r.putNull("responseElements");
        add(r);
    }

    private void consoleLogin(Instant t, String user, String region) {
        ObjectNode identity = JSON.createObjectNode().put("type", "IAMUser").put("principalId", principal(user))
                .put("arn", "arn:aws:iam::" + ACCOUNT + ":user/" + user).put("accountId", ACCOUNT)
                .put("accessKeyId", "").put("userName", user);
        ObjectNode r = record(t, region, "signin", "ConsoleLogin", identity, OFFICE_IP, BROWSER, false);
        r.put("eventType", "AwsConsoleSignIn");
        r.putNull("requestParameters");
        r.set("responseElements", object("ConsoleLogin", "Success"));
        r.set("additionalEventData", object("LoginTo", "https://" + region + ".console.aws.amazon.com/console/home?region="
                + region).put("MobileVersion", "No").put("MFAUsed", "Yes"));
        r.remove("tlsDetails");
        add(r);
    }

    private void alice(Instant t, String region) {
        String[][] calls = {{"ec2", "DescribeInstances"}, {"ec2", "DescribeSecurityGroups"},
            {"monitoring", "GetMetricData"}, {"rds", "DescribeDBInstances"}, {"s3", "GetBucketPolicy"},
            {"lambda", "ListFunctions20150331"}, {"ec2", "ModifyInstanceAttribute"}};
        String[] call = calls[random.nextInt(calls.length)];
        ObjectNode identity = JSON.createObjectNode().put("type", "IAMUser").put("principalId", principal("alice"))
                .put("arn", "arn:aws:iam::" + ACCOUNT + ":user/alice").put("accountId", ACCOUNT)
                .put("accessKeyId", "ASIA4DEMOALICECON" + upper(3)).put("userName", "alice");
        identity.set("sessionContext", object("attributes", object("creationDate", TIME.format(t.minusSeconds(
                3600))).put("mfaAuthenticated", "true")));
        // S3 records a bucket's calls in the bucket's region (ap-northeast-1), whichever console region she is in
        boolean s3 = "s3".equals(call[0]);
        ObjectNode r = record(t, s3 ? "ap-northeast-1" : region, call[0], call[1], identity, OFFICE_IP, BROWSER,
                !call[1].startsWith("Modify"));
        r.set("requestParameters", s3 ? object("bucketName", "acme-payroll-exports")
                .put("Host", "acme-payroll-exports.s3.ap-northeast-1.amazonaws.com").put("policy", "")
                : object("maxResults", 50));
        r.putNull("responseElements");
        r.put("sessionCredentialFromConsole", "true");
        add(r);
    }

    private void bob(Instant t, String region) {
        String[][] calls = {{"ec2", "DescribeInstances"}, {"cloudformation", "ListStacks"},
            {"monitoring", "DescribeAlarms"}, {"logs", "DescribeLogGroups"}, {"iam", "ListRoles"}};
        String[] call = calls[random.nextInt(calls.length)];
        String role = "AWSReservedSSO_ReadOnly_91ab2c3d4e5f6a7b";
        ObjectNode identity = JSON.createObjectNode().put("type", "AssumedRole")
                .put("principalId", "AROA4DEMOREADONLY000:bob@acme.example")
                .put("arn", "arn:aws:sts::" + ACCOUNT + ":assumed-role/" + role + "/bob@acme.example")
                .put("accountId", ACCOUNT).put("accessKeyId", "ASIA4DEMOBOBSSO" + upper(5));
        identity.set("sessionContext", object("sessionIssuer", object("type", "Role")
                .put("principalId", "AROA4DEMOREADONLY000").put("arn", "arn:aws:iam::" + ACCOUNT
                        + ":role/aws-reserved/sso.amazonaws.com/" + role).put("accountId", ACCOUNT)
                .put("userName", role)).set("attributes", object("creationDate", TIME.format(t.minusSeconds(1800)))
                .put("mfaAuthenticated", "false")));
        ObjectNode r = record(t, "iam".equals(call[0]) ? "us-east-1" : region, call[0], call[1], identity,
                "192.0.2." + (20 + random.nextInt(5)), BROWSER, true);
        r.set("requestParameters", object("maxItems", 100));
        r.putNull("responseElements");
        add(r);
    }

    private void kenji(Instant t) {
        String[][] calls = {{"iam", "ListUsers", "us-east-1"}, {"iam", "GetUser", "us-east-1"},
            {"cloudtrail", "GetTrailStatus", "ap-northeast-1"}, {"ec2", "DescribeInstances", "ap-northeast-1"},
            {"s3", "ListBuckets", "ap-northeast-1"}, {"ce", "GetCostAndUsage", "us-east-1"}};
        String[] call = calls[random.nextInt(calls.length)];
        ObjectNode identity = JSON.createObjectNode().put("type", "IAMUser").put("principalId", principal("kenji"))
                .put("arn", "arn:aws:iam::" + ACCOUNT + ":user/kenji").put("accountId", ACCOUNT)
                .put("accessKeyId", "AKIA4DEMOKENJIADMIN1").put("userName", "kenji");
        ObjectNode r = record(t, call[2], call[0], call[1], identity, OFFICE_IP,
                ADMIN_CLI.formatted(call[0] + "." + call[1].replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase()),
                true);
        r.set("requestParameters", "cloudtrail".equals(call[0]) ? object("name", "tokyo-trail") : null);
        r.putNull("responseElements");
        add(r);
    }

    /**
     * The day S3 data events were on for the payroll bucket: the payroll export job writing and reading as
     * usual, and the intruder's console session (backup-svc, no MFA) reading 240 objects in twenty minutes.
     */
    private void dataEventWindow() {
        for (int i = 0; i < 60; i++) {
            Instant t = DATA_EVENTS_ON.plusSeconds(300 + random.nextInt(24 * 3600));
            String session = "payroll-export-exec-" + hex(6);
            ObjectNode identity = JSON.createObjectNode().put("type", "AssumedRole")
                    .put("principalId", "AROA4DEMOPAYROLLEXE0:" + session)
                    .put("arn", "arn:aws:sts::" + ACCOUNT + ":assumed-role/payroll-export-exec/" + session)
                    .put("accountId", ACCOUNT).put("accessKeyId", "ASIA" + upper(16));
            identity.set("sessionContext", object("sessionIssuer", object("type", "Role")
                    .put("principalId", "AROA4DEMOPAYROLLEXE0").put("arn", "arn:aws:iam::" + ACCOUNT
                            + ":role/payroll-export-exec").put("accountId", ACCOUNT).put("userName",
                            "payroll-export-exec")));
            objectCall(t, identity, i % 3 == 0 ? "GetObject" : "PutObject", "payroll/2026/11/run-" + hex(8)
                    + ".csv", "3.112.64." + random.nextInt(256), "aws-sdk-java/2.25.16 Linux/5.10 exec-env/AWS_Lambda_java17");
        }
        Instant burst = Instant.parse("2026-11-15T13:02:00Z");
        ObjectNode intruder = JSON.createObjectNode().put("type", "IAMUser").put("principalId", "AIDA4DEMOBACKUPSVC00")
                .put("arn", "arn:aws:iam::" + ACCOUNT + ":user/backup-svc").put("accountId", ACCOUNT)
                .put("accessKeyId", "ASIA4DEMOBACKUPCON1").put("userName", "backup-svc");
        intruder.set("sessionContext", object("attributes", object("creationDate", "2026-11-15T12:58:40Z")
                .put("mfaAuthenticated", "false")));
        for (int i = 0; i < 240; i++) {
            objectCall(burst.plusSeconds(i * 5L + random.nextInt(5)), intruder, "GetObject",
                    "payroll/2026/employees-" + String.format("%03d", i) + ".csv", "198.51.100.23",
                    "[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.750]");
        }
    }

    private void objectCall(Instant t, ObjectNode identity, String name, String key, String ip, String agent) {
        String bucket = "acme-payroll-exports";
        ObjectNode r = record(t, "ap-northeast-1", "s3", name, identity, ip, agent, name.startsWith("Get"));
        r.set("requestParameters", object("bucketName", bucket).put("Host", bucket + ".s3.ap-northeast-1.amazonaws.com")
                .put("key", key));
        r.putNull("responseElements");
        r.set("additionalEventData", object("SignatureVersion", "SigV4").put("CipherSuite", "TLS_AES_128_GCM_SHA256")
                .put("bytesTransferredIn", name.startsWith("Put") ? 20_000 + random.nextInt(80_000) : 0)
                .put("AuthenticationMethod", "AuthHeader").put("bytesTransferredOut", name.startsWith("Get")
                        ? 20_000 + random.nextInt(80_000) : 0));
        r.set("resources", JSON.createArrayNode()
                .add(object("type", "AWS::S3::Object").put("ARN", "arn:aws:s3:::" + bucket + "/" + key))
                .add(object("accountId", ACCOUNT).put("type", "AWS::S3::Bucket").put("ARN", "arn:aws:s3:::" + bucket)));
        r.put("managementEvent", false);
        r.put("eventCategory", "Data");
        add(r);
    }

    // --- record shape ---

    private ObjectNode record(Instant t, String region, String service, String name, ObjectNode identity, String ip,
                              String agent, boolean readOnly) {
        ObjectNode r = JSON.createObjectNode().put("eventVersion", "1.10");
        r.set("userIdentity", identity);
        r.put("eventTime", TIME.format(t)).put("eventSource", service + ".amazonaws.com").put("eventName", name)
                .put("awsRegion", region).put("sourceIPAddress", ip).put("userAgent", agent);
        r.putNull("requestParameters");
        r.putNull("responseElements");
        r.put("requestID", uuid()).put("eventID", uuid()).put("readOnly", readOnly).put("eventType", "AwsApiCall")
                .put("managementEvent", true).put("recipientAccountId", ACCOUNT).put("eventCategory", "Management");
        boolean global = "iam".equals(service) || "s3".equals(service) && "ListBuckets".equals(name);
        r.set("tlsDetails", object("tlsVersion", "TLSv1.3").put("cipherSuite", "TLS_AES_128_GCM_SHA256")
                .put("clientProvidedHostHeader", global ? service + ".amazonaws.com" : service + "." + region
                        + ".amazonaws.com"));
        return r;
    }

    private ObjectNode serviceRole(String role, String roleId, String session, String service) {
        ObjectNode identity = JSON.createObjectNode().put("type", "AssumedRole").put("principalId", roleId + ":" + session)
                .put("arn", "arn:aws:sts::" + ACCOUNT + ":assumed-role/" + role + "/" + session)
                .put("accountId", ACCOUNT).put("accessKeyId", "ASIA" + upper(16));
        identity.set("sessionContext", object("sessionIssuer", object("type", "Role").put("principalId", roleId)
                .put("arn", "arn:aws:iam::" + ACCOUNT + ":role/aws-service-role/" + service + "/" + role)
                .put("accountId", ACCOUNT).put("userName", role)));
        identity.put("invokedBy", service);
        return identity;
    }

    private void add(ObjectNode record) {
        records.add(record);
    }

    private static ObjectNode object(String name, Object value) {
        ObjectNode o = JSON.createObjectNode();
        o.set(name, value instanceof JsonNode node ? node : JSON.valueToTree(value));
        return o;
    }

    private static String principal(String user) {
        return ("AIDA4DEMO" + user.toUpperCase() + "00000000000").substring(0, 21);
    }

    private String uuid() {
        return hex(8) + '-' + hex(4) + "-4" + hex(3) + '-' + "89ab".charAt(random.nextInt(4)) + hex(3) + '-' + hex(12);
    }

    private String hex(int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append("0123456789abcdef".charAt(random.nextInt(16)));
        }
        return s.toString();
    }

    private String upper(int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".charAt(random.nextInt(32)));
        }
        return s.toString();
    }
}
