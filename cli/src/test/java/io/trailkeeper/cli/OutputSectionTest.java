package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.Table;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A table written as its rows are given ({@link Output#section}, detect's matches) reads exactly as the same table
 * held whole ({@link Output#sections}), in every format.
 */
class OutputSectionTest {
    private static final List<String> COLUMNS = List.of("time", "rule", "resource", "count");

    @Test
    void aSectionMadeAsItIsWrittenIsTheSameAsTheTableHeldWhole() {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 1_200; i++) { // more than the rows a text table is sized on
            rows.add(Arrays.asList(Instant.parse("2024-03-01T00:00:00Z").plusSeconds(i), "rule, \"" + i + "\"",
                    i % 3 == 0 ? null : "=bucket-" + i + "\nnext", (long) i));
        }
        for (TrailKeeperCommand.Format format : List.of(TrailKeeperCommand.Format.table,
                TrailKeeperCommand.Format.json, TrailKeeperCommand.Format.jsonl, TrailKeeperCommand.Format.csv)) {
            StringWriter whole = new StringWriter();
            Output.sections(format, new PrintWriter(whole), 0, List.of(new Table("detections", COLUMNS, rows)));
            StringWriter made = new StringWriter();
            int[] asked = {0};
            Output.section(format, new PrintWriter(made), 0, "detections", COLUMNS, row -> rows.forEach(r -> {
                asked[0]++;
                row.accept(r);
            }));
            assertTrue(whole.toString().contains("bucket-1199"), format.toString());
            assertEquals(whole.toString(), made.toString(), format.toString());
            assertEquals(rows.size(), asked[0], "each row made once: " + format);
        }
    }
}
