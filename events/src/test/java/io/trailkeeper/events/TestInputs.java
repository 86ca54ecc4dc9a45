package io.trailkeeper.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Builds damaged and odd inputs from real records, for the reader's tests. Works on copies only: the shared
 * data is never written. The JSON is handled by plain Jackson, not by the reader under test, so that the
 * expectations do not come from the code they check. Also the assertions the reader's tests share.
 */
final class TestInputs {
    static final ObjectMapper JSON = new ObjectMapper();
    /** A real trail file of 29 records, each with a distinct eventID. */
    static final String SMALL = "invictus-ir-aws_dataset/CloudTrail/"
            + "218007301253_CloudTrail_us-east-1_20230710T1145Z_7xgocspSowgK0Gto.json";
    /** A real trail file of 394 records (521 KB), large enough for damage well inside its gzip stream. */
    static final String LARGE = "invictus-ir-aws_dataset/CloudTrail/"
            + "218007301253_CloudTrail_us-east-1_20230710T1200Z_iLj9fb7yyUG9X4Bf.json";

    private TestInputs() {
    }

    static byte[] bytes(String sharedFile) {
        try {
            return Files.readAllBytes(SharedData.dir(sharedFile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The records of a trail file, as mutable trees. */
    static List<ObjectNode> records(String sharedFile) {
        try {
            List<ObjectNode> out = new ArrayList<>();
            for (JsonNode r : JSON.readTree(bytes(sharedFile)).get("Records")) {
                out.add((ObjectNode) r);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] compact(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] pretty(JsonNode node) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code {"Records":[...]}} around the given records, compact. */
    static byte[] trail(List<? extends JsonNode> records) {
        ObjectNode file = JSON.createObjectNode();
        file.putArray("Records").addAll(records);
        return compact(file);
    }

    /** One compact record per line. */
    static List<String> lines(List<? extends JsonNode> records) {
        return records.stream().map(r -> new String(compact(r), StandardCharsets.UTF_8)).toList();
    }

    /**
     * A LookupEvents response holding the first three records, the first with a non-ASCII userAgent: the
     * first item's record has its own eventTime, the other two have none and rely on the item's EventTime,
     * once as epoch seconds (as the API sends it), once as an ISO string with an offset (as the CLI shows it).
     */
    static byte[] lookupResponse(List<ObjectNode> records) {
        ObjectNode response = JSON.createObjectNode();
        var events = response.putArray("Events");
        ObjectNode withTime = records.get(0).deepCopy().put("userAgent", "Mozilla/5.0 (\u00fc \uD83D\uDE00)");
        ObjectNode noTime1 = records.get(1).deepCopy();
        noTime1.remove("eventTime");
        ObjectNode noTime2 = records.get(2).deepCopy();
        noTime2.remove("eventTime");
        events.addObject().put("EventId", id(withTime)).put("EventTime", 1_600_000_000L)
                .put("CloudTrailEvent", new String(compact(withTime), StandardCharsets.UTF_8));
        events.addObject().put("EventId", id(noTime1)).put("EventTime", 1_689_000_000L)
                .put("CloudTrailEvent", new String(compact(noTime1), StandardCharsets.UTF_8));
        events.addObject().put("EventId", id(noTime2)).put("EventTime", "2023-07-10T11:42:36-08:00")
                .put("CloudTrailEvent", new String(compact(noTime2), StandardCharsets.UTF_8));
        return pretty(response);
    }

    /** Writes the content to a file in the folder and reads it with a default reader. */
    static CollectingSink readFile(java.nio.file.Path dir, String name, byte[] content) throws java.io.IOException {
        CollectingSink sink = new CollectingSink();
        new CloudTrailReader().read(java.nio.file.Files.write(dir.resolve(name), content), sink);
        return sink;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String id(JsonNode record) {
        return record.get("eventID").asText();
    }

    static List<String> ids(List<? extends JsonNode> records) {
        return records.stream().map(TestInputs::id).toList();
    }

    static List<String> ids(CollectingSink sink) {
        return sink.events.stream().map(CloudTrailEvent::eventId).toList();
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** What a gzip decoder yields from damaged data before it gives up: the most any reader can recover. */
    static byte[] gunzipPrefix(byte[] gz) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1];
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            while (in.read(buf) > 0) {
                out.write(buf[0]);
            }
        } catch (IOException expected) {
            // the damage
        }
        return out.toByteArray();
    }

    /** Where each element of the file's Records array starts ('{') and ends (just past '}'), by plain Jackson. */
    static List<long[]> recordBounds(byte[] trailFile) {
        List<long[]> bounds = new ArrayList<>();
        try (JsonParser p = JSON.getFactory().createParser(trailFile)) {
            JsonToken t;
            while ((t = p.nextToken()) != null && t != JsonToken.START_ARRAY) {
                continue;
            }
            while (p.nextToken() == JsonToken.START_OBJECT) {
                long start = p.currentTokenLocation().getByteOffset();
                p.skipChildren();
                bounds.add(new long[] {start, p.currentLocation().getByteOffset()});
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bounds;
    }

    /** The one problem the sink got, which must have this code and outcome. */
    static IngestProblem only(CollectingSink sink, ProblemCode code, IngestProblem.Outcome outcome) {
        assertEquals(1, sink.problems.size(), () -> "expected one problem, got " + sink.problems);
        IngestProblem p = sink.problems.get(0);
        assertEquals(code, p.code(), p::toString);
        assertEquals(outcome, p.outcome(), p::toString);
        return p;
    }

    /** The message names the reason: it holds each of the parts. */
    static void assertMessage(IngestProblem p, String... parts) {
        for (String part : parts) {
            assertTrue(p.message().contains(part), () -> "'" + part + "' not in: " + p.message());
        }
    }

    /** A sink that also keeps where each event and problem came from. */
    static final class SourcedSink implements RecordSink {
        final CollectingSink all = new CollectingSink();
        final List<String> eventSources = new ArrayList<>();
        final List<Long> indexes = new ArrayList<>();

        @Override
        public void event(CloudTrailEvent event, String source, SourceKind kind, long index) {
            all.event(event, source, kind, index);
            eventSources.add(source);
            indexes.add(index);
        }

        @Override
        public void digest(String source) {
            all.digest(source);
        }

        @Override
        public void problem(IngestProblem problem) {
            all.problem(problem);
        }
    }
}
