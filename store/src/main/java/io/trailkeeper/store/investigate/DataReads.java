package io.trailkeeper.store.investigate;

import io.trailkeeper.events.Table;
import io.trailkeeper.store.EventSearch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What investigate key and actor tell of S3 reads (story-object-reads.sql), over a report's events: for each principal
 * whose S3 calls came from a public address, the objects it read per bucket with the bytes carried out, and the buckets
 * it called whose object calls the store holds no data event of. In a data theft drill the report told the theft only
 * through a rule's match (no bucket, no bytes) and the unlogged bucket nowhere.
 *
 * @param principals the principals with reads or unlogged buckets, the most bytes (then objects) first
 */
public record DataReads(List<Principal> principals) {
    /**
     * Said of reads whose records were read and carry no bytesTransferredOut (as key, actor and the report tell them):
     * neither over the limit nor zero bytes.
     */
    public static final String BYTES_NOT_RECORDED = "bytes not recorded (no bytesTransferredOut in the records)";
    /** A principal's bytes are summed only when it read at most this many objects (investigate s3's limit). */
    public static final long BYTES_LIMIT = BucketAccess.BYTES_LIMIT;

    public DataReads {
        principals = List.copyOf(principals);
    }

    /** One principal's buckets: those it read objects of, and those whose object calls were never logged. */
    public record Principal(String arn, List<Bucket> buckets) {
        public Principal {
            buckets = List.copyOf(buckets);
        }

        long bytes() {
            return buckets.stream().mapToLong(b -> b.bytes() == null ? 0 : b.bytes()).sum();
        }

        long objects() {
            return buckets.stream().mapToLong(Bucket::objects).sum();
        }
    }

    /**
     * A bucket's reads by one principal: objects read, bytes out (null when not summed or not recorded), whether the
     * records were read for them ({@code bytesRead}: false when over the limit; true with null bytes: the records carry
     * no bytesTransferredOut), reads refused, whether the store holds any data event of the bucket, the calls on the
     * bucket itself, the addresses, the first read or call.
     */
    public record Bucket(String name, List<String> regions, long objects, Long bytes, boolean bytesRead, long refused,
                         boolean logged, List<String> bucketCalls, List<String> ips, Instant first) {
        public Bucket {
            regions = List.copyOf(regions);
            bucketCalls = List.copyOf(bucketCalls);
            ips = List.copyOf(ips);
        }
    }

    /**
     * Reads them over the events {@code where} selects ("" for all, else " WHERE ..." over the events table, its values
     * in {@code params}), on a store opened for reading; the TEMP tables it makes are dropped before it returns.
     */
    public static DataReads read(EventSearch search, String where, List<Object> params) {
        try {
            ReportScope.make(search, "tk_report_s3", where, "event_source = 's3.amazonaws.com' AND event_category IN"
                    + " ('Data', 'Management')", params);
            SqlTemplate readers = SqlTemplate.load("report-data-readers.sql", Map.of());
            ReportScope.run(search, "CREATE OR REPLACE TEMP TABLE tk_scope AS SELECT * FROM tk_report_s3"
                    + " WHERE principal_arn IN (" + readers.sql() + ")", readers.bind(Map.of()));
            // every principal at once, each a reader of its own (a query per principal took hours over 97,000)
            SqlTemplate reads = SqlTemplate.load("report-data-reads.sql", Map.of("subject_calls",
                    "subject-own-calls.sql", "object_reader", "object-reader-principal.sql"));
            Table t = ReportScope.run(search, reads.sql(),
                    reads.bind(Map.of("bytes_limit", BYTES_LIMIT)));
            Map<String, List<Bucket>> byReader = new LinkedHashMap<>();
            for (List<Object> r : t.rows()) {
                Bucket b = bucket(t, r);
                if (b != null) {
                    byReader.computeIfAbsent(String.valueOf(r.get(Rows.column(t, "reader"))), k -> new ArrayList<>())
                            .add(b);
                }
            }
            List<Principal> out = new ArrayList<>();
            byReader.forEach((arn, buckets) -> out.add(new Principal(arn, buckets)));
            out.sort(Comparator.comparingLong(Principal::bytes).thenComparingLong(Principal::objects).reversed());
            return new DataReads(out);
        } finally {
            ReportScope.run(search, "DROP TABLE IF EXISTS temp.tk_scope", List.of());
            ReportScope.run(search, "DROP TABLE IF EXISTS temp.tk_report_s3", List.of());
        }
    }

    /** The row's bucket, or null when it read nothing there and the bucket's data events are logged. */
    private static Bucket bucket(Table t, List<Object> r) {
        long objects = StoryNotes.number(r.get(Rows.column(t, "objects_read")));
        long refused = StoryNotes.number(r.get(Rows.column(t, "refused_reads")));
        boolean logged = Boolean.TRUE.equals(r.get(Rows.column(t, "data_events_logged")));
        if (objects + refused == 0 && logged) {
            return null;
        }
        Object bytes = r.get(Rows.column(t, "bytes_out"));
        Object first = r.get(Rows.column(t, objects > 0 ? "first_read" : "first_call"));
        return new Bucket(String.valueOf(r.get(Rows.column(t, "bucket"))), strings(r.get(Rows.column(t, "regions"))),
                objects, bytes == null ? null : ((Number) bytes).longValue(),
                Boolean.TRUE.equals(r.get(Rows.column(t, "bytes_read"))), refused, logged,
                strings(r.get(Rows.column(t, "bucket_call_names"))), strings(r.get(Rows.column(t, "ips"))),
                (Instant) first);
    }

    private static List<String> strings(Object list) {
        return list instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    }
}
