package io.trailkeeper.cli;

import io.trailkeeper.events.PrintableText;
import io.trailkeeper.events.Table;
import io.trailkeeper.events.TableSink;
import io.trailkeeper.integrity.FileCheck;
import io.trailkeeper.integrity.Verdict;
import io.trailkeeper.integrity.VerifyReport;
import io.trailkeeper.integrity.VerifyScope;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How {@code verify} prints its reports: as a table the failing files, the counts per verdict, the notes and a
 * verdict line; as JSON every report whole (each file with its SHA-256s: the manifest); as CSV or JSON lines one
 * row per file checked. Every key and reason comes from the bucket and is printed as data, never interpreted.
 */
final class VerifyOutput {
    static final List<String> FILE_COLUMNS = List.of("kind", "bucket", "key", "account", "region", "time",
            "verdict", "reason", "stored_sha256", "content_sha256");

    private VerifyOutput() {
    }

    static void print(TrailKeeperCommand.Format format, PrintWriter out, int width, List<VerifyReport> reports) {
        switch (format) {
            case json -> json(out, reports);
            case csv, jsonl -> {
                TableSink sink = Output.renderer(format, out, width);
                sink.columns(FILE_COLUMNS);
                reports.forEach(r -> files(r).forEach(c -> sink.row(row(c))));
                sink.end();
            }
            default -> reports.forEach(r -> table(out, width, r));
        }
        out.flush();
    }

    private static Stream<FileCheck> files(VerifyReport r) {
        return Stream.concat(r.digests().stream(), r.logs().stream());
    }

    private static List<Object> row(FileCheck c) {
        return Arrays.asList(c.kind(), c.bucket(), c.key(), c.account(), c.region(),
                c.time() == null ? null : c.time().toString(), name(c.verdict()), c.reason(), c.storedSha256(),
                c.contentSha256());
    }

    /** The verdict as JSON and CSV name it: the constant in lower case ({@code log_modified}). */
    static String name(Verdict v) {
        return v.name().toLowerCase(Locale.ROOT);
    }

    private static void table(PrintWriter out, int width, VerifyReport r) {
        VerifyScope s = r.scope();
        out.println("verify " + printable(r.source()) + ": digests ending " + s.since() + " .. "
                + (s.until() == null ? "now (" + r.checkedAt() + ")" : s.until().toString())
                + (s.accounts().isEmpty() ? "" : ", accounts " + String.join(",", s.accounts().stream().sorted().toList()))
                + (s.regions().isEmpty() ? "" : ", regions " + String.join(",", s.regions().stream().sorted().toList())));
        List<FileCheck> failing = files(r).filter(c -> c.verdict().failure()).toList();
        if (!failing.isEmpty()) {
            // one line each, never cut to the terminal's width: the key is the evidence
            out.println();
            out.println("failing files");
            for (FileCheck c : failing) {
                out.println("  " + c.verdict().label() + "  " + c.kind() + "  " + printable("s3://" + c.bucket() + "/"
                        + c.key()));
                if (c.reason() != null && !c.reason().isBlank()) {
                    out.println("      " + printable(c.reason()));
                }
            }
        }
        List<List<Object>> counts = new ArrayList<>();
        for (Verdict v : Verdict.values()) {
            long d = r.count("digest", v);
            long l = r.count("log", v);
            if (d > 0 || l > 0) {
                counts.add(List.of(v.label(), d, l));
            }
        }
        out.println();
        out.println("verdicts");
        new Table("verdicts", List.of("verdict", "digests", "log files"), counts)
                .writeTo(Output.renderer(TrailKeeperCommand.Format.table, out, width));
        if (!r.notes().isEmpty()) {
            out.println();
            out.println("notes");
            r.notes().forEach(n -> out.println("  " + printable(n)));
        }
        out.println();
        out.println(verdictLine(r));
        out.println();
    }

    /** Keys and reasons come from the bucket: control, direction and invisible characters are replaced. */
    static String printable(String text) {
        return PrintableText.line(text);
    }

    /**
     * One line: VALID with what was checked; INVALID with the failures counted by verdict when a file was found
     * altered, deleted, inserted or moved, or a digest's key was not found (as the AWS CLI counts it); NOT VERIFIED
     * with them when the failures are only files that could not be checked (not read, key unavailable, not verified,
     * folders not listed).
     */
    static String verdictLine(VerifyReport r) {
        if (!r.digestFound() && !r.notListed().isEmpty()) {
            return String.format(Locale.ROOT, "INVALID: %,d folders could not be listed and no digest file was found"
                    + " in %s: nothing could be looked at, let alone proven (see the notes)", r.notListed().size(),
                    r.source());
        }
        if (!r.digestFound()) {
            return "INVALID: no digest file found in " + r.source() + " for the range and scope asked; nothing"
                    + " could be proven (is log file validation on for the trail? are --prefix and --since right?)";
        }
        // a chain's end is a finding, not a digest file: counted apart, and said, since a stop of logging matters
        long ends = r.count("digest", Verdict.CHAIN_ENDS);
        if (r.valid()) {
            return String.format(Locale.ROOT, "VALID: %,d digest files and %,d log files verified, none altered,"
                    + " missing or inserted", r.digests().size() - ends, r.logs().size())
                    + (ends == 0 ? "" : String.format(Locale.ROOT, "; but %,d digest chain%s end%s before the period"
                    + " does (logging stopped, trail deleted or validation off: see the notes)", ends,
                    ends == 1 ? "" : "s", ends == 1 ? "s" : "")) + notYetCovered(r);
        }
        List<String> failures = new ArrayList<>();
        boolean tampered = false;
        for (Verdict v : Verdict.values()) {
            long n = r.count("digest", v) + r.count("log", v);
            if (v.failure() && n > 0) {
                failures.add(String.format(Locale.ROOT, "%s: %,d", v.label(), n));
                tampered |= !v.couldNotCheck();
            }
        }
        if (!r.notListed().isEmpty()) {
            failures.add(String.format(Locale.ROOT, "folders that could not be listed (not verified): %,d",
                    r.notListed().size()));
        }
        // what was found altered, deleted or inserted is told apart from what could not be checked
        return (tampered ? "INVALID: " : "NOT VERIFIED (nothing found altered, deleted or inserted, but not all could"
                + " be checked): ") + String.join(", ", failures) + " (of "
                + (r.digests().size() - ends) + " digest files and "
                + r.logs().size() + " log files)" + notYetCovered(r);
    }

    /** The log files left out as no digest covers them yet: said on the verdict line, as they are not verified. */
    private static String notYetCovered(VerifyReport r) {
        int n = r.notYetCovered().size();
        return n == 0 ? "" : String.format(Locale.ROOT, "; %,d log file%s of the last hours, not covered by a digest"
                + " yet, %s not verified and left out (named in the notes; verify again later)", n,
                n == 1 ? "" : "s", n == 1 ? "is" : "are");
    }

    private static void json(PrintWriter out, List<VerifyReport> reports) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("valid", reports.stream().allMatch(VerifyReport::valid));
        List<Map<String, Object>> list = new ArrayList<>();
        for (VerifyReport r : reports) {
            Map<String, Object> m = new LinkedHashMap<>();
            VerifyScope s = r.scope();
            Map<String, Object> scope = new LinkedHashMap<>();
            scope.put("bucket", s.bucket());
            scope.put("prefix", s.prefix());
            scope.put("accounts", s.accounts().stream().sorted().toList());
            scope.put("regions", s.regions().stream().sorted().toList());
            scope.put("since", s.since() == null ? null : s.since().toString());
            scope.put("until", s.until() == null ? null : s.until().toString());
            m.put("scope", scope);
            m.put("source", r.source());
            m.put("checked_at", r.checkedAt() == null ? null : r.checkedAt().toString());
            m.put("valid", r.valid());
            m.put("verdict", verdictLine(r));
            Map<String, Object> counts = new LinkedHashMap<>();
            for (Verdict v : Verdict.values()) {
                // in this order every run (Map.of's order changes from one run to the next)
                Map<String, Object> count = new LinkedHashMap<>();
                count.put("digests", r.count("digest", v));
                count.put("logs", r.count("log", v));
                counts.put(name(v), count);
            }
            m.put("counts", counts);
            // made file by file as Json writes them: a month of log files is a manifest of hundreds of MB
            m.put("digests", files(r.digests()));
            m.put("logs", files(r.logs()));
            m.put("notes", r.notes());
            m.put("not_listed", r.notListed());
            m.put("not_yet_covered", r.notYetCovered());
            list.add(m);
        }
        root.put("reports", list);
        Json.printObject(out, root);
    }

    private static Iterable<Map<String, Object>> files(List<FileCheck> checks) {
        return () -> checks.stream().map(VerifyOutput::file).iterator();
    }

    private static Map<String, Object> file(FileCheck c) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Object> values = row(c);
        for (int i = 0; i < FILE_COLUMNS.size(); i++) {
            m.put(FILE_COLUMNS.get(i), values.get(i));
        }
        return m;
    }
}
