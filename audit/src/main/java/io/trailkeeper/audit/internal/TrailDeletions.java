package io.trailkeeper.audit.internal;

import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshot.TrailDeletion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The trails the event history shows deleted: where no trail is left, the one an intruder deleted is the first thing
 * a responder needs, with the bucket that may still hold its files, and DescribeTrails no longer names it.
 */
public final class TrailDeletions {
    private static final int TOLD = 3;

    private TrailDeletions() {
    }

    /**
     * "" when the snapshot holds no DeleteTrail and every region's DeleteTrail events were read; else a sentence
     * starting with "; ", newest deletion first, then the regions where they could not be read (a region whose whole
     * event history could not be read is told by the caller).
     */
    public static String describe(AccountSnapshot snapshot) {
        return deletions(snapshot) + unread(snapshot);
    }

    private static String unread(AccountSnapshot snapshot) {
        List<String> regions = snapshot.regions().stream()
                .filter(r -> r.enabled() && Inputs.error(r.errors(), Inputs.EVENT_HISTORY) == null)
                .filter(r -> Inputs.error(r.errors(), Inputs.TRAIL_DELETIONS) != null)
                .sorted(Comparator.comparing(AccountSnapshot.Region::name))
                .map(r -> r.name() + " (" + Inputs.error(r.errors(), Inputs.TRAIL_DELETIONS) + ")").toList();
        return regions.isEmpty() ? "" : "; whether a trail was deleted could not be read in "
                + String.join(", ", regions);
    }

    private static String deletions(AccountSnapshot snapshot) {
        List<TrailDeletion> all = snapshot.trailDeletions().stream()
                .sorted(Comparator.comparing(TrailDeletion::time, Comparator.nullsLast(Comparator.reverseOrder())))
                .toList();
        List<TrailDeletion> done = all.stream().filter(d -> d.errorCode() == null).toList();
        List<TrailDeletion> refused = all.stream().filter(d -> d.errorCode() != null).toList();
        if (all.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        done.stream().limit(TOLD).forEach(d -> parts.add(told(d)));
        String out = done.isEmpty() ? "" : "; the event history shows " + (done.size() == 1 ? "a trail" : done.size()
                + " trails") + " deleted: " + String.join("; ", parts) + (done.size() > TOLD ? "; and "
                + (done.size() - TOLD) + " more" : "") + ": a deleted trail's bucket keeps the files it delivered"
                + " (read them with `trailkeeper collect s3 --bucket BUCKET`; DeleteTrail does not name the bucket),"
                + " and `trailkeeper investigate who-deleted " + (done.get(0).trail() == null ? "TRAIL"
                : done.get(0).trail()) + "` tells its story once `trailkeeper collect lookup` has read the event"
                + " history";
        if (!refused.isEmpty()) {
            out += "; " + refused.size() + (refused.size() == 1 ? " DeleteTrail was" : " DeleteTrail calls were")
                    + " refused: " + String.join("; ", refused.stream().limit(TOLD).map(d -> told(d) + " ("
                    + d.errorCode() + ")").toList());
        }
        return out;
    }

    private static String told(TrailDeletion d) {
        return (d.trail() == null ? "a trail" : d.trail()) + " at " + d.time() + " in " + d.region()
                + (d.principal() == null ? "" : " by " + d.principal())
                + (d.accessKeyId() == null ? "" : " (key " + d.accessKeyId() + ")");
    }
}
