package io.trailkeeper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A query whose answer is confirmed in the original records needs the store opened for reading (where tk_record
 * is): on a writable store it refuses, naming why, rather than answer with calls left out or other kinds let in.
 */
class RecordReadingQueryTest {
    @TempDir
    Path dir;

    private static EventQuery query(String resource, String error) {
        return new EventQuery(null, null, List.of(), List.of(), List.of(), null, null, null, resource, error, null,
                null, null);
    }

    @Test
    void aWritableStoreRefusesWhatOnlyTheRecordsCanConfirm() {
        try (EventStore s = TestStores.open(dir)) {
            EventSearch search = new EventSearch(s);
            for (EventQuery q : List.of(query(null, "any"), query("arn:aws:iam::123456789012:role/Admin", null),
                    query("s3://bucket/exports/2026/app.log", null), query("i-0123456789abcdef0", null))) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> search.count(q));
                assertTrue(e.getMessage().endsWith("needs the store opened for reading"), e.getMessage());
            }
            assertEquals(0, search.count(query("Admin", null)), "a bare name reads no record");
        }
        try (EventStore s = TestStores.openReadOnly(dir)) {
            assertEquals(0, new EventSearch(s).count(query("arn:aws:iam::123456789012:role/Admin", null)));
        }
    }
}
