package io.trailkeeper.audit.fix;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes Terraform's native syntax (HCL) as {@code terraform fmt} lays it out: two-space indents, the equals signs
 * of consecutive one-line arguments aligned. Values are strings (quoted and escaped), numbers, booleans,
 * {@link Raw} expressions (references, function calls), lists, ordered maps (object constructors),
 * {@link UserParam}s (their variable) and {@link JsonEncode} of a document tree.
 */
final class HclWriter {
    /**
     * A block: {@code type "label" "label" { body }}. The body holds {@link Attr}s, blocks, {@link Comment}s and
     * {@link #BLANK}s.
     */
    record Block(String type, List<String> labels, List<Object> body) {
    }

    record Attr(String name, Object value) {
    }

    /** An expression written as is: {@code aws_s3_bucket.trail.id}. */
    record Raw(String expression) {
    }

    record Comment(String text) {
    }

    /** {@code jsonencode(...)} of a tree of maps, lists and scalars. */
    record JsonEncode(Object tree) {
    }

    static final Object BLANK = new Object();
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int INLINE_LIST_WIDTH = 80;

    /** An output line; {@code name} is set on "name = value" lines, which align with their neighbours. */
    private record Line(int indent, String name, String text, boolean aligned) {
    }

    private final List<Line> lines = new ArrayList<>();

    /** The top-level items: blocks, comments and blanks. */
    static String write(List<Object> items) {
        HclWriter w = new HclWriter();
        w.body(items, 0);
        return w.layout();
    }

    private void body(List<Object> items, int indent) {
        for (Object item : items) {
            if (item == BLANK) {
                lines.add(new Line(0, null, "", false));
            } else if (item instanceof Comment c) {
                for (String line : Comments.wrap(List.of(c.text()), indent + 2)) {
                    lines.add(new Line(indent, null, line.isEmpty() ? "#" : "# " + line, false));
                }
            } else if (item instanceof Block b) {
                StringBuilder head = new StringBuilder(b.type());
                b.labels().forEach(l -> head.append(' ').append(quote(l)));
                if (b.body().isEmpty()) {
                    lines.add(new Line(indent, null, head + " {}", false));
                } else {
                    lines.add(new Line(indent, null, head + " {", false));
                    body(b.body(), indent + 2);
                    lines.add(new Line(indent, null, "}", false));
                }
            } else if (item instanceof Attr a) {
                attribute(a.name(), a.value(), indent);
            } else {
                throw new IllegalArgumentException("not an HCL body item: " + item);
            }
        }
    }

    private void attribute(String name, Object value, int indent) {
        String key = IDENTIFIER.matcher(name).matches() ? name : quote(name);
        int before = lines.size();
        String first = expression(value, indent);
        boolean oneLine = lines.size() == before;
        // A multi-line value's first line was added after its inner lines; put it first.
        lines.add(before, new Line(indent, key, first, oneLine));
    }

    /**
     * The expression's first line; the lines of a multi-line value (after the first) are added to {@link #lines},
     * the closing one at the given indent.
     */
    @SuppressWarnings("unchecked")
    private String expression(Object value, int indent) {
        if (value instanceof JsonEncode j) {
            String first = expression(j.tree(), indent);
            if (lines.isEmpty() || !first.endsWith("{") && !first.endsWith("[")) {
                return "jsonencode(" + first + ")";
            }
            Line last = lines.remove(lines.size() - 1);
            lines.add(new Line(last.indent(), null, last.text() + ")", false));
            return "jsonencode(" + first;
        }
        if (value instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                return "{}";
            }
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                attribute(e.getKey(), e.getValue(), indent + 2);
            }
            lines.add(new Line(indent, null, "}", false));
            return "{";
        }
        if (value instanceof List<?> l) {
            List<String> inline = new ArrayList<>();
            for (Object item : l) {
                if (item instanceof Map<?, ?> || item instanceof List<?> || item instanceof JsonEncode) {
                    inline = null;
                    break;
                }
                inline.add(expression(item, indent));
            }
            if (inline != null && String.join(", ", inline).length() <= INLINE_LIST_WIDTH) {
                return "[" + String.join(", ", inline) + "]";
            }
            for (Object item : l) {
                int before = lines.size();
                String first = expression(item, indent + 2);
                if (lines.size() == before) {
                    lines.add(new Line(indent + 2, null, first + ",", false));
                } else {
                    lines.add(before, new Line(indent + 2, null, first, false));
                    Line last = lines.remove(lines.size() - 1);
                    lines.add(new Line(last.indent(), null, last.text() + ",", false));
                }
            }
            lines.add(new Line(indent, null, "]", false));
            return "[";
        }
        if (value instanceof Raw r) {
            return r.expression();
        }
        if (value instanceof UserParam p) {
            return "var." + p.terraformName;
        }
        if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            return value.toString();
        }
        return quote(String.valueOf(value));
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean template = (c == '$' || c == '%') && i + 1 < s.length() && s.charAt(i + 1) == '{';
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(template ? String.valueOf(c) + c : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }

    /** The lines, with "=" aligned in each run of consecutive one-line arguments at one indent. */
    private String layout() {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < lines.size()) {
            Line line = lines.get(i);
            if (!line.aligned()) {
                appendLine(out, line, line.name() == null ? 0 : line.name().length());
                i++;
                continue;
            }
            int end = i;
            int width = 0;
            while (end < lines.size() && lines.get(end).aligned() && lines.get(end).indent() == line.indent()) {
                width = Math.max(width, lines.get(end).name().length());
                end++;
            }
            for (int j = i; j < end; j++) {
                appendLine(out, lines.get(j), width);
            }
            i = end;
        }
        return out.toString();
    }

    private static void appendLine(StringBuilder out, Line line, int nameWidth) {
        if (line.text().isEmpty() && line.name() == null) {
            out.append('\n');
            return;
        }
        out.append(" ".repeat(line.indent()));
        if (line.name() != null) {
            out.append(line.name()).append(" ".repeat(nameWidth - line.name().length())).append(" = ");
        }
        out.append(line.text()).append('\n');
    }
}
