package io.trailkeeper.cli;

import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.events.CloudTrailReader;
import io.trailkeeper.events.IngestProblem;
import io.trailkeeper.events.RecordSink;
import io.trailkeeper.events.SourceKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Turns a stored record (compact JSON) back into a {@link CloudTrailEvent} for the rule engines. */
final class RecordParser implements RecordSink {
    private final CloudTrailReader reader = new CloudTrailReader();
    private CloudTrailEvent last;

    CloudTrailEvent parse(byte[] raw) {
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
