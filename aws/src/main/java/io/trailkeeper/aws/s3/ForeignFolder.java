package io.trailkeeper.aws.s3;

import java.util.ArrayList;
import java.util.List;

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
     * The foreign folders among those listed under {@code parent}.
     *
     * @param parent        the listed folder, ending with a slash: {@code [prefix/]AWSLogs/} or an organization's
     * @param organizations whether organization folders belong there (at the top of {@code AWSLogs/})
     */
    static List<ForeignFolder> among(String bucket, String parent, List<String> names, boolean organizations) {
        List<ForeignFolder> out = new ArrayList<>();
        for (String name : names) {
            if (TrailBucketLayout.isAccount(name) || organizations && TrailBucketLayout.isOrganization(name)) {
                continue;
            }
            String location = "s3://" + bucket + "/" + parent + name + "/";
            String expected = organizations ? "neither an account id (12 digits) nor an organization id (o-...)"
                    : "not a member account id (12 digits)";
            out.add(new ForeignFolder(location, "passed over " + location + ": it is " + expected
                    + ", so it is not in CloudTrail's layout (" + parent + (organizations ? "[o-ORGID/]" : "")
                    + "ACCOUNT/CloudTrail/...). To load the trail files it holds, copy them"
                    + " (aws s3 sync " + location + " DIR) and run trailkeeper ingest DIR, or collect it with"
                    + " --prefix if it holds a trail's own AWSLogs/ folder"));
        }
        return out;
    }
}
