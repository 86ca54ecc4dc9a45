package io.trailkeeper.store;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A call that may include an S3 object or prefix without naming it: CloudTrail names the resource of some data events
 * by {@code resources[].ARNPrefix}, a prefix of object ARNs (a ListObjects of {@code arn:aws:s3:::bucket/logs/}, a
 * DeleteObjects of {@code arn:aws:s3:::bucket/}), not by the objects' own ARNs. Such a call may have touched any
 * object whose ARN starts with the prefix, so a search for {@code s3://bucket/logs/2026/app.log}, or for a deeper
 * prefix ({@code bucket/logs/2026/}), finds it as one that may include it; whether it did, the record does not say.
 * A prefix is compared as text, as CloudTrail's selectors compare it ({@code bucket/lo} holds {@code bucket/logs/});
 * the bucket alone ({@code arn:aws:s3:::bucket}, in every call on it) is no prefix of its objects here.
 *
 * <p>The store's resources list keeps ARNs and ARNPrefixes alike, so a candidate found there is confirmed in the
 * original record (an object named {@code bucket/logs} is not a prefix of {@code bucket/logs.1}): a query that looks
 * for such calls needs the store opened for reading, which every command's search has.
 */
final class PrefixMatch {
    /** The column that tells a call naming the resource from one that may include it. */
    static final String LABEL_COLUMN = "resource_match";
    static final String NAMES_IT = "names it";
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    /** A resources value that is an S3 ARN with a key part, shorter than the path and a prefix of it. */
    private static final String SHALLOWER = "x LIKE 'arn:%:s3:::%/%' AND starts_with(?, substr(x, strpos(x,"
            + " ':s3:::') + 6)) AND substr(x, strpos(x, ':s3:::') + 6) <> ?";

    private PrefixMatch() {
    }

    /**
     * The {@code bucket/key} or {@code bucket/prefix/} a search names, in S3's own forms ({@code s3://}, an S3 ARN) or
     * bare with a bucket's name before the first {@code /}; null for anything else (a bucket alone, or {@code bucket/},
     * included).
     */
    static String target(String given) {
        String s3 = ResourceArn.s3Path(given);
        String path = s3 != null ? s3 : given.startsWith("arn:") ? null : given;
        if (path == null) {
            return null;
        }
        int slash = path.indexOf('/');
        // a whole bucket (bucket/) has no shallower prefix than bucket/ itself, which names it
        if (slash <= 0 || slash == path.length() - 1) {
            return null;
        }
        return BUCKET.matcher(path.substring(0, slash)).matches() ? path : null;
    }

    /**
     * The condition: a value of resources is a shallower prefix of the path, and the record names it by ARNPrefix.
     * The record is read only for the calls whose resources hold such a value (a CASE: DuckDB tests its condition
     * first); its parameters are {@link #params}.
     */
    static String condition() {
        return "(CASE WHEN len(list_filter(resources, lambda x: " + SHALLOWER + ")) > 0 THEN len(list_filter("
                + "json_extract_string(" + EventSearch.RECORD + ", '$.resources[*].ARNPrefix'), lambda x: " + SHALLOWER
                + ")) > 0 ELSE false END)";
    }

    static List<Object> params(String path) {
        return List.of(path, path, path, path);
    }

    /** The label of a call that may include the path: the first shallower prefix its resources name. */
    static String label() {
        return "'may include it: ARNPrefix ' || list_filter(resources, lambda x: " + SHALLOWER + ")[1]";
    }

    static List<Object> labelParams(String path) {
        return List.of(path, path);
    }
}
