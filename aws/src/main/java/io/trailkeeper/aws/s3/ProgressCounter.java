package io.trailkeeper.aws.s3;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A run's running totals, counted from many threads and reported to the listener one call at a time, so
 * that a progress bar never sees two updates at once.
 */
final class ProgressCounter {
    private final S3TrailCollector.Listener listener;
    final AtomicLong objectsListed = new AtomicLong();
    final AtomicLong bytesListed = new AtomicLong();
    final AtomicLong objectsSkipped = new AtomicLong();
    final AtomicLong objectsLoaded = new AtomicLong();
    final AtomicLong objectsFailed = new AtomicLong();
    final AtomicLong bytesLoaded = new AtomicLong();
    final AtomicLong events = new AtomicLong();
    final AtomicLong digests = new AtomicLong();
    final AtomicLong insightFiles = new AtomicLong();
    final AtomicLong problems = new AtomicLong();
    private volatile String listing = "";

    ProgressCounter(S3TrailCollector.Listener listener) {
        this.listener = listener;
    }

    void listing(String folder) {
        listing = folder;
    }

    void fetched(ObjectFetcher.Outcome outcome) {
        if (outcome.failure() == null) {
            objectsLoaded.incrementAndGet();
            if ("insight".equals(outcome.type())) {
                insightFiles.incrementAndGet();
            }
        } else {
            objectsFailed.incrementAndGet();
        }
        bytesLoaded.addAndGet(outcome.bytes());
        events.addAndGet(outcome.events());
        digests.addAndGet(outcome.digests());
        problems.addAndGet(outcome.problems());
    }

    synchronized void report() {
        listener.progress(new S3TrailCollector.Progress(listing, objectsListed.get(), bytesListed.get(),
                objectsSkipped.get(), objectsLoaded.get(), objectsFailed.get(), bytesLoaded.get(), events.get()));
    }
}
