package io.trailkeeper.detect;

import com.fasterxml.jackson.databind.JsonNode;
import io.trailkeeper.detect.Detection.Modifier;
import io.trailkeeper.detect.YamlDocument.YamlProblem;
import io.trailkeeper.events.EventTimes;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.Locale;

/**
 * Sigma 2.1.0's time modifiers ({@code eventTime|hour: 3}): a part of the field's time, read in UTC, equals the
 * value. The field holds ISO 8601 text as CloudTrail writes its times (an offset is honoured, a time without one is
 * UTC) or epoch seconds; anything else has no such part and matches nothing. The week is ISO 8601's (1 to 53,
 * Monday first), the day the day of the month.
 */
final class TimePart {
    private TimePart() {
    }

    /** The time part a field match takes, or null when it takes none. */
    static Modifier of(List<Modifier> mods) {
        return mods.stream().filter(Modifier::isTimePart).findFirst().orElse(null);
    }

    /** The part of the node's time, or -1 when the node holds no time. */
    static int of(JsonNode node, Modifier part) {
        if (!node.isTextual() && !node.isNumber()) {
            return -1;
        }
        Instant t = EventTimes.parse(node.asText());
        if (t == null) {
            return -1;
        }
        ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        return switch (part) {
            case MINUTE -> z.getMinute();
            case HOUR -> z.getHour();
            case DAY -> z.getDayOfMonth();
            case WEEK -> z.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case MONTH -> z.getMonthValue();
            case YEAR -> z.getYear();
            default -> throw new IllegalArgumentException(part + " is no time part");
        };
    }

    /** Rejects a value that is not a whole number the part can be, at load time, with the line. */
    static void check(String key, Modifier part, Object value, int line) {
        BigDecimal n = value instanceof Number ? new BigDecimal(String.valueOf(value)) : null;
        boolean whole = n != null && n.stripTrailingZeros().scale() <= 0;
        int[] range = switch (part) {
            case MINUTE -> new int[] {0, 59};
            case HOUR -> new int[] {0, 23};
            case DAY -> new int[] {1, 31};
            case WEEK -> new int[] {1, 53};
            case MONTH -> new int[] {1, 12};
            default -> new int[] {-999_999_999, 999_999_999};
        };
        if (!whole || n.compareTo(BigDecimal.valueOf(range[0])) < 0 || n.compareTo(BigDecimal.valueOf(range[1])) > 0) {
            String name = part.name().toLowerCase(Locale.ROOT);
            throw new YamlProblem(line, "'" + key + "' takes the " + name + " as a whole number"
                    + (part == Modifier.YEAR ? "" : " from " + range[0] + " to " + range[1]) + ", found '" + value + "'");
        }
    }
}
