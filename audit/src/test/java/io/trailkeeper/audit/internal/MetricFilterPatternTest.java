package io.trailkeeper.audit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trailkeeper.audit.SnapshotBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetricFilterPatternTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode record(String json) throws IOException {
        return JSON.readTree(json);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "~~", textBlock = """
            { $.eventName = StopLogging } ~~ true
            { $.eventName = "StopLogging" } ~~ true
            { $.eventName = Stop* } ~~ true
            { $.eventName != StopLogging } ~~ false
            { $.eventName = DeleteTrail || $.eventName = StopLogging } ~~ true
            { $.eventName = DeleteTrail && $.eventName = StopLogging } ~~ false
            { ($.eventName = DeleteTrail) || (($.userIdentity.type = IAMUser) && ($.readOnly IS FALSE)) } ~~ true
            { $.userIdentity.invokedBy NOT EXISTS } ~~ true
            { $.userIdentity.invokedBy EXISTS } ~~ false
            { $.responseElements IS NULL } ~~ true
            { $.resources[0].ARN = "arn:aws:cloudtrail:*" } ~~ true
            { $.resources[1].ARN = "arn:aws:cloudtrail:*" } ~~ false
            { $.count > 2 && $.count <= 3 } ~~ true
            { $.count >= 4 } ~~ false
            StopLogging ~~ true
            "stoplogging" mallory ~~ true
            ?DeleteTrail ?StopLogging ~~ true
            StopLogging -mallory ~~ false
            [version, account, eni] ~~ false
            { $.eventName = StopLogging ~~ false
            '' ~~ true
            """)
    void matchesARecord(String pattern, boolean expected) throws IOException {
        JsonNode r = record("""
                {"eventName":"StopLogging","userIdentity":{"type":"IAMUser","userName":"mallory"},"readOnly":false,
                 "responseElements":null,"count":3,"resources":[{"ARN":"arn:aws:cloudtrail:us-east-1:1:trail/x"}]}""");
        assertEquals(expected, MetricFilterPattern.matches(pattern, r));
    }

    @Test
    void spaceDelimitedAndBrokenPatternsAreNotReadable() {
        assertFalse(MetricFilterPattern.readable("[version, account]"));
        assertFalse(MetricFilterPattern.readable("{ $.eventName = }"));
        assertTrue(MetricFilterPattern.readable(SnapshotBuilder.ROOT_PATTERN));
    }

    /** The CIS filters match the real records of the shared test data that they are meant for, and only those. */
    @Test
    void theCisFiltersMatchRealRecords() throws IOException {
        List<JsonNode> records = sharedRecords();
        assumeTrue(!records.isEmpty(), "the shared CloudTrail data is not here");
        Set<String> tampering = Set.of("StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors");
        int matched = 0;
        for (JsonNode r : records) {
            boolean expected = tampering.contains(r.path("eventName").asText())
                    && r.path("eventSource").asText().equals("cloudtrail.amazonaws.com");
            assertEquals(expected, MetricFilterPattern.matches(SnapshotBuilder.TAMPERING_PATTERN, r), r::toString);
            matched += expected ? 1 : 0;
            boolean noMfa = r.path("eventName").asText().equals("ConsoleLogin")
                    && r.path("userIdentity").path("type").asText().equals("IAMUser")
                    && !r.path("additionalEventData").path("MFAUsed").asText().equals("Yes")
                    && r.path("responseElements").path("ConsoleLogin").asText().equals("Success");
            assertEquals(noMfa, MetricFilterPattern.matches(SnapshotBuilder.NO_MFA_PATTERN, r), r::toString);
        }
        assertTrue(matched >= 8, "tampering records seen: " + matched);
    }

    private static List<JsonNode> sharedRecords() throws IOException {
        String shared = System.getProperty("trailkeeper.shared");
        List<JsonNode> out = new ArrayList<>();
        if (shared == null) {
            return out;
        }
        List<Path> files = new ArrayList<>();
        for (String folder : List.of("invictus-ir-aws_dataset/CloudTrail", "stratus-red-team/docs/detonation-logs")) {
            Path dir = Path.of(shared, "data", folder);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    s.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
                }
            }
        }
        for (Path file : files) {
            JsonNode root = JSON.readTree(file.toFile());
            (root.has("Records") ? root.get("Records") : root).forEach(out::add);
        }
        return out;
    }
}
