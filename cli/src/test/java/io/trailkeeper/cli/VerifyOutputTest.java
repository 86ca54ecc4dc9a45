package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.integrity.FileCheck;
import io.trailkeeper.integrity.Verdict;
import io.trailkeeper.integrity.VerifyReport;
import io.trailkeeper.integrity.VerifyScope;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one line a verification ends with. */
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
}
