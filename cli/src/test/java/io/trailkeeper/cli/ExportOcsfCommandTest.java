package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** export ocsf as a user runs it, on the Invictus trail files and the LookupEvents ConsoleLogin sample. */
class ExportOcsfCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path store() {
        Path store = dir.resolve("s.duckdb");
        Cli.Result ingest = Cli.run(store, "ingest", Cli.shared("invictus-ir-aws_dataset/CloudTrail").toString(),
                Cli.shared("lookup-events").toString());
        assertEquals(0, ingest.code(), ingest.toString());
        return store;
    }

    private static List<Path> files(Path folder) throws Exception {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void writesJsonLinesPerClassAccountRegionAndDayAndSaysWhatItWrote() throws Exception {
        Path store = store();
        Path out = dir.resolve("ocsf");
        Cli.Result r = Cli.run(store, "export", "ocsf", "--out", out.toString(), "--format", "json");
        assertEquals(0, r.code(), r.toString());
        JsonNode summary = JSON.readTree(r.out());
        long events = 0;
        for (JsonNode c : summary.get("ocsf_classes")) {
            assertTrue(c.get("events").asLong() > 0, r.out());
            events += c.get("events").asLong();
        }
        assertEquals(events, summary.at("/written/0/events").asLong());
        assertEquals("1.1.0", summary.at("/written/0/ocsf_version").asText());
        List<Path> files = files(out);
        assertEquals(summary.at("/written/0/files").asLong(), files.size());
        long lines = 0;
        for (Path f : files) {
            assertEquals("ocsf.jsonl", f.getFileName().toString());
            String partition = out.relativize(f).getParent().toString().replace('\\', '/');
            assertTrue(partition.matches("class=(api_activity|authentication|account_change)/account=\\d{12}"
                    + "/region=[a-z0-9-]+/date=\\d{4}-\\d{2}-\\d{2}"), partition);
            for (String line : Files.readAllLines(f)) {
                JsonNode e = JSON.readTree(line);
                assertTrue(partition.startsWith("class=" + e.get("class_name").asText().toLowerCase()
                        .replace(' ', '_')), partition + " " + e.get("class_name"));
                lines++;
            }
        }
        assertEquals(events, lines);
        Path console = out.resolve("class=authentication/account=123456789012/region=us-east-1/date=2016-01-26"
                + "/ocsf.jsonl");
        JsonNode login = JSON.readTree(Files.readAllLines(console).get(0));
        assertEquals("ConsoleLogin", login.at("/api/operation").asText());
        assertEquals(300201, login.get("type_uid").asLong());
    }

    @Test
    void writesParquetWhenAskedAndTheTableNamesWhatWasNotExported() throws Exception {
        Path store = store();
        Path out = dir.resolve("lake");
        Cli.Result r = Cli.run(store, "export", "ocsf", "--out", out.toString(), "--file-format", "parquet",
                "--since", "2023-07-10T12:30:00Z", "--until", "2023-07-10");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("ocsf classes"), r.out());
        assertTrue(r.out().contains("not exported"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("API Activity +6003 +\\d+ *")), r.out());
        List<Path> files = files(out);
        assertTrue(!files.isEmpty());
        for (Path f : files) {
            assertEquals("ocsf.parquet", f.getFileName().toString());
            assertTrue(f.toString().contains("date=2023-07-10"), f.toString());
        }
    }

    @Test
    void refusesAnUnknownFileFormatAndAnInvertedRange() {
        Path store = store();
        Cli.Result bad = Cli.run(store, "export", "ocsf", "--out", dir.resolve("x").toString(), "--file-format",
                "csv");
        assertEquals(2, bad.code(), bad.toString());
        assertTrue(bad.err().contains("--file-format: 'csv'"), bad.err());
        Cli.Result inverted = Cli.run(store, "export", "ocsf", "--out", dir.resolve("x").toString(), "--since",
                "2024-02-01", "--until", "2024-01-01");
        assertEquals(2, inverted.code(), inverted.toString());
        assertTrue(inverted.err().contains("is after --until"), inverted.err());
        Cli.Result s3 = Cli.run(store, "export", "ocsf", "--out", "s3://security-lake/ocsf");
        assertEquals(2, s3.code(), s3.toString());
        assertTrue(s3.err().contains("--out s3://security-lake/ocsf: a local folder is needed here, not a URL;"
                + " export ocsf writes to a local folder only"), s3.err());
        assertTrue(!Files.exists(Path.of("s3:")), "nothing was written to a folder named s3:");
        Cli.Result noOut = Cli.run(store, "export", "ocsf");
        assertEquals(2, noOut.code(), noOut.toString());
        assertTrue(noOut.err().contains("--out"), noOut.err());
    }
}
