package io.trailkeeper.aws;

import io.trailkeeper.events.Coverage;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What a region's "not enabled" answer (UnrecognizedClientException, InvalidClientTokenId, AuthFailure,
 * OptInRequired) means. A region the account has not enabled answers so, but so does a region it has enabled
 * whose endpoint does not accept the credentials: AWS documents that version 1 session tokens, which the global
 * STS endpoint issues, "do not work in manually enabled Regions". Only DescribeRegions tells the two apart, so
 * only a region it did not list as enabled may be called not enabled, and counted as having nothing to see.
 */
public final class RegionRefusal {
    private RegionRefusal() {
    }

    /** NOT_ENABLED only where the account may not have the region; FAILED where it has it. */
    public static Coverage.Status status(RegionInfo region) {
        return region.knownEnabled() ? Coverage.Status.FAILED : Coverage.Status.NOT_ENABLED;
    }

    /** Why the region refused, and what to do, for a refusal {@link AwsErrors#isRegionNotEnabled} recognizes. */
    public static String reason(RegionInfo region, SdkException e) {
        String refused = region.name() + " refused the credentials (" + AwsErrors.describe(e) + ")";
        if ("opted-in".equals(region.optInStatus())) {
            return refused + " although the account has opted in to the region: session credentials from the"
                    + " global STS endpoint (version 1 tokens) do not work in opt-in regions; get credentials from a"
                    + " regional STS endpoint (AWS_STS_REGIONAL_ENDPOINTS=regional, or sts_regional_endpoints ="
                    + " regional in the profile) or have the global endpoint issue version 2 tokens (aws iam"
                    + " set-security-token-service-preferences --global-endpoint-token-version v2Token), then run"
                    + " again";
        }
        if (region.knownEnabled()) {
            return refused + " although every account has the region enabled: check that the credentials belong"
                    + " to this account and have not expired or been revoked, then run again";
        }
        return refused + ": it is probably an opt-in region the account has not enabled";
    }

    /** The reason to record for any failure in {@code region}: {@link #reason} for a refusal, else AWS's answer. */
    public static String describe(RegionInfo region, SdkException e) {
        return AwsErrors.isRegionNotEnabled(e) ? reason(region, e) : AwsErrors.describe(e);
    }
}
