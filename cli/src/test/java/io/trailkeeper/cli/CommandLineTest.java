package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path store() {
        return dir.resolve("store.duckdb");
    }

    @Test
    void ingestPrintsOneSummaryAndAgainAddsNothing() {
        Cli.Result first = Cli.run(store(), "ingest", Cli.shared("invictus-ir-aws_dataset/CloudTrail").toString());
        assertEquals(0, first.code(), first.toString());
        assertTrue(first.out().startsWith("ingested 55 files: 2,900 records, 2,900 new, 0 duplicates; 0 digests skipped;"
                + " 0 files with errors;"), first.out());
        assertTrue(first.out().contains("events/s; store " + store() + " holds 2,900 events"), first.out());
        Cli.Result again = Cli.run(store(), "ingest", Cli.shared("invictus-ir-aws_dataset").toString());
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().contains("ingested 55 files: 2,900 records, 0 new, 2,900 duplicates"), again.out());
        assertTrue(again.out().contains("55 files unchanged since read"), again.out());
    }

    @Test
    void strictTurnsDamagedInputIntoExitCodeFourAndNamesTheFile() throws Exception {
        Path input = Files.createDirectories(dir.resolve("in"));
        String good = Files.readString(Cli.shared("lookup-events/aws-doc-sdk-examples/LookupEvents.json"));
        Files.writeString(input.resolve("good.json"), good);
        Files.writeString(input.resolve("cut.json"), good.substring(0, good.length() / 2));
        Cli.Result lenient = Cli.run(store(), "ingest", input.toString());
        assertEquals(0, lenient.code(), lenient.toString());
        assertTrue(lenient.err().contains("error: " + input.resolve("cut.json").toAbsolutePath()), lenient.err());
        assertTrue(lenient.err().contains("TK-IN-06"), lenient.err());
        assertTrue(lenient.out().contains("; 1 file with errors;"), lenient.out());
        Cli.Result strict = Cli.run(store(), "ingest", "--strict", input.toString());
        assertEquals(4, strict.code(), strict.toString());
    }

    @Test
    void aFolderWithNothingToReadIsSaidSoAndAFolderNamedThroughALinkIsRead() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("notes"));
        Files.writeString(empty.resolve("timeline.txt"), "not CloudTrail");
        Cli.Result nothing = Cli.run(store(), "ingest", empty.toString());
        assertEquals(0, nothing.code(), nothing.toString());
        assertTrue(nothing.err().contains("warning: nothing to read in " + empty + ": no .json, .jsonl, .ndjson,"
                + " .gz, .zip, .tar or .tgz file (1 other file passed over; -v lists them)"), nothing.err());
        assertTrue(nothing.out().contains("ingested 0 files: ") && nothing.out().contains("; 1 other file passed over;"),
                nothing.out());
        Path link = Files.createSymbolicLink(dir.resolve("evidence"), Cli.shared("stratus-red-team"));
        Cli.Result linked = Cli.run(store(), "ingest", link.toString());
        assertEquals(0, linked.code(), linked.toString());
        assertTrue(linked.out().contains("310 new"), linked.out());
        assertTrue(!linked.err().contains("nothing to read"), linked.err());
    }

    @Test
    void queryFiltersAndFormats() throws Exception {
        assertEquals(0, Cli.run(store(), "ingest", Cli.shared("invictus-ir-aws_dataset/CloudTrail").toString()).code());
        Cli.Result table = Cli.run(store(), "query", "--event-name", "DeleteBucket", "--error", "BucketNotEmpty");
        assertEquals(0, table.code(), table.toString());
        List<String> lines = table.out().lines().toList();
        assertEquals(2 + 3 + 2, lines.size(), table.out());
        assertTrue(lines.get(0).startsWith("event_time"));
        assertTrue(lines.get(2).contains("BucketNotEmpty"));
        // what the store could not see, after the table: regions never collected, no event history of the window
        assertEquals("", lines.get(5));
        assertTrue(lines.get(6).startsWith("warning: this answer may be incomplete: ")
                && lines.get(6).contains("were never collected"), lines.get(6));

        Cli.Result json = Cli.run(store(), "--format", "json", "query", "--event-name", "StopLogging");
        JsonNode array = JSON.readTree(json.out());
        assertEquals(3, array.size());
        assertEquals("cloudtrail.amazonaws.com", array.get(0).get("event_source").asText());
        assertTrue(array.get(0).get("event_time").asText().endsWith("Z"));

        Cli.Result jsonl = Cli.run(store(), "query", "--format", "jsonl", "--event-name", "StopLogging,DeleteTrail");
        List<String> records = jsonl.out().lines().toList();
        assertEquals(6, records.size());
        for (String r : records) {
            String name = JSON.readTree(r).get("eventName").asText();
            assertTrue(name.equals("StopLogging") || name.equals("DeleteTrail"), name);
            assertTrue(r.startsWith("{\"eventVersion\":"), "the record as CloudTrail wrote it: " + r);
        }

        Cli.Result csv = Cli.run(store(), "query", "--format", "csv", "--access-key", "AKIATFQR7NSC8Q4X20BJ",
                "--limit", "5");
        assertEquals(6, csv.out().split("\r\n").length, csv.out());
        assertTrue(csv.out().startsWith("event_time,event_id,event_source,event_name,aws_region"));
        assertTrue(csv.err().startsWith("warning: this answer may be incomplete: "), "on stderr, the data clean: "
                + csv.err());

        Cli.Result since = Cli.run(store(), "query", "--since", "2023-07-10T12:30:00Z", "--until", "2023-07-10T12:31:00Z",
                "--format", "json");
        for (JsonNode e : JSON.readTree(since.out())) {
            String t = e.get("event_time").asText();
            assertTrue(t.compareTo("2023-07-10T12:30:00Z") >= 0 && t.compareTo("2023-07-10T12:31:00Z") <= 0, t);
        }
    }

    @Test
    void csvNeutralisesFormulasAnAttackerPutInARecord() throws Exception {
        Path input = dir.resolve("evil.json");
        Files.writeString(input, "{\"Records\":[{\"eventVersion\":\"1.08\",\"eventTime\":\"2024-01-01T00:00:00Z\","
                + "\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\",\"awsRegion\":\"us-east-1\","
                + "\"sourceIPAddress\":\"203.0.113.9\",\"userAgent\":\"=HYPERLINK(\\\"http://evil\\\",\\\"x\\\")\","
                + "\"userIdentity\":{\"type\":\"IAMUser\",\"userName\":\"@SUM(1+1)\"},\"eventID\":\"e1\"}]}");
        assertEquals(0, Cli.run(store(), "ingest", input.toString()).code());
        Cli.Result csv = Cli.run(store(), "query", "--format", "csv");
        String row = csv.out().split("\r\n")[1];
        assertTrue(row.contains("'@SUM(1+1)"), row);
        assertTrue(row.contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\""), row);
    }

    @Test
    void statsReportsRegionsDaysSourcesAccounts() throws Exception {
        assertEquals(0, Cli.run(store(), "ingest", Cli.shared("stratus-red-team").toString(),
                Cli.shared("lookup-events").toString()).code());
        Cli.Result stats = Cli.run(store(), "--format", "json", "stats");
        assertEquals(0, stats.code(), stats.toString());
        JsonNode s = JSON.readTree(stats.out());
        assertEquals(312, s.get("summary").get(0).get("events").asLong());
        assertEquals("2016-01-26T21:42:12Z", s.get("summary").get(0).get("first_event").asText());
        assertTrue(s.get("by_region").size() > 10, "Stratus' fictitious regions are all there");
        assertEquals(2, s.get("by_source").size());
        assertTrue(Arrays.stream(new String[]{"by_day", "by_account"}).allMatch(s::has));
        Cli.Result table = Cli.run(store(), "stats");
        assertTrue(table.out().startsWith("summary\nevents"), table.out());
    }

    @Test
    void mistakesGetClearMessagesAndExitCodes() {
        Cli.Result missing = Cli.run(dir.resolve("none.duckdb"), "query");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("there is no store at " + dir.resolve("none.duckdb")), missing.err());
        assertTrue(missing.err().contains("trailkeeper ingest"), missing.err());
        Cli.Result badTime = Cli.run(store(), "query", "--since", "yesterday");
        assertEquals(2, badTime.code());
        assertTrue(badTime.err().contains("--since: 'yesterday' is not a time"), badTime.err());
        Cli.Result unknown = Cli.run(store(), "query", "--colour");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("Unknown option: '--colour'"), unknown.err());
        Cli.Result both = Cli.run(store(), "query", "--read-only", "--write");
        assertEquals(2, both.code());
        Cli.Result noPath = Cli.run(store(), "ingest");
        assertEquals(2, noPath.code());
        assertTrue(noPath.err().contains("Missing required parameter: 'PATH'"), noPath.err());
        Cli.Result noPlan = Cli.run(store(), "fix");
        assertEquals(2, noPlan.code());
        List<String> lines = noPlan.err().lines().toList();
        assertEquals("error: Missing required option: '--plan' [TK-001]", lines.get(0), noPlan.err());
        assertTrue(lines.get(1).startsWith("Usage: trailkeeper fix "), noPlan.err());
        assertEquals("Run 'trailkeeper fix --help' for the options and examples.", lines.get(lines.size() - 1));
        assertTrue(lines.size() < 12, "the synopsis, not the whole help: " + noPlan.err());
        Cli.Result bare = Cli.run(store(), "collect");
        assertEquals(2, bare.code());
        assertTrue(bare.err().startsWith("error: Missing required subcommand [TK-001]"), bare.err());
        assertTrue(bare.err().contains("lookup") && bare.err().contains("s3") && bare.err().contains("auto"),
                "the commands are listed: " + bare.err());
        Cli.Result typo = Cli.run(store(), "qeury");
        assertEquals(2, typo.code());
        assertTrue(typo.err().contains("Did you mean: trailkeeper query"), typo.err());
    }
}
