package io.trailkeeper.aws.integrity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.aws.s3.FaultyS3;
import io.trailkeeper.aws.s3.S3MockServer;
import io.trailkeeper.integrity.ObjectTooLarge;
import io.trailkeeper.integrity.StoredObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Evidence against S3Mock: folders as common prefixes and keys as listings, both followed across pages (a page
 * size of 2 here), objects read with their user metadata; a missing key is null, a missing bucket an error that
 * names it.
 */
class S3EvidenceTest {
    private static final String BUCKET = "s3-evidence";
    private static final String DIGESTS = "trail/AWSLogs/111111111111/CloudTrail-Digest/";

    private static AwsClients clients;
    private static S3Client s3;

    @BeforeAll
    static void start() {
        clients = S3MockServer.get().clients();
        s3 = clients.s3("us-east-1");
        s3.createBucket(b -> b.bucket(BUCKET));
        for (String region : List.of("eu-west-1", "us-east-1", "us-west-2")) {
            for (int hour = 0; hour < 3; hour++) {
                put(DIGESTS + region + "/2024/10/01/d" + hour + ".json.gz", "digest " + region + hour,
                        Map.of("Signature", "ab" + hour, "signature-algorithm", "SHA256withRSA"));
            }
        }
        put("trail/AWSLogs/o-abc123def4/222222222222/CloudTrail-Digest/ap-south-1/2024/10/01/d.json.gz", "org",
                Map.of());
        put("trail/AWSLogs/111111111111/CloudTrail/us-east-1/2024/10/01/log.json.gz", "log", Map.of());
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    private static void put(String key, String content, Map<String, String> metadata) {
        s3.putObject(b -> b.bucket(BUCKET).key(key).metadata(metadata), RequestBody.fromString(content));
    }

    @Test
    void foldersAndKeysAreFollowedAcrossPages() throws IOException {
        S3Evidence evidence = new S3Evidence(s3, BUCKET, "trail/", 2);
        assertEquals("s3://s3-evidence/trail/", evidence.describe());
        assertEquals(List.of(DIGESTS + "eu-west-1/", DIGESTS + "us-east-1/", DIGESTS + "us-west-2/"),
                evidence.folders(BUCKET, DIGESTS));
        assertEquals(List.of("trail/AWSLogs/111111111111/", "trail/AWSLogs/o-abc123def4/"),
                evidence.folders(BUCKET, "trail/AWSLogs/"));
        List<String> keys = evidence.keys(BUCKET, DIGESTS);
        assertEquals(9, keys.size());
        assertEquals(keys.stream().sorted().toList(), keys);
        assertTrue(keys.contains(DIGESTS + "us-west-2/2024/10/01/d2.json.gz"), keys.toString());
        assertEquals(List.of(), evidence.keys(BUCKET, "trail/nothing/"));
    }

    @Test
    void listingsAreFollowedWhateverTheServersPagingOrFailLoudly() throws IOException {
        S3Evidence v1Style = new S3Evidence(new FaultyS3(s3).paging(FaultyS3.Paging.NO_CONTINUATION_TOKEN), BUCKET,
                "trail/", 2);
        assertEquals(9, v1Style.keys(BUCKET, DIGESTS).size(), "continued after each page's last key");
        assertEquals(List.of(DIGESTS + "eu-west-1/", DIGESTS + "us-east-1/", DIGESTS + "us-west-2/"),
                v1Style.folders(BUCKET, DIGESTS));
        S3Evidence noSlash = new S3Evidence(new FaultyS3(s3).foldersWithoutSlash(), BUCKET, "trail/", 2);
        assertEquals(List.of(DIGESTS + "eu-west-1/", DIGESTS + "us-east-1/", DIGESTS + "us-west-2/"),
                noSlash.folders(BUCKET, DIGESTS));
        S3Evidence looping = new S3Evidence(new FaultyS3(s3).paging(FaultyS3.Paging.REPEATED_TOKEN), BUCKET,
                "trail/", 2);
        IOException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(IOException.class, () -> looping.keys(BUCKET, DIGESTS)));
        assertTrue(e.getMessage().startsWith("listing s3://s3-evidence/" + DIGESTS + " failed: ")
                && e.getMessage().contains("continuation token"), e.getMessage());
    }

    @Test
    void anArchivedDigestIsAnErrorWithTheRestoreNotAPermissionHint() {
        String key = DIGESTS + "us-west-2/2024/10/01/d1.json.gz";
        S3Evidence evidence = new S3Evidence(new FaultyS3(s3).archive("us-west-2", "GLACIER", null), BUCKET, "trail/");
        IOException e = assertThrows(IOException.class, () -> evidence.read(BUCKET, key));
        assertTrue(e.getMessage().equals("reading s3://s3-evidence/" + key + " failed: archived in GLACIER; restore it"
                + " first (aws s3api restore-object --bucket s3-evidence --key " + key + " --restore-request"
                + " '{\"Days\":7,\"GlacierJobParameters\":{\"Tier\":\"Standard\"}}'), then verify again once the"
                + " restore is done"), e.getMessage());
    }

    @Test
    void aFolderIsListedOncePerSource() throws IOException {
        S3Evidence evidence = new S3Evidence(s3, BUCKET, "trail/", 2);
        String accounts = "trail/AWSLogs/";
        List<String> first = evidence.folders(BUCKET, accounts);
        put("trail/AWSLogs/333333333333/CloudTrail/us-east-1/2024/10/01/later.json.gz", "later", Map.of());
        try {
            assertEquals(first, evidence.folders(BUCKET, accounts), "asked again: the listing made before");
            assertTrue(new S3Evidence(s3, BUCKET, "trail/", 2).folders(BUCKET, accounts)
                    .contains("trail/AWSLogs/333333333333/"), "a new source lists again");
        } finally {
            s3.deleteObject(b -> b.bucket(BUCKET).key("trail/AWSLogs/333333333333/CloudTrail/us-east-1/2024/10/01/"
                    + "later.json.gz"));
        }
    }

    @Test
    void digestRegionsAreFoundFromFoldersForEveryAccountOrTheOnesAsked() throws IOException {
        S3Evidence evidence = new S3Evidence(s3, BUCKET, "trail/", 2);
        assertEquals(Set.of("ap-south-1", "eu-west-1", "us-east-1", "us-west-2"),
                DigestRegions.find(evidence, BUCKET, "trail/", Set.of()));
        assertEquals(Set.of("ap-south-1"), DigestRegions.find(evidence, BUCKET, "trail/", Set.of("222222222222")));
        assertEquals(Set.of(), DigestRegions.find(evidence, BUCKET, "", Set.of()));
    }

    @Test
    void anObjectComesWithItsBytesAndLowerCaseMetadata() throws IOException {
        S3Evidence evidence = new S3Evidence(s3, BUCKET, "trail/");
        String key = DIGESTS + "eu-west-1/2024/10/01/d1.json.gz";
        StoredObject object = evidence.read(BUCKET, key);
        assertEquals(BUCKET, object.bucket());
        assertEquals(key, object.key());
        assertArrayEquals("digest eu-west-11".getBytes(StandardCharsets.UTF_8), object.bytes());
        assertEquals(Map.of("signature", "ab1", "signature-algorithm", "SHA256withRSA"), object.metadata());
    }

    @Test
    void anObjectOverTheLimitIsRefusedByItsContentLengthUnread() throws IOException {
        // a huge object planted in a log folder; a limit of 1 MB stands for the verifier's (1 GB for a log file)
        String key = "trail/AWSLogs/111111111111/CloudTrail/us-east-1/2024/10/01/planted.json.gz";
        byte[] eightMb = new byte[8 * 1024 * 1024];
        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(eightMb));
        try {
            S3Evidence evidence = new S3Evidence(s3, BUCKET, "trail/");
            ObjectTooLarge e = assertThrows(ObjectTooLarge.class, () -> evidence.open(BUCKET, key, 1024 * 1024));
            assertEquals(eightMb.length, e.size());
            assertTrue(e.getMessage().startsWith("s3://" + BUCKET + "/" + key + " is " + eightMb.length + " bytes"),
                    e.getMessage());
            assertThrows(ObjectTooLarge.class, () -> evidence.read(BUCKET, key, eightMb.length - 1));
            assertEquals(eightMb.length, evidence.read(BUCKET, key, eightMb.length).bytes().length);
        } finally {
            s3.deleteObject(b -> b.bucket(BUCKET).key(key));
        }
    }

    @Test
    void aMissingKeyIsNullAndAMissingBucketAnErrorNamingIt() throws IOException {
        S3Evidence evidence = new S3Evidence(s3, BUCKET, "trail/");
        assertNull(evidence.read(BUCKET, DIGESTS + "eu-west-1/2024/10/01/gone.json.gz"));
        IOException listing = assertThrows(IOException.class, () -> evidence.folders("no-such-bucket-here", "AWSLogs/"));
        assertTrue(listing.getMessage().contains("s3://no-such-bucket-here/AWSLogs/")
                && listing.getMessage().contains("does not exist"), listing.getMessage());
        IOException reading = assertThrows(IOException.class, () -> evidence.read("no-such-bucket-here", "k"));
        assertTrue(reading.getMessage().contains("s3://no-such-bucket-here/k"), reading.getMessage());
    }
}
