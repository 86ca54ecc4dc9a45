package io.trailkeeper.audit.fix;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes a tree of ordered maps, lists and scalars as block YAML, the way CloudFormation templates are written:
 * {@link Tag}s become short-form intrinsic functions ({@code !Ref X}), a {@link UserParam} becomes
 * {@code !Ref} of its parameter, and a map key starting with {@code #} is a comment line holding its value.
 * Strings are left plain only when YAML cannot read them as anything but that string.
 */
final class YamlWriter {
    /** A short-form intrinsic function over a scalar: {@code !Ref Name}, {@code !GetAtt Name.Attribute}. */
    record Tag(String tag, String value) {
    }

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z/_][A-Za-z0-9 _./:@,()=+-]*");
    /** Plain scalars YAML 1.1 would read as a boolean, null, number or date. */
    private static final Pattern NOT_A_STRING = Pattern.compile(
            "y|n|yes|no|true|false|on|off|null|~|[-+]?[0-9][0-9_.:eE+-]*|[-+]?\\.(inf|nan)", Pattern.CASE_INSENSITIVE);

    private final StringBuilder out = new StringBuilder();

    static String write(Map<String, Object> root) {
        YamlWriter w = new YamlWriter();
        w.map(root, 0, false);
        return w.out.toString();
    }

    /** @param afterDash the first entry goes on the line a list item's dash began */
    private void map(Map<String, Object> map, int indent, boolean afterDash) {
        boolean first = afterDash;
        for (Map.Entry<String, Object> e : map.entrySet()) {
            if (e.getKey().startsWith("#")) {
                for (String line : String.valueOf(e.getValue()).split("\n", -1)) {
                    (first ? out : pad(indent)).append(line.isEmpty() ? "#" : "# " + line).append('\n');
                    first = false;
                }
                continue;
            }
            (first ? out : pad(indent)).append(scalar(e.getKey())).append(':');
            first = false;
            value(e.getValue(), indent);
        }
    }

    /** Writes a value after "key:" or "-": inline for scalars and empty collections, else on the next lines. */
    @SuppressWarnings("unchecked")
    private void value(Object value, int indent) {
        if (value instanceof Map<?, ?> m && !m.isEmpty()) {
            out.append('\n');
            map((Map<String, Object>) m, indent + 2, false);
        } else if (value instanceof List<?> l && !l.isEmpty()) {
            out.append('\n');
            list(l, indent + 2);
        } else {
            out.append(' ').append(inline(value)).append('\n');
        }
    }

    @SuppressWarnings("unchecked")
    private void list(List<?> list, int indent) {
        for (Object item : list) {
            pad(indent).append('-');
            if (item instanceof Map<?, ?> m && !m.isEmpty()) {
                out.append(' ');
                map((Map<String, Object>) m, indent + 2, true);
            } else if (item instanceof List<?> l && !l.isEmpty()) {
                out.append('\n');
                list(l, indent + 2);
            } else {
                out.append(' ').append(inline(item)).append('\n');
            }
        }
    }

    private static String inline(Object value) {
        if (value instanceof Tag t) {
            return t.tag() + " " + scalar(t.value());
        }
        if (value instanceof UserParam p) {
            return "!Ref " + p.cloudFormationName;
        }
        if (value instanceof Map<?, ?>) {
            return "{}";
        }
        if (value instanceof List<?>) {
            return "[]";
        }
        if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            return value.toString().toLowerCase(Locale.ROOT);
        }
        return scalar(String.valueOf(value));
    }

    static String scalar(String s) {
        boolean plain = PLAIN.matcher(s).matches() && !NOT_A_STRING.matcher(s).matches() && !s.contains(": ")
                && !s.endsWith(":") && !s.endsWith(" ") && !s.contains(" #");
        return plain ? s : "'" + s.replace("'", "''") + "'";
    }

    private StringBuilder pad(int indent) {
        return out.append(" ".repeat(indent));
    }
}
