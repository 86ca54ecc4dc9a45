package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.trailkeeper.integrity.FileCheck;
import io.trailkeeper.integrity.Verdict;
import io.trailkeeper.integrity.VerifyReport;
import io.trailkeeper.integrity.VerifyScope;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one line a verification ends with; the JSON manifest. */
class VerifyOutputTest {
    private static final Instant T = Instant.parse("2024-03-02T10:00:00Z");

    private static FileCheck check(String kind, String key, Verdict verdict) {
        return new FileCheck(kind, "trail-bucket", key, "123456789012", "us-east-1", T, verdict, "", null, null);
    }

    @Test
    void aChainsEndIsSaidBesideValidAndNotCountedAsADigestFile() {
        VerifyScope scope = new VerifyScope("trail-bucket", "", Set.of(), Set.of(), T.minusSeconds(86_400), T);
        VerifyReport report = new VerifyReport(scope, "s3://trail-bucket", T, List.of(
                check("digest", "d1.json.gz", Verdict.VALID), check("digest", "d2.json.gz", Verdict.VALID),
                check("digest", "d3*.json.gz", Verdict.CHAIN_ENDS)),
                List.of(check("log", "l1.json.gz", Verdict.VALID)), List.of("chain ends: ..."), List.of());
        assertEquals("VALID: 2 digest files and 1 log files verified, none altered, missing or inserted; but 1 digest"
                + " chain ends before the period does (logging stopped, trail deleted or validation off: see the"
                + " notes)", VerifyOutput.verdictLine(report));
    }

    /** Log files no digest covers yet are left out of the period, but the verdict line says so: never plain VALID. */
    @Test
    void logFilesNotCoveredYetAreSaidOnTheVerdictLine() {
        VerifyScope scope = new VerifyScope("trail-bucket", "", Set.of(), Set.of(), T.minusSeconds(86_400), null);
        VerifyReport report = new VerifyReport(scope, "s3://trail-bucket", T,
                List.of(check("digest", "d1.json.gz", Verdict.VALID)), List.of(check("log", "l1.json.gz",
                Verdict.VALID)), List.of(), List.of(), List.of("s3://trail-bucket/l2.json.gz",
                "s3://trail-bucket/l3.json.gz"));
        assertTrue(report.valid());
        assertEquals("VALID: 1 digest files and 1 log files verified, none altered, missing or inserted; 2 log files"
                + " of the last hours, not covered by a digest yet, are not verified and left out (named in the notes;"
                + " verify again later)", VerifyOutput.verdictLine(report));
    }

    @Test
    void filesThatCouldNotBeCheckedAreNotVerifiedNotCalledInvalid() {
        VerifyScope scope = new VerifyScope("trail-bucket", "", Set.of(), Set.of(), T.minusSeconds(86_400), T);
        VerifyReport unread = new VerifyReport(scope, "s3://trail-bucket", T, List.of(
                check("digest", "d1.json.gz", Verdict.VALID), check("digest", "d2.json.gz", Verdict.KEY_UNAVAILABLE)),
                List.of(check("log", "l1.json.gz", Verdict.NOT_READ), check("log", "l2.json.gz", Verdict.NOT_VERIFIED)),
                List.of(), List.of("s3://trail-bucket/AWSLogs/123456789012/CloudTrail/eu-west-1/: Access Denied"));
        assertEquals("NOT VERIFIED (nothing found altered, deleted or inserted, but not all could be checked): key"
                + " unavailable: 1, could not be read: 1, not verified: 1, folders that could not be listed (not"
                + " verified): 1 (of 2 digest files and 2 log files)", VerifyOutput.verdictLine(unread));
        // one file found altered among them: invalid, each counted
        VerifyReport altered = new VerifyReport(scope, "s3://trail-bucket", T, unread.digests(), List.of(
                check("log", "l1.json.gz", Verdict.NOT_READ), check("log", "l2.json.gz", Verdict.LOG_MODIFIED)),
                List.of(), List.of());
        assertEquals("INVALID: log file modified: 1, key unavailable: 1, could not be read: 1 (of 2 digest files and 2"
                + " log files)", VerifyOutput.verdictLine(altered));
    }

    /**
     * A digest signed with a key not published for its time is INVALID, as the AWS CLI's validate-logs counts it ("public
     * key not found"): a digest re-signed by someone else looks just so. It was said NOT VERIFIED, as an access error.
     */
    @Test
    void aDigestWhoseKeyWasNotFoundIsInvalid() {
        VerifyScope scope = new VerifyScope("trail-bucket", "", Set.of(), Set.of(), T.minusSeconds(86_400), T);
        VerifyReport report = new VerifyReport(scope, "s3://trail-bucket", T, List.of(
                check("digest", "d1.json.gz", Verdict.VALID), check("digest", "d2.json.gz",
                        Verdict.PUBLIC_KEY_NOT_FOUND)), List.of(check("log", "l1.json.gz", Verdict.NOT_VERIFIED)),
                List.of(), List.of());
        assertEquals("INVALID: public key not found: 1, not verified: 1 (of 2 digest files and 1 log files)",
                VerifyOutput.verdictLine(report));
    }

    @Test
    void aChainsEndIsNotCountedAsADigestFileBesideFailuresEither() {
        VerifyScope scope = new VerifyScope("trail-bucket", "", Set.of(), Set.of(), T.minusSeconds(86_400), T);
        VerifyReport report = new VerifyReport(scope, "s3://trail-bucket", T, List.of(
                check("digest", "d1.json.gz", Verdict.VALID), check("digest", "d2*.json.gz", Verdict.CHAIN_ENDS)),
                List.of(check("log", "l1.json.gz", Verdict.LOG_MISSING)), List.of(), List.of());
        assertEquals("INVALID: log file missing: 1 (of 1 digest files and 1 log files)",
                VerifyOutput.verdictLine(report));
        // chains' ends alone: no digest of the period was found, nothing proven
        VerifyReport ends = new VerifyReport(scope, "s3://trail-bucket", T, List.of(
                check("digest", "d2*.json.gz", Verdict.CHAIN_ENDS)), List.of(), List.of(), List.of());
        assertTrue(VerifyOutput.verdictLine(ends).startsWith("INVALID: no digest file found in s3://trail-bucket"),
                VerifyOutput.verdictLine(ends));
    }

    @Test
    void theJsonManifestIsWrittenAsItIsMadeNotHeldWhole() throws Exception {
        List<FileCheck> logs = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            logs.add(new FileCheck("log", "trail-bucket", "AWSLogs/123456789012/CloudTrail/us-east-1/2024/03/02/"
                    + "123456789012_CloudTrail_us-east-1_20240302T0955Z_" + i + ".json.gz", "123456789012", "us-east-1",
                    T, Verdict.VALID, "content SHA-256 as listed", "a".repeat(64), "b".repeat(64)));
        }
        VerifyScope scope = new VerifyScope("trail-bucket", "", Set.of(), Set.of(), T.minusSeconds(86_400), T);
        VerifyReport report = new VerifyReport(scope, "s3://trail-bucket", T,
                List.of(check("digest", "d1.json.gz", Verdict.VALID)), logs, List.of(), List.of());
        // a month of a busy trail is hundreds of thousands of files: the document must not be one string in the
        // command's small heap (320 MB) before it is written
        int[] largestWrite = {0};
        StringWriter text = new StringWriter() {
            @Override
            public void write(String str, int off, int len) {
                largestWrite[0] = Math.max(largestWrite[0], len);
                super.write(str, off, len);
            }

            @Override
            public void write(char[] chars, int off, int len) {
                largestWrite[0] = Math.max(largestWrite[0], len);
                super.write(chars, off, len);
            }
        };
        VerifyOutput.print(TrailKeeperCommand.Format.json, new PrintWriter(text), 120, List.of(report));
        assertTrue(text.toString().length() > 5_000_000, "length " + text.toString().length());
        assertTrue(largestWrite[0] < 100_000, "largest single write " + largestWrite[0]);
        assertTrue(text.toString().endsWith("}" + System.lineSeparator()), "ends with a line");
        JsonNode json = new ObjectMapper().readTree(text.toString());
        assertEquals(20_000, json.at("/reports/0/logs").size());
        assertEquals("valid", json.at("/reports/0/logs/19999/verdict").asText());
        assertEquals("b".repeat(64), json.at("/reports/0/logs/0/content_sha256").asText());
        assertEquals(1, json.at("/reports/0/digests").size());
        // the same order every run, as a manifest compared from one run to the next needs
        assertTrue(text.toString().contains("\"valid\" : {\n        \"digests\" : 1,\n        \"logs\" : 20000\n")
                || text.toString().contains("\"valid\" : {\r\n        \"digests\" : 1,\r\n        \"logs\" : 20000\r\n"),
                text.toString().substring(0, 800));
    }
}
