package io.trailkeeper.aws.s3;

import io.trailkeeper.integrity.LayoutIds;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.regex.Pattern;

/**
 * How CloudTrail lays out a trail's bucket, and nothing more: the names below the trail's key prefix that
 * mean an account, an organization, a tree of log, digest or Insights files, a day. Everything the collector
 * visits it finds by listing; this class only tells the listed names apart.
 *
 * <pre>
 * [prefix/]AWSLogs/[o-orgid/]ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/ACCOUNT_CloudTrail_REGION_STAMP_ID.json.gz
 *                               .../CloudTrail-Digest/REGION/YYYY/MM/DD/ACCOUNT_CloudTrail-Digest_REGION_...json.gz
 *                               .../CloudTrail-Insight/REGION/YYYY/MM/DD/ACCOUNT_CloudTrail-Insight_REGION_...json.gz
 * </pre>
 */
final class TrailBucketLayout {
    private static final Pattern YEAR = Pattern.compile("\\d{4}");
    private static final Pattern TWO_DIGITS = Pattern.compile("\\d{2}");

    /** The trees CloudTrail writes under an account, by folder name. */
    enum Tree {
        LOG("CloudTrail", "_CloudTrail_", "log"),
        DIGEST("CloudTrail-Digest", "_CloudTrail-Digest_", "digest"),
        INSIGHT("CloudTrail-Insight", "_CloudTrail-Insight_", "insight");

        final String folder;
        private final String fileMarker;
        final String objectType;

        Tree(String folder, String fileMarker, String objectType) {
            this.folder = folder;
            this.fileMarker = fileMarker;
            this.objectType = objectType;
        }

        /** The tree a folder name under an account stands for, or null for any other folder. */
        static Tree ofFolder(String name) {
            for (Tree t : values()) {
                if (t.folder.equals(name)) {
                    return t;
                }
            }
            return null;
        }

        /**
         * The object's type as the checkpoint names it: the tree's own type when the file name agrees with the
         * folder it lies in, else {@code other}. Both must agree because a digest and a log file look alike
         * to a reader until it has parsed them, and each tree's files carry the tree's name.
         */
        String objectType(String key) {
            String name = key.substring(key.lastIndexOf('/') + 1);
            return name.contains(fileMarker) ? objectType : "other";
        }
    }

    private TrailBucketLayout() {
    }

    /** The folder that holds the account folders: {@code AWSLogs/} below the trail's key prefix. */
    static String awsLogs(String prefix) {
        return prefix.isEmpty() ? "AWSLogs/" : prefix + "/AWSLogs/";
    }

    /** A trail's S3KeyPrefix as a key prefix: no slashes at either end, empty when there is none. */
    static String normalizePrefix(String prefix) {
        if (prefix == null) {
            return "";
        }
        String p = prefix.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    static boolean isAccount(String name) {
        return LayoutIds.isAccount(name);
    }

    static boolean isOrganization(String name) {
        return LayoutIds.isOrganization(name);
    }

    static boolean isYear(String name) {
        return YEAR.matcher(name).matches();
    }

    /** The month a {@code YYYY/MM/} folder stands for, or null for a folder that is not one. */
    static YearMonth month(String year, String month) {
        try {
            return isYear(year) && TWO_DIGITS.matcher(month).matches()
                    ? YearMonth.of(Integer.parseInt(year), Integer.parseInt(month)) : null;
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The day a {@code DD/} folder of {@code month} stands for, or null for a folder that is not one. */
    static LocalDate day(YearMonth month, String day) {
        try {
            return TWO_DIGITS.matcher(day).matches() ? month.atDay(Integer.parseInt(day)) : null;
        } catch (DateTimeException e) {
            return null;
        }
    }
}
