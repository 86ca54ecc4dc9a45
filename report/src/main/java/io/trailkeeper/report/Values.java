package io.trailkeeper.report;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** How values look as text, the same in every renderer: times in UTC ISO-8601, lists comma-separated. */
final class Values {
    private Values() {
    }

    static String text(Object v) {
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
