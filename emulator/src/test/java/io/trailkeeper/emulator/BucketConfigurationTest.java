package io.trailkeeper.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.endpoints.EndpointUrl;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetBucketAclResponse;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationResponse;
import software.amazon.awssdk.services.s3.model.GetObjectLockConfigurationResponse;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.s3control.endpoints.S3ControlEndpointProvider;
import software.amazon.awssdk.services.s3control.model.S3ControlException;

/** S3 bucket configuration and S3 Control's public access block, through the real SDK clients, path-style. */
class BucketConfigurationTest {
    private static final String ACCOUNT = "123456789012";
    private static final String FULL = """
            {"name":"trail-logs","region":"eu-west-1","versioning":"Enabled","mfaDelete":"Enabled",
             "objectLock":{"mode":"GOVERNANCE","years":2},
             "lifecycleRules":[{"id":"keep","status":"Enabled","prefix":"AWSLogs/","transitionDays":30,
                                "expirationDays":2555,"noncurrentExpirationDays":400}],
             "policy":{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:DeleteBucket",
                       "Resource":"arn:aws:s3:::trail-logs"}]},
             "aclGrants":[{"granteeType":"Group","grantee":"http://acs.amazonaws.com/groups/global/AllUsers","permission":"READ"},
                          {"granteeType":"Group","grantee":"http://acs.amazonaws.com/groups/s3/LogDelivery","permission":"WRITE"}],
             "publicAccessBlock":{"blockPublicAcls":true,"ignorePublicAcls":true,"blockPublicPolicy":false,"restrictPublicBuckets":true},
             "logging":{"targetBucket":"access-logs","targetPrefix":"trail-logs/"},
             "encryption":{"algorithm":"aws:kms","kmsKeyId":"arn:aws:kms:eu-west-1:123456789012:key/k1","bucketKeyEnabled":true}}""";

    private static Emulator emulator;
    private static S3Client s3;

    @BeforeAll
    static void start() {
        emulator = Emulator.start(EmulatorConfig.of(Scenario.builder().account(ACCOUNT).bucket(FULL)
                .bucket("{\"name\":\"bare\"}")
                .bucket("{\"name\":\"no-encryption\",\"encryption\":null}")
                .bucket("{\"name\":\"locked-away\",\"denied\":true}")
                .bucket("{\"name\":\"org-logs\",\"ownerAccount\":\"999999999999\"}")
                .accountPublicAccessBlock("{\"blockPublicAcls\":true,\"ignorePublicAcls\":true,"
                        + "\"blockPublicPolicy\":true,\"restrictPublicBuckets\":false}")
                .build()));
        s3 = SdkClients.client(S3Client.builder().forcePathStyle(true), emulator, "eu-west-1");
    }

    @AfterAll
    static void stop() {
        s3.close();
        emulator.close();
    }

    @Test
    void everyConfigurationOfABucketAsTheSdkReadsIt() {
        assertEquals("eu-west-1", s3.getBucketLocation(r -> r.bucket("trail-logs")).locationConstraintAsString());
        GetBucketLifecycleConfigurationResponse lifecycle = s3.getBucketLifecycleConfiguration(r -> r.bucket("trail-logs"));
        LifecycleRule rule = lifecycle.rules().get(0);
        assertEquals("keep", rule.id());
        assertEquals("AWSLogs/", rule.filter().prefix());
        assertEquals(2555, rule.expiration().days());
        assertEquals(400, rule.noncurrentVersionExpiration().noncurrentDays());
        assertEquals(30, rule.transitions().get(0).days());
        var versioning = s3.getBucketVersioning(r -> r.bucket("trail-logs"));
        assertEquals("Enabled", versioning.statusAsString());
        assertEquals("Enabled", versioning.mfaDeleteAsString());
        GetObjectLockConfigurationResponse lock = s3.getObjectLockConfiguration(r -> r.bucket("trail-logs"));
        assertEquals("Enabled", lock.objectLockConfiguration().objectLockEnabledAsString());
        assertEquals("GOVERNANCE", lock.objectLockConfiguration().rule().defaultRetention().modeAsString());
        assertEquals(2, lock.objectLockConfiguration().rule().defaultRetention().years());
        assertTrue(s3.getBucketPolicy(r -> r.bucket("trail-logs")).policy().contains("\"s3:DeleteBucket\""));
        GetBucketAclResponse acl = s3.getBucketAcl(r -> r.bucket("trail-logs"));
        List<String> grants = acl.grants().stream().map(BucketConfigurationTest::grant).toList();
        assertEquals(List.of("CanonicalUser " + acl.owner().id() + " FULL_CONTROL",
                "Group http://acs.amazonaws.com/groups/global/AllUsers READ",
                "Group http://acs.amazonaws.com/groups/s3/LogDelivery WRITE"), grants);
        assertEquals(64, acl.owner().id().length());
        var block = s3.getPublicAccessBlock(r -> r.bucket("trail-logs")).publicAccessBlockConfiguration();
        assertTrue(block.blockPublicAcls() && block.ignorePublicAcls() && block.restrictPublicBuckets());
        assertFalse(block.blockPublicPolicy());
        var logging = s3.getBucketLogging(r -> r.bucket("trail-logs")).loggingEnabled();
        assertEquals("access-logs", logging.targetBucket());
        assertEquals("trail-logs/", logging.targetPrefix());
        var encryption = s3.getBucketEncryption(r -> r.bucket("trail-logs")).serverSideEncryptionConfiguration()
                .rules().get(0);
        assertEquals("aws:kms", encryption.applyServerSideEncryptionByDefault().sseAlgorithmAsString());
        assertEquals("arn:aws:kms:eu-west-1:123456789012:key/k1", encryption.applyServerSideEncryptionByDefault().kmsMasterKeyID());
        assertTrue(encryption.bucketKeyEnabled());
    }

    @Test
    void whatIsNotConfiguredAnswersAsS3Does() {
        String location = s3.getBucketLocation(r -> r.bucket("bare")).locationConstraintAsString();
        assertTrue(location == null || location.isEmpty(), "us-east-1 is an empty constraint, was " + location);
        assertEquals("NoSuchLifecycleConfiguration", code(c -> c.getBucketLifecycleConfiguration(r -> r.bucket("bare"))));
        assertEquals("ObjectLockConfigurationNotFoundError", code(c -> c.getObjectLockConfiguration(r -> r.bucket("bare"))));
        assertEquals("NoSuchBucketPolicy", code(c -> c.getBucketPolicy(r -> r.bucket("bare"))));
        assertEquals("NoSuchPublicAccessBlockConfiguration", code(c -> c.getPublicAccessBlock(r -> r.bucket("bare"))));
        assertEquals("ServerSideEncryptionConfigurationNotFoundError",
                code(c -> c.getBucketEncryption(r -> r.bucket("no-encryption"))));
        var versioning = s3.getBucketVersioning(r -> r.bucket("bare"));
        assertNull(versioning.status());
        assertNull(versioning.mfaDelete());
        assertNull(s3.getBucketLogging(r -> r.bucket("bare")).loggingEnabled());
        // S3's default encryption since 2023
        assertEquals("AES256", s3.getBucketEncryption(r -> r.bucket("bare")).serverSideEncryptionConfiguration().rules()
                .get(0).applyServerSideEncryptionByDefault().sseAlgorithmAsString());
        assertEquals(1, s3.getBucketAcl(r -> r.bucket("bare")).grants().size());
    }

    @Test
    void missingDeniedAndForeignBuckets() {
        emulator.counters().reset();
        S3Exception missing = assertThrows(S3Exception.class, () -> s3.getBucketPolicy(r -> r.bucket("gone")));
        assertEquals("NoSuchBucket", missing.awsErrorDetails().errorCode());
        assertEquals(404, missing.statusCode());
        // listing a bucket that is gone (a deleted trail bucket) says so, not that listing is not served
        assertEquals("NoSuchBucket", code(c -> c.listObjectsV2(r -> r.bucket("gone").prefix("AWSLogs/"))));
        assertEquals("NotImplemented", code(c -> c.listObjectsV2(r -> r.bucket("bare"))));
        assertEquals("AccessDenied", code(c -> c.getBucketLocation(r -> r.bucket("locked-away"))));
        assertEquals("AccessDenied", code(c -> c.getBucketAcl(r -> r.bucket("locked-away"))));
        // another account's bucket that lets us read it: ExpectedBucketOwner tells it apart
        s3.getBucketVersioning(r -> r.bucket("org-logs"));
        assertEquals("AccessDenied", code(c -> c.getBucketVersioning(r -> r.bucket("org-logs").expectedBucketOwner(ACCOUNT))));
        s3.getBucketVersioning(r -> r.bucket("org-logs").expectedBucketOwner("999999999999"));
        assertEquals(1L, emulator.counters().requests("eu-west-1", "GetBucketPolicy"));
    }

    @Test
    void accountPublicAccessBlockThroughS3Control() {
        try (S3ControlClient control = SdkClients.client(S3ControlClient.builder().endpointProvider(BucketConfigurationTest::toEmulator),
                emulator, "us-east-1")) {
            var block = control.getPublicAccessBlock(r -> r.accountId(ACCOUNT)).publicAccessBlockConfiguration();
            assertTrue(block.blockPublicAcls() && block.ignorePublicAcls() && block.blockPublicPolicy());
            assertFalse(block.restrictPublicBuckets());
            S3ControlException other = assertThrows(S3ControlException.class,
                    () -> control.getPublicAccessBlock(r -> r.accountId("999999999999")));
            assertEquals("AccessDenied", other.awsErrorDetails().errorCode());
        }
        try (Emulator none = Emulator.start(EmulatorConfig.of(Scenario.builder().account(ACCOUNT).build()));
             S3ControlClient control = SdkClients.client(S3ControlClient.builder()
                     .endpointProvider(BucketConfigurationTest::toEmulator), none, "us-east-1")) {
            S3ControlException e = assertThrows(S3ControlException.class,
                    () -> control.getPublicAccessBlock(r -> r.accountId(ACCOUNT)));
            assertEquals("NoSuchPublicAccessBlockConfiguration", e.awsErrorDetails().errorCode());
            assertEquals(404, e.statusCode());
        }
    }

    /** The SDK names the account in the host ({@code ACCOUNT.127.0.0.1}), which cannot resolve: send to the address. */
    private static java.util.concurrent.CompletableFuture<software.amazon.awssdk.endpoints.Endpoint> toEmulator(
            software.amazon.awssdk.services.s3control.endpoints.S3ControlEndpointParams params) {
        return S3ControlEndpointProvider.defaultProvider().resolveEndpoint(params).thenApply(e -> {
            EndpointUrl url = e.endpointUrl();
            String host = url.host().substring(url.host().indexOf('.') + 1);
            return e.toBuilder().endpointUrl(EndpointUrl.fromComponents(url.scheme(), host, url.port(),
                    url.encodedPath())).build();
        });
    }

    private static String grant(Grant g) {
        String who = g.grantee().id() != null ? g.grantee().id() : g.grantee().uri();
        return g.grantee().typeAsString() + " " + who + " " + g.permissionAsString();
    }

    private static String code(Function<S3Client, ?> call) {
        S3Exception e = assertThrows(S3Exception.class, () -> call.apply(s3));
        return e.awsErrorDetails().errorCode();
    }
}
