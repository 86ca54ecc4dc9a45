package io.trailkeeper.store.investigate;

import io.trailkeeper.events.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of {@code s3 BUCKET} about the bucket's network activity events: calls made through a VPC endpoint, which
 * CloudTrail records in the endpoint owner's account (eventCategory NetworkActivity), the calls the endpoint's policy
 * denied included (errorCode VpceAccessDenied: the call never reached S3). They are counted apart from the data
 * events: the same call is a data event too only where a trail's data event selector logs it.
 */
final class VpcEndpointCalls {
    /** The error CloudTrail records on a call the VPC endpoint's policy denied. */
    static final String DENIED_AT_ENDPOINT = "VpceAccessDenied";
    /** The kinds of call, as s3-scope.sql names them; bucket: a call on the bucket itself, no object call. */
    private static final List<String> KINDS = List.of("read", "write", "delete", "bucket");

    private final long reads;
    private final long writes;
    private final long deletes;
    private final long bucketCalls;
    private final List<String> failures;
    private final long endpoints;
    private final long calls;
    private final long notRead;

    private VpcEndpointCalls(long[] done, List<String> failures, long endpoints, long calls, long notRead) {
        this.reads = done[0];
        this.writes = done[1];
        this.deletes = done[2];
        this.bucketCalls = done[3];
        this.failures = failures;
        this.endpoints = endpoints;
        this.calls = calls;
        this.notRead = notRead;
    }

    /** Makes the section network_activity and counts its calls (all of them, not the section's capped rows). */
    static VpcEndpointCalls answer(Context c) {
        c.section("network_activity");
        Table counts = c.query("s3-network-counts.sql", "network_counts");
        long[] done = new long[KINDS.size()]; // the calls that went through, per kind
        long endpoints = 0;
        long calls = 0;
        long notRead = 0;
        List<String> failures = new ArrayList<>();
        for (List<Object> row : counts.rows()) {
            String kind = String.valueOf(row.get(Rows.column(counts, "kind")));
            Object error = row.get(Rows.column(counts, "error_code"));
            long n = StoryNotes.number(row.get(Rows.column(counts, "calls")));
            endpoints = StoryNotes.number(row.get(Rows.column(counts, "endpoints")));
            notRead = StoryNotes.number(row.get(Rows.column(counts, "not_read")));
            calls += n;
            if (error != null) {
                failures.add(failure(kind, Texts.clean(error), n));
            } else {
                done[KINDS.indexOf(kind)] += n;
            }
        }
        return new VpcEndpointCalls(done, failures, endpoints, calls, notRead);
    }

    /** Whether the window holds any of the bucket's network activity events. */
    boolean any() {
        return reads + writes + deletes + bucketCalls > 0 || !failures.isEmpty();
    }

    /** The note: what went through the endpoints, what they denied, and why none of it is counted with the data events. */
    void tell(Context c, String bucket, boolean dataEvents) {
        if (!any()) {
            return;
        }
        long done = reads + writes + deletes;
        String through = " through " + (notRead == 0 ? "" : "at least ") + Texts.count(endpoints, "VPC endpoint",
                "VPC endpoints");
        c.note("network activity events" + through + " (recorded in the endpoint owner's account) name bucket "
                + bucket + " " + c.window() + Logins.filtered(c) + ": " + String.format(java.util.Locale.ROOT,
                "%,d reads, %,d writes, %,d deletes", reads, writes, deletes) + (done > 0 ? " that went through" : "")
                + (bucketCalls == 0 ? "" : ", " + Texts.count(bucketCalls, "call", "calls") + " on the bucket itself"
                + " (CreateBucket, DeleteBucket, PutBucketPolicy...: management events too)")
                + (failures.isEmpty() ? "" : "; " + String.join("; ", failures))
                + " (table network_activity). They are not counted "
                + (dataEvents ? "with the data events above" : "as data events")
                + ": S3 records a call through an endpoint as a data event too only where a trail's data event selector"
                + " logs it");
        if (notRead > 0) {
            // the store keeps no column for the endpoint: each is a raw record to read, so the oldest calls' only
            c.note(String.format(java.util.Locale.ROOT, "the VPC endpoint of %,d of the %,d network activity events was"
                    + " not read: this reads the raw records of the oldest %,d only; network_activity shows the later"
                    + " ones with no endpoint (vpc_endpoint_id empty), and the endpoints counted above are those of the"
                    + " %,d; narrow it with --since/--until, --actor or --ip to see the others'", notRead, calls,
                    calls - notRead, calls - notRead));
        }
    }

    /**
     * For key, actor and timeline: how many of the events found are network activity events, which record a call
     * through a VPC endpoint that may be recorded as a management or data event too (then counted twice).
     */
    static void tellRecorded(Context c) {
        List<Object> row = c.query("scope-network-activity.sql", "network").rows().get(0);
        long network = StoryNotes.number(row.get(0));
        if (network == 0) {
            return;
        }
        long denied = StoryNotes.number(row.get(1));
        c.note(Texts.count(network, "of these events is a network activity event", "of these events are network"
                + " activity events") + " (calls through a VPC endpoint, recorded in the endpoint owner's account"
                + (denied == 0 ? "" : "; " + denied + " denied by the endpoint's policy (" + DENIED_AT_ENDPOINT
                + "), which never reached the service") + "): the same call can be recorded as a management or data"
                + " event too, and is then counted twice; query --category networkactivity lists them");
    }

    /**
     * For who-deleted: the network activity events that record the same request as a deletion found (same event
     * source, call and requestID, within 5 minutes: who-deleted-same-request.sql), listed once, and those left, which
     * no management or data event of the store shares a requestID with.
     */
    static void tellSameRequest(Context c) {
        long paired = StoryNotes.number(c.query("who-deleted-same-request-count.sql", "paired").rows().get(0).get(0));
        if (paired > 0) {
            c.note(Texts.count(paired, "network activity event", "network activity events") + " (a call through a VPC"
                    + " endpoint, recorded in the endpoint owner's account) " + (paired == 1 ? "records" : "record")
                    + " the same request as a call listed (the same event source, call and requestID, which the"
                    + " called service gives each request, within 5 minutes): each such call is listed and counted"
                    + " once, its through_endpoint naming the endpoint");
        }
        List<Object> row = c.query("scope-network-activity.sql", "network").rows().get(0);
        long left = StoryNotes.number(row.get(0));
        if (left == 0) {
            return;
        }
        long denied = StoryNotes.number(row.get(1));
        long through = left - denied;
        List<String> parts = new ArrayList<>();
        if (through > 0) {
            parts.add(through + " went through and share" + (through == 1 ? "s its" : " their") + " requestID with no"
                    + " management or data event of the store: such a call is recorded as a management event too, in"
                    + " the caller's or the resource owner's account, which the store does not hold (another account"
                    + " or region), or the records give no requestID to pair them by");
        }
        if (denied > 0) {
            parts.add(denied + " denied by the endpoint's policy (" + DENIED_AT_ENDPOINT + ") never reached the"
                    + " service: that is " + (denied == 1 ? "its" : "their") + " only record");
        }
        c.note(Texts.count(left, "of these events is a network activity event", "of these events are network"
                + " activity events") + " (a call through a VPC endpoint, recorded in the endpoint owner's account),"
                + " listed on " + (left == 1 ? "its" : "their") + " own: " + String.join("; ", parts));
    }

    /** "1 read denied by the VPC endpoint's policy (VpceAccessDenied): it never reached S3, nothing was read". */
    private static String failure(String kind, String error, long n) {
        String calls = kind.equals("bucket") ? Texts.count(n, "call", "calls") + " on the bucket itself"
                : Texts.count(n, kind, kind + "s");
        if (error.equals(DENIED_AT_ENDPOINT)) {
            return calls + " denied by the VPC endpoint's policy (" + error + "): " + (n == 1 ? "it" : "they")
                    + " never reached S3";
        }
        return calls + " failed (" + error + ") and did nothing";
    }
}
