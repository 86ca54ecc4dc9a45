package io.trailkeeper.cli;

import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.events.CloudTrailReader;
import io.trailkeeper.events.IngestProblem;
import io.trailkeeper.events.RecordSink;
import io.trailkeeper.events.SourceKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/**
 * Stored records (compact JSON) turned back into events in batches, in order: a batch is read as one JSON array,
 * so the reader's buffers are set up once per batch instead of once per record, which is most of the time a
 * record takes on its own. Close it to read the last batch.
 */
final class RecordBatches implements RecordSink, AutoCloseable {
    private static final int BATCH_BYTES = 1 << 20;
    private final CloudTrailReader reader = new CloudTrailReader();
    private final ByteArrayOutputStream batch = new ByteArrayOutputStream(BATCH_BYTES + (64 << 10));
    private final Consumer<CloudTrailEvent> out;

    RecordBatches(Consumer<CloudTrailEvent> out) {
        this.out = out;
    }

    void add(byte[] raw) {
        batch.write(batch.size() == 0 ? '[' : ',');
        batch.writeBytes(raw);
        if (batch.size() >= BATCH_BYTES) {
            flush();
        }
    }

    private void flush() {
        if (batch.size() == 0) {
            return;
        }
        batch.write(']');
        try {
            reader.read("store", new ByteArrayInputStream(batch.toByteArray()), this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        batch.reset();
    }

    @Override
    public void close() {
        flush();
    }

    @Override
    public void event(CloudTrailEvent event, String source, SourceKind kind, long index) {
        out.accept(event);
    }

    @Override
    public void digest(String source) {
    }

    @Override
    public void problem(IngestProblem problem) {
        // a stored record was read once already; one that no longer reads as a record names no event
    }
}
