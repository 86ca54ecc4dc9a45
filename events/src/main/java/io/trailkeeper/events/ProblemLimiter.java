package io.trailkeeper.events;

import java.util.EnumMap;
import java.util.Map;

/**
 * Hands one input's problems to the sink, at most {@value #MAX_PER_CODE} of each code one by one: a file of a
 * million bad lines says so in a hundred lines and a count, not a million. What is held back is counted with the
 * gravest outcome among it, so a file whose held-back problems were notes is not made a file with errors.
 */
final class ProblemLimiter {
    static final int MAX_PER_CODE = 100;

    private final String source;
    private final RecordSink sink;
    private final Map<ProblemCode, Integer> counts = new EnumMap<>(ProblemCode.class);
    private final Map<ProblemCode, IngestProblem.Outcome> heldBack = new EnumMap<>(ProblemCode.class);

    ProblemLimiter(String source, RecordSink sink) {
        this.source = source;
        this.sink = sink;
    }

    void report(ProblemCode code, String location, long at, IngestProblem.Outcome outcome, String message,
                String excerpt) {
        int count = counts.merge(code, 1, Integer::sum);
        if (count <= MAX_PER_CODE) {
            sink.problem(new IngestProblem(source, location, at, code, outcome, message, excerpt));
        } else {
            heldBack.merge(code, outcome, ProblemLimiter::graver);
        }
    }

    boolean none() {
        return counts.isEmpty();
    }

    /** Reports the count of each code's problems that were held back. */
    void finish() {
        heldBack.forEach((code, outcome) -> sink.problem(new IngestProblem(source, "", -1, code, outcome,
                (counts.get(code) - MAX_PER_CODE) + " more problems like the ones above (" + code.summary()
                        + ") were not listed one by one", null)));
    }

    private static IngestProblem.Outcome graver(IngestProblem.Outcome a, IngestProblem.Outcome b) {
        if (a == IngestProblem.Outcome.REJECTED || b == IngestProblem.Outcome.REJECTED) {
            return IngestProblem.Outcome.REJECTED;
        }
        return a == IngestProblem.Outcome.STORED || b == IngestProblem.Outcome.STORED ? IngestProblem.Outcome.STORED
                : IngestProblem.Outcome.SKIPPED;
    }
}
