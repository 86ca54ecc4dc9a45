package io.trailkeeper.events;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns a stored record (compact JSON) back into a {@link CloudTrailEvent}, for the rule engines; null when the
 * record holds no event. Not for use by several threads at once.
 */
public final class RecordParser implements RecordSink {
    private final CloudTrailReader reader = new CloudTrailReader();
    private CloudTrailEvent last;

    public CloudTrailEvent parse(byte[] raw) {
        last = null;
        try {
            reader.read("store", new ByteArrayInputStream(raw), this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return last;
    }

    @Override
    public void event(CloudTrailEvent event, String source, SourceKind kind, long index) {
        last = event;
    }

    @Override
    public void digest(String source) {
    }

    @Override
    public void problem(IngestProblem problem) {
    }
}
