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
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Reads CloudTrail records from any of the shapes they are kept in, tolerantly: trail files as S3
 * delivers them ({@code {"Records":[...]}}, plain or gzip), JSON arrays, JSON lines, LookupEvents
 * responses ({@code Events[].CloudTrailEvent}), CloudWatch Logs events, EventBridge envelopes, zip and tar
 * archives of any of these.
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
        byte[] magic = peek(in, Tar.HEADER_BYTES);
        if (isGzip(magic)) {
            GzipMembers gzip;
            try {
                gzip = new GzipMembers(new MembersFollow(in), 64 * 1024);
            } catch (IOException e) {
                sink.problem(fileProblem(source, ProblemCode.CORRUPT_COMPRESSION,
                        "the gzip header is damaged (" + e.getMessage() + ")"));
                return;
            }
            BufferedInputStream inflated = new BufferedInputStream(new NoReadAhead(gzip), 64 * 1024);
            byte[] inner;
            try {
                inner = peek(inflated, Tar.HEADER_BYTES);
            } catch (IOException e) {
                // damaged within its first block: the text reader delivers what came before and reports it
                inflated.reset();
                inner = new byte[0];
            }
            if (isGzip(inner) && depth < 3) {
                // CloudWatch Logs gzips what a subscription sends; a Firehose that compresses to S3 gzips it again.
                // The inner reading goes to the outer data's end, so the outer's checks are made as well.
                readDecoded(source, inflated, sink, depth + 1);
            } else if (Tar.isTar(inner)) {
                // a .tar.gz evidence bundle; the gzip checks (data, CRC, length) come after its last member
                try {
                    readTar(source, inflated, sink, depth);
                    inflated.transferTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                    sink.problem(fileProblem(source, ProblemCode.CORRUPT_COMPRESSION, (e instanceof EOFException
                            ? "the gzip data ends too early (the file is truncated)"
                            : "the gzip data is damaged (" + e.getMessage() + ")")
                            + "; the tar members before the damage were read"));
                }
            } else {
                readText(source, inflated, sink, true);
            }
            reportTrailing(source, gzip, sink);
        } else if (magic.length >= 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
            readZip(source, in, sink, depth);
        } else if (Tar.isTar(magic)) {
            readTar(source, in, sink, depth);
        } else if (magic.length >= 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h') {
            sink.problem(fileProblem(source, ProblemCode.UNSUPPORTED_COMPRESSION,
                    "bzip2 is not supported; decompress it first (bunzip2) or recompress with gzip"));
        } else if (magic.length >= 4 && (magic[0] & 0xFF) == 0x28 && (magic[1] & 0xFF) == 0xB5
                && (magic[2] & 0xFF) == 0x2F && (magic[3] & 0xFF) == 0xFD) {
            sink.problem(fileProblem(source, ProblemCode.UNSUPPORTED_COMPRESSION,
                    "zstd is not supported; decompress it first (zstd -d) or recompress with gzip"));
        } else {
            readText(source, in, sink, false);
        }
    }

    /** Bytes after the gzip data are said: zeros are padding; anything else may be a damaged member's records. */
    private static void reportTrailing(String source, GzipMembers gzip, RecordSink sink) {
        long n = gzip.trailingBytes();
        if (n == 0) {
            return;
        }
        if (gzip.trailingZeros()) {
            sink.problem(new IngestProblem(source, "", -1, ProblemCode.CORRUPT_COMPRESSION,
                    IngestProblem.Outcome.SKIPPED, String.format("%,d zero bytes after the gzip data (padding) were"
                            + " passed over; the records before them were read", n), null));
        } else {
            sink.problem(fileProblem(source, ProblemCode.CORRUPT_COMPRESSION, String.format("%,d bytes after the gzip"
                    + " data are not gzip (text, or a gzip member whose header is damaged, whose records are lost);"
                    + " the records before them were read", n)));
        }
    }

    private static boolean isGzip(byte[] magic) {
        return magic.length >= 2 && (magic[0] & 0xFF) == 0x1F && (magic[1] & 0xFF) == 0x8B;
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
                if (!entry.isDirectory() && !isArchiveClutter(entry.getName())) {
                    readDecoded(source + "!/" + entry.getName(), new NoReadAhead(new NonClosing(zip)), sink, depth + 1);
                }
            }
        } catch (ZipException | EOFException e) {
            sink.problem(fileProblem(source, ProblemCode.CORRUPT_COMPRESSION,
                    "the zip archive is damaged (" + e.getMessage() + "); the members before the damage were read"));
        }
    }

    private void readTar(String source, InputStream in, RecordSink sink, int depth) throws IOException {
        if (depth > 2) {
            sink.problem(fileProblem(source, ProblemCode.UNSUPPORTED_COMPRESSION, "archives nested deeper than 3"));
            return;
        }
        Tar tar = new Tar(in);
        try {
            Tar.Entry entry;
            while ((entry = tar.next()) != null) {
                if (entry.regularFile() && !isArchiveClutter(entry.name())) {
                    readDecoded(source + "!/" + entry.name(), new NoReadAhead(new NonClosing(tar.content())), sink,
                            depth + 1);
                }
            }
        } catch (Tar.Damaged | EOFException e) {
            sink.problem(fileProblem(source, ProblemCode.CORRUPT_COMPRESSION,
                    "the tar archive is damaged or cut short (" + e.getMessage() + "); the members before the damage"
                            + " were read"));
        }
    }

    /**
     * What archivers add beside the files (macOS's {@code __MACOSX/} resource forks and {@code .DS_Store}, other
     * hidden files): passed over, as the folder walk passes over hidden files.
     */
    static boolean isArchiveClutter(String entryName) {
        String name = entryName.endsWith("/") ? entryName.substring(0, entryName.length() - 1) : entryName;
        if (name.startsWith("__MACOSX/") || name.contains("/__MACOSX/")) {
            return true;
        }
        String base = name.substring(name.lastIndexOf('/') + 1);
        return base.startsWith(".");
    }

    private void readText(String source, BufferedInputStream in, RecordSink sink, boolean compressed)
            throws IOException {
        byte[] head; // the first bytes: a byte order mark, or a CloudWatch Logs export's first time
        try {
            head = peek(in, 40);
        } catch (IOException e) {
            reportStreamFailure(source, e, compressed, 0, sink);
            return;
        }
        InputStream utf8Bytes = in;
        if (head.length >= 2 && ((head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE
                || (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF)) {
            // Windows PowerShell 5 writes redirected output as UTF-16 with a byte order mark.
            utf8Bytes = new Utf8Encoding(new InputStreamReader(in, StandardCharsets.UTF_16));
        } else if (head.length >= 2 && (head[0] == 0) != (head[1] == 0)) {
            // UTF-16 without a byte order mark: JSON starts with ASCII, so one of its first two bytes is zero
            utf8Bytes = new Utf8Encoding(new InputStreamReader(in, head[0] == 0 ? StandardCharsets.UTF_16BE
                    : StandardCharsets.UTF_16LE));
        } else if (TimestampedLines.looksLikeExport(head)) {
            // a CloudWatch Logs export to S3: each line a time, a space and the event
            utf8Bytes = new TimestampedLines(in);
        }
        Utf8Sanitizer sanitized = new Utf8Sanitizer(utf8Bytes);
        RetainingInputStream retained = new RetainingInputStream(sanitized, maxRecordBytes);
        JsonDocumentReader document = new JsonDocumentReader(source, retained, sanitized, sink, maxRecordBytes);
        try {
            document.readAll();
            if (document.empty()) {
                reportEmpty(source, compressed, sink);
            }
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

    /**
     * An empty input is said, never passed over in silence. A file named as gzip that holds nothing at all is
     * a copy or download cut short (gzip data is never empty): an error. Else a note.
     */
    private static void reportEmpty(String source, boolean compressed, RecordSink sink) {
        String name = source.toLowerCase(java.util.Locale.ROOT);
        if (!compressed && (name.endsWith(".gz") || name.endsWith(".zip"))) {
            sink.problem(fileProblem(source, ProblemCode.CORRUPT_COMPRESSION, "the file is empty, though its name"
                    + " says it is compressed: a copy or download was probably cut short"));
        } else {
            sink.problem(new IngestProblem(source, "", -1, ProblemCode.NOT_JSON, IngestProblem.Outcome.SKIPPED,
                    compressed ? "the compressed data holds nothing" : "the file is empty (or holds only white space)",
                    null));
        }
    }

    private static void reportStreamFailure(String source, IOException e, boolean compressed, long delivered,
                                            RecordSink sink) {
        String lost = IngestProblem.restOfFile(delivered) + ": ";
        if (compressed) {
            String what = e instanceof EOFException ? "the gzip data ends too early (the file is truncated)"
                    : "the gzip data is damaged (" + e.getMessage() + ")";
            sink.problem(fileProblem(source, ProblemCode.CORRUPT_COMPRESSION, lost + what));
        } else {
            sink.problem(fileProblem(source, ProblemCode.UNREADABLE, lost + "reading failed (" + e.getMessage() + ")"));
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
     * Says that more may follow until the end is actually met. GZIPInputStream looks for another member (gzip
     * files may be concatenated, as {@code cat a.gz b.gz} makes them) only when its source says bytes are
     * available; an archive member's stream says none, so a second member that starts just past a buffer's
     * edge would be taken for the end, and its records lost without a word.
     */
    private static final class MembersFollow extends FilterInputStream {
        MembersFollow(InputStream in) {
            super(in);
        }

        @Override
        public int available() throws IOException {
            return Math.max(1, in.available());
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
    private static final class Utf8Encoding extends ChunkedInputStream {
        private final InputStreamReader reader;
        private final char[] chars = new char[8192];
        private byte[] bytes = new byte[0];
        private int pos;

        Utf8Encoding(InputStreamReader reader) {
            this.reader = reader;
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
