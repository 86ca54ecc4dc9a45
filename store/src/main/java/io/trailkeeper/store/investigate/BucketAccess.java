package io.trailkeeper.store.investigate;

import io.trailkeeper.events.Table;
import java.util.List;

/**
 * {@code s3 BUCKET}: who read, wrote and deleted the bucket's objects (S3 data events), from where, and how many
 * bytes; when the store holds no data events for it, says that whether objects were read cannot be told.
 */
final class BucketAccess implements Investigation {
    /** Bytes are summed from raw records only up to this many object calls. */
    static final long BYTES_LIMIT = 2_000;

    @Override
    public void answer(Context c) {
        ResourceName name = ResourceName.parse(c.args().subject());
        String bucket = name.bucket();
        c.param("bucket", bucket);
        c.param("bucket_arn", "arn:aws:s3:::" + bucket);
        c.param("bytes_limit", BYTES_LIMIT);
        if (bucket.contains("/")) {
            // not a bucket's name (an access point's ARN, say): the store's list of object calls is kept by bucket
            // name, so the events are tested as the user named it
            c.fragment("s3_calls", "s3-calls-scan.sql");
        }
        c.param("near_from", c.since() == null ? Context.EARLIEST
                : java.time.LocalDateTime.ofInstant(c.since(), java.time.ZoneOffset.UTC));
        c.param("near_to", c.args().until() == null ? Context.LATEST
                : java.time.LocalDateTime.ofInstant(c.args().until(), java.time.ZoneOffset.UTC));
        c.scope();
        Table operations = c.section("operations");
        Table principals = c.section("by_principal");
        c.section("by_ip");
        c.section("deletes");
        String b = Texts.clean(bucket);
        ResourceRegion.Guess lives = ResourceRegion.ofBucket(c);
        if (lives.known()) {
            c.region(lives.region()); // S3 records a bucket's object calls in its region: coverage of that one counts
        }
        if (operations.rows().isEmpty()) {
            boolean any = Boolean.TRUE.equals(c.query("s3-any-data.sql", "any").rows().get(0).get(0));
            c.note("the store holds no data events for bucket " + b + " " + c.window() + Logins.filtered(c)
                    + ": whether objects were read, written or deleted cannot be told; S3 data events (a trail's data"
                    + " event selector for arn:aws:s3:::" + b + "/) would have told it"
                    + (any ? "" : ". The store holds no S3 data events at all"));
            if (lives.known()) {
                c.note("bucket " + b + " lives in " + lives.region() + " (" + lives.basis() + "): S3 records its object"
                        + " calls there");
            }
        } else {
            tell(c, b, operations, principals);
        }
    }

    private static void tell(Context c, String bucket, Table operations, Table principals) {
        long reads = 0;
        long writes = 0;
        long deletes = 0;
        long bytesOut = 0;
        boolean bytes = false;
        for (List<Object> row : operations.rows()) {
            long n = StoryNotes.number(row.get(Rows.column(operations, "events")));
            switch (String.valueOf(row.get(Rows.column(operations, "kind")))) {
                case "read" -> reads += n;
                case "delete" -> deletes += n;
                default -> writes += n;
            }
            Object out = row.get(Rows.column(operations, "bytes_out"));
            if (out != null) {
                bytes = true;
                bytesOut += ((Number) out).longValue();
            }
        }
        long all = reads + writes + deletes;
        c.note(Texts.count(all, "object call", "object calls") + " on bucket " + bucket + " " + c.window()
                + Logins.filtered(c) + ": " + reads + " reads, " + writes + " writes, " + deletes + " deletes"
                + (bytes ? "; " + String.format(java.util.Locale.ROOT, "%,d", bytesOut)
                + " bytes read out (bytesTransferredOut)" : ""));
        if (!bytes && all > BYTES_LIMIT) {
            c.note("bytes were not summed: " + Texts.count(all, "object call matches", "object calls match")
                    + ", each a raw record to read, over the " + BYTES_LIMIT + " this reads; narrow it with"
                    + " --since/--until, --actor or --ip");
        }
        if (!principals.rows().isEmpty()) {
            List<Object> top = principals.rows().get(0);
            c.note("most calls by " + Texts.clean(top.get(Rows.column(principals, "principal"))) + ": "
                    + top.get(Rows.column(principals, "reads")) + " reads, " + top.get(Rows.column(principals, "writes"))
                    + " writes, " + top.get(Rows.column(principals, "deletes")) + " deletes"
                    + (top.get(Rows.column(principals, "bytes_out")) == null ? "" : ", "
                    + top.get(Rows.column(principals, "bytes_out")) + " bytes out") + ", from "
                    + Texts.clean(top.get(Rows.column(principals, "some_ips"))));
        }
    }
}
