package io.trailkeeper.store.investigate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.TableSink;
import io.trailkeeper.store.EventSearch;
import java.util.List;

/**
 * The plan of an investigation's statement, for the tests that check its raw records are decoded in raw chunk order:
 * tk_record called above the sort by raw chunk and offset (in any other order each record may decompress its chunk
 * again, 256 KB for one record).
 */
final class ChunkOrderPlans {
    private ChunkOrderPlans() {
    }

    /** The text of EXPLAIN {@code sql}, run with {@code params} on {@code search}. */
    static String plan(EventSearch search, String sql, List<Object> params) {
        StringBuilder plan = new StringBuilder();
        search.statement("EXPLAIN " + sql, params, new TableSink() {
            @Override
            public void columns(List<String> names) {
            }

            @Override
            public void row(List<Object> values) {
                plan.append(values.get(values.size() - 1));
            }
        });
        return plan.toString();
    }

    /** Fails unless the plan calls tk_record above (before, in its text) the sort by raw chunk and offset. */
    static void assertDecodedAboveTheSort(String plan) {
        int sort = plan.indexOf("Order By: raw_chunk ASC, raw_offset ASC");
        int decode = plan.indexOf("tk_record(");
        assertTrue(sort > 0 && decode > 0 && decode < sort, "tk_record is not called above the sort by raw chunk:\n"
                + plan);
    }
}
