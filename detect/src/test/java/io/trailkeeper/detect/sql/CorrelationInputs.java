package io.trailkeeper.detect.sql;

import io.trailkeeper.detect.SigmaRule;
import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.events.CloudTrailReader;
import io.trailkeeper.events.IngestProblem;
import io.trailkeeper.events.RecordSink;
import io.trailkeeper.events.SourceKind;
import io.trailkeeper.store.EventQuery;
import io.trailkeeper.store.EventSearch;
import io.trailkeeper.store.EventStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the correlation differential tests share: the rules a correlation needs, and the stored events. */
final class CorrelationInputs {
    private CorrelationInputs() {
    }

    /** Adds the rule and every rule it names, transitively; false when one is missing. */
    static boolean uses(SigmaRule rule, Map<String, SigmaRule> byName, List<SigmaRule> used, int depth) {
        if (depth > 16) {
            return false;
        }
        if (!used.contains(rule)) {
            used.add(rule);
        }
        if (rule.correlation() == null) {
            return true;
        }
        for (String x : rule.correlation().rules()) {
            SigmaRule inner = byName.get(x);
            if (inner == null || !uses(inner, byName, used, depth + 1)) {
                return false;
            }
        }
        return true;
    }

    static List<CloudTrailEvent> read(EventStore store) {
        List<CloudTrailEvent> events = new ArrayList<>();
        CloudTrailReader reader = new CloudTrailReader();
        RecordSink sink = new RecordSink() {
            @Override
            public void event(CloudTrailEvent event, String source, SourceKind kind, long index) {
                events.add(event);
            }

            @Override
            public void digest(String source) {
            }

            @Override
            public void problem(IngestProblem problem) {
                if (problem.outcome() != IngestProblem.Outcome.STORED) {
                    throw new IllegalStateException("a stored record does not read back: " + problem);
                }
            }
        };
        new EventSearch(store).records(EventQuery.all(), raw -> {
            byte[] wrapped = ("{\"Records\":[" + new String(raw, StandardCharsets.UTF_8) + "]}")
                    .getBytes(StandardCharsets.UTF_8);
            try {
                reader.read("store", new ByteArrayInputStream(wrapped), sink);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return events;
    }
}
