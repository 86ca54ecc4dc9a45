package io.trailkeeper.audit.fix;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How the fix script's text is written in bash ({@link CliRenderer} says what it runs): the plan's names as shell
 * variables, and documents as arguments, inline in single quotes when short, else in here-documents that expand
 * those variables. Appends to the script's text as it is built.
 */
final class ShellScript {
    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_./:=@,+-]+");

    private final StringBuilder out;
    /** Shell variable to value, in the order they are declared; documents refer to them by name. */
    private final Map<String, String> names = new LinkedHashMap<>();
    private int documents;

    ShellScript(StringBuilder out) {
        this.out = out;
    }

    /** Names a value of the plan by a shell variable, which {@link #declareNames} declares. */
    void name(String variable, String value) {
        names.put(variable, value);
    }

    /** The variables named so far, one assignment a line. */
    void declareNames() {
        names.forEach((k, v) -> out.append(k).append('=').append(word(v)).append('\n'));
    }

    /**
     * A command whose last argument is a document: inline in single quotes when short and free of the plan's
     * names, else written to a file by a here-document that expands the names' variables.
     */
    void command(String command, String option, Object document) {
        String compact = JsonText.compact(document);
        if (expand(compact).equals(compact) && compact.length() <= 100) {
            String separator = command.length() + option.length() + compact.length() < 110 ? " " : " \\\n    ";
            out.append(command).append(separator).append(option).append(' ').append(quoted(compact)).append('\n');
            return;
        }
        String file = document(option.substring(2), document);
        out.append(command).append(" \\\n    ").append(option).append(" \"").append(file).append("\"\n");
    }

    /** Writes the document to a file of the work folder with a here-document; returns its file:// URL. */
    String document(String name, Object document) {
        String file = name + "-" + (++documents) + ".json";
        String body = expand(JsonText.pretty(document));
        if (body.contains("\\") || body.contains("`")) {
            throw new IllegalStateException("a document holds characters a here-document would change: " + body);
        }
        out.append("cat > \"$WORK/").append(file).append("\" <<JSON\n").append(body).append("\nJSON\n");
        return "file://$WORK/" + file;
    }

    /** The plan's names in a text replaced by their variables, longest first ("${BUCKET}" before "${TRAIL}"). */
    String expand(String text) {
        String result = text;
        List<Map.Entry<String, String>> byLength = new ArrayList<>(names.entrySet());
        byLength.sort(Comparator.comparingInt((Map.Entry<String, String> e) -> -e.getValue().length()));
        for (Map.Entry<String, String> e : byLength) {
            result = result.replace(e.getValue(), "${" + e.getKey() + "}");
        }
        return result;
    }

    /** A shell word: bare when safe, else single-quoted. */
    static String word(String s) {
        return PLAIN_WORD.matcher(s).matches() ? s : quoted(s);
    }

    /** Double quotes, for text holding ${VARIABLE}s and nothing else the shell would expand. */
    static String doubleQuoted(String s) {
        return "\"" + s + "\"";
    }

    static String quoted(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
