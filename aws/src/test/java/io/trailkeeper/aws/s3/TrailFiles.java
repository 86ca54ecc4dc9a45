package io.trailkeeper.aws.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Trail files made up for tests, named and laid out as CloudTrail delivers them, and a bucket to put them in. */
final class TrailFiles {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);

    private final S3Client s3;
    private final String bucket;

    TrailFiles(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
        s3.createBucket(b -> b.bucket(bucket));
    }

    String bucket() {
        return bucket;
    }

    /**
     * Puts a gzipped log file of {@code records} records and returns its key.
     *
     * @param accountFolder {@code AWSLogs/ACCOUNT/} or {@code AWSLogs/o-org/ACCOUNT/}, with any prefix before it
     */
    String putLog(String accountFolder, String account, String region, Instant time, String id, int records) {
        String key = key(accountFolder, "CloudTrail", account, region, time, id);
        put(key, gzip(logJson(account, region, time, id, records)), Map.of());
        return key;
    }

    String putInsight(String accountFolder, String account, String region, Instant time, String id) {
        String key = key(accountFolder, "CloudTrail-Insight", account, region, time, id);
        String record = "{\"eventVersion\":\"1.07\",\"eventTime\":\"" + time + "\",\"awsRegion\":\"" + region
                + "\",\"eventID\":\"" + uuid(id + "-insight") + "\",\"eventType\":\"AwsCloudTrailInsight\","
                + "\"recipientAccountId\":\"" + account + "\",\"sharedEventID\":\"" + uuid(id + "-shared") + "\","
                + "\"insightDetails\":{\"state\":\"Start\",\"eventSource\":\"iam.amazonaws.com\","
                + "\"eventName\":\"CreateAccessKey\",\"insightType\":\"ApiCallRateInsight\"},"
                + "\"eventCategory\":\"Insight\"}";
        put(key, gzip("{\"Records\":[" + record + "]}"), Map.of());
        return key;
    }

    /** Puts a digest file with the user metadata CloudTrail gives it (signature, signature-algorithm). */
    String putDigest(String accountFolder, String account, String region, Instant time, String logKey,
                     Map<String, String> metadata) {
        String key = accountFolder + "CloudTrail-Digest/" + region + "/" + DAY.format(time) + "/" + account
                + "_CloudTrail-Digest_" + region + "_trail_" + region + "_" + STAMP.format(time).replace("Z", "00Z")
                + ".json.gz";
        String json = "{\"awsAccountId\":\"" + account + "\",\"digestStartTime\":\"" + time.minusSeconds(3600)
                + "\",\"digestEndTime\":\"" + time + "\",\"digestS3Bucket\":\"" + bucket + "\",\"digestS3Object\":\""
                + key + "\",\"digestPublicKeyFingerprint\":\"0123456789abcdef\",\"digestSignatureAlgorithm\":"
                + "\"SHA256withRSA\",\"newestEventTime\":\"" + time + "\",\"oldestEventTime\":\"" + time.minusSeconds(3000)
                + "\",\"previousDigestS3Bucket\":null,\"previousDigestS3Object\":null,\"previousDigestHashValue\":null,"
                + "\"previousDigestHashAlgorithm\":null,\"previousDigestSignature\":null,\"logFiles\":[{\"s3Bucket\":\""
                + bucket + "\",\"s3Object\":\"" + logKey + "\",\"hashValue\":\"00\",\"hashAlgorithm\":\"SHA-256\","
                + "\"newestEventTime\":\"" + time + "\",\"oldestEventTime\":\"" + time.minusSeconds(3000) + "\"}]}";
        put(key, gzip(json), metadata);
        return key;
    }

    void put(String key, byte[] content, Map<String, String> metadata) {
        s3.putObject(b -> b.bucket(bucket).key(key).metadata(metadata).contentType("application/json")
                .contentEncoding(key.endsWith(".gz") ? "gzip" : null), RequestBody.fromBytes(content));
    }

    static String key(String accountFolder, String tree, String account, String region, Instant time, String id) {
        return accountFolder + tree + "/" + region + "/" + DAY.format(time) + "/" + account + "_" + tree + "_" + region
                + "_" + STAMP.format(time) + "_" + id + ".json.gz";
    }

    /** {@code {"Records":[...]}} with records whose eventIDs follow from {@code id}, one second apart. */
    static String logJson(String account, String region, Instant time, String id, int records) {
        StringBuilder json = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < records; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":"
                    + "\"AIDAEXAMPLE\",\"arn\":\"arn:aws:iam::").append(account).append(":user/alice\",\"accountId\":\"")
                    .append(account).append("\",\"userName\":\"alice\"},\"eventTime\":\"")
                    .append(time.plusSeconds(i)).append("\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":"
                    + "\"ListBuckets\",\"awsRegion\":\"").append(region).append("\",\"sourceIPAddress\":\"192.0.2.7\","
                    + "\"userAgent\":\"aws-cli/2.15.0\",\"requestParameters\":null,\"responseElements\":null,"
                    + "\"requestID\":\"").append(uuid(id + "-r" + i)).append("\",\"eventID\":\"")
                    .append(uuid(id + "-" + i)).append("\",\"readOnly\":true,\"eventType\":\"AwsApiCall\","
                    + "\"managementEvent\":true,\"recipientAccountId\":\"").append(account)
                    .append("\",\"eventCategory\":\"Management\"}");
        }
        return json.append("]}").toString();
    }

    static byte[] gzip(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static UUID uuid(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8));
    }
}
