package io.trailkeeper.cli;

import java.util.List;
import java.util.Map;

/**
 * One question of {@code bench query}: the investigation that answers it from the store, the jq program that
 * answers it from the raw files (resource {@code bench-query/NAME.jq}), their arguments, and the latency target
 * beyond the 100x of every question.
 *
 * @param name        the investigation's name, and the jq program's
 * @param subject     the investigation's subject (RESOURCE, ACCESS_KEY_ID, ARN, BUCKET), or null
 * @param ip          the timeline's --ip filter, or null
 * @param jqArgs      the jq program's --arg values
 * @param underSecond whether this investigation must also answer in under a second
 */
record BenchQueryQuestion(String name, String subject, String ip, Map<String, String> jqArgs, boolean underSecond) {
    /** Every question, about the planted facts. */
    static List<BenchQueryQuestion> all() {
        return List.of(
                new BenchQueryQuestion("who-deleted", BenchQueryFacts.BUCKET, null,
                        Map.of("subject", BenchQueryFacts.BUCKET), true),
                new BenchQueryQuestion("key", BenchQueryFacts.LEAKED_KEY, null,
                        Map.of("key", BenchQueryFacts.LEAKED_KEY), true),
                new BenchQueryQuestion("logins", null, null, Map.of(), false),
                new BenchQueryQuestion("actor", BenchQueryFacts.ACTOR, null, Map.of("actor", BenchQueryFacts.ACTOR),
                        false),
                new BenchQueryQuestion("s3", BenchQueryFacts.DATA_BUCKET, null,
                        Map.of("bucket", BenchQueryFacts.DATA_BUCKET), false),
                new BenchQueryQuestion("regions", null, null, Map.of(), false),
                new BenchQueryQuestion("timeline", null, BenchQueryFacts.ATTACKER_IP,
                        Map.of("ip", BenchQueryFacts.ATTACKER_IP), false));
    }

    /** The questions named (all when none is), in their order; IllegalArgumentException for an unknown name. */
    static List<BenchQueryQuestion> select(List<String> only) {
        List<String> names = all().stream().map(BenchQueryQuestion::name).toList();
        for (String name : only) {
            if (!names.contains(name)) {
                throw new IllegalArgumentException("--only " + name + ": not an investigation of this benchmark; choose"
                        + " from " + String.join(", ", names));
            }
        }
        return all().stream().filter(q -> only.isEmpty() || only.contains(q.name())).toList();
    }

    /** As a user would type it after {@code trailkeeper investigate}. */
    String label() {
        StringBuilder b = new StringBuilder(name);
        if (subject != null) {
            b.append(' ').append(subject);
        }
        if (ip != null) {
            b.append(" --ip ").append(ip);
        }
        return b.toString();
    }
}
