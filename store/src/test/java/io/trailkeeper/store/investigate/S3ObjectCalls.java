package io.trailkeeper.store.investigate;

import io.trailkeeper.store.EventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** S3 object calls (data events) for the investigation tests, a store holding them, and an investigation of it. */
final class S3ObjectCalls {
    /** The request header of a write with a key the caller provides (SSE-C). */
    static final String SSEC = "\"x-amz-server-side-encryption-customer-algorithm\":\"AES256\"";

    private S3ObjectCalls() {
    }

    /**
     * An S3 object call (a data event) of {@code bucket} in us-west-2 made as {@code identity}, with {@code parameters}
     * in its request beside the bucket, Host and key; a null {@code key} is a call naming the bucket only
     * (DeleteObjects), whose resources[] holds the bucket alone.
     */
    static String object(String identity, String bucket, String id, String time, String name, String key, String ip,
                         String parameters, String sseApplied, String error) {
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":" + identity + ","
                + "\"eventTime\":\"" + time + "\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"" + name
                + "\",\"awsRegion\":\"us-west-2\",\"sourceIPAddress\":\"" + ip + "\",\"userAgent\":\"aws-cli/2.15.30\","
                + (error == null ? "" : "\"errorCode\":\"" + error + "\",\"errorMessage\":\"Access Denied\",")
                + "\"requestParameters\":{\"bucketName\":\"" + bucket + "\",\"Host\":\"" + bucket
                + ".s3.us-west-2.amazonaws.com\"," + (key == null ? "" : "\"key\":\"" + key + "\",") + parameters
                + "},\"responseElements\":null,"
                + "\"additionalEventData\":{\"SignatureVersion\":\"SigV4\",\"bytesTransferredIn\":0,"
                + "\"bytesTransferredOut\":0" + (sseApplied == null ? "" : ",\"SSEApplied\":\"" + sseApplied + "\"")
                + "},\"requestID\":\"R" + id + "\",\"eventID\":\"" + id + "\",\"readOnly\":" + name.startsWith("Get")
                + ",\"resources\":[" + (key == null ? "" : "{\"type\":\"AWS::S3::Object\",\"ARN\":\"arn:aws:s3:::"
                + bucket + "/" + key + "\"},") + "{\"accountId\":\"111122223333\",\"type\":\"AWS::S3::Bucket\","
                + "\"ARN\":\"arn:aws:s3:::" + bucket + "\"}],\"eventType\":\"AwsApiCall\",\"managementEvent\":false,"
                + "\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Data\"}";
    }

    /** A CopyObject of {@code key} onto itself with SSE-C (encryption in place), from 198.51.100.7. */
    static String copiedOntoItself(String identity, String bucket, String id, String time, String key) {
        return object(identity, bucket, id, time, "CopyObject", key, "198.51.100.7", SSEC
                + ",\"x-amz-copy-source\":\"" + bucket + "/" + key.replace("/", "%2F") + "\"", "SSE_C", null);
    }

    /** The {@link #object} record with {@code bytes} in additionalEventData.bytesTransferredOut. */
    static String withBytesOut(String record, long bytes) {
        return record.replace("\"bytesTransferredOut\":0", "\"bytesTransferredOut\":" + bytes);
    }

    /** The {@link #object} record without additionalEventData.bytesTransferredOut. */
    static String withoutBytesOut(String record) {
        return record.replace("\"bytesTransferredIn\":0,\"bytesTransferredOut\":0", "\"bytesTransferredIn\":0");
    }

    /** A new store {@code name}.duckdb in {@code dir} holding the records (written to {@code name}.jsonl). */
    static Path store(Path dir, String name, List<String> records) throws IOException {
        Path file = dir.resolve(name + ".jsonl");
        Files.writeString(file, String.join("\n", records) + "\n");
        return IncidentStores.load(dir.resolve(name + ".duckdb"), file);
    }

    /** The investigation {@code name} of {@code subject} in the store. */
    static InvestigationResult run(Path store, String name, String subject) {
        try (EventStore s = IncidentStores.read(store)) {
            return new Investigator(s, IncidentStores.CLOCK).run(name, InvestigationArgs.of(subject));
        }
    }
}
