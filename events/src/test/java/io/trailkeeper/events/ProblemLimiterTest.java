package io.trailkeeper.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A hundred problems of a code one by one, then a count that keeps the gravest outcome held back. */
class ProblemLimiterTest {
    @Test
    void heldBackNotesAreCountedAsNotesAndHeldBackRejectionsAsRejections() {
        CollectingSink sink = new CollectingSink();
        ProblemLimiter limiter = new ProblemLimiter("f.json", sink);
        for (int i = 0; i < ProblemLimiter.MAX_PER_CODE + 5; i++) {
            limiter.report(ProblemCode.NOT_CLOUDTRAIL, "events[" + i + "]", i, IngestProblem.Outcome.SKIPPED, "n",
                    null);
            limiter.report(ProblemCode.MALFORMED_JSON, "line " + i, i, i == 102 ? IngestProblem.Outcome.REJECTED
                    : IngestProblem.Outcome.STORED, "m", null);
        }
        limiter.finish();
        assertEquals(2 * ProblemLimiter.MAX_PER_CODE + 2, sink.problems.size());
        IngestProblem notes = sink.problems(ProblemCode.NOT_CLOUDTRAIL).get(ProblemLimiter.MAX_PER_CODE);
        IngestProblem rejections = sink.problems(ProblemCode.MALFORMED_JSON).get(ProblemLimiter.MAX_PER_CODE);
        assertEquals(IngestProblem.Outcome.SKIPPED, notes.outcome(), "notes held back stay notes");
        assertTrue(notes.message().startsWith("5 more problems"), notes.message());
        assertEquals(IngestProblem.Outcome.REJECTED, rejections.outcome());
    }
}
