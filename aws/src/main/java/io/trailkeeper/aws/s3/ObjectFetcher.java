package io.trailkeeper.aws.s3;

import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.events.CloudTrailReader;
import io.trailkeeper.events.CollectSink;
import io.trailkeeper.events.CollectedBatch;
import io.trailkeeper.events.IngestProblem;
import io.trailkeeper.events.ProblemCode;
import io.trailkeeper.events.RecordSink;
import io.trailkeeper.events.SourceKind;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.RequestPayer;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Fetches one object and streams it through the tolerant reader into the sink: no temporary copy of the
 * bucket, memory bounded by {@link #BATCH_EVENTS} records. The object's checkpoint goes with its last batch,
 * so the store counts an object as loaded only once all its records are in (and its evidence copy, when
 * kept, is in place).
 *
 * <p>A dropped connection, a server error or a short read is tried again, {@link #ATTEMPTS} times in all;
 * records written by a failed attempt are written again by the next one, which the store absorbs (it keeps
 * each record once). An object that still fails becomes one problem and a failed {@link Outcome}; bad content
 * is not a failure: the reader keeps the good records and reports the rest. An archived object (the listing
 * shows GLACIER or DEEP_ARCHIVE not restored, or GetObject answers InvalidObjectState) is failed as archived,
 * with the command that restores it, and not asked for again in vain.
 */
final class ObjectFetcher {
    static final int ATTEMPTS = 3;
    static final int BATCH_EVENTS = 10_000;

    private final S3Client s3;
    private final CollectSink sink;
    private final CloudTrailReader reader;
    private final String bucket;
    private final Path keepRaw;
    private final Clock clock;
    private final Duration backoff;
    /** REQUESTER for a Requester Pays bucket read by another account, else null. */
    private final RequestPayer payer;

    /**
     * What became of one object. {@code failure} is null when it was read to its end; {@code archived} names where
     * S3 keeps it archived (it needs a restore), or is null.
     */
    record Outcome(String type, long events, long digests, long problems, long bytes, String failure, boolean denied,
                   String archived) {
    }

    ObjectFetcher(S3Client s3, CollectSink sink, CloudTrailReader reader, String bucket, Path keepRaw, Clock clock,
                  Duration backoff, RequestPayer payer) {
        this.payer = payer;
        this.s3 = s3;
        this.sink = sink;
        this.reader = reader;
        this.bucket = bucket;
        this.keepRaw = keepRaw;
        this.clock = clock;
        this.backoff = backoff;
    }

    Outcome fetch(S3Object listed, String type) {
        String source = "s3://" + bucket + "/" + listed.key();
        if (S3Archive.archivedInListing(listed)) {
            // the listing says GetObject would be refused: reported as archived without asking
            String where = listed.storageClassAsString();
            String why = S3Archive.reason(bucket, listed.key(), where, "collect again");
            return failed(source, type, new Failure(why, false, false, where));
        }
        Path target = keepRaw == null ? null : RawCopy.target(keepRaw, bucket, listed.key());
        Failure last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return readOnce(listed.key(), type, source, target);
            } catch (Failure f) {
                last = f;
                if (!f.retryable || !pause(attempt)) {
                    break;
                }
            }
        }
        return failed(source, type, last);
    }

    /** One problem for the object, and its failed outcome. */
    private Outcome failed(String source, String type, Failure last) {
        String message = (last.retryable ? "could not be read in " + ATTEMPTS + " attempts: " : "could not be read: ")
                + last.getMessage();
        IngestProblem problem = new IngestProblem(source, "", -1, ProblemCode.UNREADABLE, IngestProblem.Outcome.REJECTED,
                message, null);
        sink.write(new CollectedBatch(source, SourceKind.TRAIL_FILE, 0, List.of(), List.of(problem), 0, null));
        return new Outcome(type, 0, 0, 1, 0, message, last.denied, last.archived);
    }

    private Outcome readOnce(String key, String type, String source, Path target) throws Failure {
        ResponseInputStream<GetObjectResponse> in;
        try {
            in = s3.getObject(b -> b.bucket(bucket).key(key).requestPayer(payer));
        } catch (SdkException e) {
            if (S3Archive.isArchived(e)) {
                String where = S3Archive.where(e);
                throw new Failure(S3Archive.reason(bucket, key, where, "collect again"), false, false, where);
            }
            throw new Failure(S3Failures.describe(e), S3Failures.retryable(e), S3Failures.denied(e));
        }
        Records records = new Records(source);
        if (keepRaw != null && target == null) {
            records.problem(new IngestProblem(source, "", -1, ProblemCode.UNREADABLE, IngestProblem.Outcome.STORED,
                    "no evidence copy was kept: the key could name a place outside " + keepRaw, null));
        }
        RawCopy copy = null;
        boolean done = false;
        try {
            copy = target == null ? null : RawCopy.start(target);
            TransferStream transfer = new TransferStream(in, copy);
            BufferedInputStream body = new BufferedInputStream(transfer, 8192);
            String error = null;
            try {
                error = S3Failures.errorInstead(body);
                if (error == null) {
                    reader.read(source, body, records);
                    transfer.drain();
                }
            } catch (IOException | SdkException e) {
                // the transfer stream knows the cause; checked below
            }
            if (error != null) {
                throw new Failure("the server answered 200 with an error document instead of the object (" + error
                        + ")", true, false);
            }
            check(transfer, in.response(), target);
            GetObjectResponse object = in.response();
            if (copy != null) {
                copy.commit(bucket, key, object, clock.instant());
            }
            done = true;
            records.finish(new CollectedBatch.S3Object(bucket, key, unquote(object.eTag()), transfer.bytes(),
                    object.lastModified(), type));
            return new Outcome(type, records.events, records.digests, records.problems.size(), transfer.bytes(), null,
                    false, null);
        } catch (IOException e) {
            throw new Failure("the evidence copy " + target + " could not be written: " + e.getMessage(), true, false);
        } finally {
            if (!done) {
                in.abort();
                if (copy != null) {
                    copy.discard();
                }
            }
            try {
                in.close();
            } catch (IOException | SdkException e) {
                // the object is read, or its failure already known
            }
        }
    }

    private static void check(TransferStream transfer, GetObjectResponse object, Path target) throws Failure {
        if (transfer.copyFailure() != null) {
            throw new Failure("the evidence copy " + target + " could not be written: "
                    + transfer.copyFailure().getMessage(), true, false);
        }
        Exception broken = transfer.transferFailure();
        if (broken != null) {
            String why = broken instanceof SdkException s ? S3Failures.describe(s) : String.valueOf(broken.getMessage());
            throw new Failure("the download broke off after " + transfer.bytes() + " bytes (" + why + ")", true, false);
        }
        Long expected = object.contentLength();
        if (expected != null && expected != transfer.bytes()) {
            throw new Failure("the download ended after " + transfer.bytes() + " of " + expected + " bytes", true, false);
        }
    }

    /** Waits before the next attempt; false when interrupted (no more attempts then). */
    private boolean pause(int attempt) {
        try {
            Thread.sleep(backoff.toMillis() * attempt);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** S3 sends the ETag in quotes; the checkpoint keeps the bare value, as {@link CollectSink#s3Loaded} does. */
    static String unquote(String etag) {
        if (etag == null) {
            return "";
        }
        return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
                ? etag.substring(1, etag.length() - 1) : etag;
    }

    /** Why one attempt failed. */
    private static final class Failure extends Exception {
        final boolean retryable;
        final boolean denied;
        final String archived;

        Failure(String message, boolean retryable, boolean denied) {
            this(message, retryable, denied, null);
        }

        Failure(String message, boolean retryable, boolean denied, String archived) {
            super(message, null, false, false);
            this.retryable = retryable;
            this.denied = denied;
            this.archived = archived;
        }
    }

    /** One attempt's records, handed to the sink in batches; problems and the checkpoint go with the last. */
    private final class Records implements RecordSink {
        private final String source;
        private final List<IngestProblem> problems = new ArrayList<>();
        private List<CloudTrailEvent> pending = new ArrayList<>();
        private SourceKind kind = SourceKind.TRAIL_FILE;
        private long firstIndex;
        private long events;
        private long digests;

        Records(String source) {
            this.source = source;
        }

        @Override
        public void event(CloudTrailEvent event, String from, SourceKind eventKind, long index) {
            if (!pending.isEmpty() && (pending.size() >= BATCH_EVENTS || eventKind != kind)) {
                sink.write(new CollectedBatch(source, kind, firstIndex, pending, List.of(), 0, null));
                pending = new ArrayList<>();
            }
            if (pending.isEmpty()) {
                firstIndex = index;
                kind = eventKind;
            }
            pending.add(event);
            events++;
        }

        @Override
        public void digest(String from) {
            digests++;
        }

        @Override
        public void problem(IngestProblem problem) {
            problems.add(problem);
        }

        void finish(CollectedBatch.S3Object checkpoint) {
            sink.write(new CollectedBatch(source, kind, firstIndex, pending, problems, digests, checkpoint));
        }
    }
}
