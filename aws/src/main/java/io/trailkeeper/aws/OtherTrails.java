package io.trailkeeper.aws;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The trails beside the one {@code collect auto} picks whose files hold what the picked one's do not, so that
 * they are collected too: management events where it records none, data events it does not select (a single-region trail of S3 object events beside a
 * multi-region one of management events), selectors that could not be read, or regions it does not record (a
 * stopped multi-region trail beside a logging single-region one holds the other regions until its stop). A
 * trail delivering to the same bucket and prefix is read with it. Pure.
 */
final class OtherTrails {
    private OtherTrails() {
    }

    /** The trails to collect besides {@code best}, and a note for every other trail found. */
    record Choice(List<TrailInfo> collected, List<String> notes) {
    }

    static Choice choose(TrailInfo best, List<TrailInfo> usable, List<RegionInfo> regions) {
        List<TrailInfo> collected = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Set<String> folders = new LinkedHashSet<>();
        folders.add(folder(best));
        for (TrailInfo other : usable) {
            if (other == best) {
                continue;
            }
            List<String> holds = holds(best, other, regions);
            if (folders.contains(folder(other))) {
                notes.add("also found trail " + other.name() + ", delivering to the same place (s3://" + folder(other)
                        + "): its files are collected with the picked trail's");
            } else if (holds.isEmpty()) {
                notes.add("also found trail " + other.name() + " (s3://" + other.bucket() + "), not collected: it"
                        + " records nothing the picked trail does not; use collect s3 --bucket " + other.bucket()
                        + " for it");
            } else {
                folders.add(folder(other));
                collected.add(other);
                notes.add("also collecting trail " + other.name() + " from s3://" + folder(other) + ": it records "
                        + String.join("; ", holds));
            }
        }
        return new Choice(collected, notes);
    }

    /** What {@code other}'s files hold that {@code best}'s do not, in words; empty when nothing. */
    private static List<String> holds(TrailInfo best, TrailInfo other, List<RegionInfo> regions) {
        List<String> out = new ArrayList<>();
        if (other.managementEvents() && !best.managementEvents()) {
            // the event history has only 90 days of them; the other trail's files may have years
            out.add("management events, which the picked trail does not");
        }
        if (other.managementEvents() && best.managementEvents() && !best.managementLeftOut().isEmpty()
                && other.managementLeftOut().isEmpty()) {
            out.add("management events the picked trail leaves out (" + String.join("; ", best.managementLeftOut())
                    + ")");
        }
        List<String> data = other.dataEvents().stream().filter(d -> !best.dataEvents().contains(d)).toList();
        if (!data.isEmpty()) {
            out.add("data events the picked trail does not select (" + String.join("; ", data) + ")");
        }
        if (other.statusError() != null && other.statusError().contains("GetEventSelectors")) {
            out.add("data events perhaps (its event selectors could not be read)");
        }
        List<String> regionsOnly = regions.stream().filter(RegionInfo::enabled).map(RegionInfo::name)
                .filter(r -> other.covers(r) && !best.covers(r)).toList();
        if (!regionsOnly.isEmpty() && other.managementEvents()) {
            out.add("regions the picked trail does not (" + String.join(", ", regionsOnly) + ")"
                    + (other.logging() ? "" : " until it stopped"));
        }
        return out;
    }

    /** Data events other collected trails select that {@code best} does not, in words. */
    static List<String> dataEventsElsewhere(TrailInfo best, List<TrailInfo> collected) {
        List<String> out = new ArrayList<>();
        for (TrailInfo t : collected) {
            t.dataEvents().stream().filter(d -> !best.dataEvents().contains(d))
                    .forEach(d -> out.add(d + " (trail " + t.name() + ")"));
        }
        return out;
    }

    private static String folder(TrailInfo t) {
        return t.bucket() + (t.keyPrefix().isEmpty() ? "" : "/" + t.keyPrefix());
    }
}
