package io.trailkeeper.aws.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.InvalidObjectStateException;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A real S3 client (to S3Mock) with faults S3Mock cannot make: connections that drop in the middle of an
 * object, AccessDenied on chosen keys or prefixes, archived objects, and listings paged as some S3-compatible
 * servers page them (no continuation token, the same token again, folders without their trailing slash).
 * Written by hand, as STYLE.md asks of fakes: keys and prefixes are matched by substring.
 */
public final class FaultyS3 implements S3Client {
    /** How listings come back. */
    public enum Paging {
        /** As S3Mock answers. */
        AS_IS,
        /** Truncated pages without NextContinuationToken, as servers answering in ListObjects V1's manner. */
        NO_CONTINUATION_TOKEN,
        /** Every continued page comes back with the continuation token it was asked with. */
        REPEATED_TOKEN,
        /** Truncated pages with neither a token nor any key. */
        EMPTY_TRUNCATED
    }

    private final S3Client delegate;
    private final Map<String, Integer> dropsLeft = new ConcurrentHashMap<>();
    private final Map<String, Boolean> deniedObjects = new ConcurrentHashMap<>();
    private final Map<String, Boolean> deniedListings = new ConcurrentHashMap<>();
    private final Map<String, String> archived = new ConcurrentHashMap<>();
    private volatile Paging paging = Paging.AS_IS;
    private volatile boolean foldersWithoutSlash;
    final AtomicInteger gets = new AtomicInteger();

    public FaultyS3(S3Client delegate) {
        this.delegate = delegate;
    }

    public FaultyS3 paging(Paging value) {
        paging = value;
        return this;
    }

    /** Common prefixes come back without the delimiter at their end. */
    public FaultyS3 foldersWithoutSlash() {
        foldersWithoutSlash = true;
        return this;
    }

    /**
     * Objects whose key contains {@code part} are archived: GetObject answers 403 InvalidObjectState, as S3 does for
     * GLACIER and DEEP_ARCHIVE objects and Intelligent-Tiering's archive tiers ({@code tier} non-null).
     */
    public FaultyS3 archive(String part, String storageClass, String tier) {
        archived.put(part, storageClass + "|" + (tier == null ? "" : tier));
        return this;
    }

    /** Objects whose key contains {@code part} lose their connection after 100 bytes, {@code times} times. */
    public FaultyS3 dropConnection(String part, int times) {
        dropsLeft.put(part, times);
        return this;
    }

    public FaultyS3 denyObjects(String part) {
        deniedObjects.put(part, true);
        return this;
    }

    /** Listings whose prefix contains {@code part} are denied. */
    public FaultyS3 denyListings(String part) {
        deniedListings.put(part, true);
        return this;
    }

    @Override
    public ListObjectsV2Response listObjectsV2(ListObjectsV2Request request) {
        for (String part : deniedListings.keySet()) {
            if (request.prefix() != null && request.prefix().contains(part)) {
                throw accessDenied();
            }
        }
        ListObjectsV2Response r = delegate.listObjectsV2(request);
        ListObjectsV2Response.Builder b = r.toBuilder();
        if (foldersWithoutSlash) {
            b.commonPrefixes(r.commonPrefixes().stream().map(p -> CommonPrefix.builder()
                    .prefix(p.prefix().replaceAll("/$", "")).build()).toList());
        }
        if (Boolean.TRUE.equals(r.isTruncated())) {
            switch (paging) {
                case NO_CONTINUATION_TOKEN -> b.nextContinuationToken(null);
                case REPEATED_TOKEN -> b.nextContinuationToken(request.continuationToken() != null
                        ? request.continuationToken() : r.nextContinuationToken());
                case EMPTY_TRUNCATED -> b.nextContinuationToken(null).contents(List.of()).commonPrefixes(List.of());
                case AS_IS -> { }
            }
        }
        return b.build();
    }

    @Override
    public <T> T getObject(GetObjectRequest request, ResponseTransformer<GetObjectResponse, T> transformer) {
        gets.incrementAndGet();
        for (String part : deniedObjects.keySet()) {
            if (request.key().contains(part)) {
                throw accessDenied();
            }
        }
        for (Map.Entry<String, String> a : archived.entrySet()) {
            if (request.key().contains(a.getKey())) {
                String[] classAndTier = a.getValue().split("\\|", -1);
                throw invalidObjectState(classAndTier[0], classAndTier[1].isEmpty() ? null : classAndTier[1]);
            }
        }
        ResponseInputStream<GetObjectResponse> in = delegate.getObject(request);
        InputStream body = in;
        for (Map.Entry<String, Integer> drop : dropsLeft.entrySet()) {
            if (request.key().contains(drop.getKey()) && dropsLeft.merge(drop.getKey(), -1, Integer::sum) >= 0) {
                body = new Dropping(in, 100);
            }
        }
        try {
            return transformer.transform(in.response(), AbortableInputStream.create(body, in::abort));
        } catch (Exception e) {
            throw SdkClientException.create("transform failed", e);
        }
    }

    private static S3Exception accessDenied() {
        return (S3Exception) S3Exception.builder().statusCode(403).message("Access Denied")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").errorMessage("Access Denied")
                        .serviceName("S3").build())
                .build();
    }

    /** S3's answer to GetObject on an archived object (HTTP 403, with the storage class and tier). */
    private static S3Exception invalidObjectState(String storageClass, String tier) {
        return (S3Exception) InvalidObjectStateException.builder().storageClass(storageClass).accessTier(tier)
                .statusCode(403).message("The operation is not valid for the object's storage class")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidObjectState")
                        .errorMessage("The operation is not valid for the object's storage class").serviceName("S3")
                        .build())
                .build();
    }

    @Override
    public String serviceName() {
        return delegate.serviceName();
    }

    @Override
    public void close() {
        // the delegate belongs to the test
    }

    /** Ends with "connection reset" after some bytes, as a dropped connection does. */
    private static final class Dropping extends FilterInputStream {
        private int left;

        Dropping(InputStream in, int after) {
            super(in);
            this.left = after;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                throw new SocketException("Connection reset");
            }
            int n = super.read(b, off, Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
