package io.trailkeeper.events;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Reads CloudTrail records from any of the shapes they are kept in, tolerantly: trail files as S3
 * delivers them ({@code {"Records":[...]}}, plain or gzip), JSON arrays, JSON lines, LookupEvents
 * responses ({@code Events[].CloudTrailEvent}), EventBridge envelopes, zip archives of any of these.
 * The shape is told by the content, never by the file name.
 *
 * <p>A damaged input never costs more than it must: the records before a truncation or corruption
 * point are delivered, a bad line in JSON lines costs that line only, and every problem is reported
 * to the sink with the source, the place and the reason. CloudTrail-Digest files are recognised and
 * counted, not read as events. Memory is bounded by the largest record, not by the input.
 *
 * <p>Instances are immutable and may be shared between threads.
 */
public final class CloudTrailReader {
    /** CloudTrail events are at most 256 KB; anything far beyond is not a record as AWS writes them. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

    private final int maxRecordBytes;

    public CloudTrailReader() {
        this(DEFAULT_MAX_RECORD_BYTES);
    }

    public CloudTrailReader(int maxRecordBytes) {
        if (maxRecordBytes < 1024) {
            throw new IllegalArgumentException("the record size limit must be at least 1 KiB, was " + maxRecordBytes);
        }
        this.maxRecordBytes = maxRecordBytes;
    }

    /** Reads one file; every problem, including a file that cannot be opened, goes to the sink. */
    public void read(Path file, RecordSink sink) {
        String source = file.toString();
        try (InputStream in = Files.newInputStream(file)) {
            read(source, in, sink);
        } catch (NoSuchFileException e) {
            sink.problem(fileProblem(source, ProblemCode.UNREADABLE, "no such file"));
        } catch (AccessDeniedException e) {
            sink.problem(fileProblem(source, ProblemCode.UNREADABLE, "permission denied"));
        } catch (IOException e) {
            sink.problem(fileProblem(source, ProblemCode.UNREADABLE, "could not be read: " + e.getMessage()));
        }
    }

    /**
     * Reads one input named {@code source}. The stream is not closed. Problems with the content go to the
     * sink; only a failure to read the stream itself (before any decoding) is thrown.
     */
    public void read(String source, InputStream in, RecordSink sink) throws IOException {
        readDecoded(source, in, sink, 0);
    }

    private void readDecoded(String source, InputStream raw, RecordSink sink, int depth) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 64 * 1024);
        byte[] magic = peek(in, 4);
        if (magic.length >= 2 && (magic[0] & 0xFF) == 0x1F && (magic[1] & 0xFF) == 0x8B) {
            GZIPInputStream gzip;
            try {
                gzip = new GZIPInputStream(in, 64 * 1024);
            } catch (IOException e) {
                sink.problem(fileProblem(source, ProblemCode.CORRUPT_COMPRESSION,
                        "the gzip header is damaged (" + e.getMessage() + ")"));
                return;
            }
            readText(source, new NoReadAhead(gzip), sink, true);
        } else if (magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
            readZip(source, in, sink, depth);
        } else if (magic.length >= 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h') {
            sink.problem(fileProblem(source, ProblemCode.UNSUPPORTED_COMPRESSION,
                    "bzip2 is not supported; decompress it first (bunzip2) or recompress with gzip"));
        } else if (magic.length == 4 && (magic[0] & 0xFF) == 0x28 && (magic[1] & 0xFF) == 0xB5
                && (magic[2] & 0xFF) == 0x2F && (magic[3] & 0xFF) == 0xFD) {
            sink.problem(fileProblem(source, ProblemCode.UNSUPPORTED_COMPRESSION,
                    "zstd is not supported; decompress it first (zstd -d) or recompress with gzip"));
        } else {
            readText(source, in, sink, false);
        }
    }

    private void readZip(String source, InputStream in, RecordSink sink, int depth) throws IOException {
        if (depth > 2) {
            sink.problem(fileProblem(source, ProblemCode.UNSUPPORTED_COMPRESSION, "archives nested deeper than 3"));
            return;
        }
        ZipInputStream zip = new ZipInputStream(in);
        try {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (!entry.isDirectory()) {
                    readDecoded(source + "!/" + entry.getName(), new NoReadAhead(new NonClosing(zip)), sink, depth + 1);
                }
            }
        } catch (ZipException | EOFException e) {
            sink.problem(fileProblem(source, ProblemCode.CORRUPT_COMPRESSION,
                    "the zip archive is damaged (" + e.getMessage() + "); the members before the damage were read"));
        }
    }

    private void readText(String source, InputStream decoded, RecordSink sink, boolean compressed) throws IOException {
        BufferedInputStream in = new BufferedInputStream(decoded, 64 * 1024);
        byte[] bom;
        try {
            bom = peek(in, 2);
        } catch (IOException e) {
            reportStreamFailure(source, e, compressed, 0, sink);
            return;
        }
        InputStream utf8Bytes = in;
        if (bom.length == 2 && ((bom[0] & 0xFF) == 0xFF && (bom[1] & 0xFF) == 0xFE
                || (bom[0] & 0xFF) == 0xFE && (bom[1] & 0xFF) == 0xFF)) {
            // Windows PowerShell 5 writes redirected output as UTF-16 with a byte order mark.
            utf8Bytes = new Utf8Encoding(new InputStreamReader(in, StandardCharsets.UTF_16));
        }
        Utf8Sanitizer sanitized = new Utf8Sanitizer(utf8Bytes);
        RetainingInputStream retained = new RetainingInputStream(sanitized, maxRecordBytes);
        JsonDocumentReader document = new JsonDocumentReader(source, retained, sanitized, sink, maxRecordBytes);
        try {
            document.readAll();
            if (compressed) {
                // Damaged gzip data can inflate to garbage that stops the JSON before the inflater notices;
                // reading on to the end lets the gzip checks (data, CRC, length) say whether it was damage.
                in.transferTo(OutputStream.nullOutputStream());
            }
        } catch (IOException e) {
            reportStreamFailure(source, e, compressed, document.recordsDelivered(), sink);
        }
        document.finish();
    }

    private static void reportStreamFailure(String source, IOException e, boolean compressed, long delivered,
                                            RecordSink sink) {
        String before = delivered == 0 ? "no records could be read"
                : "the " + delivered + " records before it were stored";
        if (compressed) {
            String what = e instanceof EOFException ? "the gzip data ends too early (the file is truncated)"
                    : "the gzip data is damaged (" + e.getMessage() + ")";
            sink.problem(fileProblem(source, ProblemCode.CORRUPT_COMPRESSION, what + "; " + before));
        } else {
            sink.problem(fileProblem(source, ProblemCode.UNREADABLE, "reading failed (" + e.getMessage() + "); "
                    + before));
        }
    }

    private static IngestProblem fileProblem(String source, ProblemCode code, String message) {
        return new IngestProblem(source, "", -1, code, IngestProblem.Outcome.REJECTED, message, null);
    }

    private static byte[] peek(BufferedInputStream in, int n) throws IOException {
        in.mark(n);
        byte[] b = new byte[n];
        int got = 0;
        while (got < n) {
            int r = in.read(b, got, n - got);
            if (r < 0) {
                break;
            }
            got += r;
        }
        in.reset();
        return got == n ? b : java.util.Arrays.copyOf(b, got);
    }

    /** Lets an archive member be read to its end without closing the archive. */
    private static final class NonClosing extends FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }

    /**
     * Says that nothing is available without blocking, so that a buffer above reads one chunk per call.
     * Otherwise BufferedInputStream keeps reading while a decompressor reports data available, and when a
     * later read in the same call fails (a truncated gzip) the bytes already decoded are lost with it.
     */
    private static final class NoReadAhead extends FilterInputStream {
        NoReadAhead(InputStream in) {
            super(in);
        }

        @Override
        public int available() {
            return 0;
        }
    }

    /** Re-encodes characters as UTF-8 bytes, for inputs written in UTF-16. */
    private static final class Utf8Encoding extends InputStream {
        private final InputStreamReader reader;
        private final char[] chars = new char[8192];
        private byte[] bytes = new byte[0];
        private int pos;

        Utf8Encoding(InputStreamReader reader) {
            this.reader = reader;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (pos == bytes.length) {
                int n = reader.read(chars);
                if (n < 0) {
                    return -1;
                }
                bytes = new String(chars, 0, n).getBytes(StandardCharsets.UTF_8);
                pos = 0;
            }
            int n = Math.min(len, bytes.length - pos);
            System.arraycopy(bytes, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
