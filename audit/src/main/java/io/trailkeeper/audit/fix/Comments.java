package io.trailkeeper.audit.fix;

import java.util.ArrayList;
import java.util.List;

/** The plan's words as comment lines, wrapped so they read well in an editor. */
final class Comments {
    static final int WIDTH = 100;

    private Comments() {
    }

    /** The lines wrapped at {@link #WIDTH} columns (less the marker), continuations indented to the text. */
    static List<String> wrap(List<String> lines, int markerWidth) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            wrapLine(line, WIDTH - markerWidth, out);
        }
        return out;
    }

    private static void wrapLine(String line, int width, List<String> out) {
        String indent = line.matches("\\d+\\. .*") ? " ".repeat(line.indexOf(". ") + 2)
                : line.startsWith("Note: ") ? "      " : "";
        String rest = line;
        String prefix = "";
        while ((prefix + rest).length() > width) {
            int cut = rest.lastIndexOf(' ', width - prefix.length());
            if (cut <= 0) {
                break;
            }
            out.add(prefix + rest.substring(0, cut));
            rest = rest.substring(cut + 1);
            prefix = indent;
        }
        out.add(prefix + rest);
    }

    /** Lines prefixed with "# " ("#" alone for an empty line). */
    static String hashed(List<String> lines) {
        StringBuilder out = new StringBuilder();
        for (String line : wrap(lines, 2)) {
            out.append(line.isEmpty() ? "#" : "# " + line).append('\n');
        }
        return out.toString();
    }
}
