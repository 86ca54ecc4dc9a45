package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trailkeeper.emulator.Emulator;
import io.trailkeeper.emulator.EmulatorConfig;
import io.trailkeeper.emulator.Scenario;
import io.trailkeeper.store.EventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report as a user runs it, over a store of real trail files (../shared/data/invictus-ir-aws_dataset: 2,900
 * records of 2023-07-10, us-east-1) and hand-written records of a planted intruder (mallory, who deletes a
 * bucket from ap-southeast-2). Every number the report shows is checked against SQL of its own.
 */
class ReportCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SUMMARY_LINE = Pattern.compile(
            "report written to (.+): ([\\d,]+) events?, ([\\d,]+) detections?, ([\\d,]+) gaps? \\((\\d+(\\.\\d)? [KM]?B)\\)");
    private static final String MALLORY = "arn:aws:iam::111122223333:user/mallory";

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    @BeforeAll
    static void ingest() throws Exception {
        Path planted = new IncidentRecords()
                .call("2023-07-10T12:20:00Z", "DeleteBucket", "s3.amazonaws.com", "ap-southeast-2", MALLORY, "mallory",
                        "AKIAMALLORYEXAMPLE01", "198.51.100.77", Map.of("bucketName", "planted-evidence-bucket"),
                        List.of("arn:aws:s3:::planted-evidence-bucket"), Map.of())
                .call("2023-07-10T12:21:00Z", "ListBuckets", "s3.amazonaws.com", "ap-southeast-2", MALLORY, "mallory",
                        "AKIAMALLORYEXAMPLE01", "198.51.100.77", Map.of(), List.of(),
                        Map.of("errorCode", "AccessDenied", "errorMessage", "Access Denied"))
                .write(shared.resolve("planted/records.json"));
        Cli.Result r = Cli.run(store(), "ingest", Cli.shared("invictus-ir-aws_dataset/CloudTrail").toString(),
                planted.toString());
        assertEquals(0, r.code(), r.toString());
    }

    private static Path store() {
        return shared.resolve("store.duckdb");
    }

    private static long sql(Path store, String sql) throws Exception {
        Cli.Result r = Cli.run(store, "--format", "json", "query", "--sql", sql);
        assertEquals(0, r.code(), r.toString());
        return JSON.readTree(r.out()).get(0).elements().next().asLong();
    }

    private static JsonNode jsonReport(Path store, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--format", "json", "report", "--out", "-"));
        all.addAll(List.of(args));
        Cli.Result r = Cli.run(store, all.toArray(String[]::new));
        assertEquals(0, r.code(), r.toString());
        assertTrue(SUMMARY_LINE.matcher(r.err().strip()).find(), r.err());
        return JSON.readTree(r.out());
    }

    private static long sum(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).mapToLong(n -> n.get(field).asLong()).sum();
    }

    @Test
    void jsonCountsAreTheStoresAndThePlantedDeletionIsInTheSummary() throws Exception {
        JsonNode report = jsonReport(store());
        long events = sql(store(), "SELECT count(*) FROM events");
        assertEquals(2_902, events);
        assertEquals(events, sum(report.get("timeline"), "events"));
        assertEquals(sql(store(), "SELECT count(*) FROM events WHERE error_code IS NOT NULL"),
                sum(report.get("timeline"), "errors"));
        assertEquals(sql(store(), "SELECT count(*) FROM events WHERE read_only = false"),
                sum(report.get("timeline"), "writes"));
        assertEquals(events, sum(report.get("regionBuckets"), "events"));
        assertEquals("PT1H", report.get("bucketSize").asText(), "a window of an hour is drawn by the hour");
        assertEquals("2023-07-10T11:00:00Z", report.get("timeline").get(0).get("start").asText());
        assertEquals(2, report.get("timeline").size(), "11:00 and 12:00: " + report.get("timeline"));
        assertEquals(sql(store(), "SELECT min(epoch(event_time))::BIGINT FROM events"),
                java.time.Instant.parse(report.get("since").asText()).getEpochSecond());

        JsonNode topCall = report.get("topCalls").get("rows").get(0);
        assertEquals(sql(store(), "SELECT count(*) AS n FROM events GROUP BY event_source, event_name ORDER BY n DESC"
                + " LIMIT 1"), topCall.get("events").asLong());
        assertEquals(10, report.get("topPrincipals").get("rows").size());
        JsonNode topIp = report.get("topIps").get("rows").get(0);
        assertEquals(sql(store(), "SELECT count(*) AS n FROM events GROUP BY source_ip ORDER BY n DESC LIMIT 1"),
                topIp.get("events").asLong());
        assertEquals(sql(store(), "SELECT count(*) FROM events WHERE error_code IS NOT NULL AND source_ip = (SELECT"
                + " source_ip FROM events GROUP BY source_ip ORDER BY count(*) DESC LIMIT 1)"), topIp.get("errors").asLong());

        String deletion = StreamSupport.stream(report.get("summary").spliterator(), false).map(JsonNode::asText)
                .filter(s -> s.startsWith("DeleteBucket:")).findFirst().orElseThrow(() -> new AssertionError(
                        report.get("summary").toString()));
        long deletes = sql(store(), "SELECT count(*) FROM events WHERE event_name = 'DeleteBucket'");
        assertTrue(deletion.startsWith("DeleteBucket: " + deletes + " calls (6 succeeded)"), deletion);
        assertTrue(deletion.contains(MALLORY) && deletion.contains("198.51.100.77")
                && deletion.contains("ap-southeast-2") && deletion.contains("planted-evidence-bucket"), deletion);
        assertTrue(report.get("summary").get(0).asText().startsWith("2,902 events from 2023-07-10T11:"),
                report.get("summary").toString());
        assertTrue(report.get("findings").isNull(), "no snapshot in this store");
        assertTrue(report.get("coverage").get("rows").size() >= 2, report.get("coverage").toString());
        assertEquals(List.of("region", "status", "events", "data_events", "trail_files", "event_history",
                "missing_days", "collectors"), JSON.convertValue(report.get("coverage").get("columns"), List.class));
    }

    @Test
    void detectionsAreDetectsOwnWithTheirAuthors() throws Exception {
        JsonNode report = jsonReport(store());
        Cli.Result detect = Cli.run(store(), "--format", "json", "detect");
        assertEquals(0, detect.code(), detect.toString());
        JsonNode matches = JSON.readTree(detect.out()).get("detections");
        JsonNode rows = report.get("detections").get("rows");
        assertTrue(matches.size() > 0);
        assertEquals(matches.size(), rows.size());
        assertEquals(matches.size(), sum(report.get("timeline"), "detections"));
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            assertFalse(row.get("author").asText().isBlank(), "the Detection Rule License asks for the author: " + row);
            JsonNode same = StreamSupport.stream(matches.spliterator(), false)
                    .filter(m -> m.get("rule_id").equals(row.get("rule_id")) && m.get("time").equals(row.get("time")))
                    .findFirst().orElseThrow(() -> new AssertionError("detect has no match like " + row));
            assertEquals(same.get("author"), row.get("author"));
            assertEquals(same.get("rule"), row.get("rule"));
        }
        assertTrue(StreamSupport.stream(rows.spliterator(), false).anyMatch(r -> r.get("call").asText()
                .equals("DeleteTrail")), "the trail was deleted: " + rows);
        String sentence = StreamSupport.stream(report.get("summary").spliterator(), false).map(JsonNode::asText)
                .filter(s -> s.contains(" detections of ")).findFirst().orElseThrow();
        assertTrue(sentence.startsWith(String.format("%,d detections of ", matches.size())), sentence);
    }

    @Test
    void findingsAppearOnceAuditKeptASnapshotInTheStore() throws Exception {
        Path store = dir.resolve("store.duckdb");
        assertEquals(0, Cli.run(store, "ingest", shared.resolve("planted").toString()).code());
        Path snapshot = dir.resolve("weak.json");
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(Scenario.bundled("audit-weak"))
                .lookupRatePerSecond(100).build())) {
            Cli.Result saved = Cli.run(store, "audit", "--endpoint-url", emulator.endpoint().toString(),
                    "--save-snapshot", snapshot.toString(), "--no-keep-snapshot");
            assertEquals(0, saved.code(), saved.toString());
            assertFalse(saved.err().contains("kept in the store"), saved.err());
        }
        assertTrue(jsonReport(store).get("findings").isNull(), "--no-keep-snapshot left the store alone");

        Cli.Result audit = Cli.run(store, "--format", "json", "audit", "--snapshot", snapshot.toString());
        assertEquals(0, audit.code(), audit.toString());
        assertTrue(audit.err().contains("kept in the store " + store), audit.err());
        long auditFails = StreamSupport.stream(JSON.readTree(audit.out()).get("findings").spliterator(), false)
                .filter(f -> f.get("outcome").asText().equals("FAIL")).count();

        JsonNode report = jsonReport(store);
        JsonNode findings = report.get("findings").get("rows");
        assertEquals(JSON.readTree(audit.out()).get("findings").size(), findings.size());
        long fails = StreamSupport.stream(findings.spliterator(), false)
                .filter(f -> f.get("outcome").asText().equals("FAIL")).count();
        assertTrue(fails > 0);
        assertEquals(auditFails, fails, "the report's audit is the audit's own");
        assertEquals("FAIL", findings.get(0).get("outcome").asText(), "worst first");
        assertTrue(findings.get(0).get("check") != null && !findings.get(0).get("fix").asText().isBlank());
        String account = findings.get(0).get("account").asText();
        assertTrue(StreamSupport.stream(report.get("summary").spliterator(), false).map(JsonNode::asText)
                .anyMatch(s -> s.startsWith("The logging set-up of account " + account) && s.contains(fails + " of ")),
                report.get("summary").toString());
    }

    @Test
    void filtersNarrowTheReportAndTheWindowCanBeGiven() throws Exception {
        JsonNode mallory = jsonReport(store(), "--actor", "mallory");
        assertEquals(2, sum(mallory.get("timeline"), "events"));
        assertEquals("actor: mallory", mallory.get("filters").get(0).asText());
        assertEquals(1, mallory.get("topPrincipals").get("rows").size());
        assertEquals(MALLORY, mallory.get("topPrincipals").get("rows").get(0).get("principal").asText());
        assertEquals(1, sum(mallory.get("timeline"), "errors"));

        JsonNode window = jsonReport(store(), "--since", "2023-07-10T12:00:00Z", "--until", "2023-07-10T12:29:59Z",
                "--region", "us-east-1");
        assertEquals(sql(store(), "SELECT count(*) FROM events WHERE aws_region = 'us-east-1' AND event_time"
                + " BETWEEN TIMESTAMP '2023-07-10 12:00:00' AND TIMESTAMP '2023-07-10 12:29:59'"),
                sum(window.get("timeline"), "events"));
        assertEquals(1, window.get("timeline").size());

        JsonNode days = jsonReport(store(), "--since", "2023-06-01", "--until", "2023-07-31");
        assertEquals("PT24H", days.get("bucketSize").asText(), "two months are drawn by the day");
        assertEquals(61, days.get("timeline").size(), "every day, the quiet ones too");

        JsonNode nobody = jsonReport(store(), "--actor", "nobody-at-all");
        assertEquals(0, sum(nobody.get("timeline"), "events"));
        assertTrue(nobody.get("summary").get(0).asText().startsWith("No event in the store matches actor:"
                + " nobody-at-all"), nobody.get("summary").toString());
    }

    @Test
    void markdownAndHtmlAreWrittenWithOneSummaryLine() throws Exception {
        Cli.Result md = Cli.run(store(), "--format", "md", "report");
        assertEquals(0, md.code(), md.toString());
        assertTrue(md.out().startsWith("# Incident report"), md.out());
        assertTrue(md.out().contains("DeleteBucket: ") && md.out().contains("planted-evidence-bucket"), md.out());
        assertTrue(md.err().contains("report written to the standard output: 2,902 events"), md.err());

        Path html = dir.resolve("out/incident.html");
        Cli.Result r = Cli.run(store(), "report", "--out", html.toString());
        assertEquals(0, r.code(), r.toString());
        String page = Files.readString(html);
        assertTrue(page.startsWith("<!DOCTYPE html>"), page.substring(0, 100));
        assertTrue(page.contains("planted-evidence-bucket"));
        assertFalse(Files.exists(dir.resolve("out/incident.html.part")));
        Matcher m = SUMMARY_LINE.matcher(r.err().strip());
        assertTrue(m.matches(), r.err());
        assertEquals(html.toString(), m.group(1));
        assertEquals("2,902", m.group(2));
        assertEquals(ReportText.size(Files.size(html)), m.group(5));
    }

    @Test
    void badOutputEmptyStoreAndUnknownFormatsAreRefusedWithTheReason() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Cli.Result unwritable = Cli.run(store(), "report", "--out", file.resolve("incident.html").toString());
        assertEquals(2, unwritable.code(), unwritable.toString());
        assertTrue(unwritable.err().contains("cannot write the report to " + file.resolve("incident.html")),
                unwritable.err());
        assertTrue(unwritable.err().contains("--out -"), unwritable.err());

        Path empty = dir.resolve("empty.duckdb");
        EventStore.openForWriting(empty, EventStore.StoreOptions.defaults()).close();
        Cli.Result none = Cli.run(empty, "report", "--out", dir.resolve("r.html").toString());
        assertEquals(2, none.code(), none.toString());
        assertTrue(none.err().contains("holds no events") && none.err().contains("trailkeeper ingest"), none.err());
        assertFalse(Files.exists(dir.resolve("r.html")) || Files.exists(dir.resolve("r.html.part")));

        Cli.Result csv = Cli.run(store(), "--format", "csv", "report");
        assertEquals(2, csv.code(), csv.toString());
        assertTrue(csv.err().contains("--format csv is not an output of report; use html (the default), md or json"),
                csv.err());
        Cli.Result xml = Cli.run(store(), "--format", "xml", "report");
        assertEquals(2, xml.code(), xml.toString());

        Cli.Result backwards = Cli.run(store(), "report", "--since", "2023-07-11", "--until", "2023-07-10");
        assertEquals(2, backwards.code(), backwards.toString());
        assertTrue(backwards.err().contains("starts (2023-07-11T00:00:00Z) after it ends"), backwards.err());
    }
}
