package io.trailkeeper.store.investigate;

import io.trailkeeper.events.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code s3 BUCKET}: who read, wrote and deleted the bucket's objects (S3 data events), from where, and how many
 * bytes; when the store holds no data events for it, says that whether objects were read cannot be told. The calls
 * through VPC endpoints that network activity events record are told apart ({@link VpcEndpointCalls}).
 */
final class BucketAccess implements Investigation {
    /**
     * Bytes are summed from raw records only up to this many object calls (read in raw chunk order: each chunk is
     * decompressed once, so the cost is bounded by the chunks they lie in). At 2,000 a drill's theft of 2,400
     * objects got no byte count, in s3 or in the thief's story.
     */
    static final long BYTES_LIMIT = 50_000;
    /** The endpoints of network activity events are read from raw records only for this many, the oldest. */
    static final long ENDPOINTS_LIMIT = 2_000;
    /** Object writes are read for a customer-provided key (SSE-C) only up to this many. */
    static final long CUSTOMER_KEY_LIMIT = 20_000;
    /** What objects written with a customer-provided key (SSE-C) mean, after the sentence that counts them. */
    static final String CUSTOMER_KEY_MEANS = "AWS keeps no copy of such a key, so they cannot be read without it (S3"
            + " ransomware encrypts a bucket so); the versions before them are the way back, if versioning kept them";
    /** The calls that can write an object under a customer-provided key. */
    private static final List<String> KEYED_WRITES = List.of("PutObject", "CopyObject", "CreateMultipartUpload");
    /** The kinds of object call, as s3-scope.sql names them, and what each does to an object. */
    private static final List<String> KINDS = List.of("read", "write", "delete");
    private static final Map<String, String> PAST = Map.of("read", "read", "write", "written", "delete", "deleted");

    @Override
    public void answer(Context c) {
        ResourceName name = ResourceName.parse(c.args().subject());
        String bucket = name.bucket();
        c.param("bucket", bucket);
        c.param("bucket_arn", "arn:aws:s3:::" + bucket);
        c.param("bytes_limit", BYTES_LIMIT);
        c.param("endpoints_limit", ENDPOINTS_LIMIT);
        c.param("key_limit", CUSTOMER_KEY_LIMIT);
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
        VpcEndpointCalls endpoints = VpcEndpointCalls.answer(c);
        String b = Texts.clean(bucket);
        ResourceRegion.Guess lives = ResourceRegion.ofBucket(c);
        if (lives.known()) {
            c.region(lives.region()); // S3 records a bucket's object calls in its region: coverage of that one counts
        }
        if (operations.rows().isEmpty()) {
            boolean any = Boolean.TRUE.equals(c.query("s3-any-data.sql", "any").rows().get(0).get(0));
            c.note(noDataEvents(c, b, "read, written or deleted" + (endpoints.any() ? " other than through the"
                    + " VPC endpoints below" : "")) + (any ? "" : ". The store holds no S3 data events at all"));
            if (lives.known()) {
                c.note("bucket " + b + " lives in " + lives.region() + " (" + lives.basis() + "): S3 records its object"
                        + " calls there");
            }
            bucketCalls(c, b);
        } else {
            tell(c, b, operations, principals);
        }
        endpoints.tell(c, b, !operations.rows().isEmpty());
    }

    /**
     * Where the bucket's object calls are not logged, the calls on the bucket itself are the only trace of whoever may
     * have read its objects: in a data theft drill the thief's GetBucketLocation, GetBucketPolicy and GetBucketAcl on
     * the unlogged bucket were in no answer of s3.
     */
    private static void bucketCalls(Context c, String bucket) {
        Table calls = c.query("s3-bucket-calls.sql", "bucket_calls");
        if (calls.rows().isEmpty()) {
            return;
        }
        List<String> who = new ArrayList<>();
        for (List<Object> row : calls.rows().subList(0, Math.min(3, calls.rows().size()))) {
            who.add(Texts.clean(row.get(Rows.column(calls, "principal"))) + ": " + Texts.count(StoryNotes.number(
                    row.get(Rows.column(calls, "calls"))), "call", "calls") + " (" + KeysMade.list(row.get(Rows.column(
                    calls, "call_names"))) + ") from " + KeysMade.list(row.get(Rows.column(calls, "ips"))) + ", "
                    + ObjectChanges.span(row.get(Rows.column(calls, "first_call")), row.get(Rows.column(calls,
                    "last_call"))));
        }
        int more = calls.rows().size() - who.size();
        c.note("calls on bucket " + bucket + " itself (management events, the only trace of who may have read its"
                + " objects unseen) " + c.window() + Logins.filtered(c) + ": " + String.join("; ", who)
                + (more > 0 ? "; and " + Texts.count(more, "principal", "principals") + " more (query --resource "
                + bucket + " lists every call)" : ""));
    }

    private static void tell(Context c, String bucket, Table operations, Table principals) {
        Map<String, Long> done = new LinkedHashMap<>();
        Map<String, Long> failed = new LinkedHashMap<>();
        for (String kind : KINDS) {
            done.put(kind, 0L);
            failed.put(kind, 0L);
        }
        long bytesOut = 0;
        boolean bytes = false;
        for (List<Object> row : operations.rows()) {
            long n = StoryNotes.number(row.get(Rows.column(operations, "events")));
            long errors = StoryNotes.number(row.get(Rows.column(operations, "errors")));
            String kind = String.valueOf(row.get(Rows.column(operations, "kind")));
            done.merge(kind, n - errors, Long::sum);
            failed.merge(kind, errors, Long::sum);
            Object out = row.get(Rows.column(operations, "bytes_out"));
            if (out != null) {
                bytes = true;
                bytesOut += ((Number) out).longValue();
            }
        }
        long all = done.values().stream().mapToLong(Long::longValue).sum()
                + failed.values().stream().mapToLong(Long::longValue).sum();
        // a call with an errorCode (AccessDenied) moved nothing: counting it as a read would claim a read that
        // never happened
        c.note(Texts.count(all, "object call", "object calls") + " on bucket " + bucket + " " + c.window()
                + Logins.filtered(c) + ": " + Texts.number(done.get("read")) + " reads, "
                + Texts.number(done.get("write")) + " writes, " + Texts.number(done.get("delete")) + " deletes"
                + (failed.values().stream().anyMatch(n -> n > 0)
                ? " that succeeded" : "")
                + (bytes ? "; " + String.format(java.util.Locale.ROOT, "%,d", bytesOut)
                + " bytes read out (bytesTransferredOut)" : ""));
        failures(c, done, failed);
        unlogged(c, bucket, done, failed);
        unrecordedDeletes(c, bucket, operations);
        customerKeys(c, bucket, operations);
        if (!bytes && all > BYTES_LIMIT) {
            c.note("bytes were not summed: " + Texts.count(all, "object call matches", "object calls match")
                    + ", each a raw record to read, over the " + Texts.number(BYTES_LIMIT) + " this reads; narrow it"
                    + " with --since/--until, --actor or --ip");
        }
        if (!principals.rows().isEmpty()) {
            c.note(topPrincipal(principals));
        }
    }

    /** "50 attempted reads, all denied (AccessDenied x50); no object was read", per kind with failures. */
    private static void failures(Context c, Map<String, Long> done, Map<String, Long> failed) {
        Table errors = c.query("s3-failed.sql", "failed");
        for (String kind : KINDS) {
            long n = failed.get(kind);
            if (n == 0) {
                continue;
            }
            List<String> codes = new ArrayList<>();
            boolean denied = true;
            for (List<Object> row : errors.rows()) {
                if (kind.equals(row.get(0))) {
                    String code = Texts.clean(row.get(1));
                    codes.add(code + " x" + StoryNotes.number(row.get(2)));
                    denied &= code.startsWith("AccessDenied");
                }
            }
            String attempts = Texts.count(n, "attempted " + kind, "attempted " + kind + "s");
            String why = " (" + String.join(", ", codes) + ")";
            c.note(done.get(kind) == 0
                    ? attempts + (n == 1 ? "" : ", all") + (denied ? " denied" : " failed") + why + "; no object was "
                            + PAST.get(kind)
                    : "besides the " + Texts.count(done.get(kind), kind, kind + "s") + ", " + attempts
                            + (denied ? (n == 1 ? " was denied" : " were denied") : " failed") + why
                            + " and did nothing");
        }
    }

    /**
     * The caveat when the window holds the bucket's writes but no read at all, or reads but no write: a trail's
     * data event selector may log one kind only (ReadWriteType WriteOnly or ReadOnly), and then the other's 0 says
     * nothing. Looked at over everyone's calls, --actor and --ip aside: one principal's 0 reads is no sign.
     */
    private static void unlogged(Context c, String bucket, Map<String, Long> done, Map<String, Long> failed) {
        boolean reads = done.get("read") + failed.get("read") > 0;
        boolean writes = done.get("write") + failed.get("write") + done.get("delete") + failed.get("delete") > 0;
        if (reads && writes) {
            return;
        }
        if (!Logins.filtered(c).isEmpty()) {
            List<Object> logged = c.queryUnfiltered("s3-logged.sql", "logged").rows().get(0);
            reads = Boolean.TRUE.equals(logged.get(0));
            writes = Boolean.TRUE.equals(logged.get(1));
        }
        if (writes && !reads) {
            c.note("the store holds writes but no read data event at all for bucket " + bucket + " " + c.window()
                    + ": the trail's data event selector may log writes only (ReadWriteType WriteOnly, or readOnly"
                    + " false), so 0 reads does not mean no object was read");
        } else if (reads && !writes) {
            c.note("the store holds reads but no write or delete data event at all for bucket " + bucket + " "
                    + c.window() + ": the trail's data event selector may log reads only (ReadWriteType ReadOnly, or"
                    + " readOnly true), so 0 writes and 0 deletes do not mean no object was written or deleted");
        }
    }

    /**
     * The deletes CloudTrail does not name: a multi-object delete (DeleteObjects) records the bucket, never the keys
     * (up to 1,000 a call), and a lifecycle rule's expirations are not recorded at all; S3 server access logs name
     * both.
     */
    private static void unrecordedDeletes(Context c, String bucket, Table operations) {
        long multi = 0;
        for (List<Object> row : operations.rows()) {
            if ("DeleteObjects".equals(row.get(Rows.column(operations, "call")))) {
                multi += StoryNotes.number(row.get(Rows.column(operations, "events")))
                        - StoryNotes.number(row.get(Rows.column(operations, "errors")));
            }
        }
        if (multi > 0) {
            c.note(Texts.count(multi, "of the deletes is a multi-object delete", "of the deletes are multi-object"
                    + " deletes") + " (DeleteObjects): each can delete up to 1,000 objects, and CloudTrail records"
                    + " the bucket only, never the keys; S3 server access logs name each object");
        }
        c.note("objects a lifecycle rule expired are not in CloudTrail at all (S3 server access logs record them);"
                + " who-deleted " + bucket + " lists the PutBucketLifecycle calls that set such rules");
    }

    /**
     * The objects written with a key the caller provided (SSE-C), per principal: unreadable to whoever lacks the key,
     * which AWS does not keep, and, copied onto themselves object after object, a bucket encrypted in place for ransom:
     * a count of writes would not tell it.
     */
    private static void customerKeys(Context c, String bucket, Table operations) {
        long writes = 0;
        for (List<Object> row : operations.rows()) {
            if (KEYED_WRITES.contains(String.valueOf(row.get(Rows.column(operations, "call"))))) {
                writes += StoryNotes.number(row.get(Rows.column(operations, "events")))
                        - StoryNotes.number(row.get(Rows.column(operations, "errors")));
            }
        }
        tellCustomerKeys(c, bucket, writes);
    }

    /**
     * The SSE-C sentences of a bucket whose data events hold {@code writes} successful object writes
     * (s3-customer-key.sql over the investigation's {{bucket_data_calls}}): who, how many, when; or that they were
     * not read, over {@link #CUSTOMER_KEY_LIMIT}. s3 and who-deleted of a bucket tell them alike.
     */
    static void tellCustomerKeys(Context c, String bucket, long writes) {
        c.param("key_limit", CUSTOMER_KEY_LIMIT);
        if (writes > CUSTOMER_KEY_LIMIT) {
            c.note("whether objects were written with a customer-provided key (SSE-C) was not read: "
                    + Texts.count(writes, "object write matches", "object writes match") + ", each a raw record to"
                    + " read, over the " + String.format(java.util.Locale.ROOT, "%,d", CUSTOMER_KEY_LIMIT)
                    + " this reads; narrow it with --since/--until, --actor or --ip");
            return;
        }
        if (writes == 0) {
            return;
        }
        Table keyed = c.query("s3-customer-key.sql", "customer_key");
        for (List<Object> row : keyed.rows()) {
            long objects = StoryNotes.number(row.get(Rows.column(keyed, "objects")));
            long inPlace = StoryNotes.number(row.get(Rows.column(keyed, "copied_onto_themselves")));
            c.note(Texts.count(objects, "object", "objects") + " of bucket " + bucket + " written with a key the caller"
                    + " provided (SSE-C) by " + Texts.clean(row.get(Rows.column(keyed, "principal"))) + " from "
                    + Texts.clean(row.get(Rows.column(keyed, "some_ips"))) + ", " + row.get(Rows.column(keyed,
                    "first_write")) + " to " + row.get(Rows.column(keyed, "last_write"))
                    + (inPlace == 0 ? "" : " (" + Texts.count(inPlace, "copied onto itself", "copied onto themselves")
                    + ": encrypted in place)")
                    + ": " + CUSTOMER_KEY_MEANS);
        }
    }

    /** Could not look: the window holds no data event of bucket {@code b}, so whether its objects were {@code what}. */
    static String noDataEvents(Context c, String b, String what) {
        return "the store holds no data events for bucket " + b + " " + c.window() + Logins.filtered(c)
                + ": whether objects were " + what + " cannot be told; S3 data events (a trail's data event selector"
                + " for arn:aws:s3:::" + b + "/) would have told it";
    }

    /** "most calls by P: 2 reads, 0 writes, 1 deletes, 3 failed, from IPs". */
    private static String topPrincipal(Table principals) {
        List<Object> top = principals.rows().get(0);
        long failedCalls = 0;
        for (String kind : KINDS) {
            failedCalls += StoryNotes.number(top.get(Rows.column(principals, "failed_" + kind + "s")));
        }
        return "most calls by " + Texts.clean(top.get(Rows.column(principals, "principal"))) + ": "
                + Texts.number(top.get(Rows.column(principals, "reads"))) + " reads, "
                + Texts.number(top.get(Rows.column(principals, "writes"))) + " writes, "
                + Texts.number(top.get(Rows.column(principals, "deletes"))) + " deletes"
                + (failedCalls == 0 ? "" : " that succeeded, " + Texts.count(failedCalls, "failed call",
                "failed calls") + " that did nothing")
                + (top.get(Rows.column(principals, "bytes_out")) == null ? "" : ", "
                + Texts.number(top.get(Rows.column(principals, "bytes_out"))) + " bytes out") + ", from "
                + Texts.clean(top.get(Rows.column(principals, "some_ips")));
    }
}
