package io.trailkeeper.aws;

/**
 * A region as EC2 DescribeRegions describes it.
 *
 * @param optInStatus {@code opt-in-not-required}, {@code opted-in} or {@code not-opted-in}; {@code unknown} when
 *                    the list did not come from DescribeRegions
 */
public record RegionInfo(String name, String optInStatus) {
    /** Worth calling: every region but one DescribeRegions said is not opted in. */
    public boolean enabled() {
        return !"not-opted-in".equals(optInStatus);
    }

    /**
     * The account has the region, as DescribeRegions (or AWS's list of regions every account has) says: a
     * refusal there is the credentials', never "the region is off".
     */
    public boolean knownEnabled() {
        return "opt-in-not-required".equals(optInStatus) || "opted-in".equals(optInStatus);
    }
}
