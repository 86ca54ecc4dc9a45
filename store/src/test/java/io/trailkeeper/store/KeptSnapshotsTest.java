package io.trailkeeper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeptSnapshotsTest {
    private static final Instant NOW = Instant.parse("2024-03-02T08:00:00Z");

    @TempDir
    Path dir;

    private EventStore open() {
        return EventStore.openForWriting(dir.resolve("store.duckdb"),
                EventStore.StoreOptions.defaults().withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    private static AccountSnapshot snapshot(String account, String collectedAt, String trail) {
        AccountSnapshot.Region region = new AccountSnapshot.Region("eu-west-1", "opt-in-not-required", true, 12L,
                Instant.parse("2024-03-01T09:00:00Z"), java.util.Map.of());
        return new AccountSnapshot(AccountSnapshot.VERSION, account, "arn:aws:iam::" + account + ":user/auditor",
                Instant.parse(collectedAt), List.of(region), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(), null, null, List.of(new AccountSnapshot.Unreadable(trail, "AccessDenied")));
    }

    @Test
    void theNewestSnapshotOfEachAccountIsGivenBackWithWhatTheUserSaid() {
        try (EventStore store = open()) {
            KeptSnapshots kept = new KeptSnapshots(store);
            kept.keep(snapshot("111111111111", "2024-03-01T10:00:00Z", "old"), List.of(), List.of());
            kept.keep(snapshot("111111111111", "2024-03-01T12:00:00Z", "new"), List.of("payroll", "customer-data"),
                    List.of("arn:aws:iam::111111111111:role/BreakGlass"));
            kept.keep(snapshot("222222222222", "2024-02-01T00:00:00Z", "other"), List.of(), List.of());
            // the same snapshot kept again replaces itself
            kept.keep(snapshot("111111111111", "2024-03-01T12:00:00Z", "new"), List.of("payroll", "customer-data"),
                    List.of("arn:aws:iam::111111111111:role/BreakGlass"));
            assertEquals(3, TestStores.scalar(store, "SELECT count(*) FROM account_snapshots"));
            // kept in UTC whatever the machine's zone (tests run in Pacific/Chatham)
            assertEquals(1, TestStores.scalar(store, "SELECT count(*) FROM account_snapshots"
                    + " WHERE taken_at = TIMESTAMP '2024-03-01 12:00:00' AND kept_at = TIMESTAMP '2024-03-02 08:00:00'"));
        }
        try (EventStore store = TestStores.openReadOnly(dir)) {
            List<KeptSnapshots.Kept> latest = new KeptSnapshots(store).latest();
            assertEquals(List.of("111111111111", "222222222222"),
                    latest.stream().map(k -> k.snapshot().account()).toList());
            KeptSnapshots.Kept first = latest.get(0);
            assertEquals(snapshot("111111111111", "2024-03-01T12:00:00Z", "new"), first.snapshot());
            assertEquals(List.of("payroll", "customer-data"), first.criticalBuckets());
            assertEquals(List.of("arn:aws:iam::111111111111:role/BreakGlass"), first.breakGlassRoles());
            assertEquals(NOW, first.keptAt());
            assertEquals("other", latest.get(1).snapshot().unreadable().get(0).what());
        }
    }

    @Test
    void aSnapshotWithoutAnAccountIsRefusedWithTheReason() {
        try (EventStore store = open()) {
            TrailKeeperException e = assertThrows(TrailKeeperException.class, () -> new KeptSnapshots(store)
                    .keep(snapshot(null, "2024-03-01T10:00:00Z", "x"), List.of(), List.of()));
            assertEquals(ErrorCode.USAGE, e.code());
            assertTrue(e.getMessage().contains("names no account"), e.getMessage());
        }
    }

    @Test
    void aVersion3StoreHasNoSnapshotsReadOnlyAndIsUpgradedForWriting() throws Exception {
        try (EventStore store = open(); var s = store.connection().createStatement()) {
            s.execute("DROP TABLE account_snapshots; UPDATE store_meta SET value = '3' WHERE key = 'schema_version'");
        }
        try (EventStore store = TestStores.openReadOnly(dir)) {
            assertEquals(List.of(), new KeptSnapshots(store).latest());
        }
        try (EventStore store = open()) {
            new KeptSnapshots(store).keep(snapshot("111111111111", "2024-03-01T10:00:00Z", "x"), List.of(), List.of());
            assertEquals(EventStore.SCHEMA_VERSION,
                    TestStores.scalar(store, "SELECT value::INT FROM store_meta WHERE key = 'schema_version'"));
            assertEquals(1, new KeptSnapshots(store).latest().size());
        }
    }
}
