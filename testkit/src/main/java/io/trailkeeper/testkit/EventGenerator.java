package io.trailkeeper.testkit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes realistic, varied CloudTrail records: many services and calls, the regions of a real account,
 * IAM users, role sessions, AWS services and the occasional root, nested request parameters and
 * response elements, errors, data events. Deterministic for a given seed. Its output is the load for
 * tests and benchmarks; the shapes follow the real records in ../shared/data.
 */
public final class EventGenerator {
    /** The 17 regions enabled by default in a commercial account. */
    public static final List<String> REGIONS = List.of(
            "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "eu-west-1", "eu-west-2",
            "eu-west-3", "eu-central-1", "eu-north-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
            "ap-southeast-1", "ap-southeast-2", "ap-south-1", "sa-east-1");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String[] USERS = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
        "ci-deploy", "terraform", "backup-operator", "security-audit"};
    private static final String[] ROLES = {"OrganizationAccountAccessRole", "AWSReservedSSO_AdministratorAccess_4f2c",
        "AWSReservedSSO_ReadOnly_91ab", "github-actions-deploy", "lambda-orders-exec", "ecs-task-api",
        "eks-node-group", "DatadogIntegrationRole", "ConfigRecorderRole"};
    private static final String[] SERVICES_INVOKING = {"cloudformation.amazonaws.com", "autoscaling.amazonaws.com",
        "config.amazonaws.com", "elasticloadbalancing.amazonaws.com", "lambda.amazonaws.com",
        "backup.amazonaws.com", "ssm.amazonaws.com"};
    private static final String[] AGENTS = {
        "aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0-1016-aws exe/x86_64.ubuntu.22 prompt/off command/%s",
        "Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#5.10.213 md/arch#x86_64 lang/python#3.12.2 cfg/retry-mode#legacy Botocore/1.34.69",
        "aws-sdk-java/2.25.16 Linux/5.10.214-202.855.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.10+7-LTS Java/17.0.10 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/legacy",
        "APN/1.0 HashiCorp/1.0 Terraform/1.7.5 (+https://www.terraform.io) terraform-provider-aws/5.43.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.26.0 os/linux lang/go#1.22.1 md/GOOS#linux md/GOARCH#amd64 api/%s",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36",
        "console.amazonaws.com", "AWS Internal"};
    private static final String[] ERRORS = {"AccessDenied", "ThrottlingException", "ResourceNotFoundException",
        "NoSuchBucket", "InvalidParameterValue", "Client.UnauthorizedOperation", "ValidationException"};

    private final SplittableRandom random;
    private final String account;
    private final StringBuilder out = new StringBuilder(4096);

    public EventGenerator(long seed, String account) {
        this.random = new SplittableRandom(seed);
        this.account = account;
    }

    public String account() {
        return account;
    }

    /** One record, as compact JSON, at the given time and recorded in the given region. */
    public String record(Instant time, String region) {
        ApiCall call = ApiCall.CATALOGUE.get(random.nextInt(ApiCall.CATALOGUE.size()));
        String recordRegion = call.global() ? "us-east-1" : region;
        out.setLength(0);
        out.append("{\"eventVersion\":\"").append(random.nextInt(10) < 7 ? "1.09" : "1.08").append('"');
        out.append(",\"userIdentity\":");
        String agent = identity(call);
        out.append(",\"eventTime\":\"").append(TIME.format(time)).append('"');
        out.append(",\"eventSource\":\"").append(call.service()).append(".amazonaws.com\"");
        out.append(",\"eventName\":\"").append(call.name()).append('"');
        out.append(",\"awsRegion\":\"").append(recordRegion).append('"');
        out.append(",\"sourceIPAddress\":\"").append(agent.equals("AWS Internal") ? "AWS Internal" : ip()).append('"');
        out.append(",\"userAgent\":\"").append(agent).append('"');
        boolean failed = random.nextInt(100) < 6;
        if (failed) {
            String error = ERRORS[random.nextInt(ERRORS.length)];
            out.append(",\"errorCode\":\"").append(error).append('"');
            out.append(",\"errorMessage\":\"User: arn:aws:sts::").append(account)
                    .append(":assumed-role/").append(ROLES[random.nextInt(ROLES.length)])
                    .append("/session is not authorized to perform: ").append(call.service()).append(':')
                    .append(call.name()).append(" because no identity-based policy allows the action\"");
        }
        out.append(",\"requestParameters\":");
        call.requestParameters(this, recordRegion);
        out.append(",\"responseElements\":");
        if (failed || call.readOnly()) {
            out.append("null");
        } else {
            call.responseElements(this, recordRegion);
        }
        if (call.data()) {
            out.append(",\"additionalEventData\":{\"SignatureVersion\":\"SigV4\",\"CipherSuite\":\"TLS_AES_128_GCM_SHA256\","
                    + "\"bytesTransferredIn\":0,\"AuthenticationMethod\":\"AuthHeader\",\"x-amz-id-2\":\"")
                    .append(token(56)).append("\",\"bytesTransferredOut\":").append(random.nextInt(5_000_000)).append('}');
        }
        out.append(",\"requestID\":\"").append(uuid()).append('"');
        out.append(",\"eventID\":\"").append(uuid()).append('"');
        out.append(",\"readOnly\":").append(call.readOnly());
        if (call.data()) {
            out.append(",\"resources\":[{\"type\":\"AWS::S3::Object\",\"ARN\":\"arn:aws:s3:::").append(lastBucket)
                    .append('/').append(lastKey).append("\"},{\"accountId\":\"").append(account)
                    .append("\",\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::").append(lastBucket).append("\"}]");
        }
        out.append(",\"eventType\":\"AwsApiCall\"");
        out.append(",\"managementEvent\":").append(!call.data());
        out.append(",\"recipientAccountId\":\"").append(account).append('"');
        out.append(",\"eventCategory\":\"").append(call.data() ? "Data" : "Management").append('"');
        out.append(",\"tlsDetails\":{\"tlsVersion\":\"TLSv1.3\",\"cipherSuite\":\"TLS_AES_128_GCM_SHA256\","
                + "\"clientProvidedHostHeader\":\"").append(call.service()).append('.').append(recordRegion)
                .append(".amazonaws.com\"}");
        out.append('}');
        return out.toString();
    }

    private String identity(ApiCall call) {
        int kind = random.nextInt(100);
        String agent = AGENTS[random.nextInt(AGENTS.length)].replace("%s", call.name().toLowerCase());
        if (kind < 20) {
            String user = USERS[random.nextInt(USERS.length)];
            out.append("{\"type\":\"IAMUser\",\"principalId\":\"AIDA").append(upper(17)).append("\",\"arn\":\"arn:aws:iam::")
                    .append(account).append(":user/").append(user).append("\",\"accountId\":\"").append(account)
                    .append("\",\"accessKeyId\":\"AKIA").append(upper(16)).append("\",\"userName\":\"").append(user)
                    .append("\"}");
        } else if (kind < 78) {
            String role = ROLES[random.nextInt(ROLES.length)];
            String session = random.nextBoolean() ? USERS[random.nextInt(USERS.length)] + "@example.com"
                    : "i-0" + hex(16);
            String roleId = "AROA" + upper(17);
            out.append("{\"type\":\"AssumedRole\",\"principalId\":\"").append(roleId).append(':').append(session)
                    .append("\",\"arn\":\"arn:aws:sts::").append(account).append(":assumed-role/").append(role)
                    .append('/').append(session).append("\",\"accountId\":\"").append(account)
                    .append("\",\"accessKeyId\":\"ASIA").append(upper(16))
                    .append("\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"principalId\":\"")
                    .append(roleId).append("\",\"arn\":\"arn:aws:iam::").append(account).append(":role/").append(role)
                    .append("\",\"accountId\":\"").append(account).append("\",\"userName\":\"").append(role)
                    .append("\"},\"webIdFederationData\":{},\"attributes\":{\"creationDate\":\"2024-03-01T09:12:44Z\","
                            + "\"mfaAuthenticated\":\"").append(random.nextInt(4) == 0).append("\"}}}");
        } else if (kind < 99) {
            String service = SERVICES_INVOKING[random.nextInt(SERVICES_INVOKING.length)];
            out.append("{\"type\":\"AWSService\",\"invokedBy\":\"").append(service).append("\"}");
            return "AWS Internal".equals(agent) ? agent : service;
        } else {
            out.append("{\"type\":\"Root\",\"principalId\":\"").append(account).append("\",\"arn\":\"arn:aws:iam::")
                    .append(account).append(":root\",\"accountId\":\"").append(account)
                    .append("\",\"accessKeyId\":\"ASIA").append(upper(16)).append("\",\"sessionContext\":{\"attributes\":"
                            + "{\"creationDate\":\"2024-03-01T09:12:44Z\",\"mfaAuthenticated\":\"true\"}}}");
        }
        return agent;
    }

    // the last bucket and key named, so that a data event's resources agree with its request
    String lastBucket = "";
    String lastKey = "";

    StringBuilder out() {
        return out;
    }

    SplittableRandom random() {
        return random;
    }

    String bucket() {
        String[] names = {"prod-orders-data", "customer-exports", "app-logs-archive", "ml-training-sets",
            "terraform-state-" + account, "cloudtrail-logs-" + account, "static-site-assets", "finance-reports"};
        lastBucket = names[random.nextInt(names.length)];
        return lastBucket;
    }

    String objectKey() {
        String[] prefixes = {"exports/2024/", "reports/q1/", "images/", "raw/events/", "backups/db/"};
        lastKey = prefixes[random.nextInt(prefixes.length)] + hex(12) + (random.nextBoolean() ? ".json.gz" : ".parquet");
        return lastKey;
    }

    String ip() {
        return switch (random.nextInt(4)) {
            case 0 -> "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
            case 1 -> "203.0.113." + random.nextInt(256);
            case 2 -> "198.51.100." + random.nextInt(256);
            default -> (random.nextInt(200) + 20) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                    + random.nextInt(256);
        };
    }

    String uuid() {
        return hex(8) + '-' + hex(4) + "-4" + hex(3) + '-' + "89ab".charAt(random.nextInt(4)) + hex(3) + '-' + hex(12);
    }

    String hex(int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = "0123456789abcdef".charAt(random.nextInt(16));
        }
        return new String(c);
    }

    String upper(int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".charAt(random.nextInt(32));
        }
        return new String(c);
    }

    String token(int n) {
        char[] c = new char[n];
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < n; i++) {
            c[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return new String(c);
    }
}
