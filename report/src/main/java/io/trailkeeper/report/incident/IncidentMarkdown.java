package io.trailkeeper.report.incident;

import io.trailkeeper.events.Table;
import io.trailkeeper.report.HtmlDocument;
import io.trailkeeper.report.Values;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * An {@link IncidentReport} as Markdown (GitHub flavoured), for a ticket or a wiki page: the same sections as
 * the HTML page, the charts replaced by tables. Every text is escaped so that a value an attacker chose shows
 * as written and cannot add a link, an image, HTML, a table cell or a line: {@code < > &} become entities,
 * {@code \ | ` * _ [ ] ~ #} and a leading list marker get a backslash, so do {@code @}, a {@code :} before
 * {@code //} and the dot of {@code www.} (GitHub makes links of addresses by themselves), line breaks become
 * {@code <br>}, other control characters spaces and direction or invisible characters {@code ?}.
 */
public final class IncidentMarkdown {
    private IncidentMarkdown() {
    }

    /** Writes the report to {@code out}; flushes, does not close. */
    public static void render(IncidentReport r, Writer out) {
        StringBuilder b = new StringBuilder(4096);
        b.append("# ").append(text(r.title())).append("\n\n");
        b.append("**Window:** ").append(text(IncidentTexts.window(r))).append("  \n");
        b.append("**Filters:** ").append(text(IncidentTexts.filters(r))).append("  \n");
        b.append("**Buckets:** ").append(text(BucketLabels.width(r.bucketSize()))).append("\n\n");
        section(b, "Summary");
        list(b, r.summary(), "Nothing to summarise.");
        section(b, "Timeline");
        timeline(b, r);
        section(b, "Activity per region");
        regions(b, r);
        section(b, "Top principals");
        table(b, r.topPrincipals());
        section(b, "Top source IPs");
        table(b, r.topIps());
        section(b, "Top calls");
        table(b, r.topCalls());
        section(b, "Detections");
        table(b, r.detections());
        b.append(text(IncidentTexts.RULE_LICENCE)).append("\n\n");
        section(b, "Audit findings");
        if (r.findings() == null) {
            b.append(IncidentTexts.NO_SNAPSHOT).append("\n\n"); // our text, with `code`
        } else {
            table(b, r.findings());
        }
        section(b, "Coverage");
        table(b, r.coverage());
        section(b, "Gaps");
        if (r.gaps().isEmpty()) {
            b.append(text(IncidentTexts.NO_GAPS)).append("\n\n");
        } else {
            for (String gap : r.gaps()) {
                b.append("- **Gap:** ").append(text(gap)).append('\n');
            }
            b.append('\n');
        }
        b.append("---\n\n").append(text(IncidentTexts.madeBy(r.generatedAt()))).append('\n');
        try {
            out.write(b.toString());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void section(StringBuilder b, String heading) {
        b.append("## ").append(heading).append("\n\n");
    }

    private static void list(StringBuilder b, List<String> items, String none) {
        if (items.isEmpty()) {
            b.append(none).append("\n\n");
            return;
        }
        items.forEach(item -> b.append("- ").append(text(item)).append('\n'));
        b.append('\n');
    }

    private static void timeline(StringBuilder b, IncidentReport r) {
        List<IncidentReport.TimeBucket> busy = r.timeline().stream().filter(t -> t.events() > 0).toList();
        if (busy.isEmpty()) {
            b.append("No events in the window.\n\n");
            return;
        }
        b.append("| bucket (UTC) | events | errors | writes | detections |\n| --- | --- | --- | --- | --- |\n");
        for (IncidentReport.TimeBucket t : busy) {
            b.append("| ").append(BucketLabels.label(t.start(), r.bucketSize())).append(" | ").append(t.events())
                    .append(" | ").append(t.errors()).append(" | ").append(t.writes()).append(" | ")
                    .append(t.detections()).append(" |\n");
        }
        int quiet = r.timeline().size() - busy.size();
        b.append('\n').append(quiet == 0 ? "" : quiet + " bucket(s) without events are not shown.\n\n");
    }

    private static void regions(StringBuilder b, IncidentReport r) {
        List<RegionTotals> totals = RegionTotals.of(r.regionBuckets());
        if (totals.isEmpty()) {
            b.append("No events in the window.\n\n");
            return;
        }
        b.append("| region | events | first bucket | last bucket | busiest bucket |\n")
                .append("| --- | --- | --- | --- | --- |\n");
        for (RegionTotals t : totals) {
            b.append("| ").append(text(t.region())).append(" | ").append(t.events()).append(" | ")
                    .append(BucketLabels.label(t.first(), r.bucketSize())).append(" | ")
                    .append(BucketLabels.label(t.last(), r.bucketSize())).append(" | ")
                    .append(BucketLabels.label(t.busiest(), r.bucketSize())).append(" |\n");
        }
        b.append('\n');
    }

    private static void table(StringBuilder b, Table t) {
        if (t.rows().isEmpty()) {
            b.append("None.\n\n");
            return;
        }
        b.append('|');
        t.columns().forEach(c -> b.append(' ').append(text(c.replace('_', ' '))).append(" |"));
        b.append("\n|");
        t.columns().forEach(c -> b.append(" --- |"));
        b.append('\n');
        for (List<Object> row : t.rows()) {
            b.append('|');
            for (int i = 0; i < t.columns().size(); i++) {
                b.append(' ').append(text(Values.text(i < row.size() ? row.get(i) : null))).append(" |");
            }
            b.append('\n');
        }
        b.append('\n');
    }

    /** Text that Markdown and the HTML inside it show as written, on one line (see the class comment). */
    static String text(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '\\', '|', '`', '*', '_', '[', ']', '~', '#' -> b.append('\\').append(c);
                case '\r' -> {
                    if (i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                        i++;
                    }
                    b.append("<br>");
                }
                case '\n', '\u2028', '\u2029', '\u0085' -> b.append("<br>");
                // GitHub's extended autolinks: http(s)://, ftp://, www. and e-mail addresses become links by
                // themselves; an escaped '@', a ':' before "//" or the dot after "www" stops each
                case '@' -> b.append("\\@");
                case ':' -> b.append(s.startsWith("//", i + 1) ? "\\:" : ":");
                case '.' -> b.append(afterWww(s, i) ? "\\." : ".");
                default -> i += HtmlDocument.appendShown(b, s, i) - 1; // direction, zero-width, tags: shown
            }
        }
        // a value that starts like a list item or a numbered line must stay text
        if (b.length() > 0 && (b.charAt(0) == '-' || b.charAt(0) == '+')) {
            b.insert(0, '\\');
        }
        int digits = 0;
        while (digits < b.length() && Character.isDigit(b.charAt(digits))) {
            digits++;
        }
        if (digits > 0 && digits < b.length() && (b.charAt(digits) == '.' || b.charAt(digits) == ')')) {
            b.insert(digits, '\\');
        }
        return b.toString();
    }

    private static boolean afterWww(String s, int dot) {
        return dot >= 3 && s.regionMatches(true, dot - 3, "www", 0, 3);
    }
}
