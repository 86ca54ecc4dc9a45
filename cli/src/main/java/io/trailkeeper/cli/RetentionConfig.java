package io.trailkeeper.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import io.trailkeeper.store.RetentionPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The retention policy from the config file ({@code --config FILE}, else {@code ~/.trailkeeper/config.yaml} when
 * it exists, else the defaults):
 * <pre>
 * retention:
 *   hot_days: 90       # days of events kept in the store (default 90)
 *   total_days: 400    # days kept at all, store and lake (default 400; under 365 only with prune --force REASON)
 *   holds:             # kept past total_days whatever their age (a case's evidence, a legal hold)
 *     - name: case-2026-041
 *       since: 2015-01-01     # first UTC day held
 *       until: 2016-12-31     # last UTC day held (optional: no end)
 *       accounts: [123456789012]   # optional: every account
 * lake: /data/trailkeeper-lake      # where prune moves older events: a folder (relative: to this file) or s3://
 * </pre>
 * Unknown keys, and keys given twice, are refused, naming the file and the key, so that a typo never silently falls
 * back to a default and a policy never means one thing to one reader and another to the next.
 */
record RetentionConfig(int hotDays, int totalDays, List<RetentionPolicy.Hold> holds, String lake, Path source) {
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
            return new RetentionConfig(DEFAULT_HOT_DAYS, DEFAULT_TOTAL_DAYS, List.of(), null, null);
        }
        JsonNode root;
        try {
            // a key given twice is refused: YAML readers disagree on which value wins, and a retention policy must not
            root = new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .readTree(file.toFile());
        } catch (IOException e) {
            String why = firstLine(e.getMessage());
            throw bad(file, why.startsWith("Duplicate field") ? "a key is given twice (" + why + "): give it once"
                    : "it is not YAML: " + why);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new RetentionConfig(DEFAULT_HOT_DAYS, DEFAULT_TOTAL_DAYS, List.of(), null, file);
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
            only(file, retention, "retention.", Set.of("hot_days", "total_days", "holds"));
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
        return new RetentionConfig(hot, total, holds(file, retention.path("holds")),
                lake.isTextual() && !lake.asText().isBlank() ? lakeOf(file, lake.asText()) : null, file);
    }

    /**
     * The lake a config file names: a relative folder is the config file's neighbour, never the working folder's (a
     * prune run from another folder would start a second lake, and the first would never see total retention again).
     */
    private static String lakeOf(Path file, String lake) {
        if (lake.startsWith("s3://") || Path.of(lake).isAbsolute()) {
            return lake;
        }
        return file.toAbsolutePath().getParent().resolve(lake).normalize().toString();
    }

    private static List<RetentionPolicy.Hold> holds(Path file, JsonNode list) {
        if (list.isMissingNode() || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw bad(file, "retention.holds must be a list of holds (name:, since:, until:, accounts:)");
        }
        List<RetentionPolicy.Hold> holds = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode h = list.get(i);
            String where = "retention.holds[" + i + "]";
            if (!h.isObject()) {
                throw bad(file, where + " must be a mapping (name:, since:, until:, accounts:)");
            }
            only(file, h, where + ".", Set.of("name", "since", "until", "accounts"));
            if (!h.path("name").isTextual() || h.path("name").asText().isBlank()) {
                throw bad(file, where + ".name is missing: say what the hold is for (a case, a legal hold)");
            }
            LocalDate since = day(file, h, where, "since");
            if (since == null) {
                throw bad(file, where + ".since is missing: the first UTC day held, like 2015-01-01");
            }
            Set<String> accounts = new LinkedHashSet<>();
            JsonNode a = h.path("accounts");
            if (!a.isMissingNode() && !a.isNull()) {
                if (!a.isArray()) {
                    throw bad(file, where + ".accounts must be a list of account ids");
                }
                for (JsonNode id : a) {
                    String text = id.asText();
                    if (!text.matches("\\d{12}")) {
                        throw bad(file, where + ".accounts: " + id + " is not a 12-digit account id");
                    }
                    accounts.add(text);
                }
            }
            try {
                holds.add(new RetentionPolicy.Hold(h.path("name").asText(), since, day(file, h, where, "until"),
                        accounts));
            } catch (IllegalArgumentException e) {
                throw bad(file, where + ": " + e.getMessage());
            }
        }
        return holds;
    }

    private static LocalDate day(Path file, JsonNode hold, String where, String key) {
        JsonNode v = hold.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        try {
            return LocalDate.parse(v.asText());
        } catch (DateTimeParseException e) {
            throw bad(file, where + "." + key + " must be a day like 2015-01-01, not " + v);
        }
    }

    /** The policy prune applies. */
    RetentionPolicy policy() {
        return new RetentionPolicy(hotDays, totalDays, holds);
    }

    private static int days(Path file, JsonNode retention, String key, int otherwise) {
        JsonNode v = retention.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return otherwise;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1 || v.asInt() > RetentionPolicy.MAXIMUM_DAYS) {
            throw bad(file, "retention." + key + " must be a whole number of days from 1 to " + RetentionPolicy.MAXIMUM_DAYS
                    + " (about 2,700 years: keeps everything), not " + v);
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
