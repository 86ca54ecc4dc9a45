package io.trailkeeper.store.coverage;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/** Consecutive UTC days, both ends inclusive: how gaps name days ({@code 2024-01-02..2024-02-10}). */
public record DayRange(LocalDate first, LocalDate last) {
    public DayRange {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("range ends before it starts: " + first + ".." + last);
        }
    }

    /** How many days. */
    public long days() {
        return ChronoUnit.DAYS.between(first, last) + 1;
    }

    /** {@code 2024-01-02..2024-02-10}, or one date for a single day. */
    @Override
    public String toString() {
        return first.equals(last) ? first.toString() : first + ".." + last;
    }

    /** The days as ranges, consecutive days merged, oldest first. */
    static List<DayRange> of(Collection<LocalDate> days) {
        List<DayRange> out = new ArrayList<>();
        LocalDate start = null;
        LocalDate end = null;
        for (LocalDate d : new TreeSet<>(days)) {
            if (end != null && d.equals(end.plusDays(1))) {
                end = d;
                continue;
            }
            if (start != null) {
                out.add(new DayRange(start, end));
            }
            start = d;
            end = d;
        }
        if (start != null) {
            out.add(new DayRange(start, end));
        }
        return out;
    }

    /** Ranges as text: at most {@code max} of them, then how many more ("and 12 more ranges, 45 days in all"). */
    static String list(List<DayRange> ranges, int max) {
        StringBuilder b = new StringBuilder();
        int shown = Math.min(max, ranges.size());
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                b.append(i == ranges.size() - 1 ? " and " : ", ");
            }
            b.append(ranges.get(i));
        }
        if (ranges.size() > shown) {
            long days = ranges.stream().mapToLong(DayRange::days).sum();
            int more = ranges.size() - shown;
            b.append(" and ").append(more).append(more == 1 ? " more range" : " more ranges").append(", ")
                    .append(days).append(" days in all");
        }
        return b.toString();
    }
}
