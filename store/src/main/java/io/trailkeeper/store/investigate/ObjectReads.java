package io.trailkeeper.store.investigate;

import io.trailkeeper.events.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * The S3 objects the subject and its sessions read, per bucket, with the bytes carried out (story-object-reads.sql),
 * and the buckets it called whose object calls the store holds no data event of: in a data theft drill the new user's
 * key read 2,400 objects (3.1 GB) of one bucket and looked at another whose data events were not logged, and its
 * story told neither (the calls table counted 2,403 GetObject among its calls, with no bucket and no bytes).
 */
final class ObjectReads {
    private static final int TOLD = 5;

    private ObjectReads() {
    }

    static void tell(Context c, String who) {
        Table t = c.made("object_reads");
        List<String> read = new ArrayList<>();
        List<String> unseen = new ArrayList<>();
        for (List<Object> row : t.rows()) {
            long objects = StoryNotes.number(cell(t, row, "objects_read"));
            long refused = StoryNotes.number(cell(t, row, "refused_reads"));
            if (objects + refused > 0) {
                read.add(reads(t, row, objects, refused));
            }
            if (!Boolean.TRUE.equals(cell(t, row, "data_events_logged"))) {
                unseen.add(unseen(t, row, who));
            }
        }
        if (!read.isEmpty()) {
            String more = read.size() > TOLD ? "; and " + Texts.count(read.size() - TOLD, "more bucket", "more buckets")
                    + " (see object_reads)" : "";
            c.note("S3 objects " + who + " read (data events; the sessions it issued included): "
                    + String.join("; ", read.subList(0, Math.min(TOLD, read.size()))) + more
                    + " (investigate s3 BUCKET tells each call)");
        }
        unseen.forEach(c::note);
    }

    /** "bucket B in us-east-1: 2,400 objects read (GetObject), 3,118,691,955 bytes out, A to B from IP; 3 refused". */
    private static String reads(Table t, List<Object> row, long objects, long refused) {
        Object bytes = row.get(Rows.column(t, "bytes_out"));
        String out = objects == 0 ? "" : bytes instanceof Number n
                ? ", " + String.format(java.util.Locale.ROOT, "%,d", n.longValue()) + " bytes out (bytesTransferredOut)"
                : Boolean.TRUE.equals(cell(t, row, "bytes_read")) ? ", " + DataReads.BYTES_NOT_RECORDED
                : ", bytes not summed (over the " + String.format(java.util.Locale.ROOT, "%,d", BucketAccess.BYTES_LIMIT)
                        + " raw records this reads; investigate s3 with --since/--until)";
        String when = objects == 0 ? "" : ", " + ObjectChanges.span(cell(t, row, "first_read"), cell(t, row,
                "last_read"));
        return "bucket " + Texts.clean(cell(t, row, "bucket")) + " in " + KeysMade.list(cell(t, row, "regions")) + ": "
                + Texts.count(objects, "object read", "objects read") + " (GetObject)" + out + when + " from "
                + KeysMade.list(cell(t, row, "ips")) + (refused == 0 ? "" : "; " + Texts.count(refused, "read", "reads")
                + " refused");
    }

    /** A bucket the subject called whose object calls the store holds no data event of: what it read cannot be told. */
    private static String unseen(Table t, List<Object> row, String who) {
        String bucket = Texts.clean(cell(t, row, "bucket"));
        long calls = StoryNotes.number(cell(t, row, "bucket_calls"));
        return who + " made " + Texts.count(calls, "call", "calls") + " on bucket " + bucket + " ("
                + KeysMade.list(cell(t, row, "bucket_call_names")) + ", " + ObjectChanges.span(cell(t, row,
                "first_call"), cell(t, row, "last_call")) + ", from " + KeysMade.list(cell(t, row, "ips"))
                + "), but the store holds no S3 data event of that bucket at all: whether objects were listed, read,"
                + " written or deleted there cannot be told, not that none were (a trail's data event selector for arn:aws:s3:::"
                + bucket + "/ would have told it; S3 server access logs, if the bucket has them, tell it)";
    }

    private static Object cell(Table t, List<Object> row, String column) {
        return row.get(Rows.column(t, column));
    }
}
