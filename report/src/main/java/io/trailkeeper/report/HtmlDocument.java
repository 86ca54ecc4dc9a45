package io.trailkeeper.report;

import io.trailkeeper.events.Table;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A self-contained HTML page (inline style, no scripts, no external resources) of headings, paragraphs and
 * tables, for reports a responder can mail or attach to a case. Every text is escaped: CloudTrail and AWS
 * configuration hold text an attacker chose (user agents, bucket policies, names), and the page must not run it.
 * Rows whose {@code outcome} or {@code status} cell is FAIL, UNKNOWN or a gap are marked for the eye.
 */
public final class HtmlDocument {
    /** The style sheet, for pages that lay themselves out (the incident report) but should look the same. */
    public static final String STYLE = "body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:2em;"
            + "color:#1b1f24}h1{font-size:1.6em}h2{font-size:1.25em;margin-top:1.6em;border-bottom:1px solid #d0d7de}"
            + "table{border-collapse:collapse;margin:.6em 0;width:100%}th,td{border:1px solid #d0d7de;padding:4px 8px;"
            + "text-align:left;vertical-align:top}th{background:#f6f8fa}td{word-break:break-word}"
            + "tr.fail td{background:#ffebe9}tr.unknown td{background:#fff8c5}tr.pass td{background:#f0fff4}"
            + "p.note{color:#57606a}code,pre{font-family:ui-monospace,monospace;font-size:12px}"
            + "pre{background:#f6f8fa;padding:8px;overflow-x:auto}";
    private final String title;
    private final List<String> parts = new ArrayList<>();

    public HtmlDocument(String title) {
        this.title = title;
    }

    public HtmlDocument heading(String text) {
        parts.add("<h2>" + escape(text) + "</h2>");
        return this;
    }

    public HtmlDocument paragraph(String text) {
        parts.add("<p>" + escape(text) + "</p>");
        return this;
    }

    public HtmlDocument note(String text) {
        parts.add("<p class=\"note\">" + escape(text) + "</p>");
        return this;
    }

    /** Text shown as is, in a fixed-width block (a template, a command). */
    public HtmlDocument code(String text) {
        parts.add("<pre><code>" + escape(text) + "</code></pre>");
        return this;
    }

    public HtmlDocument table(Table table) {
        parts.add(tableHtml(table));
        return this;
    }

    /** One table as escaped HTML, its rows marked by outcome or status as in {@link #table(Table)}. */
    public static String tableHtml(Table table) {
        StringBuilder b = new StringBuilder("<table>\n<tr>");
        int marker = -1;
        for (int i = 0; i < table.columns().size(); i++) {
            String c = table.columns().get(i);
            if (c.equals("outcome") || c.equals("status")) {
                marker = i;
            }
            b.append("<th>").append(escape(c.replace('_', ' '))).append("</th>");
        }
        b.append("</tr>\n");
        for (List<Object> row : table.rows()) {
            String cls = marker < 0 || row.get(marker) == null ? "" : rowClass(String.valueOf(row.get(marker)));
            b.append(cls.isEmpty() ? "<tr>" : "<tr class=\"" + cls + "\">");
            for (Object v : row) {
                b.append("<td>").append(escape(Values.text(v))).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table>");
        return b.toString();
    }

    private static String rowClass(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (v.equals("fail") || v.equals("denied") || v.equals("failed") || v.equals("throttled")
                || v.equals("truncated")) {
            return "fail";
        }
        if (v.equals("unknown")) {
            return "unknown";
        }
        return v.equals("pass") || v.equals("complete") ? "pass" : "";
    }

    public void render(PrintWriter out) {
        out.println("<!DOCTYPE html>");
        out.println("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        out.println("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        out.println("<title>" + escape(title) + "</title><style>" + STYLE + "</style></head><body>");
        out.println("<h1>" + escape(title) + "</h1>");
        parts.forEach(out::println);
        out.println("</body></html>");
        out.flush();
    }

    /**
     * Escapes text for HTML content and attribute values. Control characters but tab and line breaks become
     * spaces, and format characters (Unicode Cf: direction overrides and isolates, zero-width characters; U+202E
     * would show a cell's text reversed) a visible {@code ?}.
     */
    public static String escape(String s) {
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
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                case '\t', '\n', '\r' -> b.append(c);
                default -> i += appendShown(b, s, i) - 1;
            }
        }
        return b.toString();
    }

    /**
     * Appends the character at {@code i} as a page shows it safely: a control character as a space, a format
     * character (Cf, also the invisible tag characters beyond the Basic Multilingual Plane) as {@code ?}, any
     * other as it is. Returns how many chars of {@code s} it took (2 for a surrogate pair).
     */
    public static int appendShown(StringBuilder b, String s, int i) {
        int cp = s.codePointAt(i);
        int chars = Character.charCount(cp);
        if (Character.isISOControl(cp)) {
            b.append(' ');
        } else if (Character.getType(cp) == Character.FORMAT) {
            b.append('?');
        } else {
            b.append(s, i, i + chars);
        }
        return chars;
    }
}
