package io.trailkeeper.cli;

import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.events.CollectSink;
import io.trailkeeper.events.CollectedBatch;
import io.trailkeeper.events.ForwardingCollectSink;
import java.time.Instant;

/**
 * A collection's sink that also notes the earliest event time it was given. {@code watch} detects over the
 * events of its look-back window, and a trail file delivered late, or read only once its bucket could be read
 * again, brings events older than that window: the window must reach back to them, or their alerts are lost.
 */
final class CollectedTimes extends ForwardingCollectSink {
    private Instant earliest;

    CollectedTimes(CollectSink sink) {
        super(sink);
    }

    /** The earliest time of an event written through this sink, or null when none (or none with a time). */
    synchronized Instant earliest() {
        return earliest;
    }

    @Override
    public void write(CollectedBatch batch) {
        Instant first = null;
        for (CloudTrailEvent e : batch.events()) {
            Instant t = e.eventTime();
            if (t != null && (first == null || t.isBefore(first))) {
                first = t;
            }
        }
        super.write(batch);
        if (first != null) {
            synchronized (this) {
                earliest = earliest == null || first.isBefore(earliest) ? first : earliest;
            }
        }
    }
}
