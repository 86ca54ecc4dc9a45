package io.trailkeeper.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trailkeeper.testkit.SignedTrail.Obj;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The evidence folder {@code collect s3 --keep-raw DIR} writes (aws' RawCopy): {@code DIR/<bucket>/<key>} with the
 * bytes as S3 served them, and beside each {@code <key>.s3meta.json} with Bucket, Key, ETag, ContentLength,
 * ContentType, the user {@code Metadata}, SHA256 and RetrievedAt.
 */
final class EvidenceLayout {
    private static final String RETRIEVED_AT = "2024-04-02T09:30:00Z";

    private EvidenceLayout() {
    }

    static void write(Path dir, List<Obj> objects) {
        for (Obj o : objects) {
            Path file = dir.resolve(o.bucket()).resolve(o.key());
            try {
                Files.createDirectories(file.getParent());
                Files.write(file, o.bytes());
                Files.writeString(file.resolveSibling(file.getFileName() + ".s3meta.json"), sidecar(o),
                        StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("could not write " + file, e);
            }
        }
    }

    private static String sidecar(Obj o) {
        ObjectNode s = SignedTrail.JSON.createObjectNode();
        s.put("Bucket", o.bucket());
        s.put("Key", o.key());
        s.put("ETag", "\"" + HexFormat.of().formatHex(DigestSigningKey.digest("MD5", o.bytes())) + "\"");
        s.put("ContentLength", o.bytes().length);
        s.put("ContentType", "application/json");
        ObjectNode metadata = s.putObject("Metadata");
        for (Map.Entry<String, String> m : new TreeMap<>(o.metadata()).entrySet()) {
            metadata.put(m.getKey(), m.getValue());
        }
        s.put("SHA256", SignedTrail.sha256Hex(o.bytes()));
        s.put("RetrievedAt", RETRIEVED_AT);
        return s.toPrettyString() + "\n";
    }
}
