package io.trailkeeper.detect;

import java.util.List;
import java.util.Objects;

/**
 * A Sigma rule as loaded from its YAML file: the metadata a match shows (the Detection Rule License requires
 * the author beside every match), and either a detection or a correlation.
 *
 * @param source      where it came from: a file path, or {@code bundled:<name>} for TrailKeeper's own pack
 * @param level       informational, low, medium, high or critical
 * @param tags        as written, e.g. attack.t1562.008
 * @param detection   the detection, or null for a correlation rule
 * @param correlation the correlation, or null for a detection rule
 */
public record SigmaRule(String id, String name, String title, String status, String level, String author,
                        String description, List<String> references, List<String> tags, List<String> falsePositives,
                        String source, Detection detection, Correlation correlation) {
    public SigmaRule {
        Objects.requireNonNull(title, "title");
        references = references == null ? List.of() : List.copyOf(references);
        tags = tags == null ? List.of() : List.copyOf(tags);
        falsePositives = falsePositives == null ? List.of() : List.copyOf(falsePositives);
        if ((detection == null) == (correlation == null)) {
            throw new IllegalArgumentException("a rule has a detection or a correlation, exactly one: " + source);
        }
    }

    /** The ATT&CK tags (attack.*), as shown beside a match. */
    public List<String> attackTags() {
        return tags.stream().filter(t -> t.startsWith("attack.")).toList();
    }
}
