package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.integrity.Verdict;
import io.trailkeeper.store.VerifyFindings;
import io.trailkeeper.testkit.SignedTrail;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drill 11, the intruder covering their tracks in the trail's bucket: a log file deleted after delivery and one
 * altered (a call renamed) are what only the signed digests reveal. {@code verify --keep} puts them in the store, so
 * that coverage, every investigation's closing warning and the report's summary name them (the deleted file's records lost, the altered
 * file's stored records not CloudTrail's); before, verify said it and the store's answers were silent, the forged
 * record presented as fact. A later verification that finds the files valid (a good copy) clears them.
 */
class VerifyKeepTest {
    private static String flat(Cli.Result r) {
        return (r.out() + r.err()).replaceAll("\\s+", " ");
    }

    @Test
    void filesDeletedOrAlteredAfterDeliveryAreNamedByCoverageAndInvestigationsUntilFoundValid(@TempDir Path dir)
            throws Exception {
        SignedTrail t = SignedTrail.builder(11).regions("us-east-1").hours(4).build();
        SignedTrail.Obj deleted = t.logs().get(0);
        SignedTrail.Obj altered = t.logs().get(1);
        String content = altered.content();
        String renamed = content.replaceFirst("\"eventName\":\"[A-Za-z]+\"", "\"eventName\":\"DescribeLogGroups\"");
        assertFalse(renamed.equals(content), "a call renamed in " + altered.key());
        List<SignedTrail.Obj> tampered = new ArrayList<>(t.objects());
        tampered.remove(deleted);
        tampered.set(tampered.indexOf(altered), new SignedTrail.Obj(altered.bucket(), altered.key(),
                SignedTrail.gzip(renamed.getBytes(StandardCharsets.UTF_8)), altered.metadata()));
        Path evidence = dir.resolve("evidence");
        SignedTrail.writeEvidence(evidence, tampered);
        Path keys = dir.resolve("keys.json");
        Files.writeString(keys, t.publicKeysJson());
        Path store = dir.resolve("store.duckdb");
        assertEquals(0, Cli.run(store, "ingest", evidence.toString()).code());
        int records = SignedTrail.parse(content).get("Records").size();

        Cli.Result verify = verify(store, t, evidence, keys);
        assertEquals(VerifyCommand.INVALID, verify.code(), verify.toString());
        assertTrue(flat(verify).contains("2 log files deleted, altered or inserted kept in the store"), verify.toString());

        String coverage = flat(Cli.run(store, "coverage"));
        assertTrue(coverage.contains("1 trail log file was deleted after CloudTrail delivered it") && coverage.contains(
                deleted.key()), coverage);
        assertTrue(coverage.contains("1 trail log file is not as CloudTrail delivered it (log file modified: s3://"
                + altered.bucket() + "/" + altered.key()) && coverage.contains("the store's " + records + " record"),
                coverage);
        String answer = flat(Cli.run(store, "investigate", "regions"));
        assertTrue(answer.contains("warning: ") && answer.contains(altered.key()) && answer.contains(deleted.key()),
                answer);

        String report = flat(Cli.run(store, "report", "--format", "json", "--out", "-"));
        assertTrue(report.contains("Evidence tampered with, as `trailkeeper verify --keep` found with the trail's"
                + " signed digests: 1 trail log file is not as CloudTrail delivered it (log file modified: s3://"
                + altered.bucket() + "/" + altered.key()), report);

        Path good = dir.resolve("good");
        t.writeEvidence(good);
        Cli.Result again = verify(store, t, good, keys);
        assertEquals(0, again.code(), again.toString());
        String after = flat(Cli.run(store, "coverage"));
        assertFalse(after.contains("trail log file"), after);
    }

    /** A mistyped --store with --keep: refused before the verification, and no empty store is made there. */
    @Test
    void keepRefusesAStoreThatDoesNotExistBeforeVerifying(@TempDir Path dir) throws Exception {
        SignedTrail t = SignedTrail.builder(12).regions("us-east-1").hours(2).build();
        Path evidence = dir.resolve("evidence");
        t.writeEvidence(evidence);
        Path keys = dir.resolve("keys.json");
        Files.writeString(keys, t.publicKeysJson());
        Path typo = dir.resolve("stroe.duckdb");
        Cli.Result r = verify(typo, t, evidence, keys);
        assertEquals(2, r.code(), r.toString());
        assertTrue(flat(r).contains("there is no store at " + typo), r.toString());
        assertFalse(flat(r).contains("VALID"), "refused before verifying: " + r);
        assertFalse(Files.exists(typo), "no store made at " + typo);
    }

    @Test
    void whatKeepDidIsCountedWithItsThousandsGroupedAndTheFilesItCouldNotJudgeAreSaid() {
        Path store = Path.of("store.duckdb");
        String many = VerifyKeep.said(1_205, 123_456, 2, store);
        assertTrue(many.startsWith("1,205 log files deleted, altered or inserted kept in the store store.duckdb (")
                && many.contains("; 123,456 found valid; 2 neither (not read or not verified): what the store kept"
                + " of them is unchanged"), many);
        String none = VerifyKeep.said(0, 8_760, 0, store);
        assertEquals("0 log files deleted, altered or inserted kept in the store store.duckdb; 8,760 found valid",
                none);
        assertEquals("", VerifyKeep.digestsSaid(0));
        assertEquals("; 1,204 digest files found missing from the chain: the log files they listed can be neither"
                + " proven nor found deleted, and the store's answers do not name them (verify's output above does)",
                VerifyKeep.digestsSaid(1_204));
        assertEquals(VerifyFindings.DELETED, VerifyKeep.verdict(Verdict.LOG_MISSING),
                "a deleted file is kept under the word coverage reads");
        assertEquals(Verdict.LOG_MODIFIED.label(), VerifyKeep.verdict(Verdict.LOG_MODIFIED));
    }

    private static Cli.Result verify(Path store, SignedTrail t, Path evidence, Path keys) {
        return Cli.run(store, "verify", "--evidence", evidence.toString(), "--public-keys", keys.toString(), "--since",
                t.start().toString(), "--until", t.end().plus(Duration.ofHours(1)).toString(), "--keep");
    }
}
