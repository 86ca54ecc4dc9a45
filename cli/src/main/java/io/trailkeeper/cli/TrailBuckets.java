package io.trailkeeper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trailkeeper.store.EventQuery;
import io.trailkeeper.store.EventSearch;
import io.trailkeeper.store.EventStore;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The buckets the store knows to hold a trail's files: named by successful CreateTrail and UpdateTrail calls,
 * or read from by {@code collect s3}. Rules that guard the trail bucket get them as {@code %trail_buckets%}.
 */
final class TrailBuckets {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TrailBuckets() {
    }

    static List<String> of(EventStore store) {
        TreeSet<String> buckets = new TreeSet<>();
        EventSearch search = new EventSearch(store);
        EventQuery trailCalls = new EventQuery(null, null, null, List.of("CreateTrail", "UpdateTrail"), null, null,
                null, null, null, null, null, null, null);
        search.records(trailCalls, raw -> {
            try {
                JsonNode r = JSON.readTree(raw);
                String bucket = r.path("requestParameters").path("s3BucketName").asText("");
                if (!bucket.isBlank() && r.path("errorCode").isMissingNode()) {
                    buckets.add(bucket);
                }
            } catch (IOException e) {
                // a stored record is JSON; one that is not names no bucket
            }
        });
        buckets.addAll(search.collectedTrailBuckets());
        return List.copyOf(buckets);
    }

    /** The placeholder values for the rule loader. */
    static Map<String, List<String>> placeholders(EventStore store) {
        return Map.of(io.trailkeeper.detect.RuleLoader.TRAIL_BUCKETS, of(store));
    }
}
