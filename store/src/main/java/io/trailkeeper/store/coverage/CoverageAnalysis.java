package io.trailkeeper.store.coverage;

import io.trailkeeper.store.EventStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** What the store can and cannot answer for, per region and day. (Being written: see issue 6.) */
public final class CoverageAnalysis {
    private final EventStore store;
    private final Clock clock;

    public CoverageAnalysis(EventStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Why an answer about events in [since, until] may be incomplete, one short reason each; empty when the
     * store saw everything. {@code regions} empty means any region; {@code needsDataEvents} when the question
     * is about data events (S3 object reads, Lambda invocations).
     */
    public List<String> caveats(Instant since, Instant until, Set<String> regions, boolean needsDataEvents) {
        throw new UnsupportedOperationException("not written yet");
    }
}
