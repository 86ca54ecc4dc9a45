package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's count of calls that changed something tells the data events apart (drill 14: "2,785 calls changed
 * something" of which 2,727 were a function's Invoke data events, readOnly false as CloudTrail records them, and 58
 * management changes: the figure read as 2,785 changes to the account).
 */
class ReportDataWritesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARIA = "arn:aws:iam::111122223333:user/dev-maria";
    private static final Map<String, String> DATA = Map.of("eventCategory", "Data", "managementEvent", "false");

    @TempDir
    Path dir;

    @Test
    void dataEventsAmongTheChangesAreCountedApart() throws Exception {
        IncidentRecords records = new IncidentRecords()
                .call("2026-11-23T02:11:05Z", "UpdateFunctionCode20150331v2", "lambda.amazonaws.com", "us-east-1",
                        MARIA, "dev-maria", "AKIAMARIAEXAMPLE0001", "45.137.21.9",
                        Map.of("functionName", "ops-admin"), List.of(), Map.of());
        for (int i = 0; i < 3; i++) {
            invoke(records, "2026-11-23T02:2" + i + ":00Z");
        }
        String changes = summary(records).get(1);
        assertTrue(changes.startsWith("0 calls failed (0.0%); 4 calls changed something (not read-only):"
                + " 1 management call and 3 data events (S3 object writes, Lambda invocations"), changes);
    }

    @Test
    void onlyDataEventsAreSaidToBeAllOfThem() throws Exception {
        IncidentRecords records = new IncidentRecords();
        invoke(records, "2026-11-23T02:20:00Z");
        invoke(records, "2026-11-23T02:21:00Z");
        String changes = summary(records).get(1);
        assertTrue(changes.contains("2 calls changed something (not read-only), all of them data events"), changes);
    }

    private static void invoke(IncidentRecords records, String time) {
        records.call(time, "Invoke", "lambda.amazonaws.com", "us-east-1", MARIA, "dev-maria", "AKIAMARIAEXAMPLE0001",
                "45.137.21.9", Map.of("functionName", "arn:aws:lambda:us-east-1:111122223333:function:ops-admin"),
                List.of(), DATA);
    }

    private List<String> summary(IncidentRecords records) throws Exception {
        Path store = dir.resolve("store.duckdb");
        Cli.Result ingest = Cli.run(store, "ingest", records.write(dir.resolve("records/trail.json")).toString());
        assertEquals(0, ingest.code(), ingest.toString());
        Cli.Result r = Cli.run(store, "--format", "json", "report", "--out", "-");
        assertEquals(0, r.code(), r.toString());
        return StreamSupport.stream(JSON.readTree(r.out()).get("summary").spliterator(), false)
                .map(JsonNode::asText).toList();
    }
}
