package io.trailkeeper.store;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Rows of the events table as an Arrow stream that DuckDB pulls (through the C stream interface): the batches are
 * made in memory, in {@link EventVectors#SCHEMA}, so there is no source to read bytes from or to close. Subclasses
 * say how the next batch is filled ({@link #loadNextBatch}).
 */
abstract class EventStream extends ArrowReader {
    EventStream(BufferAllocator allocator) {
        super(allocator);
    }

    @Override
    public long bytesRead() {
        return 0;
    }

    @Override
    protected void closeReadSource() {
    }

    @Override
    protected Schema readSchema() {
        return EventVectors.SCHEMA;
    }
}
