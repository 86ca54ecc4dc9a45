package io.trailkeeper.integrity;

import static io.trailkeeper.integrity.TrailFixture.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trailkeeper.testkit.SignedTrail;
import io.trailkeeper.testkit.SignedTrail.Obj;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log file that a verified digest lists, whose content is larger than the heap (tests run in 1 GB): CloudTrail's
 * hashValue is the SHA-256 of the uncompressed content (as the AWS CLI computes it, inflating as it reads), so it is
 * hashed while it is inflated, never held; 1.2 GB of content cannot be one Java array in a 1 GB heap.
 */
class StreamedLogHashTest {
    @TempDir
    Path dir;

    @Test
    void aListedLogFileLargerThanTheHeapIsHashedAsItIsInflated() throws Exception {
        TrailFixture fixture = new TrailFixture(SignedTrail.builder(41).start(Instant.parse("2024-06-02T10:00:00Z"))
                .hours(3).regions("us-east-1").build(), "");
        List<Obj> chain = fixture.chain("us-east-1");
        Obj last = chain.get(chain.size() - 1);
        Obj model = fixture.trail.logs().get(0);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        byte[] block = new byte[1024 * 1024];
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write('{');
            sha256.update((byte) '{');
            for (int i = 0; i < 1200; i++) {
                out.write(block);
                sha256.update(block);
            }
        }
        String content = HexFormat.of().formatHex(sha256.digest());
        String key = model.key().replace(".json.gz", "Huge.json.gz");
        // the chain's last digest lists it, signed as CloudTrail signs
        ObjectNode json = TrailFixture.json(last);
        ObjectNode entry = ((ArrayNode) json.get("logFiles")).addObject();
        entry.put("s3Bucket", model.bucket());
        entry.put("s3Object", key);
        entry.put("hashValue", content);
        entry.put("hashAlgorithm", "SHA-256");
        List<Obj> objects = new ArrayList<>(fixture.replace(last.key(), fixture.trail.resign(last, json.toString())));
        objects.add(new Obj(model.bucket(), key, gz.toByteArray(), Map.of()));
        VerifyReport report = fixture.verify(dir, objects);
        FileCheck c = check(report, key);
        assertEquals(Verdict.VALID, c.verdict(), c.reason());
        assertEquals(content, c.contentSha256());
        assertEquals(SignedTrail.sha256Hex(gz.toByteArray()), c.storedSha256());
        assertTrue(c.reason().contains("listed by " + last.key()), c.reason());
        assertTrue(report.valid(), report.toString());
    }
}
