package io.trailkeeper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trailkeeper.emulator.EmulatorCounters;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The demo's steps: each runs one TrailKeeper command line, exactly as a user would type it (plus the store and
 * the emulator's endpoint), shows the command, and prints the part of its answer that tells the story: the
 * notes in words, a table when it is the answer. Errors and progress go to the user's error stream as they come.
 */
final class DemoSteps {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INDENT = "  ";
    /** The audit's concerns (its "prevents" values), as the audit's table output names them. */
    private static final Map<String, String> CONCERNS = Map.of("retention", "logs gone after 90 days",
            "data-events", "data events never logged", "all-regions", "events in a region nobody collected",
            "monitoring", "tampering unnoticed");

    private final Clock clock;
    private final EmulatorCounters counters;
    private final Path store;
    private final String endpoint;
    private final PrintWriter say;
    private final PrintWriter err;
    private final List<String> failed;
    private final List<String> inShort = new ArrayList<>();
    private final Map<String, Double> seconds = new LinkedHashMap<>();

    DemoSteps(Clock clock, Path store, EmulatorCounters counters, String endpoint, PrintWriter say, PrintWriter err,
              List<String> failed) {
        this.clock = clock;
        this.counters = counters;
        this.store = store;
        this.endpoint = endpoint;
        this.say = say;
        this.err = err;
        this.failed = failed;
    }

    Path store() {
        return store;
    }

    /** How long each command took, in seconds, by command (investigations together), in the order they ran. */
    Map<String, Double> seconds() {
        return seconds;
    }

    /** What the steps found, one sentence each, for the end. */
    List<String> inShort() {
        return inShort;
    }

    void audit() {
        JsonNode answer = json(aws("audit", "--format", "json"), new String[] {"audit"});
        if (answer == null) {
            return;
        }
        Map<String, Map<String, List<JsonNode>>> byConcern = new LinkedHashMap<>();
        int failures = 0;
        for (JsonNode f : answer.path("findings")) {
            if ("FAIL".equals(DemoCommand.text(f, "outcome"))) {
                failures++;
                byConcern.computeIfAbsent(DemoCommand.text(f, "prevents"), k -> new LinkedHashMap<>())
                        .computeIfAbsent(DemoCommand.text(f, "check"), k -> new ArrayList<>()).add(f);
            }
        }
        say.printf(Locale.ROOT, "%s%d checks failed; the serious ones, by the failure they lead to:%n", INDENT, failures);
        int minor = 0;
        for (Map.Entry<String, Map<String, List<JsonNode>>> concern : byConcern.entrySet()) {
            // several checks can fail for one reason (a deleted bucket): say each reason once
            Map<String, Integer> reasons = new LinkedHashMap<>();
            for (List<JsonNode> same : concern.getValue().values()) {
                String severity = DemoCommand.text(same.get(0), "severity");
                if (!"critical".equals(severity) && !"high".equals(severity)) {
                    minor++;
                    continue;
                }
                reasons.merge(String.format(Locale.ROOT, "%-8s %s", severity, DemoCommand.text(same.get(0), "detail")),
                        same.size() - 1, Integer::sum);
            }
            if (!reasons.isEmpty()) {
                say.println(INDENT + CONCERNS.getOrDefault(concern.getKey(), concern.getKey()) + ":");
                reasons.forEach((reason, more) -> say.println(INDENT + INDENT + reason
                        + (more > 0 ? " (and " + more + " more like it)" : "")));
            }
        }
        if (minor > 0) {
            say.println(INDENT + minor + " more checks failed at medium or low severity; `trailkeeper audit` lists all,"
                    + " `trailkeeper fix --plan` writes the fixes");
        }
        inShort.add(plural(failures, "audit check") + " failed: blind spots that were there, and visible, before any"
                + " incident");
    }

    void collect(Double lookupRate) {
        List<String> args = new ArrayList<>(List.of("collect", "auto"));
        if (lookupRate != null) {
            args.addAll(List.of("--lookup-rate", String.format(Locale.ROOT, "%s", lookupRate)));
        }
        long requestsBefore = counters.requests("LookupEvents");
        long throttledBefore = counters.throttled();
        Ran ran = run(aws(args.toArray(String[]::new)), args);
        if (ran == null) {
            return;
        }
        for (OutputBlock b : OutputBlock.of(ran.out())) {
            if (b.title().equals("coverage")) {
                b.lines().forEach(l -> say.println(l.startsWith("collected ") ? INDENT + l : l));
            }
        }
        // the server's own count: what the collector sent, and how often the emulator held it back
        long requests = counters.requests("LookupEvents") - requestsBefore;
        double took = seconds.getOrDefault("collect auto", 0.0);
        say.printf(Locale.ROOT, "%spacing: %,d LookupEvents requests in %.0f s (%.1f a second in all, each region held"
                + " to its own limit; %,d throttled)%n", INDENT, requests, took, requests / Math.max(took, 0.001),
                counters.throttled() - throttledBefore);
    }

    void detect(List<Path> ruleFolders) {
        List<String> shown = new ArrayList<>(List.of("detect", "--min-level", "medium"));
        for (Path folder : ruleFolders) {
            shown.addAll(List.of("--rules", folder.toString()));
        }
        List<String> args = new ArrayList<>(shown);
        args.addAll(List.of("--format", "json"));
        JsonNode answer = json(args.toArray(String[]::new), shown.toArray(String[]::new));
        if (answer == null) {
            return;
        }
        Map<String, List<JsonNode>> byRule = new TreeMap<>();
        for (JsonNode d : answer.path("detections")) {
            byRule.computeIfAbsent(level(DemoCommand.text(d, "level")) + DemoCommand.text(d, "rule"),
                    k -> new ArrayList<>()).add(d);
        }
        say.printf(Locale.ROOT, "%s%s of %s%s:%n", INDENT, plural(answer.path("detections").size(), "match"),
                plural(byRule.size(), "rule"),
                ruleFolders.isEmpty() ? " (the bundled rules; add SigmaHQ's with --rules DIR)" : "");
        if (!byRule.isEmpty()) {
            JsonNode first = answer.path("detections").get(0);
            for (JsonNode d : answer.path("detections")) {
                if (d.path("time").asText().compareTo(first.path("time").asText()) < 0) {
                    first = d;
                }
            }
            inShort.add(String.format(Locale.ROOT, "%s at medium or above from %s, the earliest at %s: %s (%s from %s)",
                    plural(answer.path("detections").size(), "detection"), plural(byRule.size(), "rule"),
                    DemoCommand.text(first, "time"), DemoCommand.text(first, "rule"), DemoCommand.text(first, "principal"),
                    DemoCommand.text(first, "source_ip")));
        }
        for (List<JsonNode> matches : byRule.values()) {
            JsonNode first = matches.get(0);
            say.printf(Locale.ROOT, "%s  %-8s %s, by %s: %d, first %s by %s from %s in %s%n", INDENT,
                    DemoCommand.text(first, "level"), DemoCommand.text(first, "rule"), DemoCommand.text(first, "author"),
                    matches.size(), DemoCommand.text(first, "time"), DemoCommand.text(first, "principal"),
                    DemoCommand.text(first, "source_ip"), DemoCommand.text(first, "region"));
        }
    }

    /** who-deleted: the notes; returns the access keys of the successful deletions (of the resource itself). */
    Set<String> whoDeleted(String resource) {
        Set<String> keys = new LinkedHashSet<>();
        Ran ran = run(new String[] {"investigate", "who-deleted", resource}, List.of("investigate", "who-deleted", resource));
        if (ran == null) {
            return keys;
        }
        print(ran, "notes");
        JsonNode answer = json(new String[] {"investigate", "who-deleted", resource, "--format", "json"}, null);
        if (answer != null) {
            for (JsonNode d : answer.path("deletions")) {
                // the deletion itself, not the calls that destroy evidence in other ways (a lifecycle, StopLogging)
                if ("success".equals(DemoCommand.text(d, "result")) && "deletes".equals(DemoCommand.text(d, "effect"))) {
                    String key = DemoCommand.text(d, "access_key_id");
                    if (key != null && !key.isEmpty()) {
                        keys.add(key);
                    }
                    inShort.add(String.format(Locale.ROOT, "%s: %s succeeded at %s, by %s from %s, recorded in %s%s",
                            resource, DemoCommand.text(d, "event_name"), DemoCommand.text(d, "event_time"),
                            DemoCommand.text(d, "principal"), DemoCommand.text(d, "source_ip"),
                            DemoCommand.text(d, "recorded_in"), DemoCommand.text(d, "lives_in") == null ? ""
                                    : " (it lived in " + DemoCommand.text(d, "lives_in") + ")"));
                }
            }
        }
        return keys;
    }

    void key(String accessKey) {
        Ran ran = run(new String[] {"investigate", "key", accessKey}, List.of("investigate", "key", accessKey));
        if (ran != null) {
            print(ran, "ips", "notes");
        }
    }

    void logins() {
        Ran ran = run(new String[] {"investigate", "logins"}, List.of("investigate", "logins"));
        if (ran != null) {
            print(ran, "notes");
        }
    }

    void s3(String bucket) {
        Ran ran = run(new String[] {"investigate", "s3", bucket}, List.of("investigate", "s3", bucket));
        if (ran != null) {
            print(ran, "by principal", "notes");
        }
    }

    void coverage() {
        String[] args = {"coverage", "--since", "180d"};
        Ran ran = run(args, List.of(args));
        if (ran == null) {
            return;
        }
        for (OutputBlock b : OutputBlock.of(ran.out())) {
            if (b.title().endsWith(" gap") || b.title().endsWith(" gaps") || b.title().startsWith("no gap")
                    || b.title().matches("\\d{4}-\\d\\d-\\d\\d\\.\\..*")) {
                say.println(INDENT + b.title());
                b.lines().forEach(l -> say.println(INDENT + l));
            }
        }
    }

    void report(Path file) {
        String[] args = {"report", "--out", file.toString()};
        Ran ran = run(args, List.of("report", "--out", file.getFileName().toString()));
        if (ran != null) {
            ran.out().lines().forEach(l -> say.println(INDENT + l));
            say.println(INDENT + "open it in any browser (it loads nothing from the network): " + file.toUri());
        }
    }

    /**
     * The buckets a trail's data event selectors ever named, from the PutEventSelectors calls in the store: the
     * buckets someone cared enough about to log their object calls, at least for a while. When the selectors
     * named a bucket and a later call dropped it, that window is said in short: its data events went only to the
     * trail's files.
     */
    Set<String> bucketsEverSelectedForDataEvents() {
        Set<String> buckets = new LinkedHashSet<>();
        String[] args = {"query", "--event-name", "PutEventSelectors", "--format", "jsonl"};
        Ran ran = runQuietly(args);
        if (ran == null) {
            return buckets;
        }
        List<JsonNode> calls = new ArrayList<>();
        for (String line : ran.out().lines().toList()) {
            try {
                calls.add(JSON.readTree(line));
            } catch (IOException e) {
                err.println("demo: a PutEventSelectors record could not be read: " + e.getMessage());
            }
        }
        calls.sort(java.util.Comparator.comparing(c -> c.path("eventTime").asText()));
        Map<String, String> selectedSince = new LinkedHashMap<>();
        for (JsonNode call : calls) {
            if (call.hasNonNull("errorCode")) {
                continue;
            }
            Set<String> named = selectedBuckets(call.path("requestParameters"));
            String time = call.path("eventTime").asText();
            for (String bucket : named) {
                selectedSince.putIfAbsent(bucket, time);
            }
            for (String bucket : List.copyOf(selectedSince.keySet())) {
                if (!named.contains(bucket)) {
                    inShort.add("S3 data events of bucket " + bucket + " were logged only from " + selectedSince.get(bucket)
                            + " to " + time + ", into the trail's files: what was read from it then is in no region's"
                            + " event history");
                    selectedSince.remove(bucket);
                }
            }
            buckets.addAll(named);
        }
        return buckets;
    }

    private static Set<String> selectedBuckets(JsonNode request) {
        Set<String> buckets = new LinkedHashSet<>();
        for (JsonNode selector : request.path("eventSelectors")) {
            for (JsonNode resource : selector.path("dataResources")) {
                resource.path("values").forEach(v -> bucketOf(v.asText(), buckets));
            }
        }
        for (JsonNode selector : request.path("advancedEventSelectors")) {
            for (JsonNode field : selector.path("fieldSelectors")) {
                if ("resources.ARN".equals(field.path("field").asText())) {
                    for (String op : List.of("equals", "startsWith")) {
                        field.path(op).forEach(v -> bucketOf(v.asText(), buckets));
                    }
                }
            }
        }
        return buckets;
    }

    private static void bucketOf(String arn, Set<String> into) {
        String prefix = "arn:aws:s3:::";
        if (arn.startsWith(prefix) && arn.length() > prefix.length()) {
            String rest = arn.substring(prefix.length());
            into.add(rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest);
        }
    }

    // --- running commands ---

    record Ran(int code, String out) {
    }

    /** The region and endpoint a command that calls AWS needs here; a user's profile gives them on a real account. */
    private String[] aws(String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of("--endpoint-url", endpoint, "--region", "us-east-1"));
        return args.toArray(String[]::new);
    }

    private Ran run(String[] args, List<String> shown) {
        say.println(INDENT + "$ trailkeeper " + String.join(" ", shown));
        say.flush();
        long started = System.nanoTime();
        Ran ran = runQuietly(args);
        seconds.merge(shown.get(0) + ("collect".equals(shown.get(0)) ? " " + shown.get(1) : ""),
                (System.nanoTime() - started) / 1e9, Double::sum);
        return ran;
    }

    private Ran runQuietly(String[] args) {
        List<String> all = new ArrayList<>(List.of("--store", store.toString()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        int code = Main.run(all.toArray(String[]::new), new PrintWriter(out, true), err, clock);
        err.flush();
        // audit and detect say 3 when they found what they look for: that is an answer, not a failure
        if (code != 0 && code != 3) {
            failed.add(args[0] + (args.length > 1 && !args[1].startsWith("-") ? " " + args[1] : ""));
            say.println(INDENT + "(this step failed with exit code " + code + "; its error is above)");
            return null;
        }
        return new Ran(code, out.toString());
    }

    private JsonNode json(String[] args, String[] shown) {
        Ran ran = shown == null ? runQuietly(args) : run(args, List.of(shown));
        if (ran == null) {
            return null;
        }
        try {
            return JSON.readTree(ran.out());
        } catch (IOException e) {
            failed.add(args[0]);
            say.println(INDENT + "(its JSON answer could not be read: " + e.getMessage() + ")");
            return null;
        }
    }

    /** Prints the blocks of a table answer with these titles, and its warnings. */
    private void print(Ran ran, String... titles) {
        Set<String> wanted = Set.of(titles);
        for (OutputBlock b : OutputBlock.of(ran.out())) {
            if (wanted.contains(b.title())) {
                if (!"notes".equals(b.title())) {
                    say.println(INDENT + b.title());
                }
                // notes come indented; a table is printed as the command printed it, to the terminal's width
                b.lines().forEach(say::println);
            } else if (b.title().startsWith("warning:")) {
                say.println(INDENT + b.title());
            }
        }
    }

    private static String plural(int n, String noun) {
        return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? noun : noun.endsWith("ch") ? noun + "es" : noun + "s");
    }

    private static String level(String level) {
        return switch (level == null ? "" : level) {
            case "critical" -> "0";
            case "high" -> "1";
            case "medium" -> "2";
            case "low" -> "3";
            default -> "4";
        };
    }
}
