package io.trailkeeper.integrity;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a digest's key says: {@code [prefix/]AWSLogs/[o-ORG/]ACCOUNT/CloudTrail-Digest/REGION/YYYY/MM/DD/}
 * {@code ACCOUNT_CloudTrail-Digest_REGION_TRAIL_HOMEREGION_YYYYMMDDTHHMMSSZ[_backfill].json.gz}. The trail name may
 * hold underscores; regions never do.
 *
 * @param root the key up to and including the account's '/' (the chain's home in the bucket)
 */
record DigestName(String key, String root, String account, String region, String trail, String homeRegion,
                  Instant end, boolean backfill) {
    /** Any AWS region id's shape: us-east-1, us-gov-west-1, eusc-de-east-1, ap-southeast-10. */
    static final String REGION = "[a-z]{2,5}(?:-[a-z0-9]+)+-\\d+";
    private static final Pattern NAME = Pattern.compile("(\\d{12})_CloudTrail-Digest_(" + REGION + ")_"
            + "(.+)_(" + REGION + ")_(\\d{8}T\\d{6}Z)(_backfill)?\\.json\\.gz");
    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    /** The name of the digest at {@code key}, or null when the key is not a digest's. */
    static DigestName parse(String key) {
        int slash = key.lastIndexOf('/');
        Matcher m = NAME.matcher(key.substring(slash + 1));
        int folder = key.lastIndexOf("/CloudTrail-Digest/");
        if (!m.matches() || folder < 0) {
            return null;
        }
        try {
            Instant end = LocalDateTime.parse(m.group(5), STAMP).toInstant(ZoneOffset.UTC);
            return new DigestName(key, key.substring(0, folder + 1), m.group(1), m.group(2), m.group(3), m.group(4),
                    end, m.group(6) != null);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The chain the digest belongs to: one per account folder, region, trail, home region, backfill or not. */
    String chain() {
        return root + "|" + region + "|" + trail + "|" + homeRegion + "|" + (backfill ? "backfill" : "");
    }

    /** For messages: account, region and trail. */
    String describeChain() {
        return (backfill ? "backfill digests of " : "") + "account " + account + " region " + region + " trail "
                + trail + " (home " + homeRegion + ")";
    }
}
