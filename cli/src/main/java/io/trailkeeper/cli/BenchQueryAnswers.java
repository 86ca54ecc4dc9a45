package io.trailkeeper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trailkeeper.events.Table;
import io.trailkeeper.store.investigate.InvestigationResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An investigation's answer in the shape of the answer of its jq program (the {@code -merge.jq} file says which
 * fields), so that the two can be compared field by field: the same events counted, the same deleter, the same
 * sessions. Only what both can tell is compared; the investigations say more (notes, regions a resource lives in,
 * bursts) than a jq one-liner does.
 */
final class BenchQueryAnswers {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Comparator<JsonNode> NUMERIC = (x, y) -> x.isNumber() && y.isNumber()
            ? x.decimalValue().compareTo(y.decimalValue()) : x.equals(y) ? 0 : 1;

    private BenchQueryAnswers() {
    }

    static JsonNode of(String name, InvestigationResult r) {
        return switch (name) {
            case "who-deleted" -> whoDeleted(r);
            case "key" -> key(r);
            case "actor" -> actor(r);
            case "logins" -> logins(r);
            case "s3" -> s3(r);
            case "regions" -> regions(r);
            case "timeline" -> timeline(r);
            default -> throw new IllegalArgumentException("no answer shape for investigation " + name);
        };
    }

    /** Where jq's answer and the investigation's differ, one line a field; empty when they agree. */
    static List<String> differences(JsonNode jq, JsonNode investigation) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = jq.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            JsonNode a = jq.get(field);
            JsonNode b = investigation.path(field);
            // numbers compare by value: jq's are ints, the investigation's longs
            if (!a.equals(NUMERIC, b)) {
                out.add(field + ": jq " + abbreviate(a) + ", trailkeeper " + abbreviate(b));
            }
        }
        return out;
    }

    private static JsonNode whoDeleted(InvestigationResult r) {
        Table t = r.section("deletions");
        List<List<String>> calls = new ArrayList<>();
        for (List<Object> row : t.rows()) {
            calls.add(strings(t, row, "event_time", "recorded_in", "event_name", "result", "principal",
                    "access_key_id", "source_ip"));
        }
        calls.sort(LEXICAL);
        ArrayNode array = JSON.arrayNode();
        calls.forEach(c -> array.add(array(c)));
        return JSON.objectNode().put("events", calls.size()).set("calls", array);
    }

    private static JsonNode key(InvestigationResult r) {
        Table t = r.section("summary");
        List<Object> row = t.rows().get(0);
        ObjectNode o = JSON.objectNode().put("events", number(t, row, "events"))
                .put("first", string(t, row, "first_call")).put("last", string(t, row, "last_call"))
                .put("errors", number(t, row, "errors")).put("ips", number(t, row, "ips"));
        o.set("regions", sortedArray(t, row, "regions"));
        return o;
    }

    private static JsonNode actor(InvestigationResult r) {
        Table summary = r.section("summary");
        Table sessions = r.section("assumed_sessions");
        TreeSet<String> arns = new TreeSet<>();
        long sessionEvents = 0;
        for (List<Object> row : sessions.rows()) {
            arns.add(string(sessions, row, "session_arn"));
            sessionEvents += number(sessions, row, "events");
        }
        ObjectNode o = JSON.objectNode().put("events", number(summary, summary.rows().get(0), "events"));
        o.set("sessions", array(new ArrayList<>(arns)));
        return o.put("sessionEvents", sessionEvents);
    }

    private static JsonNode logins(InvestigationResult r) {
        Table t = r.section("by_region_user");
        Map<String, String> byRegionUser = new TreeMap<>();
        long events = 0;
        long failures = 0;
        for (List<Object> row : t.rows()) {
            long ok = number(t, row, "successes");
            long failed = number(t, row, "failures");
            events += ok + failed;
            failures += failed;
            byRegionUser.put(string(t, row, "region") + " " + string(t, row, "user"), ok + "/" + failed);
        }
        ObjectNode o = JSON.objectNode().put("events", events).put("failures", failures);
        o.set("byRegionUser", object(byRegionUser));
        return o;
    }

    private static JsonNode s3(InvestigationResult r) {
        Table t = r.section("operations");
        Map<String, String> calls = new TreeMap<>();
        long events = 0;
        for (List<Object> row : t.rows()) {
            long n = number(t, row, "events");
            events += n;
            calls.put(string(t, row, "call"), Long.toString(n));
        }
        ObjectNode o = JSON.objectNode().put("events", events);
        o.set("calls", object(calls));
        return o;
    }

    private static JsonNode regions(InvestigationResult r) {
        Table t = r.section("by_region_day");
        Map<String, Long> regions = new TreeMap<>();
        long events = 0;
        for (List<Object> row : t.rows()) {
            long n = number(t, row, "events");
            events += n;
            regions.merge(string(t, row, "region"), n, Long::sum);
        }
        ObjectNode o = JSON.objectNode().put("events", events).put("regionDays", t.rows().size());
        ObjectNode byRegion = o.putObject("regions");
        regions.forEach(byRegion::put);
        Table flagged = r.section("by_region");
        List<String> unusual = new ArrayList<>();
        for (List<Object> row : flagged.rows()) {
            if (!string(flagged, row, "unusual").isEmpty()) {
                unusual.add(string(flagged, row, "region"));
            }
        }
        unusual.sort(Comparator.naturalOrder());
        o.set("unusual", array(unusual));
        return o;
    }

    private static JsonNode timeline(InvestigationResult r) {
        Table t = r.section("timeline");
        int n = t.rows().size();
        return JSON.objectNode().put("events", n)
                .put("first", n == 0 ? null : string(t, t.rows().get(0), "event_time"))
                .put("last", n == 0 ? null : string(t, t.rows().get(n - 1), "event_time"));
    }

    private static final Comparator<List<String>> LEXICAL = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    private static List<String> strings(Table t, List<Object> row, String... columns) {
        List<String> out = new ArrayList<>(columns.length);
        for (String c : columns) {
            out.add(string(t, row, c));
        }
        return out;
    }

    /** A value as jq writes it: times as ISO-8601 UTC, null as "" (the jq programs write "" for a missing value). */
    private static String string(Table t, List<Object> row, String column) {
        Object v = row.get(index(t, column));
        return v == null ? "" : v instanceof Instant i ? i.toString() : v.toString();
    }

    private static long number(Table t, List<Object> row, String column) {
        Object v = row.get(index(t, column));
        if (!(v instanceof Number n)) {
            throw new IllegalStateException("section " + t.name() + ", column " + column + ": not a number: " + v);
        }
        return n.longValue();
    }

    private static ArrayNode sortedArray(Table t, List<Object> row, String column) {
        Object v = row.get(index(t, column));
        List<String> values = new ArrayList<>();
        if (v instanceof List<?> list) {
            list.forEach(x -> values.add(String.valueOf(x)));
        }
        values.sort(Comparator.naturalOrder());
        return array(values);
    }

    private static int index(Table t, String column) {
        int i = t.columns().indexOf(column);
        if (i < 0) {
            throw new IllegalStateException("investigation section " + t.name() + " has no column " + column
                    + " (it has " + t.columns() + "); bench query must follow the investigation");
        }
        return i;
    }

    private static ArrayNode array(List<String> values) {
        ArrayNode a = JSON.arrayNode();
        values.forEach(a::add);
        return a;
    }

    private static ObjectNode object(Map<String, String> values) {
        ObjectNode o = JSON.objectNode();
        values.forEach(o::put);
        return o;
    }

    private static String abbreviate(JsonNode n) {
        String s = n.isMissingNode() ? "(nothing)" : n.toString();
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
