package io.trailkeeper.aws.s3;

/**
 * A folder under a trail's {@code AWSLogs/} (or under an organization's folder there) that is neither an account
 * id (12 digits) nor, at the top, an organization id ({@code o-...}): CloudTrail never writes one, so the collector
 * does not walk it, and says so, since what a person copied there (a backup, another tool's sync) may hold the
 * very files a responder is after.
 *
 * @param location the folder, {@code s3://bucket/.../}
 * @param warning  what was passed over, why, and how to load it all the same
 */
public record ForeignFolder(String location, String warning) {
    /**
     * The folder {@code name} listed under {@code parent}, which the collector does not walk: neither an account id
     * nor, when {@code organizations}, an organization id.
     *
     * @param parent        the listed folder, ending with a slash: {@code [prefix/]AWSLogs/} or an organization's
     * @param organizations whether organization folders belong there (at the top of {@code AWSLogs/})
     */
    static ForeignFolder of(String bucket, String parent, String name, boolean organizations) {
        String location = "s3://" + bucket + "/" + parent + name + "/";
        String expected = organizations ? "neither an account id (12 digits) nor an organization id (o-...)"
                : "not a member account id (12 digits)";
        return new ForeignFolder(location, "passed over " + location + ": it is " + expected
                + ", so it is not in CloudTrail's layout (" + parent + (organizations ? "[o-ORGID/]" : "")
                + "ACCOUNT/CloudTrail/...). To load the trail files it holds, copy them"
                + " (aws s3 sync " + location + " DIR) and run trailkeeper ingest DIR, or collect it with"
                + " --prefix if it holds a trail's own AWSLogs/ folder");
    }
}
