package io.trailkeeper.emulator;

import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.events.CloudTrailReader;
import io.trailkeeper.events.IngestProblem;
import io.trailkeeper.events.RecordSink;
import io.trailkeeper.events.SourceKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every region's event history: the scenario's records split by the region that recorded them
 * ({@code awsRegion}), in LookupEvents order (newest first), management events apart from Insights events.
 * Data and network-activity events are dropped at load: event history never holds them.
 *
 * <p>Immutable once built, so any number of request threads read it without locks.
 */
final class EventHistory {
    /** LookupEvents order: newest first; events of the same instant in load order. */
    static final Comparator<HistoryEvent> NEWEST_FIRST = Comparator.comparing(HistoryEvent::time).reversed()
            .thenComparingLong(HistoryEvent::sequence);
    private static final HistoryEvent[] NONE = new HistoryEvent[0];
    private static final int MAX_PROBLEMS = 1000;
    private static final int PENDING_LIMIT = 8 * 1024 * 1024;

    private final Map<String, HistoryEvent[]> management;
    private final Map<String, HistoryEvent[]> insights;
    private final long notServed;
    private final List<String> problems;

    private EventHistory(Map<String, HistoryEvent[]> management, Map<String, HistoryEvent[]> insights, long notServed,
                         List<String> problems) {
        this.management = management;
        this.insights = insights;
        this.notServed = notServed;
        this.problems = List.copyOf(problems);
    }

    /** A region's management events, or with {@code insight} its Insights events, newest first. */
    HistoryEvent[] events(String region, boolean insight) {
        return (insight ? insights : management).getOrDefault(region, NONE);
    }

    /** Management and Insights events per region, regions sorted. */
    Map<String, Integer> countsByRegion() {
        Map<String, Integer> counts = new TreeMap<>();
        management.forEach((region, events) -> counts.merge(region, events.length, Integer::sum));
        insights.forEach((region, events) -> counts.merge(region, events.length, Integer::sum));
        return counts;
    }

    long size() {
        return countsByRegion().values().stream().mapToLong(Integer::longValue).sum();
    }

    /** Records read but not part of any event history: data and network-activity events. */
    long notServed() {
        return notServed;
    }

    /** What could not be read or served, one line each (file, place, reason). */
    List<String> problems() {
        return problems;
    }

    /** Collects records in load order; the order breaks ties between events of the same second. */
    static final class Builder implements RecordSink {
        private final CloudTrailReader reader = new CloudTrailReader();
        private final Map<String, List<HistoryEvent>> management = new HashMap<>();
        private final Map<String, List<HistoryEvent>> insights = new HashMap<>();
        private final List<String> problems = new ArrayList<>();
        /** Records given in code, read in batches: one reader pass per record would cost more than the record. */
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private int pendingBatches;
        private long sequence;
        private long notServed;
        private long problemCount;

        void readFile(Path file) {
            readPending();
            reader.read(file, this);
        }

        /** Adds records in any shape; they are read, in order, before the next file or at {@link #build()}. */
        void addRecords(byte[] json) {
            pending.writeBytes(json);
            // a new line keeps a broken record from taking the next one with it (the reader resumes at a line)
            pending.write('\n');
            if (pending.size() > PENDING_LIMIT) {
                readPending();
            }
        }

        private void readPending() {
            if (pending.size() == 0) {
                return;
            }
            try {
                reader.read("records given in code (batch " + ++pendingBatches + ")",
                        new ByteArrayInputStream(pending.toByteArray()), this);
            } catch (IOException e) {
                throw new IllegalStateException("reading from memory failed", e);
            }
            pending.reset();
        }

        @Override
        public void event(CloudTrailEvent event, String source, SourceKind kind, long index) {
            String where = source + ": record " + index;
            if (event.eventTime() == null) {
                addProblem(where + ": no readable eventTime; not served");
                return;
            }
            if (event.awsRegion() == null) {
                addProblem(where + ": no awsRegion, so no region's event history holds it; not served");
                return;
            }
            String category = event.eventCategory();
            boolean insight = "Insight".equals(category);
            if (!insight && ("Data".equals(category) || "NetworkActivity".equals(category)
                    || Boolean.FALSE.equals(event.managementEvent()))) {
                notServed++;
                return;
            }
            LookupFields fields = LookupFields.of(event.raw());
            Boolean readOnly = event.readOnly();
            HistoryEvent served = new HistoryEvent(event.eventTime(), sequence++, event.eventId(),
                    insight && event.eventName() == null ? fields.insightEventName : event.eventName(),
                    readOnly == null ? null : readOnly.toString(), event.accessKeyId(),
                    insight && event.eventSource() == null ? fields.insightEventSource : event.eventSource(),
                    fields.username, fields.resources, event.raw());
            (insight ? insights : management).computeIfAbsent(event.awsRegion(), r -> new ArrayList<>()).add(served);
        }

        @Override
        public void digest(String source) {
            // a digest file among the records is not an event; nothing to serve
        }

        @Override
        public void problem(IngestProblem problem) {
            if (problem.outcome() != IngestProblem.Outcome.STORED) {
                addProblem(problem.describe());
            }
        }

        private void addProblem(String line) {
            if (problemCount++ < MAX_PROBLEMS) {
                problems.add(line);
            } else if (problemCount == MAX_PROBLEMS + 1) {
                problems.add("... more problems not listed");
            }
        }

        EventHistory build() {
            readPending();
            return new EventHistory(sorted(management), sorted(insights), notServed, problems);
        }

        private static Map<String, HistoryEvent[]> sorted(Map<String, List<HistoryEvent>> byRegion) {
            Map<String, HistoryEvent[]> out = new HashMap<>();
            byRegion.forEach((region, events) -> {
                HistoryEvent[] array = events.toArray(NONE);
                Arrays.sort(array, NEWEST_FIRST);
                out.put(region, array);
            });
            return out;
        }
    }
}
