package io.trailkeeper.aws.s3;

import io.trailkeeper.aws.AwsErrors;
import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * How S3's answers are told apart: refused (a denied listing or a KMS key the reader may not use becomes
 * coverage "denied"), worth another try, or the end of the run (no bucket, no credentials).
 */
public final class S3Failures {
    private static final Set<String> DENIED = Set.of("AccessDenied", "AllAccessDisabled", "AccountProblem",
            "KMS.AccessDeniedException", "KMS.DisabledException", "KMS.KMSInvalidStateException");
    private static final Set<String> CREDENTIALS = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch",
            "ExpiredToken", "InvalidToken", "TokenRefreshRequired");

    /** How much of a body is looked at for an error document in place of the object. */
    private static final int ERROR_PEEK = 1024;

    private S3Failures() {
    }

    static String code(SdkException e) {
        if (e instanceof AwsServiceException s && s.awsErrorDetails() != null
                && s.awsErrorDetails().errorCode() != null) {
            return s.awsErrorDetails().errorCode();
        }
        return "";
    }

    /** For a listing's failure: an SDK error as {@link #denied(SdkException)}; a broken listing is not denied. */
    static boolean denied(RuntimeException e) {
        return e instanceof SdkException s && denied(s);
    }

    /** Refused for want of a permission; an archived object (403 InvalidObjectState) is not. */
    static boolean denied(SdkException e) {
        return DENIED.contains(code(e)) || e instanceof AwsServiceException s && s.statusCode() == 403
                && !CREDENTIALS.contains(code(e)) && !S3Archive.isArchived(e);
    }

    /**
     * Another attempt may succeed: what {@link AwsErrors#isRetryable} retries (no answer at all, a server error but
     * a 501, throttling such as S3's SlowDown; not an answer that cannot be read), and S3's 408 request timeout.
     */
    public static boolean retryable(SdkException e) {
        return AwsErrors.isRetryable(e) || e instanceof AwsServiceException s && s.statusCode() == 408;
    }

    /** A listing's failure in one line: S3's answer, or why its paging cannot be followed. */
    static String describe(RuntimeException e) {
        return e instanceof SdkException s ? describe(s) : e.getMessage();
    }

    /** The error code and S3's message, or the client-side failure, in one line. */
    static String describe(SdkException e) {
        if (e instanceof AwsServiceException s && s.awsErrorDetails() != null) {
            String message = s.awsErrorDetails().errorMessage();
            String code = code(e).isEmpty() ? "HTTP " + s.statusCode() : code(e) + " (HTTP " + s.statusCode() + ")";
            return message == null || message.isBlank() ? code : code + ": " + message;
        }
        String message = e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && (message == null || !message.contains(cause.getMessage()))) {
            message = (message == null ? "" : message + ": ") + cause.getMessage();
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }

    /**
     * The code and message of an S3 error document sent with a 200 in place of an object, or null; {@code body} is
     * where it was, its first bytes looked at and given back. A trail file or digest is gzip or JSON, never XML, so
     * one that starts as an error document is the server's failure, not the file's content: S3 can fail after it has
     * sent its 200, and proxies and gateways answer so too.
     */
    public static String errorInstead(BufferedInputStream body) throws IOException {
        body.mark(ERROR_PEEK);
        byte[] head = body.readNBytes(ERROR_PEEK);
        body.reset();
        return errorDocument(head);
    }

    /**
     * "Code: Message" of the S3 error document {@code head} begins (after an XML declaration), or null when it is
     * none. The SDK finds such a document in a 200 to any XML operation, but not in an object's body.
     */
    static String errorDocument(byte[] head) {
        String text = new String(head, StandardCharsets.UTF_8).strip();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.startsWith("<?xml") && text.indexOf("?>") > 0) {
            text = text.substring(text.indexOf("?>") + 2).strip();
        }
        if (!text.startsWith("<Error>")) {
            return null;
        }
        String code = element(text, "Code");
        String message = element(text, "Message");
        return (code == null ? "no code" : code) + (message == null ? "" : ": " + message);
    }

    private static String element(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
        return m.find() ? m.group(1) : null;
    }

    /**
     * The failure of the first listing, which ends the run: the bucket is missing or refused as a whole, or
     * AWS cannot be reached. {@code collect auto} catches it and falls back to the event history.
     */
    static TrailKeeperException atStart(String bucket, String prefix, RuntimeException failure) {
        String where = "s3://" + bucket + "/" + prefix;
        if (!(failure instanceof SdkException e)) {
            return new TrailKeeperException(ErrorCode.AWS_ERROR, "listing " + where + " failed: "
                    + failure.getMessage(), "with an S3-compatible server, check its ListObjectsV2 support;"
                    + " a copy of the bucket's files can be read with ingest", failure);
        }
        if ("NoSuchBucket".equals(code(e))) {
            return new TrailKeeperException(ErrorCode.AWS_ERROR, "the bucket '" + bucket + "' does not exist",
                    "check the trail's bucket name (aws cloudtrail describe-trails shows S3BucketName); a deleted"
                            + " bucket leaves only the event history: collect lookup", e);
        }
        if (AwsErrors.isCredentialsUnavailable(e)) {
            return AwsErrors.credentialsUnavailable("listing " + where, e);
        }
        if (CREDENTIALS.contains(code(e))) {
            return new TrailKeeperException(ErrorCode.AWS_CREDENTIALS, "listing " + where + " failed: " + describe(e),
                    "the credentials are invalid or expired; renew them or pick another --profile", e);
        }
        if (denied(e)) {
            return new TrailKeeperException(ErrorCode.AWS_CREDENTIALS, "listing the bucket '" + bucket
                    + "' was denied (" + where + "): " + describe(e),
                    "grant s3:ListBucket on arn:aws:s3:::" + bucket + " and s3:GetObject on its objects, or use a"
                            + " role that has them (--role-arn); a Requester Pays bucket of another account refuses"
                            + " whoever does not agree to pay: --request-payer requester", e);
        }
        if (e instanceof SdkClientException) {
            return new TrailKeeperException(ErrorCode.AWS_UNREACHABLE, "listing " + where + " failed: "
                    + describe(e), "check the network and --endpoint-url", e);
        }
        boolean notImplemented = "NotImplemented".equals(code(e))
                || e instanceof AwsServiceException s && (s.statusCode() == 501 || s.statusCode() == 405);
        return new TrailKeeperException(ErrorCode.AWS_ERROR, "listing " + where + " failed: " + describe(e),
                notImplemented ? "the server does not implement ListObjectsV2, which finds the trail's files; copy"
                        + " the bucket's files with a tool the server supports and read them with ingest" : null, e);
    }
}
