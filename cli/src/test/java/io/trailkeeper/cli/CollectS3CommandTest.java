package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.aws.s3.S3MockServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code trailkeeper collect s3} against S3Mock, as a responder reads its output. */
class CollectS3CommandTest {
    private static final String ACCOUNT = "111111111111";
    private static final String BUCKET = "cli-damaged-files";
    private static final String DAY = "AWSLogs/" + ACCOUNT + "/CloudTrail/us-east-1/2024/05/06/";

    @TempDir
    Path dir;

    private static String records(int from, int count) {
        StringBuilder b = new StringBuilder("{\"Records\":[");
        for (int i = from; i < from + count; i++) {
            b.append(i == from ? "" : ",").append("{\"eventVersion\":\"1.09\",\"eventTime\":\"2024-05-06T10:")
                    .append(String.format("%02d", i % 60)).append(":00Z\",\"eventSource\":\"s3.amazonaws.com\","
                            + "\"eventName\":\"PutBucketPolicy\",\"awsRegion\":\"us-east-1\",\"eventID\":\"")
                    .append(String.format("00000000-0000-0000-0000-%012d", i)).append("\",\"recipientAccountId\":\"")
                    .append(ACCOUNT).append("\",\"requestParameters\":{\"padding\":\"").append("x".repeat(200))
                    .append("\"}}");
        }
        return b.append("]}").toString();
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String key(String stamp, String id) {
        return DAY + ACCOUNT + "_CloudTrail_us-east-1_20240506T" + stamp + "Z_" + id + ".json.gz";
    }

    @Test
    void filesReadWithErrorsAreNamedCountedAndIncompleteUnderStrict() {
        S3Client s3 = S3MockServer.get().clients().s3("us-east-1");
        s3.createBucket(b -> b.bucket(BUCKET));
        s3.putObject(b -> b.bucket(BUCKET).key(key("1000", "good")), RequestBody.fromBytes(gzip(records(0, 3))));
        byte[] whole = gzip(records(100, 400));
        String cut = key("1005", "cut");
        s3.putObject(b -> b.bucket(BUCKET).key(cut), RequestBody.fromBytes(Arrays.copyOf(whole, whole.length / 2)));
        String empty = key("1010", "empty");
        s3.putObject(b -> b.bucket(BUCKET).key(empty), RequestBody.fromBytes(new byte[0]));
        s3.putObject(b -> b.bucket(BUCKET).key(key("1020", "west").replace("us-east-1", "eu-west-1")),
                RequestBody.fromBytes(gzip(records(50, 1))));
        String endpoint = S3MockServer.get().endpoint().toString();

        Cli.Result strict = Cli.run(dir.resolve("s.duckdb"), "collect", "s3", "--bucket", BUCKET, "--endpoint-url",
                endpoint, "--strict");

        assertEquals(4, strict.code(), "events of two files were lost: " + strict);
        assertTrue(strict.err().contains("error: s3://" + BUCKET + "/" + cut + ": ")
                && strict.err().contains("truncated"), strict.toString());
        assertTrue(strict.err().contains("error: s3://" + BUCKET + "/" + empty + ": ")
                && strict.err().contains("empty"), strict.toString());
        assertTrue(strict.out().contains("collected s3://" + BUCKET + ": 1 accounts, 2 regions, 2 day folders;"),
                "one day, in two regions' folders: " + strict.out());
        assertTrue(strict.out().contains("4 files loaded (0 already loaded, 0 failed)")
                && strict.out().contains("2 files with errors (see above); complete"), strict.toString());

        s3.putObject(b -> b.bucket(BUCKET).key(key("1015", "late")), RequestBody.fromBytes(gzip(records(900, 2))));
        Cli.Result rerun = Cli.run(dir.resolve("s.duckdb"), "collect", "s3", "--bucket", BUCKET, "--endpoint-url",
                endpoint, "--strict");
        assertEquals(0, rerun.code(), "only the late file was read, and read whole: " + rerun);
        assertTrue(rerun.out().contains("1 files loaded (4 already loaded, 0 failed), 0 digests, 2 events (2 new),"
                + " 0.0 MB; complete"), rerun.toString());
    }

    @Test
    void aWrongPrefixIsAGapSaidWithoutANullStart() {
        S3Client s3 = S3MockServer.get().clients().s3("us-east-1");
        s3.createBucket(b -> b.bucket("cli-wrong-prefix"));
        s3.putObject(b -> b.bucket("cli-wrong-prefix").key("sec/" + key("1000", "good")),
                RequestBody.fromBytes(gzip(records(0, 1))));

        Cli.Result wrong = Cli.run(dir.resolve("s.duckdb"), "collect", "s3", "--bucket", "cli-wrong-prefix",
                "--prefix", "security", "--endpoint-url", S3MockServer.get().endpoint().toString());

        String gap = wrong.err().lines().filter(l -> l.startsWith("coverage gap: ")).findFirst().orElse("");
        assertTrue(gap.startsWith("coverage gap: s3://cli-wrong-prefix/security/AWSLogs/ up to 20"), wrong.toString());
        assertTrue(gap.contains(" failed: no AWSLogs/<account>/ folders found under s3://cli-wrong-prefix/security"),
                gap);
        assertTrue(!gap.contains("null"), gap);
    }

    @Test
    void aBucketAsTheEvidenceFolderIsRefusedNotWrittenToAFolderNamedS3() {
        for (String command : new String[]{"s3", "auto"}) {
            String endpoint = S3MockServer.get().endpoint().toString(); // only 127.0.0.1, even were it not refused
            Cli.Result r = command.equals("s3")
                    ? Cli.run(dir.resolve("s.duckdb"), "collect", "s3", "--bucket", BUCKET, "--endpoint-url", endpoint,
                            "--keep-raw", "s3://evidence-bucket/case-1")
                    : Cli.run(dir.resolve("s.duckdb"), "collect", "auto", "--endpoint-url", endpoint, "--keep-raw",
                            "s3://evidence-bucket/case-1");
            assertEquals(2, r.code(), r.toString());
            assertTrue(r.err().contains("--keep-raw s3://evidence-bucket/case-1: a local folder is needed here, not a"
                    + " URL; the evidence copy is kept on this machine, for verify --evidence"), r.toString());
        }
        assertTrue(!java.nio.file.Files.exists(Path.of("s3:")), "no folder named s3: was written");
    }

    @Test
    void foldersUnderAwsLogsThatAreNeitherAccountNorOrganizationAreNamedOnceAndCounted() {
        String bucket = "cli-foreign-folders";
        S3Client s3 = S3MockServer.get().clients().s3("us-east-1");
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(b -> b.bucket(bucket).key(key("1000", "good")), RequestBody.fromBytes(gzip(records(0, 3))));
        // a copy someone made of the trail's files, and a folder inside an organization's that is no account
        s3.putObject(b -> b.bucket(bucket).key(key("1000", "copy").replace("AWSLogs/", "AWSLogs/backup/")),
                RequestBody.fromBytes(gzip(records(10, 4))));
        s3.putObject(b -> b.bucket(bucket).key("AWSLogs/o-abc1234567/archive/x.json.gz"),
                RequestBody.fromBytes(gzip(records(20, 1))));
        String endpoint = S3MockServer.get().endpoint().toString();

        Cli.Result r = Cli.run(dir.resolve("s.duckdb"), "collect", "s3", "--bucket", bucket, "--endpoint-url",
                endpoint);

        assertEquals(0, r.code(), r.toString());
        String backup = "s3://" + bucket + "/AWSLogs/backup/";
        String archive = "s3://" + bucket + "/AWSLogs/o-abc1234567/archive/";
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("warning: passed over " + backup + ": ")
                && l.contains("not in CloudTrail's layout") && l.contains("trailkeeper ingest")).count(), r.toString());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("warning: passed over " + archive + ": ")).count(),
                r.toString());
        assertTrue(r.out().contains("3 events (3 new)") && r.out().contains(
                "2 folders under AWSLogs/ not in CloudTrail's layout passed over (see above);"), r.toString());

        Cli.Result json = Cli.run(dir.resolve("j.duckdb"), "--format", "json", "collect", "s3", "--bucket", bucket,
                "--endpoint-url", endpoint);
        String compact = json.out().replaceAll("\\s+", "");
        assertTrue(compact.contains("\"folders_passed_over\":[{\"location\":\"" + backup + "\""), json.toString());
        assertTrue(compact.contains("{\"location\":\"" + archive + "\""), json.toString());
    }
}
