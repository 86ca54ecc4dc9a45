package io.trailkeeper.aws.s3;

import io.trailkeeper.aws.AwsErrors;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.RequestPayer;
import software.amazon.awssdk.services.s3.model.OptionalObjectAttributes;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Lists one bucket with ListObjectsV2, always to the end of a prefix ({@link ListingPages}), never from a
 * StartAfter marker kept between runs: CloudTrail delivers files late and out of key order, so a key that sorts
 * before the last one seen may still be new. SDK errors are passed on as they are, a listing whose paging cannot
 * be followed as a {@link ListingPages.BrokenListing}.
 */
final class BucketListing {
    private final S3Client s3;
    private final String bucket;
    private final int pageSize;
    /** REQUESTER for a Requester Pays bucket read by another account, else null. */
    private final RequestPayer payer;
    /** The wait before a page S3 refused for a while is asked again (doubled each time). */
    private final Duration backoff;
    /** The server refused ListObjectsV2's optional attribute RestoreStatus once: not asked for again. */
    private volatile boolean restoreStatusRefused;

    BucketListing(S3Client s3, String bucket, int pageSize, RequestPayer payer, Duration backoff) {
        this.backoff = backoff;
        this.s3 = s3;
        this.bucket = bucket;
        this.pageSize = pageSize;
        this.payer = payer;
    }

    /** The names of the folders directly below {@code prefix} (listed with delimiter "/"), without slashes. */
    List<String> folders(String prefix) {
        Set<String> names = new LinkedHashSet<>();
        ListingPages.follow(s3, request(prefix, "/"), page -> {
            for (CommonPrefix p : page.commonPrefixes()) {
                String name = folderName(prefix, p.prefix());
                if (name != null) {
                    names.add(name);
                }
            }
        }, backoff);
        return List.copyOf(names);
    }

    /**
     * The folder a common prefix names, or null when it names none below {@code prefix}. Some S3-compatible
     * servers return common prefixes without the delimiter at the end: those name the same folder.
     */
    static String folderName(String prefix, String common) {
        if (common == null || !common.startsWith(prefix)) {
            return null;
        }
        String child = common.substring(prefix.length());
        if (child.endsWith("/")) {
            child = child.substring(0, child.length() - 1);
        }
        return child.isEmpty() || child.contains("/") ? null : child;
    }

    /**
     * Every object below {@code prefix}, page by page, each with its restore status, so that an archived object
     * restored since can be told from one that is not ({@link S3Archive#archivedInListing}). A server that refuses
     * the optional attribute (S3Proxy answers 501 NotImplemented, others 400) is asked without it from then on;
     * its archived objects are then handed on without their storage class, for GetObject to tell.
     */
    void objects(String prefix, Consumer<List<S3Object>> pages) {
        if (!restoreStatusRefused) {
            boolean[] delivered = {false};
            try {
                ListingPages.follow(s3, request(prefix, null).toBuilder()
                        .optionalObjectAttributes(OptionalObjectAttributes.RESTORE_STATUS).build(), page -> {
                            delivered[0] = true;
                            pages.accept(page.contents());
                        }, backoff);
                return;
            } catch (AwsServiceException e) {
                if (delivered[0] || !refusesOptionalAttributes(e)) {
                    throw e;
                }
                restoreStatusRefused = true;
            }
        }
        ListingPages.follow(s3, request(prefix, null), page -> pages.accept(withoutArchiveClass(page.contents())),
                backoff);
    }

    /** S3Proxy's answer to a header it does not implement (501), or the 400 other servers give an unknown value. */
    static boolean refusesOptionalAttributes(AwsServiceException e) {
        String code = S3Failures.code(e);
        return AwsErrors.isNotImplemented(e)
                || e.statusCode() == 400 && ("InvalidArgument".equals(code) || "InvalidRequest".equals(code));
    }

    /**
     * Without its restore status a listed archived object cannot be told from a restored one: it goes on without
     * its storage class, so that GetObject is asked, which reads a restored object and names an archived one.
     */
    private static List<S3Object> withoutArchiveClass(List<S3Object> page) {
        return page.stream().map(o -> S3Archive.archivedInListing(o)
                ? o.toBuilder().storageClass((String) null).build() : o).toList();
    }

    private ListObjectsV2Request request(String prefix, String delimiter) {
        return ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).delimiter(delimiter).maxKeys(pageSize)
                .requestPayer(payer).build();
    }
}
