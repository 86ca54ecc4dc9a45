package io.trailkeeper.store.investigate;

import io.trailkeeper.events.Table;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code regions}: activity per region and day, and the regions the account does not normally use: attackers
 * work where nobody looks.
 */
final class Regions implements Investigation {
    static final Duration BASELINE = Duration.ofDays(30);
    private static final List<String> UNUSUAL = List.of("region", "events", "share_pct", "events_30_days_before",
            "reason");

    @Override
    public void answer(Context c) {
        if (c.since() != null) {
            c.param("baseline_from", LocalDateTime.ofInstant(c.since().minus(BASELINE), ZoneOffset.UTC));
            c.param("baseline_to", LocalDateTime.ofInstant(c.since(), ZoneOffset.UTC));
        } else {
            c.param("baseline_from", Context.EARLIEST);
            c.param("baseline_to", Context.EARLIEST); // nothing before a window without a start
        }
        c.scope();
        Table byRegion = c.section("by_region");
        c.section("by_region_day");
        List<List<Object>> unusual = new ArrayList<>();
        long named = 0;
        long withoutRegion = 0;
        for (List<Object> row : byRegion.rows()) {
            Object region = row.get(Rows.column(byRegion, "region"));
            if (region == null) {
                // events whose record names no region: counted, not compared as a region of their own
                withoutRegion += StoryNotes.number(row.get(Rows.column(byRegion, "events")));
                continue;
            }
            named++;
            Object reason = row.get(Rows.column(byRegion, "unusual"));
            if (reason != null) {
                unusual.add(java.util.Arrays.asList(region, row.get(Rows.column(byRegion, "events")),
                        row.get(Rows.column(byRegion, "share_pct")),
                        row.get(Rows.column(byRegion, "events_30_days_before")), reason));
            }
        }
        c.put(new Table("unusual", UNUSUAL, unusual));
        if (byRegion.rows().isEmpty()) {
            c.note("the store holds no event " + c.window());
            return;
        }
        c.note("activity in " + Texts.count(named, "region", "regions") + " " + c.window() + (withoutRegion > 0
                ? ", and " + Texts.count(withoutRegion, "event", "events") + " whose record names no region" : ""));
        for (List<Object> row : unusual) {
            c.note(Texts.clean(row.get(0)) + " is unusual for this account: " + Texts.count(
                    StoryNotes.number(row.get(1)), "event", "events") + " (" + row.get(2) + "% of the window's); "
                    + row.get(4));
        }
        changedWhereNoneWere(c, byRegion);
        switched(c, byRegion);
        if (c.since() == null) {
            c.note("without --since there are no 30 days before the window to compare with: only the shares of the"
                    + " window's events and of its calls by principals other than AWS services mark a region unusual");
        } else if (byRegion.rows().get(0).get(Rows.column(byRegion, "events_30_days_before")) == null) {
            c.note("the store holds no events in the 30 days before " + c.since() + ": only the shares of the"
                    + " window's events and of its calls by principals other than AWS services mark a region unusual");
        }
    }

    /**
     * The opt-in regions enabled or disabled in the window (regions-switched.sql), each with who, from where and how
     * many of the window's events its region holds: in a root takeover drill, the region the intruder enabled was
     * "unusual for this account" and nothing said that the intruder had switched it on an hour after signing in.
     */
    private static void switched(Context c, Table byRegion) {
        Table t = c.query("regions-switched.sql", "regions switched");
        for (List<Object> row : t.rows()) {
            Object region = row.get(Rows.column(t, "region"));
            Object error = row.get(Rows.column(t, "error_code"));
            String call = Texts.clean(row.get(Rows.column(t, "call")));
            String who = " by " + Texts.clean(row.get(Rows.column(t, "principal"))) + " from "
                    + Texts.clean(row.get(Rows.column(t, "source_ip")));
            String name = region == null ? "a region its record does not name" : Texts.clean(region);
            c.note(error != null ? call + " of " + name + " was refused (" + Texts.clean(error) + ") at "
                    + row.get(Rows.column(t, "event_time")) + who
                    : name + " was " + ("EnableRegion".equals(call) ? "enabled" : "disabled") + " (" + call + ") at "
                    + row.get(Rows.column(t, "event_time")) + who + (region == null ? ""
                    : "; the window holds " + Texts.count(eventsIn(byRegion, region), "event", "events")
                    + " recorded there (query --region " + name + " lists them)"));
        }
        long total = t.rows().isEmpty() ? 0 : StoryNotes.number(t.rows().get(0).get(Rows.column(t, "total")));
        if (total > t.rows().size()) {
            c.note("and " + Texts.count(total - t.rows().size(), "more EnableRegion or DisableRegion call",
                    "more EnableRegion or DisableRegion calls") + " (query --event-name EnableRegion,DisableRegion"
                    + " lists them all)");
        }
    }

    /** The window's events recorded in {@code region}, as by_region counts them. */
    private static long eventsIn(Table byRegion, Object region) {
        return byRegion.rows().stream().filter(r -> region.equals(r.get(Rows.column(byRegion, "region"))))
                .mapToLong(r -> StoryNotes.number(r.get(Rows.column(byRegion, "events")))).sum();
    }

    /**
     * The regions where people (principals other than AWS services) changed something while they changed nothing
     * there in the 30 days before: where an intruder sets up (instances, key pairs, security groups). Told apart from
     * the unusual regions, which a scanner reading every region daily or one busy region make all of the others.
     */
    private static void changedWhereNoneWere(Context c, Table byRegion) {
        List<String> regions = new ArrayList<>();
        long total = 0;
        for (List<Object> row : byRegion.rows()) {
            long changes = StoryNotes.number(row.get(Rows.column(byRegion, "changes")));
            Object before = row.get(Rows.column(byRegion, "changes_30_days_before"));
            if (row.get(Rows.column(byRegion, "region")) != null && changes > 0 && before != null
                    && StoryNotes.number(before) == 0) {
                regions.add(Texts.clean(row.get(Rows.column(byRegion, "region"))) + " (" + changes + ")");
                total += changes;
            }
        }
        if (!regions.isEmpty()) {
            c.note("changes (calls not read-only, refused ones too) by principals other than AWS services were made in "
                    + Texts.count(regions.size(), "region", "regions") + " where they made none in the 30 days"
                    + " before: " + String.join(", ", regions) + "; " + Texts.count(total, "call", "calls")
                    + " in all: where an intruder sets up out of sight (investigate timeline and query --region"
                    + " REGION --write tell who and what)");
        }
    }
}
