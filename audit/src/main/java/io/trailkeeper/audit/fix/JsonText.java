package io.trailkeeper.audit.fix;

import java.util.List;
import java.util.Map;

/**
 * Writes a document tree as JSON for the AWS CLI script, pretty or compact; a {@link UserParam} becomes the shell
 * variable holding it ({@code ${ALERT_EMAIL}}), to be expanded by an unquoted here-document.
 */
final class JsonText {
    private JsonText() {
    }

    static String pretty(Object tree) {
        StringBuilder out = new StringBuilder();
        write(tree, out, 0, true);
        return out.toString();
    }

    static String compact(Object tree) {
        StringBuilder out = new StringBuilder();
        write(tree, out, 0, false);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out, int indent, boolean pretty) {
        if (value instanceof Map<?, ?> m) {
            out.append('{');
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.append(i++ == 0 ? "" : ",");
                newline(out, indent + 2, pretty);
                out.append(string(String.valueOf(e.getKey()))).append(pretty ? ": " : ":");
                write(e.getValue(), out, indent + 2, pretty);
            }
            if (!m.isEmpty()) {
                newline(out, indent, pretty);
            }
            out.append('}');
        } else if (value instanceof List<?> l) {
            out.append('[');
            for (int i = 0; i < l.size(); i++) {
                out.append(i == 0 ? "" : ",");
                newline(out, indent + 2, pretty);
                write(l.get(i), out, indent + 2, pretty);
            }
            if (!l.isEmpty()) {
                newline(out, indent, pretty);
            }
            out.append(']');
        } else if (value instanceof UserParam p) {
            out.append("\"${").append(p.shellName).append("}\"");
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            out.append(value);
        } else {
            out.append(string(String.valueOf(value)));
        }
    }

    private static void newline(StringBuilder out, int indent, boolean pretty) {
        if (pretty) {
            out.append('\n').append(" ".repeat(indent));
        }
    }

    static String string(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
