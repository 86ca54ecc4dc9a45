package io.trailkeeper.aws.integrity;

import io.trailkeeper.integrity.EvidenceSource;
import io.trailkeeper.integrity.LayoutIds;
import java.io.IOException;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * The regions a bucket holds digest files for, found by listing folders only
 * ({@code [prefix/]AWSLogs/[o-ORG/]ACCOUNT/CloudTrail-Digest/REGION/}): the regions whose public keys a
 * verification needs, before any digest is read.
 */
public final class DigestRegions {
    private DigestRegions() {
    }

    /** The digest regions under {@code prefix} (empty or ending with '/'), for these accounts (empty: all). */
    public static Set<String> find(EvidenceSource source, String bucket, String prefix, Collection<String> accounts)
            throws IOException {
        Set<String> regions = new TreeSet<>();
        for (String folder : source.folders(bucket, prefix + "AWSLogs/")) {
            String name = last(folder);
            if (LayoutIds.isOrganization(name)) {
                for (String account : source.folders(bucket, folder)) {
                    collect(source, bucket, account, accounts, regions);
                }
            } else {
                collect(source, bucket, folder, accounts, regions);
            }
        }
        return regions;
    }

    private static void collect(EvidenceSource source, String bucket, String accountFolder,
                                Collection<String> accounts, Set<String> regions) throws IOException {
        if (!accounts.isEmpty() && !accounts.contains(last(accountFolder))) {
            return;
        }
        for (String region : source.folders(bucket, accountFolder + "CloudTrail-Digest/")) {
            regions.add(last(region));
        }
    }

    /** The last segment of a folder prefix ending with '/'. */
    private static String last(String folder) {
        String trimmed = folder.substring(0, folder.length() - 1);
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
