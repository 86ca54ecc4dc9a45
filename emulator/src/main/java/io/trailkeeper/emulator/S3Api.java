package io.trailkeeper.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * S3's bucket configuration, path-style ({@code GET /BUCKET?lifecycle}), from the scenario's buckets: location,
 * lifecycle, versioning, Object Lock, policy, ACL, public access block, logging and encryption. A bucket the
 * scenario does not name does not exist: every request for it, object listings included, answers
 * {@code NoSuchBucket}; a denied one answers {@code AccessDenied} to
 * everything, and so does any bucket asked with an {@code x-amz-expected-bucket-owner} other than its owner.
 * The region a call is signed for is not checked against the bucket's. Objects are not served: trail files
 * come from S3Mock.
 */
final class S3Api {
    static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    private static final String XML = "application/xml";

    private final AccountResources resources;

    S3Api(Scenario scenario) {
        this.resources = scenario.resources();
    }

    /** The S3 operation a request is, by method, path and query, as the counters name it. */
    static String operationOf(WireRequest request) {
        String path = request.path();
        if (path.startsWith(S3ControlApi.PREFIX)) {
            return S3ControlApi.operationOf(request);
        }
        String query = "&" + request.query() + "&";
        String[][] configurations = {{"location", "GetBucketLocation"}, {"lifecycle", "GetBucketLifecycleConfiguration"},
                {"versioning", "GetBucketVersioning"}, {"object-lock", "GetObjectLockConfiguration"},
                {"policy", "GetBucketPolicy"}, {"acl", "GetBucketAcl"}, {"publicAccessBlock", "GetPublicAccessBlock"},
                {"logging", "GetBucketLogging"}, {"encryption", "GetBucketEncryption"}};
        int slash = path.indexOf('/', 1);
        boolean bucketLevel = slash < 0 || slash == path.length() - 1;
        if ("GET".equals(request.method()) && bucketLevel) {
            for (String[] c : configurations) {
                if (query.contains("&" + c[0] + "&") || query.contains("&" + c[0] + "=&")) {
                    return c[1];
                }
            }
        }
        return request.method() + (bucketLevel ? " bucket" : " object");
    }

    WireResponse handle(Call call) {
        String operation = call.operation();
        // a bucket that does not exist answers so to every request, as S3 does (listing a deleted trail bucket)
        String path = call.path().substring(1);
        String name = path.indexOf('/') < 0 ? path : path.substring(0, path.indexOf('/'));
        ObjectNode bucket = resources.bucket(name);
        if (bucket == null) {
            throw new AwsError(404, "NoSuchBucket", "The specified bucket does not exist");
        }
        if (!operation.startsWith("Get")) {
            throw new AwsError(501, "NotImplemented", "The emulator serves bucket configuration only, not "
                    + call.method() + " " + call.path());
        }
        String expectedOwner = call.header("x-amz-expected-bucket-owner");
        if (bucket.get("denied").asBoolean()
                || expectedOwner != null && !expectedOwner.equals(bucket.get("ownerAccount").asText())) {
            throw new AwsError(403, "AccessDenied", "Access Denied");
        }
        return switch (operation) {
            case "GetBucketLocation" -> location(call, bucket);
            case "GetBucketLifecycleConfiguration" -> lifecycle(call, bucket);
            case "GetBucketVersioning" -> versioning(call, bucket);
            case "GetObjectLockConfiguration" -> objectLock(call, bucket);
            case "GetBucketPolicy" -> policy(call, bucket);
            case "GetBucketAcl" -> acl(call, bucket);
            case "GetPublicAccessBlock" -> call.okRest(XML, publicAccessBlock(bucket.get("publicAccessBlock"),
                    NAMESPACE));
            case "GetBucketLogging" -> logging(call, bucket);
            case "GetBucketEncryption" -> encryption(call, bucket);
            default -> throw new AwsError(501, "NotImplemented", "The emulator does not serve S3 " + operation);
        };
    }

    private static WireResponse location(Call call, ObjectNode bucket) {
        String region = bucket.get("region").asText();
        // us-east-1 is the one region S3 answers with an empty constraint
        return call.okRest(XML, new Xml().open("LocationConstraint", NAMESPACE)
                .text("us-east-1".equals(region) ? "" : region).close("LocationConstraint").toString());
    }

    private static WireResponse lifecycle(Call call, ObjectNode bucket) {
        JsonNode rules = bucket.path("lifecycleRules");
        if (rules.isEmpty()) {
            throw new AwsError(404, "NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist");
        }
        Xml xml = new Xml().open("LifecycleConfiguration", NAMESPACE);
        for (JsonNode rule : rules) {
            xml.open("Rule").element("ID", rule.path("id").textValue());
            if (rule.has("prefix")) {
                xml.open("Filter").element("Prefix", rule.get("prefix").asText()).close("Filter");
            } else {
                xml.open("Filter").close("Filter");
            }
            xml.element("Status", rule.path("status").asText("Enabled"));
            if (rule.hasNonNull("transitionDays")) {
                xml.open("Transition").element("Days", rule.get("transitionDays").asInt())
                        .element("StorageClass", rule.path("transitionStorageClass").asText("GLACIER")).close("Transition");
            }
            if (rule.hasNonNull("expirationDays")) {
                xml.open("Expiration").element("Days", rule.get("expirationDays").asInt()).close("Expiration");
            }
            if (rule.hasNonNull("noncurrentExpirationDays")) {
                xml.open("NoncurrentVersionExpiration")
                        .element("NoncurrentDays", rule.get("noncurrentExpirationDays").asInt())
                        .close("NoncurrentVersionExpiration");
            }
            xml.close("Rule");
        }
        return call.okRest(XML, xml.close("LifecycleConfiguration").toString());
    }

    private static WireResponse versioning(Call call, ObjectNode bucket) {
        // MfaDelete is only in the answer once it has been configured, as S3 does
        return call.okRest(XML, new Xml().open("VersioningConfiguration", NAMESPACE)
                .element("Status", bucket.path("versioning").textValue())
                .element("MfaDelete", bucket.path("mfaDelete").textValue())
                .close("VersioningConfiguration").toString());
    }

    private static WireResponse objectLock(Call call, ObjectNode bucket) {
        JsonNode lock = bucket.get("objectLock");
        if (lock == null || lock.isNull()) {
            throw new AwsError(404, "ObjectLockConfigurationNotFoundError",
                    "Object Lock configuration does not exist for this bucket");
        }
        Xml xml = new Xml().open("ObjectLockConfiguration", NAMESPACE).element("ObjectLockEnabled", "Enabled");
        if (lock.hasNonNull("mode")) {
            xml.open("Rule").open("DefaultRetention").element("Mode", lock.get("mode").asText())
                    .element("Days", lock.hasNonNull("days") ? lock.get("days").asInt() : null)
                    .element("Years", lock.hasNonNull("years") ? lock.get("years").asInt() : null)
                    .close("DefaultRetention").close("Rule");
        }
        return call.okRest(XML, xml.close("ObjectLockConfiguration").toString());
    }

    private static WireResponse policy(Call call, ObjectNode bucket) {
        JsonNode policy = bucket.get("policy");
        if (policy == null || policy.isNull()) {
            throw new AwsError(404, "NoSuchBucketPolicy", "The bucket policy does not exist");
        }
        return call.okRest("application/json", policy.isTextual() ? policy.asText() : policy.toString());
    }

    private static WireResponse acl(Call call, ObjectNode bucket) {
        String owner = Identities.canonicalUserId(bucket.get("ownerAccount").asText());
        Xml xml = new Xml().open("AccessControlPolicy", NAMESPACE).open("Owner").element("ID", owner).close("Owner")
                .open("AccessControlList");
        grant(xml, "CanonicalUser", owner, "FULL_CONTROL");
        for (JsonNode g : bucket.path("aclGrants")) {
            grant(xml, g.path("granteeType").asText("CanonicalUser"), g.path("grantee").asText(),
                    g.path("permission").asText("READ"));
        }
        return call.okRest(XML, xml.close("AccessControlList").close("AccessControlPolicy").toString());
    }

    private static void grant(Xml xml, String type, String grantee, String permission) {
        String element = switch (type) {
            case "Group" -> "URI";
            case "AmazonCustomerByEmail" -> "EmailAddress";
            default -> "ID";
        };
        xml.open("Grant").openWith("Grantee", "xmlns:xsi", XSI, "xsi:type", type).element(element, grantee)
                .close("Grantee").element("Permission", permission).close("Grant");
    }

    /** A public access block document (the bucket's, or the account's in S3 Control's namespace). */
    static String publicAccessBlock(JsonNode block, String namespace) {
        if (block == null || block.isNull()) {
            throw new AwsError(404, "NoSuchPublicAccessBlockConfiguration",
                    "The public access block configuration was not found");
        }
        Xml xml = new Xml().open("PublicAccessBlockConfiguration", namespace);
        for (String member : new String[] {"blockPublicAcls", "ignorePublicAcls", "blockPublicPolicy",
                "restrictPublicBuckets"}) {
            xml.element(Character.toUpperCase(member.charAt(0)) + member.substring(1), block.path(member).asBoolean(false));
        }
        return xml.close("PublicAccessBlockConfiguration").toString();
    }

    private static WireResponse logging(Call call, ObjectNode bucket) {
        Xml xml = new Xml().open("BucketLoggingStatus", NAMESPACE);
        JsonNode logging = bucket.get("logging");
        if (logging != null && logging.hasNonNull("targetBucket")) {
            xml.open("LoggingEnabled").element("TargetBucket", logging.get("targetBucket").asText())
                    .element("TargetPrefix", logging.path("targetPrefix").asText("")).close("LoggingEnabled");
        }
        return call.okRest(XML, xml.close("BucketLoggingStatus").toString());
    }

    private static WireResponse encryption(Call call, ObjectNode bucket) {
        JsonNode encryption = bucket.get("encryption");
        if (encryption != null && encryption.isNull()) {
            throw new AwsError(404, "ServerSideEncryptionConfigurationNotFoundError",
                    "The server side encryption configuration was not found");
        }
        // without a word from the scenario, SSE-S3: every bucket has had it by default since January 2023
        String algorithm = encryption == null ? "AES256" : encryption.path("algorithm").asText("AES256");
        return call.okRest(XML, new Xml().open("ServerSideEncryptionConfiguration", NAMESPACE).open("Rule")
                .open("ApplyServerSideEncryptionByDefault").element("SSEAlgorithm", algorithm)
                .element("KMSMasterKeyID", encryption == null ? null : encryption.path("kmsKeyId").textValue())
                .close("ApplyServerSideEncryptionByDefault")
                .element("BucketKeyEnabled", encryption != null && encryption.path("bucketKeyEnabled").asBoolean(false))
                .close("Rule").close("ServerSideEncryptionConfiguration").toString());
    }
}
