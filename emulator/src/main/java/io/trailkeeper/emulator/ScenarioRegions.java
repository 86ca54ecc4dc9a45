package io.trailkeeper.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A scenario's regions, each list resolved against the others: denied and token-refusing regions count as
 * enabled, and no region is both enabled and not enabled.
 *
 * @param enabled     regions that accept calls, denied and token-refusing ones included
 * @param notEnabled  opt-in regions the account has not enabled
 * @param denied      enabled regions where the caller may not use CloudTrail
 * @param tokenRefused enabled regions that refuse the caller's session token
 */
record ScenarioRegions(List<String> enabled, List<String> notEnabled, Set<String> denied, Set<String> tokenRefused) {

    /**
     * Resolves the lists a scenario names; {@code enabled} and {@code notEnabled} may be null (not named).
     *
     * @throws IllegalArgumentException when a region is both enabled (or refusing the token) and not enabled
     */
    static ScenarioRegions resolve(List<String> enabledOrNull, List<String> notEnabledOrNull,
                                   Set<String> denied, Set<String> tokenRefused) {
        List<String> enabled = new ArrayList<>(enabledOrNull != null ? enabledOrNull : AwsRegions.DEFAULT_ENABLED);
        List<String> notEnabled = new ArrayList<>(notEnabledOrNull != null ? notEnabledOrNull
                : enabledOrNull == null ? AwsRegions.OPT_IN : List.of());
        for (String region : denied) {
            // a denied region is an enabled region whose CloudTrail the caller may not use
            notEnabled.remove(region);
            if (!enabled.contains(region)) {
                enabled.add(region);
            }
        }
        for (String refusing : tokenRefused) {
            // enabled, as DescribeRegions says; only the caller's token is not accepted there
            if (notEnabled.contains(refusing)) {
                throw new IllegalArgumentException("the region " + refusing + " is listed as refusing the session"
                        + " token and as not enabled; a region that refuses the token is an enabled one");
            }
            if (!enabled.contains(refusing)) {
                enabled.add(refusing);
            }
        }
        for (String region : enabled) {
            if (notEnabled.contains(region)) {
                throw new IllegalArgumentException("the region " + region + " is listed as enabled and as not enabled");
            }
        }
        return new ScenarioRegions(List.copyOf(enabled), List.copyOf(notEnabled), Set.copyOf(denied),
                Set.copyOf(tokenRefused));
    }
}
