package io.trailkeeper.store.investigate;

import io.trailkeeper.store.ResourceArn;
import java.util.regex.Pattern;

/**
 * A resource as a user names it: a name, an ARN, {@code s3://bucket/prefix} or {@code bucket/prefix/}. Sets the
 * parameters names-resource.sql matches with: {@code $subject}, {@code $arn_suffix}, {@code $path_suffix},
 * {@code $is_prefix}, {@code $s3_prefix}, {@code $bucket}, {@code $key_prefix}; and those names-by-name.sql and
 * name-service.sql match a non-S3 ARN's bare name with: {@code $name}, {@code $name_source}, {@code $name_account}
 * (the name is '' when the subject is not such an ARN); and {@code $name_key}, the request parameter that names a
 * resource of an IAM ARN's type (who-deleted-kind.sql).
 *
 * @param arn the subject's ARN parts when it is a non-S3 ARN, else null
 */
record ResourceName(String subject, String bucket, String keyPrefix, boolean prefix, boolean s3Named,
                    ResourceArn arn) {
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    /** The resource as given, not trimmed: a name may start or end with white space or a control character. */
    static ResourceName parse(String text) {
        String path = ResourceArn.s3Path(text); // bucket or bucket/key: the names requests carry, and ARNs end with
        if (path == null && text.startsWith("arn:")) {
            return new ResourceName(text, text, "", false, false, ResourceArn.parse(text));
        }
        String s = path != null ? path : text;
        int slash = s.indexOf('/');
        String bucket = slash < 0 ? s : s.substring(0, slash);
        boolean prefix = slash > 0 && BUCKET.matcher(bucket).matches();
        return new ResourceName(s, bucket, prefix ? s.substring(slash + 1) : "", prefix, path != null || prefix, null);
    }

    void bind(Context c) {
        c.param("subject", subject);
        c.param("arn_suffix", ":" + subject);
        c.param("path_suffix", "/" + subject);
        c.param("is_prefix", prefix);
        c.param("s3_prefix", "arn:aws:s3:::" + subject);
        c.param("bucket", bucket);
        c.param("key_prefix", keyPrefix);
        // IAM and EC2 records name a role, user, instance or snapshot by name or id only (roleName, instanceId)
        c.param("name", arn == null ? "" : arn.name());
        c.param("name_source", arn == null ? "" : arn.eventSource());
        c.param("name_account", arn == null ? "" : arn.account());
        c.param("name_key", nameKey());
    }

    /** The request parameter an IAM call names a resource of the ARN's type by (roleName), or ''. */
    String nameKey() {
        return arn == null ? "" : ResourceArn.iamNameKey(subject);
    }
}
