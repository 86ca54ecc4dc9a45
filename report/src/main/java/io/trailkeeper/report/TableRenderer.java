package io.trailkeeper.report;

import io.trailkeeper.events.PrintableText;
import io.trailkeeper.events.TableSink;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain text table that fits a width: columns are sized on the first rows, and when the table is wider
 * than the screen the widest columns give way, down to 12 characters (times are never cut), and long values
 * end in "…". With no width (output to a file or a pipe) nothing is cut. Rows stream after the first
 * {@value #SIZING_ROWS}.
 */
public final class TableRenderer implements TableSink {
    static final int SIZING_ROWS = 500;
    private static final int FLOOR = 12;

    private final PrintWriter out;
    private final int maxWidth;
    private List<String> columns = List.of();
    private final List<List<String>> pending = new ArrayList<>();
    private int[] widths;
    private long rows;

    /** @param maxWidth the screen width, or 0 for no limit */
    public TableRenderer(PrintWriter out, int maxWidth) {
        this.out = out;
        this.maxWidth = maxWidth;
    }

    @Override
    public void columns(List<String> names) {
        List<String> flat = new ArrayList<>(names.size());
        for (String name : names) {
            flat.add(oneLine(name));
        }
        columns = List.copyOf(flat);
    }

    @Override
    public void row(List<Object> values) {
        List<String> cells = new ArrayList<>(values.size());
        for (Object v : values) {
            cells.add(oneLine(Values.text(v)));
        }
        rows++;
        if (widths == null) {
            pending.add(cells);
            if (pending.size() >= SIZING_ROWS) {
                flushPending();
            }
        } else {
            print(cells);
        }
    }

    @Override
    public void end() {
        if (widths == null) {
            flushPending();
        }
        if (rows == 0) {
            out.println("(no rows)");
        }
        out.flush();
    }

    private void flushPending() {
        widths = size(columns, pending, maxWidth);
        print(columns);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            if (i > 0) {
                rule.append("  ");
            }
            rule.append("-".repeat(widths[i]));
        }
        out.println(rule);
        pending.forEach(this::print);
        pending.clear();
    }

    static int[] size(List<String> columns, List<List<String>> rows, int maxWidth) {
        int n = columns.size();
        int[] widths = new int[n];
        for (int i = 0; i < n; i++) {
            widths[i] = columns.get(i).length();
            for (List<String> row : rows) {
                if (i < row.size()) {
                    widths[i] = Math.max(widths[i], row.get(i).length());
                }
            }
        }
        if (maxWidth > 0) {
            // each column may give way down to a floor: times stay whole, others keep 12 characters
            int[] floor = new int[n];
            for (int i = 0; i < n; i++) {
                floor[i] = timeColumn(rows, i) ? widths[i] : Math.min(widths[i], FLOOR);
            }
            int total = 2 * (n - 1);
            for (int w : widths) {
                total += w;
            }
            while (total > maxWidth) {
                int widest = -1;
                for (int i = 0; i < n; i++) {
                    if (widths[i] > floor[i] && (widest < 0 || widths[i] > widths[widest])) {
                        widest = i;
                    }
                }
                if (widest < 0) {
                    break; // wider than the screen even at the floors: the pager (less -S) scrolls sideways
                }
                widths[widest]--;
                total--;
            }
        }
        return widths;
    }

    /** True when every value sampled in the column is an ISO-8601 UTC time, which must not be cut. */
    private static boolean timeColumn(List<List<String>> rows, int column) {
        boolean any = false;
        for (List<String> row : rows) {
            String v = column < row.size() ? row.get(column) : "";
            if (v.isEmpty()) {
                continue;
            }
            if (v.length() < 20 || v.charAt(10) != 'T' || !v.endsWith("Z")) {
                return false;
            }
            any = true;
        }
        return any;
    }

    private void print(List<String> cells) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            String cell = i < cells.size() ? cells.get(i) : "";
            if (maxWidth > 0 && cell.length() > widths[i]) {
                cell = cut(cell, widths[i]);
            }
            if (i > 0) {
                b.append("  ");
            }
            b.append(cell);
            if (i < widths.length - 1) {
                // Past the sizing rows, a value may be wider than its column (uncut with no width, or "…" in a
                // column 0 wide): it pushes the rest of its line right instead of failing.
                b.append(" ".repeat(Math.max(0, widths[i] - cell.length())));
            }
        }
        out.println(b.toString().stripTrailing());
    }

    /** The first {@code width - 1} characters and "…", without splitting a surrogate pair. */
    private static String cut(String cell, int width) {
        int keep = Math.max(0, width - 1);
        if (keep > 0 && Character.isHighSurrogate(cell.charAt(keep - 1))) {
            keep--;
        }
        return cell.substring(0, keep) + "…";
    }

    /** One line of harmless text: a value an attacker chose cannot break the layout or drive the terminal. */
    private static String oneLine(String s) {
        return PrintableText.line(s);
    }
}
