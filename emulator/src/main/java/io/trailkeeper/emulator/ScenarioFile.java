package io.trailkeeper.emulator;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.EventTimes;
import io.trailkeeper.events.TrailKeeperException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Reads a scenario folder: {@code scenario.json} and the record files under {@code events/}. scenario.json
 * may carry comments and trailing commas (people write it by hand), but an unknown member is an error, so a
 * misspelt setting is reported instead of ignored.
 */
final class ScenarioFile {
    static final String FILE_NAME = "scenario.json";
    private static final Set<String> MEMBERS = Set.of("account", "callerArn", "callerUserId", "now", "regions",
            "trails", "publicKeys", "roles", "lookupRatePerSecond", "buckets", "accountPublicAccessBlock", "kmsKeys",
            "logGroups", "alarms", "eventRules", "iam", "eventDataStores", "eventDataStoresDenied",
            "organization");
    private static final Set<String> REGION_MEMBERS = Set.of("enabled", "notEnabled", "denied",
            "tokenRefused");
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    private ScenarioFile() {
    }

    static Scenario load(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        if (!Files.isDirectory(directory)) {
            throw new TrailKeeperException(ErrorCode.INPUT_NOT_FOUND, "no scenario folder at " + directory,
                    "give a folder holding scenario.json and an events/ folder of CloudTrail records");
        }
        if (!Files.isRegularFile(file)) {
            throw new TrailKeeperException(ErrorCode.INPUT_NOT_FOUND, "no " + FILE_NAME + " in " + directory,
                    "write one; {\"account\": \"123456789012\"} is enough, every other member is optional");
        }
        JsonNode json;
        try {
            // a stream, not a File: bundled scenarios are read from inside the jar
            try (var in = Files.newInputStream(file)) {
                json = MAPPER.readTree(in);
            }
        } catch (IOException e) {
            throw invalid(file, "not valid JSON: " + firstLine(e.getMessage()));
        }
        ScenarioBuilder builder = Scenario.builder();
        try {
            apply(json, builder);
        } catch (IllegalArgumentException e) {
            throw invalid(file, e.getMessage());
        }
        for (Path records : recordFiles(directory.resolve("events"))) {
            builder.recordFile(records);
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw invalid(file, e.getMessage());
        }
    }

    /** Parses a JSON snippet given to the builder; @throws IllegalArgumentException when it is not JSON. */
    static JsonNode parse(String json, String what) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("the " + what + " is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    private static void apply(JsonNode json, ScenarioBuilder builder) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("the top level must be a JSON object");
        }
        checkMembers(json, MEMBERS, "");
        if (json.hasNonNull("account")) {
            builder.account(text(json, "account"));
        }
        if (json.hasNonNull("callerArn")) {
            builder.callerArn(text(json, "callerArn"));
        }
        if (json.hasNonNull("callerUserId")) {
            builder.callerUserId(text(json, "callerUserId"));
        }
        if (json.hasNonNull("now")) {
            Instant now = EventTimes.parse(text(json, "now"));
            if (now == null) {
                throw new IllegalArgumentException("\"now\" is not a time: " + json.get("now"));
            }
            builder.now(now);
        }
        applyRegions(json.get("regions"), builder);
        for (JsonNode trail : array(json, "trails")) {
            builder.trail(trail.toString());
        }
        for (JsonNode store : array(json, "eventDataStores")) {
            builder.eventDataStore(store.toString());
        }
        if (json.path("eventDataStoresDenied").asBoolean(false)) {
            builder.eventDataStoresDenied();
        }
        if (json.hasNonNull("organization")) {
            builder.organization(text(json, "organization"));
        }
        int i = 0;
        for (JsonNode key : array(json, "publicKeys")) {
            try {
                builder.publicKey(key.toString());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("publicKeys[" + i + "]: " + e.getMessage(), e);
            }
            i++;
        }
        for (JsonNode role : array(json, "roles")) {
            if (!role.path("Arn").isTextual()) {
                throw new IllegalArgumentException("each of roles[] needs \"Arn\" (text), and may have \"ExternalId\"");
            }
            builder.assumableRole(role.get("Arn").asText(), role.path("ExternalId").textValue());
        }
        applyResources(json, builder);
        if (json.hasNonNull("lookupRatePerSecond")) {
            if (!json.get("lookupRatePerSecond").isNumber()) {
                throw new IllegalArgumentException("\"lookupRatePerSecond\" must be a number");
            }
            builder.lookupRatePerSecond(json.get("lookupRatePerSecond").asDouble());
        }
    }

    private static void applyResources(JsonNode json, ScenarioBuilder builder) {
        array(json, "buckets").forEach(b -> builder.bucket(b.toString()));
        array(json, "kmsKeys").forEach(k -> builder.kmsKey(k.toString()));
        array(json, "logGroups").forEach(g -> builder.logGroup(g.toString()));
        array(json, "alarms").forEach(a -> builder.alarm(a.toString()));
        array(json, "eventRules").forEach(r -> builder.eventRule(r.toString()));
        if (json.hasNonNull("accountPublicAccessBlock")) {
            builder.accountPublicAccessBlock(json.get("accountPublicAccessBlock").toString());
        }
        if (json.hasNonNull("iam")) {
            builder.iam(json.get("iam").toString());
        }
    }

    /** With "regions", the lists are taken as given (a missing list is empty); without, AWS's defaults hold. */
    private static void applyRegions(JsonNode regions, ScenarioBuilder builder) {
        if (regions == null || regions.isNull()) {
            return;
        }
        checkMembers(regions, REGION_MEMBERS, "regions.");
        builder.enabledRegions(texts(regions, "enabled"));
        builder.notEnabledRegions(texts(regions, "notEnabled"));
        builder.deniedRegions(texts(regions, "denied").toArray(String[]::new));
        builder.tokenRefusedRegions(texts(regions, "tokenRefused").toArray(String[]::new));
    }

    /** Every *.json, *.json.gz, *.jsonl (and *.jsonl.gz) below the folder, in path order. */
    static List<Path> recordFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).filter(ScenarioFile::isRecordFile).sorted().toList();
        } catch (IOException e) {
            throw new TrailKeeperException(ErrorCode.INPUT_NOT_FOUND, "the scenario's events folder " + folder
                    + " could not be listed: " + e.getMessage(), "check its permissions");
        }
    }

    private static boolean isRecordFile(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".json") || name.endsWith(".json.gz") || name.endsWith(".jsonl")
                || name.endsWith(".jsonl.gz");
    }

    private static void checkMembers(JsonNode json, Set<String> known, String prefix) {
        if (!json.isObject()) {
            throw new IllegalArgumentException("\"" + prefix + "\" must be a JSON object");
        }
        for (String name : (Iterable<String>) json::fieldNames) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown member \"" + prefix + name + "\"; known: "
                        + new TreeSet<>(known));
            }
        }
    }

    private static String text(JsonNode json, String member) {
        JsonNode value = json.get(member);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("\"" + member + "\" must be text");
        }
        return value.asText();
    }

    private static List<String> texts(JsonNode json, String member) {
        List<String> out = new ArrayList<>();
        for (JsonNode value : array(json, member)) {
            if (!value.isTextual()) {
                throw new IllegalArgumentException("\"" + member + "\" must be a list of texts");
            }
            out.add(value.asText());
        }
        return out;
    }

    private static Iterable<JsonNode> array(JsonNode json, String member) {
        JsonNode value = json.get(member);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException("\"" + member + "\" must be a JSON array");
        }
        return value;
    }

    private static TrailKeeperException invalid(Path file, String message) {
        return new TrailKeeperException(ErrorCode.USAGE, file + ": " + message,
                "see the scenario format in the emulator module's README");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
