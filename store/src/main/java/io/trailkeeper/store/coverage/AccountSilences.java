package io.trailkeeper.store.coverage;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An account whose trail files stop for hours while the other accounts' files of the same store go on: an organization
 * trail delivers each account's files to its own folder, so one account's logging stopped (or its files deleted) from
 * the middle of one day to the middle of the next leaves both days held by its files of before and after, and {@link
 * AccountDays} (a region-day with no file of the account) sees nothing. Told from the delivery times in the names of
 * the files read ({@code ACCOUNT_CloudTrail_REGION_YYYYMMDDTHHMMZ_...}), over all of an account's regions: a silence
 * between two of its deliveries (or after its last one, while others deliver on) of at least {@link #LEAST}, during
 * which other accounts delivered files in at least {@link #OTHERS_HOURS} distinct hours, and more than twice the
 * account's longest other silence of the window and the week around it (an account quiet every night is not silent
 * for that); an account that delivered in fewer than {@link #LEAST_HOURS} distinct hours of that time is too quiet to
 * judge.
 */
final class AccountSilences {
    static final Duration LEAST = Duration.ofHours(6);
    static final int OTHERS_HOURS = 3;
    /** An account that delivered in fewer distinct hours of the window and the week around it is too quiet to judge. */
    static final int LEAST_HOURS = 24;
    private static final String FILES = """
            -- per account and hour, its first and last delivery: a silence of hours runs from one hour's last to a
            -- later hour's first, and the rows are a few per account and hour, not one per file
            SELECT account, CAST(min(delivered) AS VARCHAR), CAST(max(delivered) AS VARCHAR),
                   string_agg(DISTINCT region, ',')
            FROM tk_trail_files
            WHERE delivered >= CAST(? AS TIMESTAMP) AND delivered < CAST(? AS TIMESTAMP)
            GROUP BY account, date_trunc('hour', delivered)""";

    private AccountSilences() {
    }

    /** One account's silence: its last delivery before, and its next one (null: none yet, others deliver on). */
    record Silence(String account, Instant stopped, Instant resumed, Instant othersLast, Duration usual,
                   int othersHours, Set<String> regions) {
        Duration length() {
            return Duration.between(stopped, resumed != null ? resumed : othersLast);
        }
    }

    /**
     * The silences overlapping [from, to) of accounts with files in one of {@code regions} (empty: any), judged over
     * the delivery times of the window and the week around it.
     */
    static List<Silence> find(TrailFileNames names, Instant from, Instant to, Set<String> regions) {
        Map<String, TreeSet<Instant>> byAccount = new HashMap<>();
        Map<String, Set<String>> regionsOf = new HashMap<>();
        Map<String, Integer> hours = new HashMap<>();
        Instant nearFrom = from.minus(Duration.ofDays(7));
        Instant nearTo = to.plus(Duration.ofDays(7));
        names.rows(FILES, List.of(stamp(nearFrom), stamp(nearTo)), r -> {
            String account = (String) r.get(0);
            hours.merge(account, 1, Integer::sum);
            TreeSet<Instant> times = byAccount.computeIfAbsent(account, k -> new TreeSet<>());
            times.add(instant(r.get(1)));
            times.add(instant(r.get(2)));
            regionsOf.computeIfAbsent(account, k -> new TreeSet<>()).addAll(List.of(((String) r.get(3)).split(",")));
        });
        if (byAccount.size() < 2) {
            return List.of(); // no other account to tell a silence from a quiet store
        }
        List<Silence> out = new ArrayList<>();
        byAccount.forEach((account, times) -> {
            if (hours.get(account) >= LEAST_HOURS
                    && (regions.isEmpty() || regionsOf.get(account).stream().anyMatch(regions::contains))) {
                silences(account, times, byAccount, regionsOf.get(account)).stream()
                        .filter(s -> s.stopped.isBefore(to) && (s.resumed == null || s.resumed.isAfter(from)))
                        .forEach(out::add);
            }
        });
        out.sort(java.util.Comparator.comparing(Silence::stopped).thenComparing(Silence::account));
        return out;
    }

    private static List<Silence> silences(String account, TreeSet<Instant> times, Map<String, TreeSet<Instant>> all,
                                          Set<String> regions) {
        Instant othersLast = all.entrySet().stream().filter(e -> !e.getKey().equals(account))
                .map(e -> e.getValue().last()).max(Instant::compareTo).orElseThrow();
        List<Instant[]> quiet = new ArrayList<>(); // [stopped, resumed or null]
        Instant before = null;
        for (Instant t : times) {
            if (before != null) {
                quiet.add(new Instant[] {before, t});
            }
            before = t;
        }
        if (othersLast.isAfter(times.last())) {
            quiet.add(new Instant[] {times.last(), null});
        }
        List<Silence> out = new ArrayList<>();
        for (Instant[] q : quiet) {
            Instant end = q[1] != null ? q[1] : othersLast;
            Duration length = Duration.between(q[0], end);
            if (length.compareTo(LEAST) < 0) {
                continue;
            }
            Duration usual = quiet.stream().filter(o -> o != q && o[1] != null)
                    .map(o -> Duration.between(o[0], o[1])).max(Duration::compareTo).orElse(Duration.ZERO);
            int othersHours = othersHours(account, all, q[0], end);
            if (length.compareTo(usual.multipliedBy(2)) > 0 && othersHours >= OTHERS_HOURS) {
                out.add(new Silence(account, q[0], q[1], othersLast, usual, othersHours, regions));
            }
        }
        return out;
    }

    /** The distinct hours in (from, to) in which another account delivered a file. */
    private static int othersHours(String account, Map<String, TreeSet<Instant>> all, Instant from, Instant to) {
        Set<Long> hours = new TreeSet<>();
        all.forEach((other, times) -> {
            if (!other.equals(account)) {
                times.subSet(from, false, to, false).forEach(t -> hours.add(t.getEpochSecond() / 3600));
            }
        });
        return hours.size();
    }

    /** The gap these silences make, or empty when there is none. */
    static Optional<CoverageGap> gap(List<Silence> silences) {
        if (silences.isEmpty()) {
            return Optional.empty();
        }
        Set<String> regions = new TreeSet<>();
        TreeSet<LocalDate> days = new TreeSet<>();
        List<String> named = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        for (Silence s : silences) {
            regions.addAll(s.regions());
            Instant end = s.resumed() != null ? s.resumed() : s.othersLast();
            for (LocalDate d = day(s.stopped()); !d.isAfter(day(end)); d = d.plusDays(1)) {
                days.add(d);
            }
            named.add("account " + s.account() + " from " + s.stopped() + (s.resumed() != null ? " to "
                    + s.resumed() : " on (other accounts' files go on to " + s.othersLast() + ")") + " ("
                    + hours(s.length()) + ")");
            fixes.add("trailkeeper collect s3 --bucket BUCKET --accounts " + s.account() + " --since "
                    + day(s.stopped()) + " --until " + day(end));
        }
        String which = String.join("; ", named);
        Silence first = silences.get(0);
        String brief = "no trail file delivered for " + which + ", in any of its regions, while other accounts' files"
                + " were";
        String sentence = "The store holds no trail file delivered for " + which + ", in any of its regions ("
                + String.join(", ", first.regions()) + (silences.size() > 1 ? ", ..." : "") + "), while other"
                + " accounts' files were delivered in " + first.othersHours() + " distinct hours of that time; its"
                + " longest other silence around it was " + hours(first.usual()) + ": either it made no call CloudTrail"
                + " records in that time, unlike its usual, or its logging was stopped (a StopLogging, event selectors,"
                + " a trail deleted) or its files were not read or are gone, and its events of that time are in no"
                + " answer, though each day looks held by its files of before and after;"
                + " `" + fixes.get(0) + "`" + (fixes.size() > 1 ? " (and so on for each)" : "") + ", or `trailkeeper"
                + " collect lookup` with that account's credentials for its event history of the time.";
        return Optional.of(new CoverageGap(CoverageGap.Kind.ACCOUNT_SILENT, List.copyOf(regions),
                DayRange.of(days), "", brief, sentence, fixes.get(0)));
    }

    private static String hours(Duration d) {
        long minutes = d.toMinutes();
        return minutes % 60 == 0 ? minutes / 60 + (minutes == 60 ? " hour" : " hours")
                : String.format(java.util.Locale.ROOT, "%.1f hours", minutes / 60.0);
    }

    private static Instant instant(Object timestamp) {
        return Instant.parse(((String) timestamp).replace(' ', 'T') + "Z");
    }

    private static LocalDate day(Instant t) {
        return t.atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static String stamp(Instant t) {
        return t.toString().replace('T', ' ').replace("Z", "");
    }
}
