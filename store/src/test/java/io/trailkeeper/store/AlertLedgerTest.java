package io.trailkeeper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertLedgerTest {
    private static final Instant NOW = Instant.parse("2024-03-01T23:30:00Z");

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("store.duckdb");
    }

    private AlertLedger ledger() {
        return new AlertLedger(file(), EventStore.StoreOptions.defaults().withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    private static AlertLedger.NewAlert alert(String key) {
        return new AlertLedger.NewAlert(key, "rule-1", List.of("hash-" + key),
                Instant.parse("2024-03-01T23:59:59Z"), "{\"key\":\"" + key + "\"}");
    }

    @Test
    void anAlertIsRaisedOnceEvenAcrossReopeningTheStore() {
        assertTrue(ledger().raise(alert("a"), List.of("stdout")));
        assertFalse(ledger().raise(alert("a"), List.of("stdout")));
        assertEquals(List.of("b"), ledger().raise(List.of(alert("a"), alert("b"), alert("b")), List.of("stdout")));
        try (EventStore store = TestStores.open(dir)) {
            assertEquals(2, TestStores.scalar(store, "SELECT count(*) FROM alerts"));
            assertEquals(2, TestStores.scalar(store, "SELECT count(*) FROM alert_deliveries"));
            // the event time is kept in UTC, whatever the machine's zone (tests run in Pacific/Chatham)
            assertEquals(1, TestStores.scalar(store, "SELECT count(*) FROM alerts"
                    + " WHERE event_time = TIMESTAMP '2024-03-01 23:59:59' AND alert_key = 'a'"));
            assertEquals(1, TestStores.scalar(store, "SELECT len(record_hashes) FROM alerts WHERE alert_key = 'a'"));
        }
    }

    private static AlertLedger.NewAlert correlation(String rule, String... hashes) {
        return new AlertLedger.NewAlert(rule + "/" + String.join("+", hashes), rule, List.of(hashes),
                Instant.parse("2024-03-01T23:59:59Z"), "{}");
    }

    @Test
    void aCorrelationFiringOnAnotherSetOfTheSameEventsIsNotRaisedAgain() {
        assertTrue(ledger().raise(correlation("burst", "h1", "h2", "h3"), List.of("stdout")));
        // a later round whose look-back starts after h1, or a late event h0: the same incident, also after a restart
        assertFalse(ledger().raise(correlation("burst", "h2", "h3", "h4"), List.of("stdout")));
        assertFalse(ledger().raise(correlation("burst", "h0", "h1", "h2"), List.of("stdout")));
        // another burst, and another rule over the same events, are alerts of their own
        assertEquals(List.of("burst/h5+h6+h7", "other/h1+h2+h3"), ledger().raise(List.of(
                correlation("burst", "h5", "h6", "h7"), correlation("burst", "h7", "h8", "h9"),
                correlation("other", "h1", "h2", "h3")), List.of("stdout")));
        // a detection's alert is one record: its key alone tells it
        assertTrue(ledger().raise(new AlertLedger.NewAlert("burst/h1", "burst", List.of("h1"), null, "{}"),
                List.of("stdout")));
    }

    @Test
    void aBatchRaisesExactlyItsNewAlertsInTheOrderGiven() {
        ledger().raise(List.of(alert("old"), correlation("burst", "h1", "h2")), List.of("stdout"));
        List<AlertLedger.NewAlert> batch = List.of(
                alert("z"),
                alert("old"),                                  // its key was raised before
                correlation("burst", "h2", "h3"),              // shares h2 with a burst raised before
                correlation("burst", "h4", "h5"),
                alert("z"),                                    // its key earlier in this batch
                correlation("burst", "h5", "h6"),              // shares h5 with the burst just raised
                correlation("burst", "h6", "h7"),              // h6 was only in the one not raised: new
                correlation("other", "h2", "h3"),              // another rule
                alert("a"));
        assertEquals(List.of("z", "burst/h4+h5", "burst/h6+h7", "other/h2+h3", "a"),
                ledger().raise(batch, List.of("stdout", "jsonl:a.jsonl")));
        assertEquals(List.of(), ledger().raise(batch, List.of("stdout", "jsonl:a.jsonl")));
        try (EventStore store = TestStores.open(dir)) {
            assertEquals(7, TestStores.scalar(store, "SELECT count(*) FROM alerts"));
            assertEquals(2 + 5 * 2, TestStores.scalar(store, "SELECT count(*) FROM alert_deliveries"));
            assertEquals(1, TestStores.scalar(store, "SELECT count(*) FROM alerts WHERE alert_key = 'burst/h6+h7'"
                    + " AND record_hashes = ['h6', 'h7'] AND payload::VARCHAR = '{}'"));
        }
        assertEquals(List.of("a", "burst/h4+h5", "burst/h6+h7", "other/h2+h3", "z"), ledger().pending("jsonl:a.jsonl")
                .stream().map(AlertLedger.PendingAlert::key).toList());
    }

    @Test
    void deliveriesAreRecordedABatchAtATime() {
        AlertLedger ledger = ledger();
        ledger.raise(List.of(alert("a"), alert("b"), alert("c"), alert("d")), List.of("stdout", "webhook:example"));
        ledger.delivered(List.of("a"), "stdout");
        ledger.failed(List.of("b", "c", "c"), "webhook:example", "HTTP 503");
        ledger.delivered(List.of("a", "b", "b", "d"), "stdout");
        ledger.failed(List.of("a", "b"), "stdout", "too late: delivered");
        ledger.failed(List.of("a", "b"), "sns:topic", "down");

        AlertLedger reopened = ledger();
        assertEquals(List.of("c"), reopened.pending("stdout").stream().map(AlertLedger.PendingAlert::key).toList());
        assertEquals(List.of(new AlertLedger.PendingAlert("a", "{\"key\":\"a\"}", 0, null),
                new AlertLedger.PendingAlert("b", "{\"key\":\"b\"}", 1, "HTTP 503"),
                new AlertLedger.PendingAlert("c", "{\"key\":\"c\"}", 1, "HTTP 503"),
                new AlertLedger.PendingAlert("d", "{\"key\":\"d\"}", 0, null)), reopened.pending("webhook:example"));
        // a sink added later: its failures are remembered, and what it took then is no longer pending there
        assertEquals(List.of("a", "b"), reopened.pending("sns:topic").stream().map(AlertLedger.PendingAlert::key)
                .toList());
        reopened.delivered(List.of("b", "c"), "sns:topic");
        assertEquals(List.of("a"), reopened.pending("sns:topic").stream().map(AlertLedger.PendingAlert::key).toList());
        try (EventStore store = TestStores.open(dir)) {
            assertEquals(1, TestStores.scalar(store, "SELECT count(*) FROM alert_deliveries WHERE alert_key = 'a'"
                    + " AND sink = 'stdout' AND attempts = 1 AND delivered_at IS NOT NULL AND last_error IS NULL"));
            assertEquals(1, TestStores.scalar(store, "SELECT count(*) FROM alert_deliveries WHERE alert_key = 'b'"
                    + " AND sink = 'sns:topic' AND attempts = 2 AND delivered_at IS NOT NULL AND last_error = 'down'"));
            assertEquals(1, TestStores.scalar(store, "SELECT count(*) FROM alert_deliveries WHERE alert_key = 'c'"
                    + " AND sink = 'sns:topic' AND attempts = 1 AND delivered_at IS NOT NULL"));
        }
        reopened.delivered(List.of(), "stdout");
    }

    @Test
    void anAlertStaysPendingForASinkUntilDeliveredThere() {
        AlertLedger ledger = ledger();
        ledger.raise(List.of(alert("a"), alert("b")), List.of("stdout", "webhook:example"));
        ledger.failed("a", "webhook:example", "HTTP 503");
        ledger.failed("a", "webhook:example", "HTTP 502");
        ledger.delivered("a", "stdout");
        ledger.delivered("b", "stdout");

        AlertLedger reopened = ledger();
        assertEquals(List.of(), reopened.pending("stdout"));
        List<AlertLedger.PendingAlert> pending = reopened.pending("webhook:example");
        assertEquals(List.of("a", "b"), pending.stream().map(AlertLedger.PendingAlert::key).toList());
        assertEquals(new AlertLedger.PendingAlert("a", "{\"key\":\"a\"}", 2, "HTTP 502"), pending.get(0));

        reopened.delivered("a", "webhook:example");
        reopened.delivered("a", "webhook:example");
        assertEquals(List.of("b"), reopened.pending("webhook:example").stream()
                .map(AlertLedger.PendingAlert::key).toList());
    }

    @Test
    void aSinksPendingAlertsAreReadTheOldestFirstAPageAtATime() {
        AlertLedger ledger = ledger();
        ledger.raise(List.of(alert("c"), alert("a"), alert("d"), alert("b")), List.of("stdout"));
        // raised in one call, at one time: oldest first, then by key
        assertEquals(List.of("a", "b"), ledger.pending("stdout", 2).stream().map(AlertLedger.PendingAlert::key)
                .toList());
        ledger.delivered("a", "stdout");
        assertEquals(List.of("b", "c", "d"), ledger.pending("stdout", 5).stream()
                .map(AlertLedger.PendingAlert::key).toList());
    }

    @Test
    void aSinkAddedLaterHasNothingPendingFromBefore() {
        ledger().raise(alert("a"), List.of("stdout"));
        assertEquals(List.of(), ledger().pending("sns:topic"));
        ledger().failed("a", "sns:topic", "down");
        assertEquals(List.of("a"), ledger().pending("sns:topic").stream().map(AlertLedger.PendingAlert::key).toList());
    }

    @Test
    void aVersion2StoreIsUpgradedInPlace() throws Exception {
        try (EventStore store = TestStores.open(dir); var s = store.connection().createStatement()) {
            s.execute("DROP TABLE alert_deliveries; DROP TABLE alerts;"
                    + " UPDATE store_meta SET value = '2' WHERE key = 'schema_version'");
        }
        assertTrue(ledger().raise(alert("a"), List.of("stdout")));
        try (EventStore store = TestStores.openReadOnly(dir)) {
            assertEquals(EventStore.SCHEMA_VERSION,
                    TestStores.scalar(store, "SELECT value::INT FROM store_meta WHERE key = 'schema_version'"));
            assertEquals(1, TestStores.scalar(store, "SELECT count(*) FROM alerts"));
        }
    }

    @Test
    void theLedgersCallsWaitWhileTheStoreIsReadBesideIt() throws Exception {
        AlertLedger ledger = ledger();
        ledger.raise(alert("a"), List.of("stdout"));
        java.util.concurrent.CompletableFuture<Boolean> raised = new java.util.concurrent.CompletableFuture<>();
        Thread alerting = new Thread(() -> {
            try {
                raised.complete(ledger.raise(alert("b"), List.of("stdout")));
            } catch (RuntimeException e) {
                raised.completeExceptionally(e);
            }
        });
        long seen = ledger.whileNotWriting(() -> {
            // opened for reading, as watch's detection opens it, while an alert thread raises
            try (EventStore store = TestStores.openReadOnly(dir)) {
                alerting.start();
                long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
                while (alerting.getState() != Thread.State.BLOCKED && !raised.isDone()
                        && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                assertFalse(raised.isDone(), "the raise waits for the reading to end: " + raised);
                return TestStores.scalar(store, "SELECT count(*) FROM alerts");
            }
        });
        assertEquals(1, seen);
        assertTrue(raised.get(30, java.util.concurrent.TimeUnit.SECONDS), "raised once the store was read");
        try (EventStore store = TestStores.openReadOnly(dir)) {
            assertEquals(2, TestStores.scalar(store, "SELECT count(*) FROM alerts"));
        }
    }
}
