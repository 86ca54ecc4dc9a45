package io.trailkeeper.events;

import java.util.ArrayList;
import java.util.List;

/** A sink that keeps everything, for tests. */
final class CollectingSink implements RecordSink {
    final List<CloudTrailEvent> events = new ArrayList<>();
    final List<SourceKind> kinds = new ArrayList<>();
    final List<IngestProblem> problems = new ArrayList<>();
    int digests;

    @Override
    public void event(CloudTrailEvent event, String source, SourceKind kind, long index) {
        events.add(event);
        kinds.add(kind);
    }

    @Override
    public void digest(String source) {
        digests++;
    }

    @Override
    public void problem(IngestProblem problem) {
        problems.add(problem);
    }

    List<IngestProblem> problems(ProblemCode code) {
        return problems.stream().filter(p -> p.code() == code).toList();
    }
}
