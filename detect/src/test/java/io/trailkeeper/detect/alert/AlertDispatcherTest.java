package io.trailkeeper.detect.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AlertDispatcherTest {
    static final AlertDispatcher.Options FAST = new AlertDispatcher.Options(100, Duration.ofMillis(10),
            Duration.ofMillis(50), Duration.ofSeconds(5));

    /** A sink that is down (retryable failures) until told otherwise, and records what it took. */
    static class FlakySink implements AlertSink {
        final List<Alert> taken = new CopyOnWriteArrayList<>();
        volatile boolean down;
        volatile int attempts;

        FlakySink(boolean down) {
            this.down = down;
        }

        @Override
        public String name() {
            return "flaky";
        }

        @Override
        public void send(Alert alert) {
            attempts++;
            if (down) {
                throw new AlertDeliveryException("flaky is down", true);
            }
            taken.add(alert);
        }
    }

    @Test
    void aSinkDownForAWholeRunKeepsItsAlertsPendingAndGetsThemNextRun() {
        MemoryAlertState state = new MemoryAlertState();
        FlakySink flaky = new FlakySink(true);
        StringWriter out = new StringWriter();
        AlertDispatcher.Options shortClose = new AlertDispatcher.Options(100, Duration.ofMillis(10),
                Duration.ofMillis(50), Duration.ofMillis(300));
        List<AlertDispatcher.SinkStatus> ended;
        try (AlertDispatcher alerts = new AlertDispatcher(List.of(new StdoutSink(new PrintWriter(out)), flaky), state,
                shortClose)) {
            assertEquals(3, alerts.raise(AlertSamples.matches(3)).size());
            ended = alerts.closeAndReport();
        }
        assertEquals(3, out.toString().lines().count());
        assertTrue(flaky.attempts > 1, "retried with backoff: " + flaky.attempts);
        assertEquals(List.of(), state.pending("stdout"));
        assertEquals(3, state.pending("flaky").size());
        assertEquals("flaky is down", ended.get(1).lastError());
        assertEquals(0, ended.get(1).delivered());

        // the next run: the same events match again (raised once) and the sink is back
        flaky.down = false;
        try (AlertDispatcher alerts = new AlertDispatcher(List.of(new StdoutSink(new PrintWriter(out)), flaky), state,
                FAST)) {
            assertEquals(List.of(), alerts.raise(AlertSamples.matches(3)));
        }
        assertEquals(3, flaky.taken.size());
        assertEquals(3, flaky.taken.stream().map(Alert::key).distinct().count());
        assertEquals(List.of(), state.pending("flaky"));
        assertEquals(3, out.toString().lines().count(), "stdout got each alert once");
    }

    @Test
    void aSinkThatComesBackDuringTheRunGetsEverythingInOrder() throws Exception {
        MemoryAlertState state = new MemoryAlertState();
        FlakySink flaky = new FlakySink(true);
        try (AlertDispatcher alerts = new AlertDispatcher(List.of(flaky), state, FAST)) {
            alerts.raise(AlertSamples.matches(5));
            Thread.sleep(100);
            flaky.down = false;
        }
        assertEquals(state.pending("nobody").size(), 0);
        assertEquals(5, flaky.taken.size());
        assertEquals(AlertSamples.matches(5).stream().map(Alert::of).toList(), flaky.taken);
    }

    @Test
    void aSlowSinkNeverHoldsUpRaisingNorTheOtherSinks() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AlertSink slow = new FunctionSink("slow", json -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        FlakySink fast = new FlakySink(false);
        MemoryAlertState state = new MemoryAlertState();
        AlertDispatcher.Options tiny = new AlertDispatcher.Options(2, Duration.ofMillis(10), Duration.ofMillis(50),
                Duration.ofSeconds(5));
        try (AlertDispatcher alerts = new AlertDispatcher(List.of(slow, fast), state, tiny)) {
            long start = System.nanoTime();
            alerts.raise(AlertSamples.matches(20));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "raise returned at once");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (fast.taken.size() < 20 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertEquals(20, fast.taken.size());
            assertEquals(20, state.pending("slow").size());
            release.countDown();
        }
        // alerts beyond the slow sink's queue of 2 were read back from the state once it drained
        assertEquals(List.of(), state.pending("slow"));
    }

    @Test
    void aRefusedAlertIsNotRetriedInTheSameRunButStaysPending() {
        MemoryAlertState state = new MemoryAlertState();
        List<String> seen = new CopyOnWriteArrayList<>();
        AlertSink refusing = new FunctionSink("refusing", json -> {
            seen.add(json);
            throw new AlertDeliveryException("HTTP 400", false);
        });
        try (AlertDispatcher alerts = new AlertDispatcher(List.of(refusing), state, FAST)) {
            alerts.raise(AlertSamples.matches(2));
            alerts.retryPending();
        }
        assertEquals(2, seen.size());
        assertEquals(2, state.pending("refusing").size());
        assertEquals("HTTP 400", state.lastError(state.pending("refusing").get(0), "refusing"));
    }

    @Test
    void twoSinksWithOneNameAreRefused() {
        FlakySink a = new FlakySink(false);
        assertThrows(IllegalArgumentException.class,
                () -> new AlertDispatcher(List.of(a, a), new MemoryAlertState(), FAST));
    }

    /**
     * Alerts beyond a sink's queue are read back from the state a queue's worth at a time: a first watch round over
     * a large store raises a million, and reading all of them back at once held them all.
     */
    @Test
    void alertsBeyondTheQueueAreReadBackAQueuesWorthAtATime() {
        int[] largestRead = {0};
        MemoryAlertState memory = new MemoryAlertState();
        AlertState state = new AlertState() {
            @Override
            public List<Alert> raise(List<Alert> alerts, java.util.Collection<String> sinks) {
                return memory.raise(alerts, sinks);
            }

            @Override
            public List<Alert> pending(String sink) {
                return read(memory.pending(sink));
            }

            @Override
            public List<Alert> pending(String sink, int limit) {
                return read(memory.pending(sink, limit));
            }

            private List<Alert> read(List<Alert> alerts) {
                synchronized (largestRead) {
                    largestRead[0] = Math.max(largestRead[0], alerts.size());
                }
                return alerts;
            }

            @Override
            public void delivered(Alert alert, String sink) {
                memory.delivered(alert, sink);
            }

            @Override
            public void failed(Alert alert, String sink, String error) {
                memory.failed(alert, sink, error);
            }
        };
        FlakySink sink = new FlakySink(false);
        AlertDispatcher.Options options = new AlertDispatcher.Options(50, Duration.ofMillis(10),
                Duration.ofMillis(50), Duration.ofSeconds(20));
        try (AlertDispatcher alerts = new AlertDispatcher(List.of(sink), state, options)) {
            List<io.trailkeeper.detect.Match> many = new java.util.ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                many.add(AlertSamples.match("StopLogging" + i, i % 60));
            }
            assertEquals(2_000, alerts.raise(many).size());
        }
        assertEquals(2_000, sink.taken.size(), "every alert delivered");
        assertEquals(2_000, sink.taken.stream().map(Alert::key).distinct().count());
        assertEquals(List.of(), memory.pending("flaky"));
        assertTrue(largestRead[0] <= 50, "read back at once: " + largestRead[0]);
    }

    /** A state that counts what it is told, around one in memory. */
    static class CountingState implements AlertState {
        final MemoryAlertState memory = new MemoryAlertState();
        final List<Integer> deliveredBatches = new CopyOnWriteArrayList<>();
        final List<String> deliveredKeys = new CopyOnWriteArrayList<>();

        @Override
        public List<Alert> raise(List<Alert> alerts, java.util.Collection<String> sinks) {
            return memory.raise(alerts, sinks);
        }

        @Override
        public List<Alert> pending(String sink, int limit) {
            return memory.pending(sink, limit);
        }

        @Override
        public void delivered(Alert alert, String sink) {
            delivered(List.of(alert), sink);
        }

        @Override
        public void delivered(List<Alert> alerts, String sink) {
            deliveredBatches.add(alerts.size());
            alerts.forEach(a -> deliveredKeys.add(a.key()));
            memory.delivered(alerts, sink);
        }

        @Override
        public void failed(Alert alert, String sink, String error) {
            memory.failed(alert, sink, error);
        }
    }

    /**
     * What a sink took is told to the state a batch at a time: a state in the store took a transaction per alert, which
     * cost more than most sinks (1.46 million alerts of a first watch round, told one at a time, took hours).
     */
    @Test
    void deliveriesAreToldToTheStateABatchAtATime() throws Exception {
        CountingState state = new CountingState();
        CountDownLatch raised = new CountDownLatch(1);
        FlakySink sink = new FlakySink(false) {
            @Override
            public void send(Alert alert) {
                try {
                    raised.await(10, TimeUnit.SECONDS); // the queue fills meanwhile
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.send(alert);
            }
        };
        AlertDispatcher.Options options = new AlertDispatcher.Options(1_000, Duration.ofMillis(10),
                Duration.ofMillis(50), Duration.ofSeconds(20));
        List<io.trailkeeper.detect.Match> many = new java.util.ArrayList<>();
        for (int i = 0; i < 500; i++) {
            many.add(AlertSamples.match("StopLogging" + i, i % 60));
        }
        try (AlertDispatcher alerts = new AlertDispatcher(List.of(sink), state, options)) {
            assertEquals(500, alerts.raise(many).size());
            raised.countDown();
        }
        assertEquals(500, sink.taken.size());
        assertEquals(List.of(), state.memory.pending("flaky"));
        assertEquals(500, state.deliveredKeys.stream().distinct().count(), "each told once: " + state.deliveredKeys);
        assertEquals(500, state.deliveredKeys.size());
        assertTrue(state.deliveredBatches.size() <= 2, "told in " + state.deliveredBatches);
    }

    /**
     * An alert raised while its sink reads back what is pending is delivered once: the read sees it raised, and raising
     * then offers it too. The sink remembered every alert it delivered in the run for this (1.46 million keys in a
     * first watch round over a large store); reading back and raising take turns instead.
     */
    @Test
    void anAlertRaisedWhileTheSinkReadsBackIsDeliveredOnce() throws Exception {
        FlakySink sink = new FlakySink(false);
        AlertDispatcher[] dispatcher = new AlertDispatcher[1];
        CountingState state = new CountingState() {
            @Override
            public List<Alert> raise(List<Alert> alerts, java.util.Collection<String> sinks) {
                List<Alert> fresh = super.raise(alerts, sinks);
                // raised in the state, not offered yet: the sink reads back now, if it may
                dispatcher[0].retryPending();
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                while (sink.taken.isEmpty() && System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                return fresh;
            }
        };
        try (AlertDispatcher alerts = new AlertDispatcher(List.of(sink), state, FAST)) {
            dispatcher[0] = alerts;
            Thread.sleep(100); // the sink's first read back (nothing pending) is over
            assertEquals(1, alerts.raise(AlertSamples.matches(1)).size());
        }
        assertEquals(1, sink.taken.size(), "delivered once: " + sink.taken);
        assertEquals(List.of(), state.memory.pending("flaky"));
    }
}
