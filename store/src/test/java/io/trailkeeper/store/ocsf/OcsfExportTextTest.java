package io.trailkeeper.store.ocsf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.Ingest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Record text the export must carry whatever it holds: every value of a record is written by whoever made the call
 * (a user agent, a tag, an object key) or by whoever altered the log file, and one record's text must never stop
 * the export of the others.
 */
class OcsfExportTextTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /**
     * A JSON string may escape half of a surrogate pair ("\ud800"): valid JSON, but no UTF-8 text. Such a user agent
     * made the whole export fail ("Input length = 1", as if the folder could not be written), so no record was
     * exported. The value is now written with U+FFFD in place of the lone half; raw_data keeps the record as it was.
     */
    @Test
    void aLoneSurrogateInARecordNeitherStopsTheExportNorIsLostFromRawData() throws Exception {
        String records = "{\"Records\":[" + record("lone-1", "agent \\ud800 end") + ","
                + record("paired-2", "agent \\ud83d\\ude00 end") + "," + record("plain-3", "aws-cli/2") + "]}";
        Path input = dir.resolve("111122223333_CloudTrail_us-east-1_20240401T1000Z_t.json");
        Files.writeString(input, records, StandardCharsets.UTF_8);
        Path storePath = dir.resolve("store.duckdb");
        try (EventStore store = EventStore.openForWriting(storePath, EventStore.StoreOptions.defaults())) {
            new Ingest(store, Ingest.Options.defaults(), new Ingest.Listener() { }).run(List.of(input));
        }
        for (OcsfExport.Format format : OcsfExport.Format.values()) {
            OcsfExport.Result result;
            try (EventStore store = EventStore.openForReading(storePath, EventStore.StoreOptions.defaults())) {
                result = new OcsfExport(store).run(dir.resolve(format.name()), null, null, format);
            }
            assertEquals(3, result.total(), format + ": " + result.skipped());
            List<JsonNode> events = read(result.files().get(0), format);
            assertEquals(3, events.size());
            JsonNode lone = events.get(0);
            assertEquals("lone-1", lone.at("/metadata/uid").asText());
            assertEquals("agent \ufffd end", lone.at("/http_request/user_agent").asText(), format.name());
            assertTrue(lone.get("raw_data").asText().contains("agent \\ud800 end"), lone.get("raw_data").asText());
            assertEquals("agent \ud83d\ude00 end", events.get(1).at("/http_request/user_agent").asText(),
                    format + ": a whole pair is a character like any other");
        }
    }

    private static List<JsonNode> read(Path file, OcsfExport.Format format) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        if (format == OcsfExport.Format.JSONL) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                events.add(JSON.readTree(line));
            }
            return events;
        }
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT to_json(t)::VARCHAR FROM read_parquet("
                     + OcsfParquet.literal(file) + ", hive_partitioning = false) t")) {
            while (r.next()) {
                events.add(JSON.readTree(r.getString(1)));
            }
        }
        return events;
    }

    private static String record(String id, String userAgentJson) {
        return "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDAEXAMPLE\","
                + "\"arn\":\"arn:aws:iam::111122223333:user/alice\",\"accountId\":\"111122223333\","
                + "\"userName\":\"alice\"},\"eventTime\":\"2024-04-01T10:00:0" + id.charAt(id.length() - 1) + "Z\","
                + "\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"DescribeInstances\","
                + "\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"203.0.113.5\",\"userAgent\":\"" + userAgentJson
                + "\",\"requestID\":\"req-" + id + "\",\"eventID\":\"" + id + "\",\"readOnly\":true,"
                + "\"eventType\":\"AwsApiCall\",\"recipientAccountId\":\"111122223333\"}";
    }
}
