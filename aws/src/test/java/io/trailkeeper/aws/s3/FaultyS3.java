package io.trailkeeper.aws.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A real S3 client (to S3Mock) with faults S3Mock cannot make: connections that drop in the middle of an
 * object, AccessDenied on chosen keys or prefixes. Written by hand, as STYLE.md asks of fakes: keys and
 * prefixes are matched by substring, and each fault counts how often it struck.
 */
final class FaultyS3 implements S3Client {
    private final S3Client delegate;
    private final Map<String, Integer> dropsLeft = new ConcurrentHashMap<>();
    private final Map<String, Boolean> deniedObjects = new ConcurrentHashMap<>();
    private final Map<String, Boolean> deniedListings = new ConcurrentHashMap<>();
    final AtomicInteger gets = new AtomicInteger();

    FaultyS3(S3Client delegate) {
        this.delegate = delegate;
    }

    /** Objects whose key contains {@code part} lose their connection after 100 bytes, {@code times} times. */
    FaultyS3 dropConnection(String part, int times) {
        dropsLeft.put(part, times);
        return this;
    }

    FaultyS3 denyObjects(String part) {
        deniedObjects.put(part, true);
        return this;
    }

    /** Listings whose prefix contains {@code part} are denied. */
    FaultyS3 denyListings(String part) {
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
        return delegate.listObjectsV2(request);
    }

    @Override
    public <T> T getObject(GetObjectRequest request, ResponseTransformer<GetObjectResponse, T> transformer) {
        gets.incrementAndGet();
        for (String part : deniedObjects.keySet()) {
            if (request.key().contains(part)) {
                throw accessDenied();
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
