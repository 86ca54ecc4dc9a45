package io.trailkeeper.events;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * S3 directory buckets (S3 Express One Zone), named {@code BASE--ZONE-ID--x-s3}. GetBucketLocation does not serve
 * them, but the zone id in the name starts with the code of the bucket's region, as every Availability Zone id does:
 * {@code usw2-az1} is in us-west-2, {@code apne1-az4} in ap-northeast-1, a Local Zone's {@code usw2-lax1-az1} in its
 * parent region us-west-2. The code is the region's name shortened: its area, then each direction by its initials
 * (east e, northeast ne, central c, gov g), then its number.
 */
public final class DirectoryBuckets {
    private static final String SUFFIX = "--x-s3";
    private static final Map<String, String> WORDS = Map.ofEntries(Map.entry("east", "e"), Map.entry("west", "w"),
            Map.entry("north", "n"), Map.entry("south", "s"), Map.entry("central", "c"), Map.entry("northeast", "ne"),
            Map.entry("northwest", "nw"), Map.entry("southeast", "se"), Map.entry("southwest", "sw"),
            Map.entry("gov", "g"), Map.entry("iso", "i"), Map.entry("isob", "ib"));

    private DirectoryBuckets() {
    }

    /**
     * Whether a bucket name is a directory bucket's: its objects' calls are data events of
     * {@link DataEventSelectors#S3_EXPRESS_OBJECT}, which only advanced selectors log, never those of AWS::S3::Object.
     */
    public static boolean is(String bucket) {
        return bucket.endsWith(SUFFIX);
    }

    /**
     * The region among {@code regions} whose code the bucket's zone id starts with, or null when the name is no
     * directory bucket's or no region (or more than one) has that code.
     */
    public static String region(String bucket, Collection<String> regions) {
        if (!is(bucket)) {
            return null;
        }
        String rest = bucket.substring(0, bucket.length() - SUFFIX.length());
        int zone = rest.lastIndexOf("--");
        if (zone < 0) {
            return null;
        }
        String code = rest.substring(zone + 2).split("-", 2)[0].toLowerCase(Locale.ROOT);
        String found = null;
        for (String region : regions) {
            if (region != null && code.equals(code(region)) && !region.equals(found)) {
                if (found != null) {
                    return null;
                }
                found = region;
            }
        }
        return found;
    }

    /** A region's code in zone ids (us-east-1: use1), or null when a part of its name has no known initials. */
    static String code(String region) {
        String[] parts = region.toLowerCase(Locale.ROOT).split("-");
        if (parts.length < 3) {
            return null;
        }
        StringBuilder out = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length - 1; i++) {
            String initials = WORDS.get(parts[i]);
            if (initials == null) {
                return null;
            }
            out.append(initials);
        }
        return out.append(parts[parts.length - 1]).toString();
    }
}
