package io.trailkeeper.store.investigate;

import io.trailkeeper.events.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * The S3 objects the subject and its sessions deleted or wrote with a key the caller provided (SSE-C), per bucket
 * (story-object-changes.sql): data events, which the created list leaves out. A stolen key's DeleteObjects on a backup
 * and its 180 objects copied onto themselves with SSE-C were nowhere in its story, though they were the damage.
 */
final class ObjectChanges {
    private static final int TOLD = 8;

    private ObjectChanges() {
    }

    static void tell(Context c, String who) {
        Table t = c.made("object_changes");
        List<String> parts = new ArrayList<>();
        long keyed = 0;
        for (List<Object> row : t.rows()) {
            String change = String.valueOf(row.get(Rows.column(t, "change")));
            long calls = StoryNotes.number(row.get(Rows.column(t, "calls")));
            if (change.equals("writes not read")) {
                c.note("whether the " + Texts.count(calls, "object write", "object writes") + " of " + who
                        + " in bucket " + Texts.clean(row.get(Rows.column(t, "bucket"))) + " used a key the caller"
                        + " provided (SSE-C) was not read: over the " + String.format(java.util.Locale.ROOT, "%,d",
                        BucketAccess.CUSTOMER_KEY_LIMIT) + " raw records this reads; narrow it with --since/--until");
                continue;
            }
            keyed += change.equals("written with SSE-C") ? calls : 0;
            parts.add("bucket " + Texts.clean(row.get(Rows.column(t, "bucket"))) + " in "
                    + Texts.clean(row.get(Rows.column(t, "region"))) + ": " + what(change, calls,
                    StoryNotes.number(row.get(Rows.column(t, "copied_onto_themselves")))) + ", "
                    + when(t, row) + " from " + Texts.clean(row.get(Rows.column(t, "ips"))));
        }
        if (parts.isEmpty()) {
            return;
        }
        String more = parts.size() > TOLD ? "; and " + Texts.count(parts.size() - TOLD, "more", "more")
                + " (see object_changes)" : "";
        c.note("S3 objects " + who + " changed (data events; the sessions it issued included): "
                + String.join("; ", parts.subList(0, Math.min(TOLD, parts.size()))) + more
                + (keyed == 0 ? "" : "; of the objects written with SSE-C: " + BucketAccess.CUSTOMER_KEY_MEANS)
                + " (investigate s3 BUCKET tells each call)");
    }

    private static String what(String change, long calls, long inPlace) {
        return switch (change) {
            case "deleted" -> Texts.count(calls, "object deleted", "objects deleted") + " (DeleteObject)";
            case "multi-object delete" -> Texts.count(calls, "multi-object delete", "multi-object deletes")
                    + " (DeleteObjects: up to 1,000 objects each; CloudTrail records the bucket, never the keys)";
            default -> Texts.count(calls, "object written", "objects written") + " with a key the caller provided"
                    + " (SSE-C)" + (inPlace == 0 ? "" : ", " + Texts.count(inPlace, "of them", "of them")
                    + " copied onto " + (inPlace == 1 ? "itself" : "themselves") + " (encrypted in place)");
        };
    }

    private static String when(Table t, List<Object> row) {
        return span(row.get(Rows.column(t, "first_call")), row.get(Rows.column(t, "last_call")));
    }

    /** "at A" when both are one time, else "A to B". */
    static String span(Object first, Object last) {
        return java.util.Objects.equals(first, last) ? "at " + first : first + " to " + last;
    }
}
