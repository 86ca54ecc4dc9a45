package io.trailkeeper.aws.s3;

import io.trailkeeper.events.Coverage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the top of a trail's bucket shows to be missing, as coverage that is never complete: no account folder at
 * all under {@code AWSLogs/} (a trail always writes one, so finding none means looking in the wrong place), or an
 * account asked for that has no folder there.
 */
final class MissingAccounts {
    /** Folder names quoted in the reason, at most. */
    private static final int QUOTED = 5;

    private MissingAccounts() {
    }

    /**
     * @param awsLogs   the listed folder, the trail's prefix and {@code AWSLogs/}
     * @param top       the folder names listed there
     * @param found     whether any of them is an account's or an organization's
     * @param collected the accounts walked
     */
    static List<Coverage> find(String bucket, String prefix, String awsLogs, List<String> top, boolean found,
                               Set<String> requested, Set<String> collected, Instant at) {
        List<Coverage> out = new ArrayList<>();
        String where = "s3://" + bucket + "/" + awsLogs;
        if (!found) {
            String seen = top.isEmpty() ? "" : " (found " + String.join(", ", top.subList(0, Math.min(QUOTED,
                    top.size()))) + (top.size() > QUOTED ? ", ..." : "") + ")";
            out.add(new Coverage("s3", null, null, where, null, at, Coverage.Status.FAILED, "no AWSLogs/<account>/"
                    + " folders found under s3://" + bucket + "/" + prefix + seen + ": the trail's key prefix may be"
                    + " wrong (--prefix; aws cloudtrail describe-trails shows S3KeyPrefix), or the server ignores the"
                    + " delimiter"));
            return out;
        }
        for (String account : requested) {
            if (!collected.contains(account)) {
                out.add(new Coverage("s3", account, null, where + account + "/", null, at, Coverage.Status.FAILED,
                        "no folder of the account " + account + " under " + where + " (nor under an organization's"
                                + " folder there): the trail delivered none of its files here"));
            }
        }
        return out;
    }
}
