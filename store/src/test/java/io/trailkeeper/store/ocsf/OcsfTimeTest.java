package io.trailkeeper.store.ocsf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.Ingest;
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
 * The event's time as Security Lake gives it: time (epoch milliseconds) and, of the datetime profile, time_dt, which
 * Security Lake's own CloudTrail queries filter on ({@code WHERE time_dt BETWEEN CURRENT_TIMESTAMP - INTERVAL '7'
 * DAY AND CURRENT_TIMESTAMP}): an RFC 3339 text in JSON, a UTC timestamp column in Parquet. Surefire runs in a
 * time zone other than UTC, so a local time written anywhere shows here.
 */
class OcsfTimeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void timeDtIsTheEventTimeInUtcAsTextAndAsATimestampColumn() throws Exception {
        Path storePath = dir.resolve("store.duckdb");
        Path input = dir.resolve("111122223333_CloudTrail_us-east-1_20240301T2355Z_t.json");
        Files.writeString(input, "{\"Records\":[" + record("whole", "2024-03-01T23:55:07Z") + ","
                + record("millis", "2024-03-01T23:59:59.123Z") + "]}", StandardCharsets.UTF_8);
        try (EventStore store = EventStore.openForWriting(storePath, EventStore.StoreOptions.defaults())) {
            new Ingest(store, Ingest.Options.defaults(), new Ingest.Listener() { }).run(List.of(input));
        }
        OcsfExport.Result jsonl;
        OcsfExport.Result parquet;
        try (EventStore store = EventStore.openForReading(storePath, EventStore.StoreOptions.defaults())) {
            jsonl = new OcsfExport(store).run(dir.resolve("jsonl"), null, null, OcsfExport.Format.JSONL);
            parquet = new OcsfExport(store).run(dir.resolve("parquet"), null, null, OcsfExport.Format.PARQUET);
        }
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl.files().get(0), StandardCharsets.UTF_8)) {
            events.add(JSON.readTree(line));
        }
        assertEquals("2024-03-01T23:55:07.000Z", events.get(0).get("time_dt").asText());
        assertEquals("2024-03-01T23:59:59.123Z", events.get(1).get("time_dt").asText());
        assertEquals(1709337599123L, events.get(1).get("time").asLong());
        assertTrue(events.get(0).at("/metadata/profiles").toString().contains("\"datetime\""));

        String file = OcsfParquet.literal(parquet.files().get(0));
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement s = db.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT logical_type FROM parquet_schema(" + file
                    + ") WHERE name = 'time_dt'")) {
                assertTrue(r.next(), "a time_dt column");
                String type = r.getString(1);
                assertTrue(type.contains("TimestampType") && type.contains("isAdjustedToUTC=1"), type);
            }
            // Security Lake's form of query: a timestamp range on time_dt, here the last five minutes of the day
            try (ResultSet r = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE epoch_ms(time_dt) = time)"
                    + " FROM read_parquet(" + file + ") WHERE time_dt BETWEEN TIMESTAMPTZ '2024-03-01 23:55:00+00'"
                    + " AND TIMESTAMPTZ '2024-03-01 23:59:59.500+00'")) {
                r.next();
                assertEquals(2, r.getLong(1));
                assertEquals(2, r.getLong(2), "time_dt is the instant of time");
            }
        }
    }

    private static String record(String id, String time) {
        return "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDAEXAMPLE\","
                + "\"arn\":\"arn:aws:iam::111122223333:user/alice\",\"accountId\":\"111122223333\","
                + "\"userName\":\"alice\"},\"eventTime\":\"" + time + "\",\"eventSource\":\"ec2.amazonaws.com\","
                + "\"eventName\":\"DescribeInstances\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"203.0.113.5\","
                + "\"requestID\":\"req-" + id + "\",\"eventID\":\"" + id + "\",\"readOnly\":true,"
                + "\"eventType\":\"AwsApiCall\",\"recipientAccountId\":\"111122223333\"}";
    }
}
