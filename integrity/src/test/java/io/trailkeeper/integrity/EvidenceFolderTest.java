package io.trailkeeper.integrity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.testkit.SignedTrail;
import io.trailkeeper.testkit.SignedTrail.Obj;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evidence folder read as the bucket it was copied from. */
class EvidenceFolderTest {
    @TempDir
    Path dir;

    @Test
    void listsFoldersAndKeysAndReadsMetadata() throws IOException {
        SignedTrail trail = SignedTrail.builder(5).bucket("bucket-a").regions("us-east-1").hours(2).build();
        trail.writeEvidence(dir);
        Files.createDirectories(dir.resolve("bucket-b"));
        EvidenceFolder folder = new EvidenceFolder(dir);
        assertEquals(List.of("bucket-a", "bucket-b"), EvidenceFolder.buckets(dir));
        // S3's order: '-' sorts before '/'
        assertEquals(List.of("AWSLogs/123456789012/CloudTrail-Digest/", "AWSLogs/123456789012/CloudTrail/"),
                folder.folders("bucket-a", "AWSLogs/123456789012/"));
        List<String> keys = folder.keys("bucket-a", "AWSLogs/");
        assertEquals(trail.objects().stream().map(Obj::key).sorted().toList(), keys);
        assertEquals(trail.logs().size(), folder.keys("bucket-a", "AWSLogs/123456789012/CloudTrail/").size());
        assertEquals(trail.digests().size(), folder.keys("bucket-a", "AWSLogs/123456789012/CloudTrail-").size());
        Obj digest = trail.digests().get(0);
        StoredObject read = folder.read("bucket-a", digest.key());
        assertArrayEquals(digest.bytes(), read.bytes());
        assertEquals(digest.metadata().get("signature"), read.metadata().get("signature"));
        assertEquals("SHA256withRSA", read.metadata().get("signature-algorithm"));
        assertNull(folder.read("bucket-a", "AWSLogs/nothing.json.gz"));
        assertEquals(List.of(), folder.folders("bucket-c", ""));
    }

    @Test
    void skipsUnfinishedAndEarlierCopiesAndSaysSo() throws IOException {
        Path day = Files.createDirectories(dir.resolve("b/AWSLogs/111122223333/CloudTrail/us-east-1/2024/03/01"));
        Files.writeString(day.resolve("a.json.gz"), "x");
        Files.writeString(day.resolve("a.json.gz.s3meta.json"), "{\"Metadata\":{\"Signature\":\"ab\"}}");
        Files.writeString(day.resolve(".a.json.gz.123.part"), "x");
        Files.writeString(day.resolve("a.json.gz.before-20240302T101010Z"), "y");
        EvidenceFolder folder = new EvidenceFolder(dir);
        assertEquals(List.of("AWSLogs/111122223333/CloudTrail/us-east-1/2024/03/01/a.json.gz"), folder.keys("b", ""));
        assertEquals("ab", folder.read("b", "AWSLogs/111122223333/CloudTrail/us-east-1/2024/03/01/a.json.gz")
                .metadata().get("signature"));
        assertEquals(2, folder.notes().size(), folder.notes().toString());
        assertTrue(folder.notes().stream().anyMatch(n -> n.contains("s3://b/AWSLogs/111122223333/CloudTrail/us-east-1/"
                + "2024/03/01/a.json.gz was replaced in the bucket")), folder.notes().toString());
    }

    @Test
    void keysCannotLeaveTheFolder() throws IOException {
        Files.writeString(dir.resolve("secret.txt"), "s");
        Files.createDirectories(dir.resolve("b"));
        EvidenceFolder folder = new EvidenceFolder(dir);
        for (String key : List.of("../secret.txt", "/etc/passwd", "a/../../secret.txt", "a//b", "a\\..\\b")) {
            assertThrows(IOException.class, () -> folder.read("b", key), key);
        }
        assertThrows(IOException.class, () -> folder.read("..", "secret.txt"));
        assertThrows(IOException.class, () -> folder.keys("b", "../"));
    }

    @Test
    void unreadableSidecarFailsThatReadOnly() throws IOException {
        Path file = Files.createDirectories(dir.resolve("b/k")).resolve("d.json.gz");
        Files.writeString(file, "x");
        Files.writeString(file.resolveSibling("d.json.gz.s3meta.json"), "{broken");
        IOException e = assertThrows(IOException.class, () -> new EvidenceFolder(dir).read("b", "k/d.json.gz"));
        assertTrue(e.getMessage().contains("d.json.gz.s3meta.json"), e.getMessage());
    }
}
