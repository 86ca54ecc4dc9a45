package io.trailkeeper.events;

import java.util.List;
import java.util.Map;

/**
 * A sink in front of another that hands it everything: a sink that also watches what passes overrides only what
 * it watches (usually {@link #write}) and calls the method here to pass it on.
 */
public abstract class ForwardingCollectSink implements CollectSink {
    private final CollectSink sink;

    protected ForwardingCollectSink(CollectSink sink) {
        this.sink = sink;
    }

    @Override
    public void write(CollectedBatch batch) {
        sink.write(batch);
    }

    @Override
    public void coverage(Coverage coverage) {
        sink.coverage(coverage);
    }

    @Override
    public void flush() {
        sink.flush();
    }

    @Override
    public List<TimeWindow> lookupDone(String account, String region, String category) {
        return sink.lookupDone(account, region, category);
    }

    @Override
    public Map<String, String> s3Loaded(String bucket) {
        return sink.s3Loaded(bucket);
    }
}
