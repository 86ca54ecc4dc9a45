package io.trailkeeper.store.investigate;

import io.trailkeeper.events.Table;
import io.trailkeeper.store.EventSearch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What investigate key and actor tell of compute abuse, over a report's events rather than one subject's: the EC2
 * instance sessions whose credentials were used from another address (story-instance-credentials.sql) and the instances
 * each principal launched (launches.sql, every principal that called RunInstances in one statement:
 * report-launches.sql). The files are the
 * investigations' own; only the scope they read (tk_scope) is made here, from the report's selection.
 *
 * @param stolen   one row per instance session and other address, by session then first use
 * @param launches one per principal that called RunInstances, the most instances first (then the most refused, then by
 *                 principal)
 */
public record ComputeAbuse(List<OtherAddress> stolen, List<Launches> launches) {
    public ComputeAbuse {
        stolen = List.copyOf(stolen);
        launches = List.copyOf(launches);
    }

    /** An instance session's credentials used from {@code address}, not the instance's own ({@code ownAddress}). */
    public record OtherAddress(String session, String ownAddress, String address, Instant first, long calls,
                               List<String> regions) {
        public OtherAddress {
            regions = List.copyOf(regions);
        }
    }

    /**
     * The instances one principal launched (regions and types sorted), how many of its successful launches name no
     * instance in their recorded response (their instances are not counted), and how many were refused.
     */
    public record Launches(String principal, long instances, List<String> regions, List<String> types,
                           long unnamedCalls, long refused) {
        public Launches {
            regions = List.copyOf(regions);
            types = List.copyOf(types);
        }
    }

    /**
     * Reads both over the events {@code where} selects ("" for all, else " WHERE ..." over the events table, its values
     * in {@code params}), on a store opened for reading; the TEMP tables it makes are dropped before it returns.
     */
    public static ComputeAbuse read(EventSearch search, String where, List<Object> params) {
        try {
            // a superset of the instance sessions; the investigation's file tells them exactly
            ReportScope.make(search, "tk_scope", where,
                    "identity_type = 'AssumedRole' AND contains(principal_arn, '/i-')", params);
            List<OtherAddress> stolen = stolen(query(search, "story-instance-credentials.sql"));
            ReportScope.make(search, "tk_scope", where, "event_name = 'RunInstances'", params);
            List<Launches> launches = launches(search);
            // the most instances first: an intruder's dozens are not to be cut behind a pipeline's routine launches
            launches.sort(java.util.Comparator.comparingLong(Launches::instances).reversed()
                    .thenComparing(java.util.Comparator.comparingLong(Launches::refused).reversed()));
            return new ComputeAbuse(stolen, launches);
        } finally {
            ReportScope.run(search, "DROP TABLE IF EXISTS temp.tk_scope", List.of());
        }
    }

    private static List<OtherAddress> stolen(Table t) {
        List<OtherAddress> out = new ArrayList<>();
        for (List<Object> r : t.rows()) {
            out.add(new OtherAddress(String.valueOf(r.get(Rows.column(t, "principal_arn"))),
                    String.valueOf(r.get(Rows.column(t, "own_ip"))), String.valueOf(r.get(Rows.column(t,
                    "source_ip"))), (Instant) r.get(Rows.column(t, "first_call")),
                    ((Number) r.get(Rows.column(t, "events"))).longValue(),
                    ((List<?>) r.get(Rows.column(t, "regions"))).stream().map(String::valueOf).toList()));
        }
        return out;
    }

    /**
     * Each principal of tk_scope (report-launchers.sql: an AWS service or another account's principal named as the
     * report names them, not lumped as no principal), in principal order, with its launches: one statement for all of them
     * (report-launches.sql; one per principal took more than 10 minutes over 11,568 principals).
     */
    private static List<Launches> launches(EventSearch search) {
        Map<Object, Launches> byPrincipal = new LinkedHashMap<>();
        Map<String, String> fragments = Map.of("subject_calls", "subject-own-calls.sql", "object_reader",
                "object-reader-principal.sql");
        SqlTemplate principals = SqlTemplate.load("report-launchers.sql", fragments);
        for (List<Object> row : ReportScope.run(search, principals.sql(), principals.bind(Map.of())).rows()) {
            byPrincipal.put(row.get(0), new Launches(row.get(0) == null ? "(no principal recorded)"
                    : row.get(0).toString(), 0, List.of(), List.of(), 0, 0));
        }
        SqlTemplate t = SqlTemplate.load("report-launches.sql", fragments);
        Table rows = ReportScope.run(search, t.sql(), t.bind(Map.of()));
        int reader = Rows.column(rows, "reader");
        Map<Object, List<List<Object>>> rowsOf = new LinkedHashMap<>();
        for (List<Object> r : rows.rows()) {
            rowsOf.computeIfAbsent(r.get(reader), k -> new ArrayList<>()).add(r);
        }
        rowsOf.forEach((who, of) -> byPrincipal.put(who, launches(byPrincipal.get(who).principal(), rows, of)));
        return new ArrayList<>(byPrincipal.values());
    }

    private static Launches launches(String principal, Table t, List<List<Object>> rows) {
        TreeSet<String> regions = new TreeSet<>();
        TreeSet<String> types = new TreeSet<>();
        long instances = 0;
        long unnamed = 0;
        long refused = 0;
        for (List<Object> r : rows) {
            long calls = ((Number) r.get(Rows.column(t, "unnamed_calls"))).longValue();
            if (calls > 0) {
                unnamed += calls;
                continue;
            }
            if (r.get(Rows.column(t, "error_code")) != null) {
                refused++;
                continue;
            }
            instances += ((Number) r.get(Rows.column(t, "instances"))).longValue();
            regions.add(String.valueOf(r.get(Rows.column(t, "region"))));
            types.add(String.valueOf(r.get(Rows.column(t, "instance_type"))));
        }
        return new Launches(principal, instances, List.copyOf(regions), List.copyOf(types), unnamed, refused);
    }

    private static Table query(EventSearch search, String file) {
        return query(search, file, Map.of());
    }

    /** An investigation's file over tk_scope as one principal's own calls, with {@code params} bound. */
    static Table query(EventSearch search, String file, Map<String, Object> params) {
        // each principal's own calls: the report counts a session's launches under the session, a principal of its own
        SqlTemplate t = SqlTemplate.load(file, Map.of("subject_calls", "subject-own-calls.sql"));
        return ReportScope.run(search, t.sql(), t.bind(params));
    }
}
