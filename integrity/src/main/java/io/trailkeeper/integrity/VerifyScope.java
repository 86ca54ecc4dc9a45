package io.trailkeeper.integrity;

import java.time.Instant;
import java.util.Set;

/**
 * What to verify: the digests of [since, until] (a digest counts when its end time lies in the range; until null:
 * now) under {@code [prefix/]AWSLogs/[o-ORG/]ACCOUNT/CloudTrail-Digest/REGION/YYYY/MM/DD/} in bucket, for the
 * accounts and regions given (empty: every one found), and the log files of those days.
 */
public record VerifyScope(String bucket, String prefix, Set<String> accounts, Set<String> regions, Instant since,
                          Instant until) {
    public VerifyScope {
        accounts = Set.copyOf(accounts);
        regions = Set.copyOf(regions);
        prefix = prefix == null ? "" : prefix;
    }
}
