package io.trailkeeper.testkit;

import java.util.ArrayList;
import java.util.List;

/** One AWS API call the generator can write, with the shape of its request and response. */
record ApiCall(String service, String name, boolean readOnly, boolean data, boolean global, Writer request,
               Writer response) {

    /** Writes a JSON value for a call made in a region. */
    interface Writer {
        void write(EventGenerator g, String region);
    }

    void requestParameters(EventGenerator g, String region) {
        request.write(g, region);
    }

    void responseElements(EventGenerator g, String region) {
        response.write(g, region);
    }

    private static final Writer NULL = (g, r) -> g.out().append("null");
    private static final Writer EMPTY = (g, r) -> g.out().append("{}");

    // after NULL and EMPTY, which it uses
    static final List<ApiCall> CATALOGUE = catalogue();

    private static List<ApiCall> catalogue() {
        List<ApiCall> c = new ArrayList<>();
        // EC2: the bulk of a real account's reads
        c.add(read("ec2", "DescribeInstances", (g, r) -> g.out().append("{\"instancesSet\":{},\"filterSet\":{\"items\":"
                + "[{\"name\":\"instance-state-name\",\"valueSet\":{\"items\":[{\"value\":\"running\"}]}}]}}")));
        c.add(read("ec2", "DescribeSecurityGroups", (g, r) -> g.out().append("{\"securityGroupSet\":{},"
                + "\"securityGroupIdSet\":{\"items\":[{\"groupId\":\"sg-0").append(g.hex(16)).append("\"}]},\"filterSet\":{}}")));
        c.add(read("ec2", "DescribeVolumes", (g, r) -> g.out().append("{\"volumeSet\":{},\"filterSet\":{},\"maxResults\":500}")));
        c.add(read("ec2", "DescribeRegions", (g, r) -> g.out().append("{\"regionSet\":{},\"allRegions\":true}")));
        c.add(read("ec2", "DescribeVpcs", EMPTY));
        c.add(write("ec2", "RunInstances", (g, r) -> g.out().append("{\"instancesSet\":{\"items\":[{\"imageId\":\"ami-0")
                .append(g.hex(16)).append("\",\"minCount\":1,\"maxCount\":1}]},\"instanceType\":\"t3.medium\","
                        + "\"blockDeviceMapping\":{},\"monitoring\":{\"enabled\":false},\"disableApiTermination\":false,"
                        + "\"subnetId\":\"subnet-0").append(g.hex(16)).append("\",\"tagSpecificationSet\":{\"items\":"
                        + "[{\"resourceType\":\"instance\",\"tags\":[{\"key\":\"Name\",\"value\":\"api-worker\"}]}]}}"),
                (g, r) -> g.out().append("{\"requestId\":\"").append(g.uuid()).append("\",\"reservationId\":\"r-0")
                        .append(g.hex(16)).append("\",\"ownerId\":\"").append(g.account()).append("\",\"groupSet\":{},"
                                + "\"instancesSet\":{\"items\":[{\"instanceId\":\"i-0").append(g.hex(16))
                        .append("\",\"imageId\":\"ami-0").append(g.hex(16)).append("\",\"currentInstanceBootMode\":"
                                + "\"legacy-bios\",\"instanceState\":{\"code\":0,\"name\":\"pending\"},\"privateDnsName\":"
                                + "\"ip-10-0-1-23.").append(r).append(".compute.internal\",\"amiLaunchIndex\":0,"
                                + "\"productCodes\":{},\"instanceType\":\"t3.medium\",\"launchTime\":1711958400000,"
                                + "\"placement\":{\"availabilityZone\":\"").append(r).append("a\",\"tenancy\":\"default\"},"
                                + "\"monitoring\":{\"state\":\"disabled\"},\"subnetId\":\"subnet-0").append(g.hex(16))
                        .append("\",\"privateIpAddress\":\"10.0.1.23\",\"stateReason\":{\"code\":\"pending\","
                                + "\"message\":\"pending\"},\"architecture\":\"x86_64\",\"rootDeviceType\":\"ebs\","
                                + "\"rootDeviceName\":\"/dev/xvda\",\"virtualizationType\":\"hvm\",\"hypervisor\":\"xen\","
                                + "\"ebsOptimized\":false,\"enaSupport\":true}]}}")));
        c.add(write("ec2", "TerminateInstances", (g, r) -> g.out().append("{\"instancesSet\":{\"items\":[{\"instanceId\":\"i-0")
                .append(g.hex(16)).append("\"}]}}"), (g, r) -> g.out().append("{\"requestId\":\"").append(g.uuid())
                .append("\",\"instancesSet\":{\"items\":[{\"instanceId\":\"i-0").append(g.hex(16))
                .append("\",\"currentState\":{\"code\":32,\"name\":\"shutting-down\"},\"previousState\":"
                        + "{\"code\":16,\"name\":\"running\"}}]}}")));
        c.add(write("ec2", "AuthorizeSecurityGroupIngress", (g, r) -> g.out().append("{\"groupId\":\"sg-0")
                .append(g.hex(16)).append("\",\"ipPermissions\":{\"items\":[{\"ipProtocol\":\"tcp\",\"fromPort\":443,"
                        + "\"toPort\":443,\"groups\":{},\"ipRanges\":{\"items\":[{\"cidrIp\":\"0.0.0.0/0\"}]},"
                        + "\"ipv6Ranges\":{},\"prefixListIds\":{}}]}}"),
                (g, r) -> g.out().append("{\"requestId\":\"").append(g.uuid()).append("\",\"_return\":true}")));
        c.add(write("ec2", "CreateSnapshot", (g, r) -> g.out().append("{\"volumeId\":\"vol-0").append(g.hex(16))
                .append("\",\"description\":\"nightly backup\"}"), (g, r) -> g.out().append("{\"snapshotId\":\"snap-0")
                .append(g.hex(16)).append("\",\"status\":\"pending\",\"volumeSize\":100}")));
        // S3 management and data events
        c.add(read("s3", "ListBuckets", (g, r) -> g.out().append("{\"Host\":\"s3.").append(r).append(".amazonaws.com\"}")));
        c.add(read("s3", "GetBucketPolicy", bucketRequest("policy")));
        c.add(read("s3", "GetBucketAcl", bucketRequest("acl")));
        c.add(read("s3", "GetBucketLocation", bucketRequest("location")));
        c.add(read("s3", "GetBucketVersioning", bucketRequest("versioning")));
        c.add(write("s3", "PutBucketPolicy", (g, r) -> g.out().append("{\"bucketName\":\"").append(g.bucket())
                .append("\",\"Host\":\"").append(g.lastBucket).append(".s3.").append(r).append(".amazonaws.com\","
                        + "\"bucketPolicy\":{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyInsecureTransport\","
                        + "\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":[\"arn:aws:s3:::")
                .append(g.lastBucket).append("\",\"arn:aws:s3:::").append(g.lastBucket).append("/*\"],\"Condition\":"
                        + "{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]},\"policy\":\"\"}"), NULL));
        c.add(write("s3", "DeleteBucket", bucketRequest(""), NULL));
        c.add(write("s3", "PutBucketLifecycle", bucketRequest("lifecycle"), NULL));
        c.add(dataEvent("GetObject", true));
        c.add(dataEvent("GetObject", true));
        c.add(dataEvent("PutObject", false));
        c.add(dataEvent("HeadObject", true));
        c.add(dataEvent("DeleteObject", false));
        // IAM and STS: global, recorded in us-east-1
        c.add(global(read("iam", "ListUsers", EMPTY)));
        c.add(global(read("iam", "GetAccountAuthorizationDetails", (g, r) -> g.out()
                .append("{\"filter\":[\"User\",\"Role\",\"Group\",\"LocalManagedPolicy\"]}"))));
        c.add(global(read("iam", "ListRoles", (g, r) -> g.out().append("{\"maxItems\":1000}"))));
        c.add(global(read("iam", "GetRole", (g, r) -> g.out().append("{\"roleName\":\"lambda-orders-exec\"}"))));
        c.add(global(write("iam", "CreateAccessKey", (g, r) -> g.out().append("{\"userName\":\"ci-deploy\"}"),
                (g, r) -> g.out().append("{\"accessKey\":{\"userName\":\"ci-deploy\",\"accessKeyId\":\"AKIA")
                        .append(g.upper(16)).append("\",\"status\":\"Active\",\"createDate\":\"Apr 1, 2024 9:00:00 AM\"}}"))));
        c.add(global(write("iam", "AttachRolePolicy", (g, r) -> g.out().append("{\"roleName\":\"github-actions-deploy\","
                + "\"policyArn\":\"arn:aws:iam::aws:policy/AdministratorAccess\"}"), NULL)));
        c.add(global(write("iam", "PutRolePolicy", (g, r) -> g.out().append("{\"roleName\":\"ecs-task-api\","
                + "\"policyName\":\"inline-s3\",\"policyDocument\":\"{\\n  \\\"Version\\\": \\\"2012-10-17\\\",\\n  "
                + "\\\"Statement\\\": [{\\\"Effect\\\": \\\"Allow\\\", \\\"Action\\\": [\\\"s3:GetObject\\\"], "
                + "\\\"Resource\\\": \\\"arn:aws:s3:::prod-orders-data/*\\\"}]\\n}\"}"), NULL)));
        c.add(read("sts", "GetCallerIdentity", NULL));
        c.add(write("sts", "AssumeRole", (g, r) -> g.out().append("{\"roleArn\":\"arn:aws:iam::").append(g.account())
                .append(":role/OrganizationAccountAccessRole\",\"roleSessionName\":\"").append(g.hex(10))
                .append("\",\"durationSeconds\":3600}"), (g, r) -> g.out().append("{\"credentials\":{\"accessKeyId\":\"ASIA")
                .append(g.upper(16)).append("\",\"sessionToken\":\"IQoJb3JpZ2luX2VjE").append(g.token(120))
                .append("\",\"expiration\":\"Apr 1, 2024, 10:00:00 AM\"},\"assumedRoleUser\":{\"assumedRoleId\":\"AROA")
                .append(g.upper(17)).append(":session\",\"arn\":\"arn:aws:sts::").append(g.account())
                .append(":assumed-role/OrganizationAccountAccessRole/session\"}}")));
        // the rest of a busy account
        c.add(read("kms", "Decrypt", (g, r) -> g.out().append("{\"encryptionAlgorithm\":\"SYMMETRIC_DEFAULT\","
                + "\"encryptionContext\":{\"aws:lambda:FunctionArn\":\"arn:aws:lambda:").append(r).append(':')
                .append(g.account()).append(":function:orders-api\"}}")));
        c.add(read("kms", "GenerateDataKey", (g, r) -> g.out().append("{\"keyId\":\"arn:aws:kms:").append(r).append(':')
                .append(g.account()).append(":key/").append(g.uuid()).append("\",\"keySpec\":\"AES_256\"}")));
        c.add(read("secretsmanager", "GetSecretValue", (g, r) -> g.out().append("{\"secretId\":\"arn:aws:secretsmanager:")
                .append(r).append(':').append(g.account()).append(":secret:prod/db-").append(g.hex(6)).append("\"}")));
        c.add(read("ssm", "GetParameter", (g, r) -> g.out().append("{\"name\":\"/app/prod/feature-flags\","
                + "\"withDecryption\":true}")));
        c.add(read("logs", "DescribeLogStreams", (g, r) -> g.out().append("{\"logGroupName\":\"/aws/lambda/orders-api\","
                + "\"orderBy\":\"LastEventTime\",\"descending\":true}")));
        c.add(write("logs", "CreateLogStream", (g, r) -> g.out().append("{\"logGroupName\":\"/ecs/api\","
                + "\"logStreamName\":\"api/web/").append(g.hex(32)).append("\"}"), NULL));
        c.add(read("cloudtrail", "DescribeTrails", (g, r) -> g.out().append("{\"includeShadowTrails\":true}")));
        c.add(read("cloudtrail", "LookupEvents", (g, r) -> g.out().append("{\"maxResults\":50}")));
        c.add(read("lambda", "ListFunctions20150331", EMPTY));
        c.add(write("lambda", "UpdateFunctionCode20150331v2", (g, r) -> g.out().append("{\"functionName\":\"orders-api\","
                + "\"publish\":true,\"dryRun\":false}"), (g, r) -> g.out().append("{\"functionName\":\"orders-api\","
                + "\"functionArn\":\"arn:aws:lambda:").append(r).append(':').append(g.account())
                .append(":function:orders-api\",\"runtime\":\"java17\",\"role\":\"arn:aws:iam::").append(g.account())
                .append(":role/lambda-orders-exec\",\"handler\":\"orders.Handler\",\"codeSize\":18345112,"
                        + "\"timeout\":30,\"memorySize\":1024,\"version\":\"42\",\"state\":\"Pending\"}")));
        c.add(read("rds", "DescribeDBInstances", EMPTY));
        c.add(read("dynamodb", "DescribeTable", (g, r) -> g.out().append("{\"tableName\":\"orders\"}")));
        c.add(read("ecr", "GetAuthorizationToken", EMPTY));
        c.add(read("ecs", "DescribeServices", (g, r) -> g.out().append("{\"cluster\":\"prod\",\"services\":[\"api\",\"worker\"]}")));
        c.add(read("autoscaling", "DescribeAutoScalingGroups", EMPTY));
        c.add(read("elasticloadbalancing", "DescribeTargetHealth", (g, r) -> g.out().append("{\"targetGroupArn\":"
                + "\"arn:aws:elasticloadbalancing:").append(r).append(':').append(g.account())
                .append(":targetgroup/api/").append(g.hex(16)).append("\"}")));
        c.add(read("config", "DescribeConfigurationRecorders", EMPTY));
        c.add(read("cloudwatch", "DescribeAlarms", (g, r) -> g.out().append("{\"maxRecords\":100}")));
        c.add(global(read("organizations", "DescribeOrganization", NULL)));
        return List.copyOf(c);
    }

    private static Writer bucketRequest(String subresource) {
        return (g, r) -> {
            g.out().append("{\"bucketName\":\"").append(g.bucket()).append("\",\"Host\":\"").append(g.lastBucket)
                    .append(".s3.").append(r).append(".amazonaws.com\"");
            if (!subresource.isEmpty()) {
                g.out().append(",\"").append(subresource).append("\":\"\"");
            }
            g.out().append('}');
        };
    }

    private static ApiCall dataEvent(String name, boolean readOnly) {
        return new ApiCall("s3", name, readOnly, true, false, (g, r) -> g.out().append("{\"bucketName\":\"")
                .append(g.bucket()).append("\",\"Host\":\"").append(g.lastBucket).append(".s3.").append(r)
                .append(".amazonaws.com\",\"key\":\"").append(g.objectKey()).append("\"}"),
                (g, r) -> g.out().append("{\"x-amz-server-side-encryption\":\"aws:kms\",\"x-amz-version-id\":\"")
                        .append(g.token(32).replace('/', '_').replace('+', '.')).append("\"}"));
    }

    private static ApiCall read(String service, String name, Writer request) {
        return new ApiCall(service, name, true, false, false, request, NULL);
    }

    private static ApiCall write(String service, String name, Writer request, Writer response) {
        return new ApiCall(service, name, false, false, false, request, response);
    }

    private static ApiCall global(ApiCall call) {
        return new ApiCall(call.service(), call.name(), call.readOnly(), call.data(), true, call.request(),
                call.response());
    }
}
