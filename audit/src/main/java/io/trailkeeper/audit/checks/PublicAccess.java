package io.trailkeeper.audit.checks;

import io.trailkeeper.audit.IamPolicies;
import io.trailkeeper.audit.IamPolicies.Statement;
import io.trailkeeper.events.AccountSnapshot.Bucket;
import io.trailkeeper.events.AccountSnapshot.PublicAccessBlock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * S3's own reading of "public": an ACL grant to AllUsers or AuthenticatedUsers, or an Allow to Principal "*"
 * that no condition pins to fixed values of a key only a known party can satisfy (source account, ARN, VPC,
 * IP range, organization).
 */
final class PublicAccess {
    private static final Set<String> PINNING_KEYS = Set.of("aws:sourcearn", "aws:sourceaccount", "aws:sourceowner",
            "aws:sourcevpc", "aws:sourcevpce", "aws:sourceip", "aws:principalorgid", "aws:principalorgpaths",
            "aws:principalaccount", "aws:principalarn", "aws:userid", "aws:sourceorgid", "aws:sourceorgpaths",
            "s3:dataaccesspointarn", "s3:dataaccesspointaccount");

    private PublicAccess() {
    }

    static List<String> publicGrants(Bucket bucket) {
        return bucket.aclGrants().stream().filter(g -> "Group".equalsIgnoreCase(g.granteeType()) && g.grantee() != null
                        && (g.grantee().endsWith("/AllUsers") || g.grantee().endsWith("/AuthenticatedUsers")))
                .map(g -> "ACL grants " + g.permission() + " to " + g.grantee().substring(g.grantee().lastIndexOf('/') + 1))
                .toList();
    }

    static List<String> publicStatements(Bucket bucket) {
        return IamPolicies.parse(bucket.policy(), "the policy of bucket " + bucket.name()).stream()
                .filter(s -> s.allow() && s.anyone() && !s.notPrincipal() && !pinned(s))
                .map(s -> "policy statement " + (s.sid() == null ? "(no Sid)" : s.sid()) + " allows "
                        + String.join(", ", s.actions()) + " to everyone")
                .toList();
    }

    /** TRUE when a known block neutralises it, FALSE when both blocks are known not to, null when unknown. */
    static Boolean blocked(PublicAccessBlock bucket, boolean bucketUnread, PublicAccessBlock account,
                           boolean accountUnread, Predicate<PublicAccessBlock> setting) {
        if (bucket != null && setting.test(bucket) || account != null && setting.test(account)) {
            return true;
        }
        return bucketUnread || accountUnread ? null : false;
    }

    private static boolean pinned(Statement s) {
        for (Map.Entry<String, Map<String, List<String>>> operator : s.conditions().entrySet()) {
            if (operator.getKey().contains("Not")) {
                continue;
            }
            for (Map.Entry<String, List<String>> key : operator.getValue().entrySet()) {
                if (PINNING_KEYS.contains(key.getKey().toLowerCase(Locale.ROOT)) && !key.getValue().isEmpty()
                        && key.getValue().stream().noneMatch(v -> v.equals("*") || v.equals("0.0.0.0/0"))) {
                    return true;
                }
            }
        }
        return false;
    }
}
