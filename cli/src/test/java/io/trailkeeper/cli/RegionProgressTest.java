package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.events.Coverage;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A region's last progress line says what was not read, not that the region stopped (its older days go on). */
class RegionProgressTest {
    private static Coverage entry(Coverage.Status status, String from, String to) {
        return new Coverage("lookup", "123456789012", "eu-west-1", "management", Instant.parse(from),
                Instant.parse(to), status, "AccessDeniedException");
    }

    @Test
    void aRegionReadWholeIsDone() {
        assertEquals("done", RegionProgress.finished(null));
        assertEquals("done", RegionProgress.finished(entry(Coverage.Status.COMPLETE, "2026-08-22T00:00:00Z",
                "2026-11-20T00:00:00Z")));
    }

    @Test
    void aRefusedPeriodIsNamedByItsDaysNotCalledAStop() {
        assertEquals("not all read: denied 2026-11-15..2026-11-16 (the summary lists every part)",
                RegionProgress.finished(entry(Coverage.Status.DENIED, "2026-11-15T00:00:00Z", "2026-11-17T00:00:00Z")));
        assertEquals("not all read: failed 2026-11-15 (the summary lists every part)",
                RegionProgress.finished(entry(Coverage.Status.FAILED, "2026-11-15T00:00:00Z", "2026-11-16T00:00:00Z")));
    }
}
