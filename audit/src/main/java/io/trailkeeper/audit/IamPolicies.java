package io.trailkeeper.audit;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small, pure reading of IAM policy documents, enough to tell who may do what to the evidence: identity
 * policies and a resource (bucket) policy, Allow and Deny, Action/NotAction and Resource/NotResource with
 * {@code *} and {@code ?} wildcards (actions case-insensitive, resources not), Principal/NotPrincipal, and
 * explicit Deny winning over any Allow.
 *
 * <p>Conditions are not guessed at: only {@code aws:PrincipalArn} and {@code aws:PrincipalAccount} are
 * evaluated (they decide the exception a protective bucket policy grants to a break-glass role); any other
 * condition key makes a statement's effect "conditional". An Allow that holds only under conditions gives
 * {@link Access#CONDITIONAL}, as does an Allow that a conditional Deny may cancel. A policy variable in a
 * Resource ({@code ${aws:username}}) is read as a wildcard and makes the statement conditional.
 *
 * <p>Not modelled, so the answer over-approximates who can act: permission boundaries, service control
 * policies, session policies, and the root user (who can always act, and is never listed).
 */
public final class IamPolicies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private IamPolicies() {
    }

    /** What a principal may do with one action on one resource. */
    public enum Access {
        /** Some statement allows it without conditions, and no Deny can apply. */
        ALLOWED,
        /** Allowed only under conditions this evaluator cannot decide, or a conditional Deny may cancel it. */
        CONDITIONAL,
        /** An explicit Deny applies without conditions. */
        DENIED,
        /** No statement allows it (the implicit deny). */
        NOT_ALLOWED;

        public boolean possible() {
            return this == ALLOWED || this == CONDITIONAL;
        }
    }

    /**
     * One statement of a policy.
     *
     * @param principal  for resource policies: principal type ("AWS", "Service", "*") to its values; empty in
     *                   identity policies
     * @param conditions operator (e.g. "StringNotLike") to condition key to values; empty without a Condition
     */
    public record Statement(String sid, boolean allow, List<String> actions, boolean notAction, List<String> resources,
                            boolean notResource, Map<String, List<String>> principal, boolean notPrincipal,
                            Map<String, Map<String, List<String>>> conditions) {
        public Statement {
            actions = List.copyOf(actions);
            resources = List.copyOf(resources);
            principal = Map.copyOf(principal);
            conditions = Map.copyOf(conditions);
        }

        public boolean matchesAction(String action) {
            boolean listed = actions.stream().anyMatch(a -> wildcard(a.toLowerCase(Locale.ROOT),
                    action.toLowerCase(Locale.ROOT)));
            return notAction != listed;
        }

        /** A statement without a Resource element (as in a trust policy) applies to every resource. */
        public boolean matchesResource(String arn) {
            if (resources.isEmpty() && !notResource) {
                return true;
            }
            boolean listed = resources.stream().anyMatch(r -> wildcard(r.replaceAll("\\$\\{[^}]*}", "*"), arn));
            return notResource != listed;
        }

        public boolean usesVariables() {
            return resources.stream().anyMatch(r -> r.contains("${"));
        }

        /** True when the Principal is everyone: {@code "*"} or {@code {"AWS": "*"}}. */
        public boolean anyone() {
            return principal.getOrDefault("*", List.of()).contains("*")
                    || principal.getOrDefault("AWS", List.of()).contains("*");
        }

        /** The principals named under "AWS" (ARNs or account ids). */
        public List<String> awsPrincipals() {
            return principal.getOrDefault("AWS", List.of());
        }

        /** Whether a resource policy statement's Principal/NotPrincipal takes in the IAM principal {@code arn}. */
        public boolean appliesTo(String arn) {
            boolean named = anyone() || awsPrincipals().stream().anyMatch(p -> names(p, arn));
            return notPrincipal != named;
        }

        /** TRUE, FALSE or null (cannot tell) for the Condition block, knowing only who the principal is. */
        public Boolean conditionHolds(String principalArn) {
            Boolean result = Boolean.TRUE;
            for (var operator : conditions.entrySet()) {
                for (var key : operator.getValue().entrySet()) {
                    Boolean one = Conditions.test(operator.getKey(), key.getKey(), key.getValue(), principalArn);
                    if (Boolean.FALSE.equals(one)) {
                        return false;
                    }
                    if (one == null) {
                        result = null;
                    }
                }
            }
            return usesVariables() && Boolean.TRUE.equals(result) ? null : result;
        }
    }

    /** Reads a policy document (JSON text). {@code what} names it in the error when it is not a policy. */
    public static List<Statement> parse(String document, String what) {
        if (document == null || document.isBlank()) {
            return List.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(what + " is not a JSON policy document: " + e.getOriginalMessage(), e);
        }
        JsonNode statements = root.path("Statement");
        List<Statement> out = new ArrayList<>();
        for (JsonNode s : statements.isArray() ? statements : List.of(statements)) {
            if (s.isObject()) {
                out.add(statement(s));
            }
        }
        return out;
    }

    private static Statement statement(JsonNode s) {
        boolean notAction = s.has("NotAction");
        boolean notResource = s.has("NotResource");
        boolean notPrincipal = s.has("NotPrincipal");
        Map<String, List<String>> principal = new LinkedHashMap<>();
        JsonNode p = s.path(notPrincipal ? "NotPrincipal" : "Principal");
        if (p.isTextual()) {
            principal.put("*", List.of(p.asText()));
        } else if (p.isObject()) {
            p.properties().forEach(e -> principal.put(e.getKey(), strings(e.getValue())));
        }
        Map<String, Map<String, List<String>>> conditions = new LinkedHashMap<>();
        s.path("Condition").properties().forEach(op -> {
            Map<String, List<String>> keys = new LinkedHashMap<>();
            op.getValue().properties().forEach(k -> keys.put(k.getKey(), strings(k.getValue())));
            conditions.put(op.getKey(), keys);
        });
        return new Statement(s.path("Sid").asText(null), "Allow".equalsIgnoreCase(s.path("Effect").asText()),
                strings(s.path(notAction ? "NotAction" : "Action")), notAction,
                strings(s.path(notResource ? "NotResource" : "Resource")), notResource, principal, notPrincipal,
                conditions);
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else if (node.isValueNode() && !node.isNull()) {
            out.add(node.asText());
        }
        return out;
    }

    /**
     * What {@code principalArn} may do: its identity statements (all of its policies, its groups' included)
     * and, for an action on a resource that has one, the resource policy. A resource policy's Allow counts
     * when it names the principal or everyone; naming the account only delegates to identity policies.
     */
    public static Access evaluate(List<Statement> identity, List<Statement> resourcePolicy, String principalArn,
                                  String action, String resource) {
        boolean allowed = false;
        boolean conditional = false;
        boolean maybeDenied = false;
        List<Statement> applicable = new ArrayList<>(identity);
        resourcePolicy.stream().filter(s -> s.appliesTo(principalArn) && (!s.allow() || namesDirectly(s, principalArn)))
                .forEach(applicable::add);
        for (Statement s : applicable) {
            if (!s.matchesAction(action) || !s.matchesResource(resource)) {
                continue;
            }
            Boolean holds = s.conditionHolds(principalArn);
            if (Boolean.FALSE.equals(holds)) {
                continue;
            }
            if (!s.allow()) {
                if (holds != null) {
                    return Access.DENIED;
                }
                maybeDenied = true;
            } else if (holds != null) {
                allowed = true;
            } else {
                conditional = true;
            }
        }
        if (allowed) {
            return maybeDenied ? Access.CONDITIONAL : Access.ALLOWED;
        }
        return conditional ? Access.CONDITIONAL : Access.NOT_ALLOWED;
    }

    private static boolean namesDirectly(Statement s, String principalArn) {
        return !s.notPrincipal() && (s.anyone() || s.awsPrincipals().contains(principalArn));
    }

    /** Whether a Principal value (an ARN, {@code arn:...:root} or a bare account id) takes in {@code arn}. */
    static boolean names(String principal, String arn) {
        if (principal.equals(arn)) {
            return true;
        }
        String account = accountOf(arn);
        return account != null && (principal.equals(account) || principal.equals(arnPrefix(arn) + account + ":root"));
    }

    /** The account id of an IAM ARN ({@code arn:aws:iam::123456789012:role/x}), or null. */
    public static String accountOf(String arn) {
        String[] parts = arn == null ? new String[0] : arn.split(":", 6);
        return parts.length >= 5 && !parts[4].isEmpty() ? parts[4] : null;
    }

    private static String arnPrefix(String arn) {
        String[] parts = arn.split(":", 6);
        return "arn:" + parts[1] + ":iam::";
    }

    /** IAM's wildcard match: {@code *} any run of characters, {@code ?} any one; everything else literal. */
    public static boolean wildcard(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int mark = 0;
        while (t < text.length()) {
            // a '*' in the pattern is always a wildcard, even facing a '*' in the text (the organization probe's)
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /** The condition operators that can be decided knowing who the principal is. */
    private static final class Conditions {
        private static final List<String> PRINCIPAL_KEYS = List.of("aws:principalarn", "aws:principalaccount");

        static Boolean test(String operator, String key, List<String> values, String principalArn) {
            String k = key.toLowerCase(Locale.ROOT);
            if (!PRINCIPAL_KEYS.contains(k)) {
                return null;
            }
            String actual = k.equals("aws:principalarn") ? principalArn : accountOf(principalArn);
            String op = operator.endsWith("IfExists") ? operator.substring(0, operator.length() - 8) : operator;
            return switch (op) {
                case "StringEquals", "ArnEquals" -> values.contains(actual);
                case "StringNotEquals", "ArnNotEquals" -> !values.contains(actual);
                case "StringLike", "ArnLike" -> values.stream().anyMatch(v -> wildcard(v, actual));
                case "StringNotLike", "ArnNotLike" -> values.stream().noneMatch(v -> wildcard(v, actual));
                case "StringEqualsIgnoreCase" -> values.stream().anyMatch(v -> v.equalsIgnoreCase(actual));
                case "StringNotEqualsIgnoreCase" -> values.stream().noneMatch(v -> v.equalsIgnoreCase(actual));
                default -> null;
            };
        }
    }
}
