package io.trailkeeper.aws;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** How AWS errors are told apart, and turned into messages a user can act on. Never prints credentials. */
public final class AwsErrors {
    private static final Set<String> DENIED = Set.of("AccessDenied", "AccessDeniedException", "UnauthorizedOperation",
            "AuthorizationError", "Forbidden");
    private static final Set<String> THROTTLED = Set.of("ThrottlingException", "Throttling", "ThrottledException",
            "RequestLimitExceeded", "TooManyRequestsException", "SlowDown", "RequestThrottled",
            "RequestThrottledException");
    private static final Set<String> NOT_ENABLED = Set.of("UnrecognizedClientException", "InvalidClientTokenId",
            "OptInRequired", "AuthFailure");
    private static final Set<String> CREDENTIALS = Set.of("ExpiredToken", "ExpiredTokenException",
            "InvalidClientTokenId", "UnrecognizedClientException", "SignatureDoesNotMatch",
            "IncompleteSignature", "InvalidAccessKeyId", "MissingAuthenticationToken");

    private AwsErrors() {
    }

    public static String code(SdkException e) {
        if (e instanceof AwsServiceException s && s.awsErrorDetails() != null
                && s.awsErrorDetails().errorCode() != null) {
            return s.awsErrorDetails().errorCode();
        }
        return "";
    }

    /**
     * Refused for want of a permission. Not every 403 is: a region refusing the credentials is not, nor S3's
     * InvalidObjectState for an archived object, which needs a restore, not a grant.
     */
    public static boolean isAccessDenied(SdkException e) {
        return DENIED.contains(code(e)) || e instanceof AwsServiceException s && s.statusCode() == 403
                && !NOT_ENABLED.contains(code(e)) && !"InvalidObjectState".equals(code(e));
    }

    /**
     * Throttled: a throttling error code, HTTP 429, or an HTTP 400 without an error code whose text is AWS's
     * throttling message "Rate exceeded" (what CloudTrail's ThrottlingException says, passed on by a proxy without
     * its error type).
     */
    public static boolean isThrottling(SdkException e) {
        if (THROTTLED.contains(code(e))) {
            return true;
        }
        return e instanceof AwsServiceException s && (s.statusCode() == 429 || s.statusCode() == 400
                && code(e).isEmpty() && answerText(s).toLowerCase(java.util.Locale.ROOT).contains("rate exceeded"));
    }

    /** The answer's message, or the start of its body when it has none (a proxy's page, plain text), or "". */
    private static String answerText(AwsServiceException s) {
        if (s.awsErrorDetails() == null) {
            return "";
        }
        String message = s.awsErrorDetails().errorMessage();
        if (message != null && !message.isBlank()) {
            return message.strip();
        }
        String body = pageText(rawBody(s)).replaceAll("\\s+", " ");
        return body.length() <= 200 ? body : body.substring(0, 200) + "...";
    }

    private static String rawBody(AwsServiceException s) {
        var raw = s.awsErrorDetails() == null ? null : s.awsErrorDetails().rawResponse();
        return raw == null ? "" : raw.asUtf8String().strip();
    }

    private static boolean isPage(String body) {
        return body.regionMatches(true, 0, "<!doctype html", 0, 14) || body.regionMatches(true, 0, "<html", 0, 5);
    }

    private static final Pattern PAGE_TITLE = Pattern.compile("(?is)<title[^>]*>(.*?)</title>");

    /**
     * An HTML page (a proxy's, a load balancer's, a server that does not serve the call) said by its title, else
     * by its text without the markup; any other body as it is.
     */
    static String pageText(String body) {
        if (!isPage(body)) {
            return body;
        }
        Matcher title = PAGE_TITLE.matcher(body);
        String text = (title.find() ? title.group(1) : body.replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", " ")
                .replaceAll("<[^>]*>", " ")).replaceAll("\\s+", " ").strip();
        return text.isEmpty() ? "an HTML page" : text + " (an HTML page)";
    }

    /** The credentials were refused as invalid, expired or unsigned (not for want of a permission). */
    public static boolean isCredentialsRefused(SdkException e) {
        return CREDENTIALS.contains(code(e));
    }

    /**
     * The answer AWS gives in a region the account has not enabled, and equally in one it has enabled where the
     * credentials do not work: {@link RegionRefusal} tells which.
     */
    public static boolean isRegionNotEnabled(SdkException e) {
        return NOT_ENABLED.contains(code(e));
    }

    /**
     * The server does not implement what was asked, a call or a header of it (HTTP 501, NotImplemented): an
     * S3-compatible server, S3Proxy among them, answers so a header it does not know.
     */
    public static boolean isNotImplemented(SdkException e) {
        return "NotImplemented".equals(code(e)) || e instanceof AwsServiceException s && s.statusCode() == 501;
    }

    /**
     * Worth another try: throttling, a server error, or no answer at all (connection reset, timeout). Not a 501
     * (the server does not implement the call), a 500 that is an HTML page without an error code (a server's own
     * page for a call it does not serve; a gateway's 502, 503 or 504 page is retried), nor an answer that is not
     * the protocol's (a proxy's page, a server speaking something else): they come back the same however often
     * asked.
     */
    public static boolean isRetryable(SdkException e) {
        if (isThrottling(e)) {
            return true;
        }
        if (e instanceof AwsServiceException s) {
            if (s.statusCode() == 500 && code(e).isEmpty() && isPage(rawBody(s))) {
                return false; // the server's own error page for the call (moto's for a call it lacks), not AWS's 500
            }
            return s.statusCode() >= 500 && s.statusCode() != 501;
        }
        return e instanceof SdkClientException && !isUnreadableAnswer(e);
    }

    /**
     * An answer arrived but could not be read: a parser refused it, or the SDK could not unmarshall it for a
     * reason other than the connection breaking while it read (that one is worth another try).
     */
    public static boolean isUnreadableAnswer(SdkException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String name = t.getClass().getSimpleName();
            if (name.endsWith("ParseException") || name.startsWith("JsonMapping") || name.equals("XMLStreamException")
                    || String.valueOf(t.getMessage()).startsWith("Could not parse XML response")) {
                return true;
            }
            if (t instanceof java.io.IOException && !(t instanceof java.io.UncheckedIOException)) {
                return false; // the connection broke while the answer was read
            }
        }
        return String.valueOf(e.getMessage()).startsWith("Unable to unmarshall");
    }

    /** A short description: the error code and AWS's message, or the client-side failure. */
    public static String describe(SdkException e) {
        if (e instanceof AwsServiceException s && s.awsErrorDetails() != null) {
            String text = answerText(s);
            if (code(e).isEmpty()) { // no error code: a proxy's or a non-AWS server's answer, named by status and text
                return "HTTP " + s.statusCode() + (text.isEmpty() ? "" : ": " + text);
            }
            return code(e) + (text.isEmpty() ? "" : ": " + text) + " (HTTP " + s.statusCode() + ")";
        }
        String msg = e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && (msg == null || !msg.contains(cause.getMessage()))) {
            msg = (msg == null ? "" : msg + ": ") + cause.getMessage();
        }
        return msg == null ? e.getClass().getSimpleName() : msg;
    }

    /**
     * The SDK could not get credentials to sign with: none configured, an SSO session expired, a profile it
     * cannot use. Its message says which, and names no secret.
     */
    public static boolean isCredentialsUnavailable(SdkException e) {
        String message = String.valueOf(e.getMessage());
        return e instanceof SdkClientException && (message.contains("credentials") || message.contains("SSO")
                || e.getClass().getName().startsWith("software.amazon.awssdk.services.sso"));
    }

    /** The first line of the SDK's message: why, without the rest of a long explanation. */
    public static String firstLine(SdkException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end).strip();
    }

    /** Why credentials could not be had, for a message: the SDK's own first line. */
    public static TrailKeeperException credentialsUnavailable(String doing, SdkException e) {
        return new TrailKeeperException(ErrorCode.AWS_CREDENTIALS, doing + " failed: the AWS credentials could not"
                + " be loaded: " + firstLine(e), "configure credentials (aws configure, AWS_PROFILE, --profile, or an"
                + " instance role); with an SSO profile, run aws sso login --profile NAME first", e);
    }

    /** A failure that ends the command, with a hint. */
    public static TrailKeeperException toException(String doing, SdkException e) {
        if (isCredentialsUnavailable(e)) {
            return credentialsUnavailable(doing, e);
        }
        if (CREDENTIALS.contains(code(e))) {
            return new TrailKeeperException(ErrorCode.AWS_CREDENTIALS, doing + " failed: " + describe(e),
                    "the credentials are invalid or expired; renew them (aws sso login, new keys) or pick"
                            + " another --profile", e);
        }
        if (isAccessDenied(e)) {
            return new TrailKeeperException(ErrorCode.AWS_CREDENTIALS, doing + " was denied: " + describe(e),
                    "grant the permission named, or use a role that has it (--role-arn)", e);
        }
        if (e instanceof SdkClientException) {
            return new TrailKeeperException(ErrorCode.AWS_UNREACHABLE, doing + " failed: " + describe(e),
                    "check the network and --endpoint-url", e);
        }
        return new TrailKeeperException(ErrorCode.AWS_ERROR, doing + " failed: " + describe(e), null, e);
    }
}
