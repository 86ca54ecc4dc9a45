package io.trailkeeper.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;

/** An object read again when its source says the failure may pass, whole from its start each time. */
class ObjectReadsTest {
    /** Serves the given bodies one open after another, each failure one that may pass (as S3Evidence says of a cut). */
    private static final class Bodies implements EvidenceSource {
        final Deque<InputStream> bodies = new ArrayDeque<>();
        int opens;

        @Override
        public String describe() {
            return "bodies";
        }

        @Override
        public List<String> folders(String bucket, String prefix) {
            return List.of();
        }

        @Override
        public List<String> keys(String bucket, String prefix) {
            return List.of();
        }

        @Override
        public OpenedObject open(String bucket, String key, long limit) throws IOException {
            opens++;
            return OpenedObject.of("mem://" + bucket + "/" + key, -1, limit, bodies.remove(), Map.of());
        }

        @Override
        public boolean worthRetrying(IOException failure) {
            return true;
        }
    }

    @Test
    void aReadCutShortIsReadAgainWholeAndOnlyTheWholeReadIsHashed() throws IOException {
        byte[] gzip = gzip("{\"Records\":[]}");
        Bodies source = new Bodies();
        source.bodies.add(cutAfter(gzip, 10));
        source.bodies.add(new ByteArrayInputStream(gzip));
        String hash = ObjectReads.read(source, "b", "k", 1 << 20,
                o -> StoredBytes.contentSha256(o.bytes()));
        assertEquals(2, source.opens);
        assertEquals(StoredBytes.sha256("{\"Records\":[]}".getBytes(StandardCharsets.UTF_8)), hash);
    }

    @Test
    void bytesThatAreNotGzipAreNotReadAgain() {
        Bodies source = new Bodies();
        for (int i = 0; i < ObjectReads.ATTEMPTS; i++) {
            source.bodies.add(new ByteArrayInputStream("not gzip".getBytes(StandardCharsets.UTF_8)));
        }
        ZipException e = assertThrows(ZipException.class, () -> ObjectReads.read(source, "b", "k", 1 << 20,
                o -> StoredBytes.contentSha256(o.bytes())));
        assertEquals(1, source.opens, "the object's own fault: reading it again gives the same bytes");
        assertFalse(e.getMessage().contains("read "), e.getMessage());
    }

    /** The bytes up to {@code n}, then the failure of a dropped connection. */
    private static InputStream cutAfter(byte[] bytes, int n) {
        return new InputStream() {
            private int at;

            @Override
            public int read() throws IOException {
                if (at == n) {
                    throw new IOException("connection reset");
                }
                return at < bytes.length ? bytes[at++] & 0xff : -1;
            }
        };
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
