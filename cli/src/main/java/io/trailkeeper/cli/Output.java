package io.trailkeeper.cli;

import io.trailkeeper.events.Table;
import io.trailkeeper.events.TableSink;
import io.trailkeeper.report.CsvRenderer;
import io.trailkeeper.report.JsonRenderer;
import io.trailkeeper.report.TableRenderer;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Consumer;

/** Picks the renderer for --format. */
final class Output {
    private Output() {
    }

    static TableSink renderer(TrailKeeperCommand.Format format, PrintWriter out, int width) {
        return switch (format) {
            case table -> new TableRenderer(out, width);
            case json -> new JsonRenderer(out, false);
            case jsonl -> new JsonRenderer(out, true);
            case csv -> new CsvRenderer(out, Terminal.interactive());
            default -> throw unsupported(format);
        };
    }

    /** Refuses, before any work is done, a format that only audit or fix writes. */
    static void requireTabular(TrailKeeperCommand.Format format) {
        if (!format.tabular()) {
            throw unsupported(format);
        }
    }

    /** The error for a format a command cannot write. */
    static IllegalArgumentException unsupported(TrailKeeperCommand.Format format) {
        return new IllegalArgumentException("--format " + format + " is not an output of this command; use table,"
                + " json, jsonl or csv");
    }

    /** Several named tables: titled blocks as a table, one JSON object of arrays, or sections in CSV and JSON lines. */
    static void sections(TrailKeeperCommand.Format format, PrintWriter out, int width, List<Table> tables) {
        write(format, out, width, tables.stream().map(t -> new Section(t.name(), t.columns(), t.rows()::forEach))
                .toList());
    }

    /**
     * One named table as {@link #sections} writes it, each row written as {@code rows} gives it (to the consumer it
     * is handed): a long answer (detect's matches) is never held, neither as rows nor as what they are made of.
     */
    static void section(TrailKeeperCommand.Format format, PrintWriter out, int width, String name,
                        List<String> columns, Consumer<Consumer<List<Object>>> rows) {
        write(format, out, width, List.of(new Section(name, columns, rows)));
    }

    /** A named table whose rows are given one at a time by {@code rows}. */
    private record Section(String name, List<String> columns, Consumer<Consumer<List<Object>>> rows) {
        void writeTo(TableSink sink) {
            sink.columns(columns);
            rows.accept(sink::row);
            sink.end();
        }
    }

    private static void write(TrailKeeperCommand.Format format, PrintWriter out, int width, List<Section> tables) {
        if (!format.tabular()) {
            throw unsupported(format);
        }
        if (format == TrailKeeperCommand.Format.json) {
            out.println("{");
            for (int i = 0; i < tables.size(); i++) {
                Section t = tables.get(i);
                out.print("\"" + t.name() + "\": ");
                t.writeTo(new JsonRenderer(out, false));
                if (i < tables.size() - 1) {
                    out.println(",");
                }
            }
            out.println("}");
            out.flush();
            return;
        }
        for (int i = 0; i < tables.size(); i++) {
            Section t = tables.get(i);
            switch (format) {
                case table -> {
                    if (i > 0) {
                        out.println();
                    }
                    out.println(t.name().replace('_', ' '));
                    t.writeTo(new TableRenderer(out, width));
                }
                case csv -> {
                    if (i > 0) {
                        out.print("\r\n");
                    }
                    out.print("# " + t.name() + "\r\n");
                    t.writeTo(new CsvRenderer(out, Terminal.interactive()));
                }
                default -> {
                    List<String> columns = new java.util.ArrayList<>(t.columns());
                    columns.add(0, "section");
                    JsonRenderer lines = new JsonRenderer(out, true);
                    lines.columns(columns);
                    t.rows().accept(row -> {
                        List<Object> values = new java.util.ArrayList<>(row);
                        values.add(0, t.name());
                        lines.row(values);
                    });
                    lines.end();
                }
            }
        }
        out.flush();
    }
}
