package io.trailkeeper.store.coverage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.events.CloudTrailReader;
import io.trailkeeper.events.CollectedBatch;
import io.trailkeeper.events.IngestProblem;
import io.trailkeeper.events.RecordSink;
import io.trailkeeper.events.SourceKind;
import io.trailkeeper.store.CollectWriter;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.Ingest;
import io.trailkeeper.store.Prune;
import io.trailkeeper.store.RetentionPolicy;
import io.trailkeeper.store.lake.LakeExport;
import io.trailkeeper.store.lake.LocalLakeTarget;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores for the coverage tests: real files from ../shared/data ingested, and what collectors write (events,
 * event-history windows, coverage entries) written through the store's CollectWriter.
 */
final class CoverageStores {
    static final String ACCOUNT = "123456789012";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CoverageStores() {
    }

    static Path shared(String relative) {
        Path p = Path.of(System.getProperty("trailkeeper.shared", "../../shared"), "data", relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("test data missing: " + p.toAbsolutePath());
        }
        return p;
    }

    static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    static void ingest(Path store, Path... inputs) {
        try (EventStore s = EventStore.openForWriting(store, EventStore.StoreOptions.defaults())) {
            new Ingest(s, Ingest.Options.defaults(), new Ingest.Listener() { }).run(List.of(inputs));
        }
    }

    static EventStore read(Path store) {
        return EventStore.openForReading(store, EventStore.StoreOptions.defaults());
    }

    /**
     * The file ingested into {@code dir/store.duckdb}, exported to the lake {@code dir/lake} and pruned (90 days, at
     * {@code now}), so that its events older than 90 days are in the lake only.
     */
    static void ingestAndPrune(Path dir, Path file, Clock now) {
        Path store = dir.resolve("store.duckdb");
        ingest(store, file);
        new LakeExport(() -> EventStore.openForWriting(store, EventStore.StoreOptions.defaults()),
                new LocalLakeTarget(dir.resolve("lake")), now, Duration.ofSeconds(30))
                .run(null, null, LakeExport.Listener.NONE);
        try (EventStore s = EventStore.openForWriting(store, EventStore.StoreOptions.defaults())) {
            new Prune(s, dir.resolve("lake"), new RetentionPolicy(90, 5000), now).run();
        }
    }

    static CollectWriter writer(Path store, String command) {
        return new CollectWriter(store, EventStore.StoreOptions.defaults(), command,
                new CollectWriter.Options(Duration.ofHours(1), 1_000_000, 10_000_000));
    }

    /** A page of one region's event history and the window it completes. */
    static CollectedBatch history(String region, List<CloudTrailEvent> events, String from, String to) {
        return new CollectedBatch("lookup:" + ACCOUNT + "/" + region, SourceKind.LOOKUP_EVENTS, 0, events, List.of(), 0,
                new CollectedBatch.LookupWindow(ACCOUNT, region, "management", Instant.parse(from), Instant.parse(to)));
    }

    /** A trail file read from a bucket, with its events. */
    static CollectedBatch trailFile(String bucket, String key, List<CloudTrailEvent> events) {
        return new CollectedBatch("s3://" + bucket + "/" + key, SourceKind.TRAIL_FILE, 0, events, List.of(), 0,
                new CollectedBatch.S3Object(bucket, key, "\"e\"", 100, null, "log"));
    }

    /**
     * The real ConsoleLogin record of the LookupEvents sample in ../shared/data, once for each time, recorded in
     * {@code region} with an eventID of its own.
     */
    static List<CloudTrailEvent> signIns(String region, String... times) {
        try {
            JsonNode sample = JSON.readTree(shared("lookup-events/aws-doc-sdk-examples/LookupEvents.json").toFile());
            String record = sample.get("Events").get(0).get("CloudTrailEvent").asText();
            List<CloudTrailEvent> out = new ArrayList<>();
            for (String time : times) {
                ObjectNode r = (ObjectNode) JSON.readTree(record);
                r.put("eventTime", time);
                r.put("awsRegion", region);
                r.put("eventID", region + "-" + time);
                out.addAll(parse(JSON.writeValueAsString(r)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first record of ../shared/data's Panther test events with this call in this region, as a trail file. */
    static Path pantherTrailFile(Path dir, String eventName, String region) {
        try {
            JsonNode all = JSON.readTree(shared("panther-analysis/rule_test_events.records.json").toFile());
            for (JsonNode r : all.get("Records")) {
                if (eventName.equals(r.path("eventName").asText()) && region.equals(r.path("awsRegion").asText())) {
                    Path file = dir.resolve(eventName + "-" + region + ".json");
                    Files.writeString(file, "{\"Records\":[" + JSON.writeValueAsString(r) + "]}");
                    return file;
                }
            }
            throw new IllegalStateException("no " + eventName + " in " + region + " in the Panther test events");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records given as JSON objects, read as a trail file's would be. */
    static List<CloudTrailEvent> records(String... json) {
        try {
            return parse("{\"Records\":[" + String.join(",", json) + "]}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<CloudTrailEvent> parse(String json) throws IOException {
        List<CloudTrailEvent> out = new ArrayList<>();
        new CloudTrailReader().read("test", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                new RecordSink() {
                    @Override
                    public void event(CloudTrailEvent event, String source, SourceKind kind, long index) {
                        out.add(event);
                    }

                    @Override
                    public void digest(String source) {
                    }

                    @Override
                    public void problem(IngestProblem problem) {
                        throw new AssertionError(problem.describe());
                    }
                });
        return out;
    }
}
