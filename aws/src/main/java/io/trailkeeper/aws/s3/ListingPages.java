package io.trailkeeper.aws.s3;

import io.trailkeeper.aws.AwsErrors;
import io.trailkeeper.aws.Retried;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Follows one ListObjectsV2 listing to its end without trusting the server's paging, because a listing cut
 * short looks exactly like a folder with fewer files. A page that says it is truncated but carries no
 * continuation token (servers that answer in ListObjects V1's manner) is continued with StartAfter its last key
 * or folder; a token the listing has seen before, a truncated page with nothing to continue after, or a
 * StartAfter page that does not move past the previous one ends it with a {@link BrokenListing}, never with a
 * listing that merely looks complete. A page S3 refuses for a while (SlowDown, 5xx) is asked again with backoff;
 * other SDK errors, and those that last, are passed on as they are.
 */
public final class ListingPages {
    /** Attempts at one page (each with the SDK's own), and the wait before the second. */
    static final int ATTEMPTS = 4;
    static final Duration BACKOFF = Duration.ofMillis(500);

    private ListingPages() {
    }

    /** A listing that cannot be followed to its end; the message says why, the caller where. */
    public static final class BrokenListing extends RuntimeException {
        BrokenListing(String message) {
            super(message, null, false, false);
        }
    }

    /** Hands every page of the listing {@code first} starts, in order, to {@code pages}. */
    public static void follow(S3Client s3, ListObjectsV2Request first, Consumer<ListObjectsV2Response> pages) {
        follow(s3, first, pages, BACKOFF);
    }

    /**
     * As {@link #follow(S3Client, ListObjectsV2Request, Consumer)}: a page refused for a while (S3's SlowDown,
     * a server error, a dropped connection) beyond the SDK's own attempts is asked again after {@code backoff},
     * doubled each time, {@link #ATTEMPTS} times in all, as S3 asks of a client it slows down; a listing is a whole
     * day's or region's files, not to be given up on a few seconds of throttling.
     */
    static void follow(S3Client s3, ListObjectsV2Request first, Consumer<ListObjectsV2Response> pages,
                       Duration backoff) {
        Set<String> tokens = new HashSet<>();
        String after = null;
        ListObjectsV2Request request = first;
        for (int page = 1; ; page++) {
            ListObjectsV2Response response = page(s3, request, backoff);
            if (request.encodingType() == null && response.encodingType() == EncodingType.URL) {
                first = first.toBuilder().encodingType(EncodingType.URL).build(); // the rest asked encoded too
            }
            pages.accept(response);
            if (!Boolean.TRUE.equals(response.isTruncated())) {
                return;
            }
            String token = response.nextContinuationToken();
            if (token != null && !token.isEmpty() && !(encoded(first) && first.delimiter() == null)) {
                if (!tokens.add(token)) {
                    throw broken(page, "page " + page + " gave a continuation token an earlier page had"
                            + " given, so following it would list the same keys forever");
                }
                request = first.toBuilder().continuationToken(token).build();
                continue;
            }
            // no token although truncated, or an encoded listing of keys: continue after the page's last entry
            String last = lastEntry(response);
            if (last == null) {
                throw broken(page, "page " + page + " said more keys follow (IsTruncated) but gave neither"
                        + " a continuation token nor any key to continue after");
            }
            if (after != null && last.compareTo(after) <= 0) {
                throw broken(page, "page " + page + ", asked for keys after " + after + ", did not move"
                        + " past it (it ended at " + last + ")");
            }
            after = last;
            request = first.toBuilder().continuationToken(null).startAfter(last).build();
        }
    }

    /**
     * One page. A page the server could not send or the SDK could not read (a key holding a character XML 1.0 cannot
     * carry, U+0001 to U+0008 among them: S3's XML is then refused by the parser, S3Mock answers 500) is asked once
     * more with EncodingType url, as the AWS CLI always asks, and the SDK decodes the keys. Not asked so from the
     * start: a server may encode the continuation token too (S3Proxy does), which then ends the listing short.
     */
    private static ListObjectsV2Response page(S3Client s3, ListObjectsV2Request asked, Duration backoff) {
        try {
            return Retried.call(() -> s3.listObjectsV2(asked), ATTEMPTS, backoff, S3Failures::retryable);
        } catch (SdkException e) {
            if (asked.encodingType() != null || !(AwsErrors.isUnreadableAnswer(e) || S3Failures.retryable(e))) {
                throw e;
            }
            try {
                return s3.listObjectsV2(asked.toBuilder().encodingType(EncodingType.URL).build());
            } catch (SdkException again) {
                e.addSuppressed(again);
                throw e;
            }
        }
    }

    /**
     * Asked with EncodingType url. A server may encode the continuation token too (S3Proxy does), which, sent back,
     * no longer names where the page ended: keys sorting between the two are never listed, without a word. A
     * listing of keys so asked goes on after the page's last key (StartAfter, decoded by the SDK), which is where
     * AWS's own token goes on; a listing of folders keeps the token, as StartAfter a folder would list it again.
     */
    private static boolean encoded(ListObjectsV2Request request) {
        return request.encodingType() == EncodingType.URL;
    }

    /** The greatest key or folder of the page, or null when it has neither. */
    private static String lastEntry(ListObjectsV2Response page) {
        String last = null;
        for (S3Object o : page.contents()) {
            last = max(last, o.key());
        }
        for (CommonPrefix p : page.commonPrefixes()) {
            last = max(last, p.prefix());
        }
        return last;
    }

    private static String max(String a, String b) {
        return b == null || a != null && a.compareTo(b) >= 0 ? a : b;
    }

    private static BrokenListing broken(int pages, String what) {
        return new BrokenListing("the server's paging is broken: " + what + "; stopped after " + pages
                + (pages == 1 ? " page" : " pages") + ", so keys may be missing (with an S3-compatible server, check"
                + " that it supports ListObjectsV2)");
    }
}
