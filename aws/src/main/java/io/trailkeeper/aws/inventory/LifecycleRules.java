package io.trailkeeper.aws.inventory;

import io.trailkeeper.events.AccountSnapshot;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.Transition;

/** An S3 lifecycle rule reduced to what decides how long log files live. */
final class LifecycleRules {
    private LifecycleRules() {
    }

    static AccountSnapshot.LifecycleRule of(LifecycleRule rule) {
        Integer expiration = rule.expiration() == null ? null : rule.expiration().days();
        Integer noncurrent = rule.noncurrentVersionExpiration() == null ? null
                : rule.noncurrentVersionExpiration().noncurrentDays();
        Integer transition = rule.transitions().stream().map(Transition::days).filter(d -> d != null)
                .min(Integer::compare).orElse(null);
        return new AccountSnapshot.LifecycleRule(rule.id(), "Enabled".equals(rule.statusAsString()), prefix(rule),
                expiration, noncurrent, transition, rule.expiration() == null ? null : rule.expiration().date());
    }

    /** The prefix the rule applies to: "" for the whole bucket, null when it selects by tag or size only. */
    static String prefix(LifecycleRule rule) {
        LifecycleRuleFilter f = rule.filter();
        if (f == null) {
            String legacy = legacyPrefix(rule);
            return legacy == null ? "" : legacy;
        }
        if (f.prefix() != null) {
            return f.prefix();
        }
        if (f.and() != null) {
            return f.and().prefix();
        }
        boolean narrowed = f.tag() != null || f.objectSizeGreaterThan() != null || f.objectSizeLessThan() != null;
        return narrowed ? null : "";
    }

    /** Rules written before S3 had filters keep their prefix on the rule itself. */
    @SuppressWarnings("deprecation")
    private static String legacyPrefix(LifecycleRule rule) {
        return rule.prefix();
    }
}
