package io.trailkeeper.aws.inventory;

import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.aws.AwsErrors;
import io.trailkeeper.events.AccountSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.Grantee;
import software.amazon.awssdk.services.s3.model.ObjectLockConfiguration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionByDefault;

/**
 * A bucket's configuration, everything that decides whether the logs in it survive: location and owner,
 * lifecycle, versioning and MFA delete, Object Lock, policy, ACL, public access block, server access logging,
 * default encryption. "Not configured" answers of S3 (NoSuchLifecycleConfiguration, NoSuchBucketPolicy...) are
 * empty values; any other failure is kept in the bucket's errors under {@code location}, {@code ownerAccount},
 * {@code lifecycle}, {@code versioning}, {@code objectLock}, {@code policy}, {@code acl},
 * {@code publicAccessBlock}, {@code logging} or {@code encryption}, with the value left empty.
 */
final class BucketReader {
    private final AwsClients clients;
    private final String account;

    BucketReader(AwsClients clients, String account) {
        this.clients = clients;
        this.account = account;
    }

    /** Where a bucket is and whose it is; {@code exists} false when S3 says there is no such bucket. */
    private record Location(boolean exists, String region, String owner) {
    }

    /** @param regionHint where to ask first (the trail's home region): S3 redirects if the bucket is elsewhere */
    AccountSnapshot.Bucket read(String name, String regionHint) {
        Map<String, String> errors = new LinkedHashMap<>();
        Location location = locate(name, regionHint, errors);
        if (!location.exists()) {
            return new AccountSnapshot.Bucket(name, null, null, false, List.of(), null, null, null, null, List.of(),
                    null, null, null, Map.of());
        }
        String region = location.region();
        String owner = location.owner();
        S3Client s3 = clients.s3(region != null ? region : regionHint);
        List<AccountSnapshot.LifecycleRule> lifecycle = read(errors, "lifecycle", "NoSuchLifecycleConfiguration",
                () -> s3.getBucketLifecycleConfiguration(b -> b.bucket(name)).rules().stream()
                        .map(LifecycleRules::of).toList());
        GetBucketVersioningResponse versioning = read(errors, "versioning", null,
                () -> s3.getBucketVersioning(b -> b.bucket(name)));
        String status = versioning == null ? null : versioning.statusAsString();
        String mfaDelete = mfaDelete(versioning);
        AccountSnapshot.ObjectLock lock = read(errors, "objectLock", "ObjectLockConfigurationNotFoundError",
                () -> objectLock(s3.getObjectLockConfiguration(b -> b.bucket(name)).objectLockConfiguration()));
        String policy = read(errors, "policy", "NoSuchBucketPolicy", () -> s3.getBucketPolicy(b -> b.bucket(name)).policy());
        List<AccountSnapshot.Grant> acl = read(errors, "acl", null,
                () -> s3.getBucketAcl(b -> b.bucket(name)).grants().stream().map(BucketReader::grant).toList());
        AccountSnapshot.PublicAccessBlock block = read(errors, "publicAccessBlock", "NoSuchPublicAccessBlockConfiguration",
                () -> publicAccessBlock(s3.getPublicAccessBlock(b -> b.bucket(name)).publicAccessBlockConfiguration()));
        String logging = read(errors, "logging", null, () -> {
            var enabled = s3.getBucketLogging(b -> b.bucket(name)).loggingEnabled();
            return enabled == null ? null : enabled.targetBucket();
        });
        AccountSnapshot.Encryption encryption = read(errors, "encryption",
                "ServerSideEncryptionConfigurationNotFoundError", () -> encryption(s3, name));
        return new AccountSnapshot.Bucket(name, region, owner, true, lifecycle, status, mfaDelete, lock, policy, acl, block,
                logging, encryption, errors);
    }

    /**
     * GetBucketLocation, first with this account as the expected owner: S3 refuses another account's bucket
     * then, which tells the two apart; asked again without, the location of a foreign bucket is still learnt, and
     * so is that of a bucket on a server that does not implement the check (whose owner is then not known).
     */
    private Location locate(String name, String regionHint, Map<String, String> errors) {
        S3Client s3 = clients.s3(regionHint);
        try {
            return new Location(true, regionOf(s3.getBucketLocation(b -> b.bucket(name).expectedBucketOwner(account))
                    .locationConstraintAsString()), account);
        } catch (SdkException e) {
            if (Attempts.is(e, "NoSuchBucket")) {
                return new Location(false, null, null);
            }
            // an S3-compatible server may not implement the expected-owner header (S3Proxy: 501): asked without it
            boolean unchecked = AwsErrors.isNotImplemented(e);
            if (!AwsErrors.isAccessDenied(e) && !unchecked) {
                errors.put("location", Attempts.reason(e));
                return new Location(true, null, null);
            }
            try {
                String region = regionOf(s3.getBucketLocation(b -> b.bucket(name)).locationConstraintAsString());
                errors.put("ownerAccount", unchecked ? "the server could not tell whether account " + account
                        + " owns the bucket (it does not implement the expected-owner check: " + Attempts.reason(e)
                        + ")" : "the bucket is not in account " + account + " (S3 refused it as its expected owner: "
                        + Attempts.reason(e) + ")");
                return new Location(true, region, null);
            } catch (SdkException again) {
                if (Attempts.is(again, "NoSuchBucket")) {
                    return new Location(false, null, null);
                }
                errors.put("location", Attempts.reason(again));
                return new Location(true, null, null);
            }
        }
    }

    /** Reads one configuration: its value, null for S3's "none set" code, or null with the reason in errors. */
    private static <T> T read(Map<String, String> errors, String key, String noneCode,
                              Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            if (noneCode == null || !Attempts.is(e, noneCode)) {
                errors.put(key, Attempts.reason(e));
            }
            return null;
        }
    }

    /** MFA delete as S3 reports it; a versioned bucket that reports none has it off. */
    private static String mfaDelete(GetBucketVersioningResponse versioning) {
        if (versioning == null || versioning.mfaDeleteAsString() != null) {
            return versioning == null ? null : versioning.mfaDeleteAsString();
        }
        return versioning.statusAsString() != null ? "Disabled" : null;
    }

    /** S3's location constraint as a region: none is us-east-1, and "EU" is the old name of eu-west-1. */
    static String regionOf(String constraint) {
        if (constraint == null || constraint.isEmpty()) {
            return "us-east-1";
        }
        return "EU".equals(constraint) ? "eu-west-1" : constraint;
    }

    private static AccountSnapshot.ObjectLock objectLock(ObjectLockConfiguration c) {
        if (c == null) {
            return null;
        }
        var retention = c.rule() == null ? null : c.rule().defaultRetention();
        return new AccountSnapshot.ObjectLock("Enabled".equals(c.objectLockEnabledAsString()),
                retention == null ? null : retention.modeAsString(), retention == null ? null : retention.days(),
                retention == null ? null : retention.years());
    }

    private static AccountSnapshot.Grant grant(Grant g) {
        Grantee who = g.grantee();
        String id = who == null ? null : who.id() != null ? who.id() : who.uri() != null ? who.uri() : who.emailAddress();
        return new AccountSnapshot.Grant(who == null ? null : who.typeAsString(), id, g.permissionAsString());
    }

    private static AccountSnapshot.PublicAccessBlock publicAccessBlock(
            software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration c) {
        Function<Boolean, Boolean> on = Boolean.TRUE::equals;
        return c == null ? null : new AccountSnapshot.PublicAccessBlock(on.apply(c.blockPublicAcls()),
                on.apply(c.ignorePublicAcls()), on.apply(c.blockPublicPolicy()), on.apply(c.restrictPublicBuckets()));
    }

    private static AccountSnapshot.Encryption encryption(S3Client s3, String name) {
        var rules = s3.getBucketEncryption(b -> b.bucket(name)).serverSideEncryptionConfiguration().rules();
        ServerSideEncryptionByDefault d = rules.isEmpty() ? null : rules.get(0).applyServerSideEncryptionByDefault();
        return d == null ? null : new AccountSnapshot.Encryption(d.sseAlgorithmAsString(), d.kmsMasterKeyID());
    }
}
