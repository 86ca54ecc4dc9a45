package io.trailkeeper.report;

import io.trailkeeper.events.PrintableText;
import io.trailkeeper.events.TableSink;
import java.io.PrintWriter;
import java.util.List;

/**
 * RFC 4180 CSV with a header row. A text cell that a spreadsheet would run as a formula (starting with
 * = + - @, a tab or a carriage return) gets a leading apostrophe: CloudTrail holds text an attacker chose
 * (user agents, request parameters), and an analyst opening the export must not execute it.
 */
public final class CsvRenderer implements TableSink {
    private final PrintWriter out;
    private final boolean terminal;

    public CsvRenderer(PrintWriter out) {
        this(out, false);
    }

    /**
     * @param terminal the output is a terminal, not a file or a pipe: text cells get {@link PrintableText#line}
     *                 (no control, direction or invisible character, one line each), the exact text being for files
     */
    public CsvRenderer(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void columns(List<String> names) {
        line(List.copyOf(names));
    }

    @Override
    public void row(List<Object> values) {
        line(values);
    }

    @Override
    public void end() {
        out.flush();
    }

    private void line(List<?> values) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            Object v = values.get(i);
            String text = Values.text(v);
            if (v instanceof String || v instanceof List) {
                text = neutralise(text);
                text = terminal ? PrintableText.line(text) : text;
            }
            b.append(quote(text));
        }
        out.print(b);
        out.print("\r\n");
    }

    static String neutralise(String text) {
        if (!text.isEmpty()) {
            char c = text.charAt(0);
            if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r') {
                return "'" + text;
            }
        }
        return text;
    }

    private static String quote(String text) {
        boolean needs = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
                || text.indexOf('\r') >= 0;
        return needs ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
