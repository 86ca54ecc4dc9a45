package io.trailkeeper.integrity;

/**
 * The note for a folder under {@code AWSLogs/} (or an organization's folder there) that CloudTrail never writes:
 * neither an account id nor, at the top, an organization id ({@code AWSLogs/backup/} holding copied files). verify
 * does not look inside it, and says so: its digests and log files are not verified.
 */
final class ForeignFolders {
    private ForeignFolders() {
    }

    /** Whether a folder name is CloudTrail's at that level: an account id, or at the top an organization id. */
    static boolean isCloudTrails(String name, boolean top) {
        return LayoutIds.isAccount(name) || top && LayoutIds.isOrganization(name);
    }

    /** What is said of the folder {@code s3://bucket/folder} (folder ending with a slash). */
    static String note(String bucket, String folder, boolean top) {
        String location = "s3://" + bucket + "/" + folder;
        return "passed over " + location + ": it is " + (top ? "neither an account id (12 digits) nor an"
                + " organization id (o-...)" : "not a member account id (12 digits)") + ", so it is not in CloudTrail's layout and its"
                + " digests and log files were not verified (verify reads [prefix/]AWSLogs/[o-ORGID/]ACCOUNT/"
                + "CloudTrail-Digest/...: give --prefix " + folder.substring(0, folder.length() - 1) + " if it holds"
                + " a trail's own AWSLogs/ folder, else copy its files into that layout)";
    }
}
