package io.trailkeeper.aws.s3;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The evidence copy of one S3 object ({@code --keep-raw DIR}): its bytes exactly as S3 served them at
 * {@code DIR/<bucket>/<key>}, and beside it {@code <key>.s3meta.json} with what S3 said about the object
 * (ETag, LastModified, ContentLength, ContentType, ContentEncoding, VersionId, the user metadata such as a
 * digest file's {@code signature} and {@code signature-algorithm}) plus the SHA-256 of the copy, so that the
 * digest chain and the copy itself can be verified offline later.
 *
 * <p>Both files are written to a temporary name in the target folder, forced to disk and then moved into
 * place atomically: a copy under its final name is always whole. A different copy already there (the object
 * was replaced in the bucket, which CloudTrail never does) is kept under {@code <key>.before-<time>} rather
 * than overwritten, because it may be the only trace of the original.
 */
final class RawCopy {
    static final String SIDECAR_SUFFIX = ".s3meta.json";
    private static final JsonFactory JSON = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final OutputStream out;
    private final MessageDigest sha256;

    private RawCopy(Path target, Path temp, FileChannel channel) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
        this.out = Channels.newOutputStream(channel);
        this.sha256 = newSha256();
    }

    /**
     * Where the copy of {@code key} goes below {@code dir}, or null when the key could leave it: an absolute
     * key, a {@code .} or {@code ..} segment, an empty segment or a backslash. Such keys are not CloudTrail's,
     * and a bucket's content must never choose where files are written.
     */
    static Path target(Path dir, String bucket, String key) {
        if (key.isEmpty() || key.startsWith("/") || key.indexOf('\\') >= 0 || key.indexOf('\0') >= 0) {
            return null;
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return null;
            }
        }
        Path root = dir.toAbsolutePath().normalize().resolve(bucket).normalize();
        Path target = root.resolve(key).normalize();
        return target.startsWith(root) && !target.equals(root) ? target : null;
    }

    /** Starts a copy to {@code target} (from {@link #target}). */
    static RawCopy start(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part");
        return new RawCopy(target, temp, FileChannel.open(temp, StandardOpenOption.WRITE));
    }

    void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        sha256.update(bytes, offset, length);
    }

    /** Puts the copy and its sidecar in place; the object was read to its end. */
    void commit(String bucket, String key, GetObjectResponse object, Instant retrievedAt) throws IOException {
        channel.force(true);
        out.close();
        String sha = HexFormat.of().formatHex(sha256.digest());
        Path sidecar = target.resolveSibling(target.getFileName() + SIDECAR_SUFFIX);
        if (Files.exists(target) && !sha.equals(sha256Of(target))) {
            String aside = ".before-" + STAMP.format(retrievedAt);
            Files.move(target, target.resolveSibling(target.getFileName() + aside));
            if (Files.exists(sidecar)) {
                Files.move(sidecar, sidecar.resolveSibling(target.getFileName() + aside + SIDECAR_SUFFIX));
            }
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Path sidecarTemp = Files.createTempFile(target.getParent(), "." + sidecar.getFileName() + ".", ".part");
        try (FileChannel c = FileChannel.open(sidecarTemp, StandardOpenOption.WRITE)) {
            writeSidecar(Channels.newOutputStream(c), bucket, key, object, sha, retrievedAt);
            c.force(true);
        }
        Files.move(sidecarTemp, sidecar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Drops an unfinished copy. */
    void discard() {
        try {
            out.close();
        } catch (IOException e) {
            // the temporary file goes anyway
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // a stray ".part" file is harmless: the final name is never written from it
        }
    }

    private static void writeSidecar(OutputStream o, String bucket, String key, GetObjectResponse object, String sha,
                                     Instant retrievedAt) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(o)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("Bucket", bucket);
            g.writeStringField("Key", key);
            field(g, "VersionId", object.versionId());
            field(g, "ETag", object.eTag());
            field(g, "LastModified", object.lastModified() == null ? null : object.lastModified().toString());
            if (object.contentLength() != null) {
                g.writeNumberField("ContentLength", object.contentLength());
            }
            field(g, "ContentType", object.contentType());
            field(g, "ContentEncoding", object.contentEncoding());
            field(g, "ServerSideEncryption", object.serverSideEncryptionAsString());
            field(g, "SSEKMSKeyId", object.ssekmsKeyId());
            g.writeObjectFieldStart("Metadata");
            for (Map.Entry<String, String> m : new TreeMap<>(object.metadata()).entrySet()) {
                g.writeStringField(m.getKey(), m.getValue());
            }
            g.writeEndObject();
            g.writeStringField("SHA256", sha);
            g.writeStringField("RetrievedAt", retrievedAt.toString());
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    private static void field(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static String sha256Of(Path file) throws IOException {
        MessageDigest digest = newSha256();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
