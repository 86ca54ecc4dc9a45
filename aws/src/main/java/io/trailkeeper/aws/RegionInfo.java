package io.trailkeeper.aws;

/**
 * A region as EC2 DescribeRegions describes it.
 *
 * @param optInStatus {@code opt-in-not-required}, {@code opted-in} or {@code not-opted-in}; {@code unknown} when
 *                    the list did not come from DescribeRegions
 */
public record RegionInfo(String name, String optInStatus) {
    public boolean enabled() {
        return !"not-opted-in".equals(optInStatus);
    }
}
