package io.trailkeeper.store;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The retention policy {@link Prune} applies: days kept in the store, days kept at all (store and lake), and the
 * holds: evidence kept past the total retention (a case's imported logs, a legal hold) whatever its age.
 */
public record RetentionPolicy(int hotDays, int totalDays, List<RetentionPolicy.Hold> holds) {
    /** The most days a policy counts (about 2,700 years): "for ever" in practice, and still a date prune can compute. */
    public static final int MAXIMUM_DAYS = 1_000_000;

    public RetentionPolicy {
        if (totalDays > MAXIMUM_DAYS) {
            throw new IllegalArgumentException("retention: total_days is " + totalDays + ", more than " + MAXIMUM_DAYS
                    + " (about 2,700 years, which keeps everything)");
        }
        if (hotDays < 1 || totalDays < hotDays) {
            throw new IllegalArgumentException("retention: hot_days must be 1 or more and total_days at least"
                    + " hot_days (hot_days " + hotDays + ", total_days " + totalDays + ")");
        }
        holds = List.copyOf(holds);
    }

    public RetentionPolicy(int hotDays, int totalDays) {
        this(hotDays, totalDays, List.of());
    }

    /** The first hold that covers this partition, or null. */
    Hold holding(String account, LocalDate day) {
        return holds.stream().filter(h -> h.covers(account, day)).findFirst().orElse(null);
    }

    /**
     * A hold: the UTC days from {@code since} to {@code until} (inclusive; null for no end), of these accounts
     * (empty for all), are never deleted by total retention. They still move from the store to the lake.
     */
    public record Hold(String name, LocalDate since, LocalDate until, Set<String> accounts) {
        public Hold {
            if (name == null || name.isBlank() || since == null) {
                throw new IllegalArgumentException("a hold needs a name and a first day (since)");
            }
            if (until != null && until.isBefore(since)) {
                throw new IllegalArgumentException("hold " + name + " ends (" + until + ") before it starts ("
                        + since + ")");
            }
            accounts = Set.copyOf(accounts);
        }

        boolean covers(String account, LocalDate day) {
            return !day.isBefore(since) && (until == null || !day.isAfter(until))
                    && (accounts.isEmpty() || accounts.contains(account));
        }

        String describe() {
            return name + " (" + since + ".." + (until == null ? "" : until) + (accounts.isEmpty() ? ""
                    : ", accounts " + String.join(", ", new TreeSet<>(accounts))) + ")";
        }
    }
}
