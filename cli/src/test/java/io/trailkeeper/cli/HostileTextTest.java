package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text an attacker chose (file names, user agents, bucket names) in what the commands print for people: no
 * control character reaches the terminal, no direction override or invisible character, one line per item.
 */
class HostileTextTest {
    static final String ESCAPES = "\u001b[2J\u001b]8;;https:\\\\evil.example\u0007click\u001b]8;;\u0007\u009b2J\u0007";
    static final String BIDI = "admin\u202Egpj.exe\u2066x\u2069\u200B";

    @TempDir
    Path dir;

    /** Fails on a character a terminal would act on, or hide, anywhere but the line breaks of the output. */
    static void assertPrintable(String output) {
        for (String line : output.split("\n", -1)) {
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                int type = Character.getType(c);
                if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                        || type == Character.PARAGRAPH_SEPARATOR) {
                    fail("U+" + Integer.toHexString(c) + " at " + i + " of: " + line);
                }
            }
        }
    }

    @Test
    void ingestProblemLinesShowHostileFileNamesOnOneLine() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        for (String name : new String[] {"esc" + ESCAPES + ".json", BIDI + ".json", "two\nlines.json"}) {
            Files.writeString(in.resolve(name), "{not json");
        }
        Cli.Result r = Cli.run(dir.resolve("s.duckdb"), "ingest", in.toString());
        assertEquals(0, r.code(), r.toString());
        assertPrintable(r.err());
        assertEquals(3, r.err().lines().filter(l -> l.startsWith("note: ")).count(), r.err());
        assertEquals(3, r.err().lines().count(), "one line per file: " + r.err());
        assertTrue(r.err().contains("admin?gpj.exe?x??.json"), r.err());
    }

    @Test
    void coverageShowsAHostileRegionNameInItsTableAndGaps() throws Exception {
        Path store = dir.resolve("s.duckdb");
        Files.writeString(dir.resolve("e.jsonl"), "{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-11-20T10:00:00Z\","
                + "\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\",\"awsRegion\":\"xx-\u202Eevil"
                + "\\u001b[2J-1\",\"eventID\":\"e1\",\"eventCategory\":\"Data\"}\n");
        assertEquals(0, Cli.run(store, "ingest", dir.resolve("e.jsonl").toString()).code());
        Cli.Result r = Cli.run(store, "coverage");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("xx-?evil [2J-1 on "), r.out());
        assertPrintable(r.out());
        assertPrintable(r.err());
    }

    /** A DeleteBucket record of a bucket named {@code bucket} (JSON-escaped already), by {@code user}. */
    static String deleteBucket(String id, String bucket, String user) {
        return "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::111122223333:user/"
                + user + "\",\"accountId\":\"111122223333\",\"userName\":\"" + user + "\"},\"eventTime\":"
                + "\"2026-11-20T10:00:00Z\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"DeleteBucket\","
                + "\"awsRegion\":\"us-east-1\",\"requestParameters\":{\"bucketName\":\"" + bucket + "\"},"
                + "\"eventID\":\"" + id + "\",\"eventCategory\":\"Management\",\"readOnly\":false}\n";
    }

    @Test
    void aResourceNamedWithLeadingOrTrailingWhiteSpaceOrControlsIsFoundExactly() throws Exception {
        Path store = dir.resolve("s.duckdb");
        Files.writeString(dir.resolve("e.jsonl"), deleteBucket("e1", "ring\\u0007\\u0007", "bell")
                + deleteBucket("e2", "ring", "plain") + deleteBucket("e3", "\\t=1+1", "tab"));
        assertEquals(0, Cli.run(store, "ingest", dir.resolve("e.jsonl").toString()).code());
        Cli.Result bell = Cli.run(store, "query", "--resource", "ring\u0007\u0007", "--format", "csv");
        assertEquals(2, bell.out().lines().count(), bell.toString());
        assertTrue(bell.out().contains(",bell,"), bell.out());
        Cli.Result plain = Cli.run(store, "query", "--resource", "ring", "--format", "csv");
        assertTrue(plain.out().contains(",plain,") && !plain.out().contains(",bell,"), plain.out());
        Cli.Result tab = Cli.run(store, "investigate", "who-deleted", "\t=1+1", "--format", "csv");
        assertTrue(tab.out().contains("arn:aws:iam::111122223333:user/tab"), tab.toString());
        assertTrue(!tab.out().contains("user/plain"), tab.out());
    }

    @Test
    void ruleProblemsAndWarningsShowAHostileTitleOnOneLine() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("r.yml"), "title: \"t\\e[2J\\u202Eevil\\nsecond\"\nid: 7c3a1f00-0000-4000-8000-"
                + "000000000001\nstatus: experimental\nauthor: x\nlogsource:\n  product: aws\n  service: cloudtrail\n"
                + "detection:\n  selection:\n    sourceIpAddress: 1.2.3.4\n  condition: selection\nlevel: low\n");
        Cli.Result r = Cli.run(null, "rules", "validate", rules.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("warning: ") && r.out().contains("t [2J?evil second"), r.out());
        assertPrintable(r.out());
        Path store = dir.resolve("s.duckdb");
        Files.writeString(dir.resolve("e.jsonl"), deleteBucket("e1", "b", "u"));
        assertEquals(0, Cli.run(store, "ingest", dir.resolve("e.jsonl").toString()).code());
        Cli.Result detect = Cli.run(store, "detect", "--no-bundled", "--rules", rules.toString());
        assertEquals(0, detect.code(), detect.toString());
        assertTrue(detect.err().contains("warning: ") && detect.err().contains("t [2J?evil second"), detect.err());
        assertPrintable(detect.err());
    }

    @Test
    void anErrorNamingAHostileFileIsOneLine() {
        Cli.Result r = Cli.run(dir.resolve("gone" + ESCAPES + BIDI + "\nerror: fake.duckdb"), "query");
        assertEquals(2, r.code(), r.toString());
        assertPrintable(r.err());
        assertEquals(2, r.err().lines().count(), "the error and its fix: " + r.err());
        assertTrue(r.err().lines().noneMatch(l -> l.startsWith("error: fake")), r.err());
    }
}
