package io.trailkeeper.aws.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Lists one bucket with ListObjectsV2, always to the end of a prefix by following continuation tokens, never
 * from a StartAfter marker: CloudTrail delivers files late and out of key order, so a key that sorts before
 * the last one seen may still be new. SDK errors are passed on as they are.
 */
final class BucketListing {
    private final S3Client s3;
    private final String bucket;
    private final int pageSize;

    BucketListing(S3Client s3, String bucket, int pageSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.pageSize = pageSize;
    }

    /** The names of the folders directly below {@code prefix} (listed with delimiter "/"), without slashes. */
    List<String> folders(String prefix) {
        List<String> names = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Response page = s3.listObjectsV2(request(prefix, "/", token));
            for (CommonPrefix p : page.commonPrefixes()) {
                String child = p.prefix().substring(prefix.length());
                if (child.endsWith("/") && child.length() > 1) {
                    names.add(child.substring(0, child.length() - 1));
                }
            }
            token = nextToken(page);
        } while (token != null);
        return names;
    }

    /** Every object below {@code prefix}, page by page. */
    void objects(String prefix, Consumer<List<S3Object>> pages) {
        String token = null;
        do {
            ListObjectsV2Response page = s3.listObjectsV2(request(prefix, null, token));
            pages.accept(page.contents());
            token = nextToken(page);
        } while (token != null);
    }

    private ListObjectsV2Request request(String prefix, String delimiter, String token) {
        return ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).delimiter(delimiter)
                .continuationToken(token).maxKeys(pageSize).build();
    }

    private static String nextToken(ListObjectsV2Response page) {
        return Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
    }
}
