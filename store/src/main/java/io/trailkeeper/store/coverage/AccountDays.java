package io.trailkeeper.store.coverage;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An account's trail files of a region and day that the store lacks while it holds other accounts' files of the same
 * region and day: an organization trail (or several accounts' trails in one bucket) delivers each account's files to
 * its own folder, {@code AWSLogs/[o-xxxx/]ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/}, so one account's folder not synced,
 * not collected or deleted leaves its region-day out while the region-day looks held by the others. Told from the
 * names of the files read (source files, S3 objects, files with problems): {@code ACCOUNT_CloudTrail_REGION_
 * YYYYMMDDTHHMMZ_...}, by the day CloudTrail delivered them, for an account with files of that region on another day of
 * the window or of the week before or after it (an account that uses the region). Either the account made no call
 * recorded there that day, or its files are missing: which one only its folder can say.
 */
final class AccountDays {
    private static final String MISSING = """
            WITH files AS (
                SELECT DISTINCT account, region, CAST(delivered AS DATE) AS day FROM tk_trail_files
            ), near AS (
                SELECT * FROM files WHERE day >= CAST(? AS DATE) - 7 AND day <= CAST(? AS DATE) + 7
            ), win AS (
                SELECT * FROM near WHERE day >= CAST(? AS DATE) AND day <= CAST(? AS DATE)
            )
            SELECT a.account, d.region, CAST(d.day AS VARCHAR)
            FROM (SELECT DISTINCT account, region FROM near) a
            JOIN (SELECT DISTINCT region, day FROM win) d ON d.region = a.region
            WHERE NOT EXISTS (SELECT 1 FROM win w WHERE w.account = a.account AND w.region = d.region AND w.day = d.day)
            ORDER BY 1, 2, 3""";
    private static final int NAMED = 3;

    private AccountDays() {
    }

    /**
     * The accounts whose files of a region and day are missing, of the window's days {@code map} looks at, in its
     * regions: account -> region -> days (empty when none).
     */
    record Missing(Map<String, Map<String, TreeSet<LocalDate>>> byAccount) {
        static final Missing NONE = new Missing(Map.of());

        /** The gap these days make, or empty when no account's day is missing. */
        Optional<CoverageGap> gap() {
            return byAccount.isEmpty() ? Optional.empty() : Optional.of(AccountDays.gap(byAccount));
        }

        /** The accounts whose files of the region and day are missing, in order; empty when none. */
        List<String> accounts(String region, LocalDate day) {
            List<String> out = new ArrayList<>();
            byAccount.forEach((account, byRegion) -> {
                if (byRegion.getOrDefault(region, new TreeSet<>()).contains(day)) {
                    out.add(account);
                }
            });
            return out;
        }
    }

    /**
     * The accounts' missing region-days of the window's days {@code map} looks at, in its regions.
     *
     * @param names the answer's trail file names, parsed
     */
    static Missing find(TrailFileNames names, CoverageMap map) {
        if (map.firstDay == null) {
            return Missing.NONE;
        }
        Map<String, Map<String, TreeSet<LocalDate>>> missing = new TreeMap<>(); // account -> region -> days
        String first = map.firstDay.toString();
        String last = map.lastDay.toString();
        names.rows(MISSING, List.of(first, last, first, last), r -> {
            String region = (String) r.get(1);
            if (map.regions.contains(region)) {
                missing.computeIfAbsent((String) r.get(0), k -> new TreeMap<>()).computeIfAbsent(region,
                        k -> new TreeSet<>()).add(LocalDate.parse((String) r.get(2)));
            }
        });
        return missing.isEmpty() ? Missing.NONE : new Missing(missing);
    }

    private static CoverageGap gap(Map<String, Map<String, TreeSet<LocalDate>>> missing) {
        Set<String> regions = new TreeSet<>();
        TreeSet<LocalDate> days = new TreeSet<>();
        List<String> named = new ArrayList<>();
        missing.forEach((account, byRegion) -> byRegion.forEach((region, d) -> {
            regions.add(region);
            days.addAll(d);
            named.add("account " + account + " in " + region + " on " + DayRange.list(DayRange.of(d), NAMED));
        }));
        String which = String.join("; ", named.subList(0, Math.min(NAMED, named.size())))
                + (named.size() > NAMED ? "; and " + (named.size() - NAMED) + " more" : "");
        List<DayRange> ranges = DayRange.of(days);
        String fix = "trailkeeper collect s3 --bucket BUCKET --accounts " + String.join(",", missing.keySet())
                + " --regions " + String.join(",", regions) + " --since " + days.first() + " --until " + days.last();
        String brief = "no trail files of " + which + ", though other accounts' files of the same region and day"
                + " were read";
        String sentence = "The store holds no trail file of " + which + ", though it holds other accounts' files of"
                + " the same region and day (an organization trail delivers each account's files to its own folder,"
                + " AWSLogs/[o-xxxx/]ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/): either the account made no call recorded"
                + " there that day, or its folder was not read or its files are gone, and its events are in no"
                + " answer; `" + fix + "`, or `trailkeeper ingest` those folders.";
        return new CoverageGap(CoverageGap.Kind.ACCOUNT_FILES, List.copyOf(regions), ranges, "", brief, sentence, fix);
    }
}
