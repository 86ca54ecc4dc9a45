package io.trailkeeper.aws.s3;

import io.trailkeeper.aws.AwsErrors;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.InvalidObjectStateException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects S3 keeps archived: GLACIER and DEEP_ARCHIVE (Glacier Flexible Retrieval and Deep Archive), and
 * Intelligent-Tiering's archive tiers. GetObject answers them with 403 InvalidObjectState until they are
 * restored: not a permission the reader lacks, so never reported as denied, and never as read either. Trail
 * buckets get there through lifecycle rules that move old logs to Glacier.
 */
public final class S3Archive {
    /** Storage classes whose objects cannot be read before a restore (GLACIER_IR can, so it is not here). */
    private static final Set<String> ARCHIVE_CLASSES = Set.of("GLACIER", "DEEP_ARCHIVE");

    private S3Archive() {
    }

    /** GetObject's answer for an archived object (HTTP 403, InvalidObjectState). */
    public static boolean isArchived(SdkException e) {
        return e instanceof InvalidObjectStateException || "InvalidObjectState".equals(AwsErrors.code(e));
    }

    /** Where GetObject's answer says the object is, e.g. "GLACIER" or "INTELLIGENT_TIERING ARCHIVE_ACCESS tier". */
    public static String where(SdkException e) {
        if (e instanceof InvalidObjectStateException s && s.storageClassAsString() != null) {
            return s.accessTierAsString() == null ? s.storageClassAsString()
                    : s.storageClassAsString() + " " + s.accessTierAsString() + " tier";
        }
        return "an archive storage class";
    }

    /**
     * The listing shows the object archived and not restored (the listing was asked for its restore status):
     * reading it would only be refused.
     */
    static boolean archivedInListing(S3Object o) {
        boolean restored = o.restoreStatus() != null && !Boolean.TRUE.equals(o.restoreStatus().isRestoreInProgress());
        return ARCHIVE_CLASSES.contains(o.storageClassAsString()) && !restored;
    }

    /**
     * Why the object was not read and how to read it, with the AWS CLI command that restores it.
     *
     * @param rerun what to run once restored, e.g. "collect again"
     */
    public static String reason(String bucket, String key, String where, String rerun) {
        String request = where.startsWith("INTELLIGENT_TIERING")
                ? "'{\"GlacierJobParameters\":{\"Tier\":\"Standard\"}}'"
                : "'{\"Days\":7,\"GlacierJobParameters\":{\"Tier\":\"Standard\"}}'";
        return "archived in " + where + "; restore it first (aws s3api restore-object --bucket " + bucket + " --key "
                + key + " --restore-request " + request + "), then " + rerun + " once the restore is done";
    }
}
