package io.trailkeeper.report;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** How values look as text, the same in every renderer: times in UTC ISO-8601, lists comma-separated. */
public final class Values {
    private Values() {
    }

    /** The value as text: empty for null, an Instant as ISO-8601 UTC, a list comma-separated. */
    public static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Instant t) {
            return t.toString();
        }
        if (v instanceof List<?> list) {
            return list.stream().map(Values::text).collect(Collectors.joining(", "));
        }
        if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return v.toString();
    }
}
