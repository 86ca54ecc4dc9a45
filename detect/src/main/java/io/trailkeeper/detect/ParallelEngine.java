package io.trailkeeper.detect;

import io.trailkeeper.events.CloudTrailEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The in-memory engine on several threads: each batch of events is cut into consecutive slices that engines
 * of their own (one a thread) evaluate against the detection rules at once; then, on the calling thread and
 * in event order, their matches go out and the matches that correlations count go to one engine that runs the
 * correlations. The output is the same, in the same order, as one {@link InMemoryEngine} given the events one
 * by one.
 *
 * <p>Not thread-safe itself: one caller at a time. Close it to stop its threads.
 */
public final class ParallelEngine implements AutoCloseable {
    /** What one slice found, in event order: matches to deliver and correlated hits to count. */
    private static final class Found {
        final List<Object> items = new ArrayList<>();
    }

    private record Hit(SigmaRule rule, CloudTrailEvent event) {
    }

    private final InMemoryEngine correlating;
    private final InMemoryEngine[] workers;
    private final ExecutorService pool;

    /** An engine over the rules on {@code threads} threads (the calling one among them). */
    public ParallelEngine(List<SigmaRule> rules, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: " + threads);
        }
        correlating = new InMemoryEngine(rules);
        workers = new InMemoryEngine[threads];
        workers[0] = correlating;
        for (int i = 1; i < threads; i++) {
            workers[i] = new InMemoryEngine(rules);
        }
        pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "trailkeeper-detect");
            t.setDaemon(true);
            return t;
        });
    }

    public ParallelEngine(RuleSet rules, int threads) {
        this(rules.rules(), threads);
    }

    /** Evaluates every detection rule against the events; matches go to {@code out}, in event order. */
    public void accept(List<CloudTrailEvent> events, Consumer<Match> out) {
        int n = events.size();
        int slices = Math.min(workers.length, Math.max(1, n / 64));
        if (slices == 1) {
            for (CloudTrailEvent e : events) {
                correlating.accept(e, out);
            }
            return;
        }
        Found[] found = new Found[slices];
        List<Future<?>> running = new ArrayList<>(slices - 1);
        Runnable first = null;
        for (int s = 0; s < slices; s++) {
            Found f = new Found();
            found[s] = f;
            InMemoryEngine engine = workers[s];
            List<CloudTrailEvent> slice = events.subList((int) ((long) n * s / slices),
                    (int) ((long) n * (s + 1) / slices));
            Runnable task = () -> {
                for (CloudTrailEvent e : slice) {
                    engine.detect(e, f.items::add, (rule, event) -> f.items.add(new Hit(rule, event)));
                }
            };
            if (s == 0) {
                first = task;
            } else {
                running.add(pool.submit(task));
            }
        }
        first.run(); // the calling thread takes the first slice
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while detecting", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
        for (Found f : found) {
            for (Object item : f.items) {
                if (item instanceof Match m) {
                    out.accept(m);
                } else {
                    Hit h = (Hit) item;
                    correlating.hit(h.rule(), h.event());
                }
            }
        }
    }

    /** Evaluates the correlation rules over the matches collected since the last call (see {@link InMemoryEngine#finish}). */
    public void finish(Consumer<Match> out) {
        correlating.finish(out);
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
