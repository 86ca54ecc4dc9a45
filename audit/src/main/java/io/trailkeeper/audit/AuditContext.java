package io.trailkeeper.audit;

import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * What the user tells the audit besides the snapshot.
 *
 * @param criticalBuckets buckets whose object reads and writes must be logged as data events
 *                        ({@code --critical-buckets}); empty means every bucket
 * @param breakGlassRoles roles allowed to destroy evidence (named in the bucket policy's exception), as ARNs
 *                        or names
 * @param clock           the audit's "now" (a delivery is recent, a retention long enough)
 */
public record AuditContext(Set<String> criticalBuckets, Set<String> breakGlassRoles, Clock clock) {
    public AuditContext {
        criticalBuckets = criticalBuckets == null ? Set.of() : Set.copyOf(criticalBuckets);
        breakGlassRoles = breakGlassRoles == null ? Set.of() : Set.copyOf(breakGlassRoles);
    }

    public static AuditContext defaults(Clock clock) {
        return new AuditContext(Set.of(), Set.of(), clock);
    }

    public List<String> criticalBucketList() {
        return criticalBuckets.stream().sorted().toList();
    }

    /**
     * Whether {@code roleArn} is one of the break-glass roles: named by its ARN (wildcards allowed) or by its
     * name (the last part of the ARN, after any path).
     */
    public boolean isBreakGlass(String roleArn) {
        if (roleArn == null) {
            return false;
        }
        String name = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        return breakGlassRoles.stream().anyMatch(r -> r.equals(name) || IamPolicies.wildcard(r, roleArn));
    }
}
