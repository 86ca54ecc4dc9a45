package io.trailkeeper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;

/**
 * The retention policy from the config file ({@code --config FILE}, else {@code ~/.trailkeeper/config.yaml} when
 * it exists, else the defaults):
 * <pre>
 * retention:
 *   hot_days: 90       # days of events kept in the store (default 90)
 *   total_days: 400    # days kept at all, store and lake (default 400; under 365 only with prune --force REASON)
 * lake: /data/trailkeeper-lake      # where prune moves older events (a folder; export parquet also takes s3://)
 * </pre>
 * Unknown keys are refused, naming the file and the key, so that a typo never silently falls back to a default.
 */
record RetentionConfig(int hotDays, int totalDays, String lake, Path source) {
    static final int DEFAULT_HOT_DAYS = 90;
    static final int DEFAULT_TOTAL_DAYS = 400;
    /** PCI DSS 10.5.1: audit logs kept at least 12 months. */
    static final int MINIMUM_TOTAL_DAYS = 365;

    static Path defaultPath() {
        return Path.of(System.getProperty("user.home"), ".trailkeeper", "config.yaml");
    }

    /** @param explicit the --config file (must exist), or null for the default file if it exists */
    static RetentionConfig load(Path explicit) {
        Path file = explicit != null ? explicit : defaultPath();
        if (!Files.exists(file)) {
            if (explicit != null) {
                throw new TrailKeeperException(ErrorCode.INPUT_NOT_FOUND, "there is no config file " + file,
                        "write one (see `trailkeeper prune --help`) or leave --config out for the defaults");
            }
            return new RetentionConfig(DEFAULT_HOT_DAYS, DEFAULT_TOTAL_DAYS, null, null);
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw bad(file, "it is not YAML: " + firstLine(e.getMessage()));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new RetentionConfig(DEFAULT_HOT_DAYS, DEFAULT_TOTAL_DAYS, null, file);
        }
        if (!root.isObject()) {
            throw bad(file, "its top level must be a mapping (retention:, lake:)");
        }
        only(file, root, "", Set.of("retention", "lake"));
        JsonNode retention = root.path("retention");
        if (!retention.isMissingNode() && !retention.isObject()) {
            throw bad(file, "retention must be a mapping (hot_days:, total_days:)");
        }
        if (retention.isObject()) {
            only(file, retention, "retention.", Set.of("hot_days", "total_days"));
        }
        int hot = days(file, retention, "hot_days", DEFAULT_HOT_DAYS);
        int total = days(file, retention, "total_days", DEFAULT_TOTAL_DAYS);
        if (total < hot) {
            throw bad(file, "retention.total_days (" + total + ") is shorter than retention.hot_days (" + hot + ")");
        }
        JsonNode lake = root.path("lake");
        if (!lake.isMissingNode() && !lake.isNull() && !lake.isTextual()) {
            throw bad(file, "lake must be a folder or s3://bucket/prefix");
        }
        return new RetentionConfig(hot, total, lake.isTextual() && !lake.asText().isBlank() ? lake.asText() : null,
                file);
    }

    private static int days(Path file, JsonNode retention, String key, int otherwise) {
        JsonNode v = retention.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return otherwise;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1) {
            throw bad(file, "retention." + key + " must be a whole number of days, 1 or more, not " + v);
        }
        return v.asInt();
    }

    private static void only(Path file, JsonNode node, String prefix, Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw bad(file, "unknown key " + prefix + key + " (known: " + String.join(", ", allowed.stream()
                        .sorted().map(k -> prefix + k).toList()) + ")");
            }
        }
    }

    private static TrailKeeperException bad(Path file, String reason) {
        return new TrailKeeperException(ErrorCode.USAGE, "the config file " + file + " is not valid: " + reason,
                "see `trailkeeper prune --help` for its keys");
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    String describe() {
        return source == null ? "defaults (no " + defaultPath() + ")" : source.toString();
    }
}
