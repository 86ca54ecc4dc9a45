package io.trailkeeper.store.coverage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The successful EnableRegion and DisableRegion calls (AWS Account Management, account.amazonaws.com) the store holds,
 * by the region their request names (requestParameters.RegionName, or regionName: records of the Account Management
 * API are seen with either case), up to the window's end. A region a collector
 * found not enabled was on in the window when one of them says so: a DisableRegion inside the window (it was on
 * before), or an EnableRegion before the window's end (it was on after). Disabling a region removes all IAM access to
 * what is in it, its event history too, so what was recorded there while it was on cannot be read now: not "nothing
 * was recorded there". Calls of another account (requestParameters.AccountId) are left out.
 */
final class RegionSwitches {
    /** One call: when, which, by whom. */
    record Call(Instant time, String name, String principal) {
        @Override
        public String toString() {
            return name + " at " + time + " by " + principal;
        }
    }

    private static final String SQL = "SELECT event_time, event_name, coalesce(principal_arn, user_name,"
            + " identity_type, '?'), coalesce(record->>'$.requestParameters.RegionName',"
            + " record->>'$.requestParameters.regionName') AS region FROM (SELECT event_time,"
            + " event_name, principal_arn, user_name, identity_type, recipient_account_id, record_hash,"
            + " tk_json(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length))) AS record FROM events"
            + " WHERE event_source = 'account.amazonaws.com' AND event_name IN ('EnableRegion', 'DisableRegion')"
            + " AND error_code IS NULL AND event_time <= ?) WHERE coalesce(record->>'$.requestParameters.AccountId',"
            + " record->>'$.requestParameters.accountId', recipient_account_id, '') = coalesce(recipient_account_id, '')"
            + " ORDER BY event_time, event_name, record_hash";
    private static final Instant END_OF_TIME = Instant.parse("9999-12-31T23:59:59Z");

    /** Per region, the calls that tell it was on in the window, oldest first. */
    private final Map<String, List<Call>> onInWindow = new TreeMap<>();

    private RegionSwitches() {
    }

    static RegionSwitches read(PartDays.Rows rows, Instant since, Instant until) {
        RegionSwitches out = new RegionSwitches();
        Map<String, List<Call>> all = new TreeMap<>();
        rows.each(SQL, List.of(java.time.LocalDateTime.ofInstant(until == null ? END_OF_TIME : until,
                java.time.ZoneOffset.UTC)), r -> {
                    if (r.get(3) != null) {
                        all.computeIfAbsent((String) r.get(3), k -> new ArrayList<>())
                                .add(new Call((Instant) r.get(0), (String) r.get(1), (String) r.get(2)));
                    }
                });
        all.forEach((region, calls) -> {
            List<Call> told = new ArrayList<>();
            Call before = null;
            for (Call c : calls) {
                if (since != null && c.time().isBefore(since)) {
                    before = c;
                } else {
                    told.add(c);
                }
            }
            // the latest call before the window tells whether it was on when the window began
            if (before != null && before.name().equals("EnableRegion")) {
                told.add(0, before);
            }
            if (!told.isEmpty()) {
                out.onInWindow.put(region, told);
            }
        });
        return out;
    }

    /** The calls that tell the region was on in the window; empty when none does. */
    List<Call> of(String region) {
        return onInWindow.getOrDefault(region, List.of());
    }

    /**
     * The gap of a region a collector found not enabled (the entry) that these calls say was on in the window, or null
     * when none does: what was recorded there then cannot be read while it is off (disabling a region removes all IAM
     * access to it), so the absence of its events is no "nothing was recorded there".
     */
    CoverageGap gap(CollectorEntry e) {
        String region = e.region();
        if (region == null || of(region).isEmpty()) {
            return null;
        }
        String calls = String.join("; ", of(region).stream().map(Object::toString).toList());
        String run = e.command().isEmpty() ? "run " + e.runId() : e.command() + ", run " + e.runId();
        String brief = region + " is not enabled now (" + run + ") but was on in this window (" + calls + "): its"
                + " event history cannot be read";
        String fix = "enable the region again (`aws account enable-region --region-name " + region + "`), then"
                + " `trailkeeper collect lookup --regions " + region + "`; a trail's files in S3 hold what a"
                + " multi-region trail recorded there";
        return new CoverageGap(CoverageGap.Kind.COLLECTOR, List.of(region), List.of(), e.status().label(), brief,
                GapWriter.capital(brief) + ": what was recorded there while it was on cannot be seen, so the absence"
                        + " of its events proves nothing (disabling a region removes all access to what is in it); "
                        + fix + ".", fix);
    }
}
