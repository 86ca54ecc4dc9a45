package io.trailkeeper.store;

import java.nio.file.Path;
import java.util.List;

/** Runs one ingest in its own process, so that a test can kill it at any instant. */
public final class IngestProcess {
    private IngestProcess() {
    }

    public static void main(String[] args) {
        try (EventStore store = EventStore.openForWriting(Path.of(args[0]), EventStore.StoreOptions.defaults())) {
            System.out.println("started");
            System.out.flush();
            Ingest.Options options = Ingest.Options.defaults();
            // small batches: many commits, so that a kill lands between and inside them
            options = new Ingest.Options(options.threads(), false, options.maxRecordBytes(), 20_000);
            new Ingest(store, options, new Ingest.Listener() {
                @Override
                public void progress(long filesDone, long bytesDone, long records) {
                    System.out.println("records " + records);
                    System.out.flush();
                }
            }).run(List.of(Path.of(args[1])));
            System.out.println("finished");
        }
    }
}
