package io.trailkeeper.store;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** The store keeps times as TIMESTAMP without a zone, always in UTC; these convert at the boundary. */
final class Times {
    private Times() {
    }

    static LocalDateTime toLocal(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant fromLocal(LocalDateTime local) {
        return local == null ? null : local.toInstant(ZoneOffset.UTC);
    }

    static long epochMicros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }
}
