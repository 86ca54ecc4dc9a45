package io.trailkeeper.store;

import io.trailkeeper.store.lake.DelegatingLakeTarget;
import io.trailkeeper.store.lake.LakeExport;
import io.trailkeeper.store.lake.LakeTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Runs prune as the command does (its export, then the moves) in its own process, printing "exported" once the lake's
 * files are written and "checking FILE" as each is read back before its partition leaves the store, so that a test
 * can kill it between writing the lake and deleting from the store, and during the moves.
 */
public final class PruneProcess {
    private PruneProcess() {
    }

    /** args: store, lake, now (an ISO instant), hot days, total days. */
    public static void main(String[] args) {
        Path store = Path.of(args[0]);
        Clock clock = Clock.fixed(Instant.parse(args[2]), ZoneOffset.UTC);
        RetentionPolicy policy = new RetentionPolicy(Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        LakeTarget lake = new DelegatingLakeTarget(Path.of(args[1])) {
            @Override
            public <T> T read(String relative, Reading<T> check) throws IOException {
                System.out.println("checking " + relative);
                System.out.flush();
                return super.read(relative, check);
            }
        };
        new LakeExport(() -> EventStore.openForWriting(store, EventStore.StoreOptions.defaults()), lake, clock,
                Duration.ofSeconds(30)).run(null, Prune.hotFrom(policy, clock).minusDays(1),
                        Prune.exported(policy, clock), LakeExport.Listener.NONE);
        System.out.println("exported");
        System.out.flush();
        try (EventStore s = EventStore.openForWriting(store, EventStore.StoreOptions.defaults())) {
            new Prune(s, lake, policy, clock).run();
        }
        System.out.println("finished");
    }
}
