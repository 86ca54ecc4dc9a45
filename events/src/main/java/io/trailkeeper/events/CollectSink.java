package io.trailkeeper.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where collectors put what they collect, and where they learn what earlier runs collected already. The
 * store implements it; collectors (module aws) know only this interface. Implementations are thread-safe:
 * collectors call them from many threads.
 */
public interface CollectSink {
    /**
     * Takes a batch. It becomes durable (records and checkpoint together) at the latest when {@link #flush()}
     * or close returns; a batch accepted but not yet durable when the process dies is simply collected again.
     */
    void write(CollectedBatch batch);

    /** Records a window the collector could or could not read. */
    void coverage(Coverage coverage);

    /** Makes everything written so far durable. */
    void flush();

    /**
     * The windows of a region's event history read completely by earlier runs, merged and sorted by start.
     *
     * @param category {@code management} or {@code insight}
     */
    List<TimeWindow> lookupDone(String account, String region, String category);

    /** S3 objects of the bucket already loaded completely: key to ETag (empty string when unknown). */
    Map<String, String> s3Loaded(String bucket);

    /** A closed window of time, both ends inclusive. */
    record TimeWindow(Instant from, Instant to) {
        public TimeWindow {
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("window ends before it starts: " + from + " .. " + to);
            }
        }
    }
}
