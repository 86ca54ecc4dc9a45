package io.trailkeeper.store.investigate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One SQL file of the investigations folder, ready to run: {@code {{name}}} replaced by a fragment file (the
 * investigation's own from the catalogue, else {@code name.sql} with '_' as '-'), -- comments dropped, and each named
 * parameter {@code $name} turned into a bound {@code ?}. Only our own files become SQL text; every value a user
 * typed is bound.
 */
final class SqlTemplate {
    static final String FOLDER = "/io/trailkeeper/store/investigations/";

    final String file;
    private final String sql;
    private final List<String> parameters;

    private SqlTemplate(String file, String sql, List<String> parameters) {
        this.file = file;
        this.sql = sql;
        this.parameters = List.copyOf(parameters);
    }

    static SqlTemplate load(String file, Map<String, String> fragments) {
        String text = expand(file, fragments, 0);
        List<String> names = new ArrayList<>();
        return new SqlTemplate(file, SqlText.bindable(text, names, file), names);
    }

    String sql() {
        return sql;
    }

    /** The parameter names in the order of the {@code ?} they became. */
    List<String> parameters() {
        return parameters;
    }

    /** The values for the statement's {@code ?}, in order. */
    List<Object> bind(Map<String, Object> values) {
        List<Object> out = new ArrayList<>(parameters.size());
        for (String name : parameters) {
            if (!values.containsKey(name)) {
                throw new IllegalStateException(file + " uses $" + name + ", which this investigation does not set");
            }
            out.add(values.get(name));
        }
        return out;
    }

    static String read(String file) {
        try (InputStream in = SqlTemplate.class.getResourceAsStream(FOLDER + file)) {
            if (in == null) {
                throw new IllegalStateException("missing investigation resource " + FOLDER + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String expand(String file, Map<String, String> fragments, int depth) {
        if (depth > 4) {
            throw new IllegalStateException("fragments nest too deep in " + file);
        }
        String text = SqlText.withoutComments(read(file), file);
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        while (true) {
            int open = text.indexOf("{{", at);
            if (open < 0) {
                out.append(text, at, text.length());
                return out.toString();
            }
            int close = text.indexOf("}}", open);
            if (close < 0) {
                throw new IllegalStateException("unclosed {{ in " + file);
            }
            String name = text.substring(open + 2, close).trim();
            String fragment = fragments.getOrDefault(name, name.replace('_', '-') + ".sql");
            out.append(text, at, open).append("(\n").append(expand(fragment, fragments, depth + 1)).append("\n)");
            at = close + 2;
        }
    }
}
