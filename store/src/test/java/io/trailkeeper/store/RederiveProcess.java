package io.trailkeeper.store;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs one rederive in its own process, in small steps, so that a test can kill it between and inside them. Arguments:
 * the store, the chunks a step, and optionally the turns (milliseconds held, milliseconds let go) to open it in.
 */
public final class RederiveProcess {
    private RederiveProcess() {
    }

    public static void main(String[] args) {
        Path path = Path.of(args[0]);
        int stepChunks = Integer.parseInt(args[1]);
        Rederive.Listener listener = new Rederive.Listener() {
            @Override
            public void progress(long eventsDone) {
                System.out.println("events " + eventsDone);
                System.out.flush();
            }
        };
        if (args.length > 2) {
            Rederive.Turns turns = new Rederive.Turns(() -> EventStore.openForWriting(path,
                    EventStore.StoreOptions.defaults().withBusyTimeout(Duration.ofSeconds(60))),
                    Duration.ofMillis(Long.parseLong(args[2])), Duration.ofMillis(Long.parseLong(args[3])));
            new Rederive(null, turns, listener, stepChunks).run();
        } else {
            try (EventStore store = EventStore.openForWriting(path, EventStore.StoreOptions.defaults())) {
                new Rederive(store, null, listener, stepChunks).run();
            }
        }
        System.out.println("finished");
    }
}
