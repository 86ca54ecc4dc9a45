package io.trailkeeper.detect;

import io.trailkeeper.events.CloudTrailEvent;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A Sigma correlation rule (Sigma specification v2): counts or orders matches of other rules within a
 * timespan, per group.
 *
 * @param rules     the rules correlated, by id or name
 * @param groupBy   field paths the matches are grouped by (all must be equal)
 * @param field     for value_count: the field whose distinct values are counted
 * @param condition the threshold: {@code gt}, {@code gte}, {@code lt}, {@code lte}, {@code eq} and its value;
 *                  for temporal and temporal_ordered, of the number of the rules matched (null: all of them)
 */
public record Correlation(Type type, List<String> rules, List<String> groupBy, Duration timespan, String field,
                          Threshold condition, boolean generate) {
    public Correlation {
        Objects.requireNonNull(type, "type");
        rules = List.copyOf(rules);
        groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
        Objects.requireNonNull(timespan, "timespan");
        if (condition == null && (type == Type.TEMPORAL || type == Type.TEMPORAL_ORDERED)) {
            condition = new Threshold("gte", rules.size());
        }
    }

    public enum Type { EVENT_COUNT, VALUE_COUNT, TEMPORAL, TEMPORAL_ORDERED }

    /** Whether this correlation reads the rule: its {@code rules} name it by id or by name. */
    public boolean reads(SigmaRule rule) {
        return rules.contains(rule.id()) || rule.name() != null && rules.contains(rule.name());
    }

    /**
     * For a value_count correlation, the value of its counted field in an event as the reader's typed fields hold it
     * (a match keeps summaries of its events, not their records); null for another type, a field not among the
     * typed ones, or no value.
     */
    public String countedValue(CloudTrailEvent event) {
        return type != Type.VALUE_COUNT || field == null ? null : EventView.typed(event, field);
    }

    /** A comparison against a count. */
    public record Threshold(String operator, long value) {
        public boolean test(long count) {
            return switch (operator) {
                case "gt" -> count > value;
                case "gte" -> count >= value;
                case "lt" -> count < value;
                case "lte" -> count <= value;
                case "eq" -> count == value;
                default -> throw new IllegalStateException("unknown operator " + operator);
            };
        }
    }
}
