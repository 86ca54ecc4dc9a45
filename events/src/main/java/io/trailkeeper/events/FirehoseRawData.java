package io.trailkeeper.events;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;

/**
 * The {@code rawData} of what Amazon Data Firehose writes under its error prefix for a record it could not process
 * (a transforming Lambda failed, a format conversion failed): the record as it arrived, in base64. For CloudTrail
 * that is an EventBridge event, a record, or a CloudWatch Logs subscription payload (gzipped); it is read as any
 * input is, and what it holds is delivered and reported under the failure document's place in the file.
 */
final class FirehoseRawData {
    private FirehoseRawData() {
    }

    /**
     * Reads one rawData string; returns the records delivered. Its problems go to {@code problems} (the file's
     * limiter, so that a file of failures from another stream says so a few times, not once a line).
     */
    static long read(String source, String base64, String location, long index, int maxRecordBytes, RecordSink sink,
                     ProblemLimiter problems) {
        Within within = new Within(sink, problems, location, index);
        if (sink instanceof Within) {
            problems.report(ProblemCode.NOT_CLOUDTRAIL, location, -1, IngestProblem.Outcome.REJECTED,
                    "a Firehose rawData inside another was not read", null);
            return 0;
        }
        byte[] data;
        try {
            data = Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            within.problem(new IngestProblem(source, "", -1, ProblemCode.NOT_CLOUDTRAIL,
                    IngestProblem.Outcome.REJECTED, "not base64 (" + e.getMessage() + ")", null));
            return 0;
        }
        try {
            new CloudTrailReader(maxRecordBytes).read(source, new ByteArrayInputStream(data), within);
        } catch (IOException e) {
            within.problem(new IngestProblem(source, "", -1, ProblemCode.UNREADABLE, IngestProblem.Outcome.REJECTED,
                    "could not be read (" + e.getMessage() + ")", null));
        }
        return within.delivered;
    }

    /** Passes on what the rawData holds, placed at the failure document. */
    private static final class Within implements RecordSink {
        private final RecordSink sink;
        private final ProblemLimiter problems;
        private final String location;
        private final long index;
        private long delivered;

        Within(RecordSink sink, ProblemLimiter problems, String location, long index) {
            this.sink = sink;
            this.problems = problems;
            this.location = location;
            this.index = index;
        }

        @Override
        public void event(CloudTrailEvent event, String source, SourceKind kind, long ignored) {
            delivered++;
            sink.event(event, source, kind, index);
        }

        @Override
        public void digest(String source) {
            sink.digest(source);
        }

        @Override
        public void problem(IngestProblem p) {
            String where = location + " rawData" + (p.location().isEmpty() ? "" : " " + p.location());
            problems.report(p.code(), where, -1, p.outcome(), p.message(), p.excerpt());
        }
    }
}
