package io.trailkeeper.cli;

import io.trailkeeper.detect.RuleLoader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --placeholder NAME=VALUE[,VALUE...]}: values for the {@code %NAME%} placeholders of rules
 * ({@code |expand}). A rule with a placeholder that has no values is not used (Sigma asks a tool that cannot
 * fill a placeholder to reject the rule), so this is how such a rule is made to run.
 */
final class PlaceholderOptions {
    @Option(names = "--placeholder", paramLabel = "NAME=VALUE[,VALUE...]",
            // picocli formats descriptions: a percent sign is written %%
            description = {"Values for the %%NAME%% placeholder of rules (|expand), comma-separated (\\, for a comma;"
                    + " * and ? are wildcards), repeatable. A rule with a placeholder that has no values is not"
                    + " used. %%trail_buckets%% also gets the trail buckets the store knows."})
    List<String> given = new ArrayList<>();

    /** The values given, by name. */
    Map<String, List<String>> values() {
        return values(Map.of());
    }

    /** The values given added to those TrailKeeper found (%trail_buckets%), by name. */
    Map<String, List<String>> values(Map<String, List<String>> found) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        found.forEach((k, v) -> out.put(k, new ArrayList<>(v)));
        for (String text : given) {
            int eq = text.indexOf('=');
            String name = eq < 0 ? text : text.substring(0, eq);
            if (!name.matches("[A-Za-z0-9_.-]+")) {
                throw new IllegalArgumentException("--placeholder " + text + ": give a name (letters, digits, _ . -)"
                        + " then = and its values, like --placeholder admins=alice,bob");
            }
            List<String> values = eq < 0 ? List.of() : split(text.substring(eq + 1));
            if (values.stream().allMatch(String::isEmpty)) {
                throw new IllegalArgumentException("--placeholder " + text + " gives " + name + " no value, like"
                        + " --placeholder " + name + "=VALUE[,VALUE...]");
            }
            List<String> kept = out.computeIfAbsent(name, k -> new ArrayList<>());
            values.stream().filter(v -> !v.isEmpty() && !kept.contains(v)).forEach(kept::add);
        }
        out.putIfAbsent(RuleLoader.TRAIL_BUCKETS, List.of());
        return out;
    }

    private static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == ',') {
                value.append(',');
                i++;
            } else if (c == ',') {
                out.add(value.toString());
                value.setLength(0);
            } else {
                value.append(c);
            }
        }
        out.add(value.toString());
        return out;
    }
}
