package io.trailkeeper.audit.checks;

import io.trailkeeper.audit.IamPolicies;
import io.trailkeeper.audit.IamPolicies.Statement;
import io.trailkeeper.audit.internal.Inputs;
import io.trailkeeper.audit.internal.Inputs.TrailBucket;
import io.trailkeeper.events.AccountSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How a bucket policy statement protects an action: a Deny to everyone, bar the principals it excepts through
 * NotPrincipal or a negated condition on aws:PrincipalArn ({@code StringNotLike}, {@code ArnNotLike},
 * {@code StringNotEquals}, {@code ArnNotEquals}, with or without IfExists).
 *
 * @param exceptions  the principals (ARNs or patterns) the Deny spares
 * @param patterns    those of the exceptions that are IAM wildcard patterns ({@code *Like} and {@code Arn*}
 *                    operators, or NotPrincipal's {@code "*"}); a {@code StringNotEquals} value is literal
 * @param conditional why the Deny holds only under other conditions (e.g. MFA), or null when it always holds
 */
record ProtectiveDeny(Statement statement, List<String> exceptions, List<String> patterns, String conditional) {
    static final List<String> OBJECT_ACTIONS = List.of("s3:DeleteObject", "s3:DeleteObjectVersion");
    static final List<String> BUCKET_ACTIONS = List.of("s3:PutLifecycleConfiguration", "s3:PutBucketPolicy",
            "s3:DeleteBucketPolicy", "s3:DeleteBucket");
    private static final List<String> EXCEPTING = List.of("StringNotLike", "ArnNotLike", "StringNotEquals",
            "ArnNotEquals");
    /** The operators whose values are wildcard patterns (IAM: ArnEquals takes wildcards as ArnLike does). */
    private static final List<String> PATTERNS = List.of("StringNotLike", "ArnNotLike", "ArnNotEquals");

    /**
     * Each action, and what it must be denied on: the bucket, or a log object under every trail's prefix (for an
     * organization trail, under {@code AWSLogs/o-*}{@code /*}/: every member account's logs).
     */
    static Map<String, List<String>> targets(AccountSnapshot snapshot, TrailBucket tb) {
        Map<String, List<String>> targets = new LinkedHashMap<>();
        List<String> objects = tb.trails().stream().map(t -> Inputs.logObjectArn(t, snapshot)).toList();
        OBJECT_ACTIONS.forEach(a -> targets.put(a, objects));
        String bucketArn = Inputs.bucketArn(Inputs.partition(tb.trails().get(0).arn()), tb.name());
        BUCKET_ACTIONS.forEach(a -> targets.put(a, List.of(bucketArn)));
        return targets;
    }

    /** The reading of {@code s} as a protective Deny, or null when it is not one (an Allow, or a Deny to a few). */
    static ProtectiveDeny of(Statement s) {
        if (s.allow() || !(s.anyone() || s.notPrincipal())) {
            return null;
        }
        List<String> exceptions = new ArrayList<>(s.notPrincipal() ? s.awsPrincipals() : List.of());
        List<String> patterns = new ArrayList<>(exceptions.contains("*") ? List.of("*") : List.of());
        List<String> other = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<String>>> operator : s.conditions().entrySet()) {
            String op = operator.getKey().replace("IfExists", "");
            for (Map.Entry<String, List<String>> key : operator.getValue().entrySet()) {
                if (EXCEPTING.contains(op) && key.getKey().toLowerCase(Locale.ROOT).equals("aws:principalarn")) {
                    exceptions.addAll(key.getValue());
                    if (PATTERNS.contains(op)) {
                        patterns.addAll(key.getValue());
                    }
                } else {
                    other.add(operator.getKey() + " " + key.getKey());
                }
            }
        }
        return new ProtectiveDeny(s, List.copyOf(exceptions), List.copyOf(patterns),
                other.isEmpty() ? null : String.join(", ", other));
    }

    /**
     * The exception that spares a role or user of any name in {@code account} (e.g. {@code *},
     * {@code arn:aws:iam::111122223333:*}, {@code arn:aws:iam::111122223333:role/*}), or null: such a Deny spares
     * the administrators it is meant to stop, so it protects nothing, whoever the break-glass roles are.
     */
    String sparesAnyone(String partition, String account) {
        String iam = "arn:" + partition + ":iam::" + account + ":";
        // names with nothing in common: a pattern matching all of a kind's matches any name (role/*-role does not)
        List<List<String>> anyone = Stream.of("role/", "user/").map(kind -> Stream.of("a", "Z9",
                "trailkeeper-probe-of-any-name").map(name -> iam + kind + name).toList()).toList();
        return patterns.stream().filter(p -> anyone.stream()
                        .anyMatch(names -> names.stream().allMatch(arn -> IamPolicies.wildcard(p, arn))))
                .findFirst().orElse(null);
    }

    boolean protects(String action, String resource) {
        return statement.matchesAction(action) && statement.matchesResource(resource);
    }
}
