package io.trailkeeper.store;

import java.nio.file.Path;

/** Runs one rederive in its own process, in small steps, so that a test can kill it between and inside them. */
public final class RederiveProcess {
    private RederiveProcess() {
    }

    public static void main(String[] args) {
        try (EventStore store = EventStore.openForWriting(Path.of(args[0]), EventStore.StoreOptions.defaults())) {
            new Rederive(store, new Rederive.Listener() {
                @Override
                public void progress(long eventsDone) {
                    System.out.println("events " + eventsDone);
                    System.out.flush();
                }
            }, Integer.parseInt(args[1])).run();
            System.out.println("finished");
        }
    }
}
