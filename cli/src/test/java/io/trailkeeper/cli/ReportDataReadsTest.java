package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.investigate.DataReads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data theft drill: a user made by an insider reads objects of the export bucket (S3 data events logged for it) from
 * 185.243.218.41 and looks at the finance bucket, whose data events are not logged (only its GetBucketPolicy and
 * GetBucketAcl are recorded); a backup job reads the export bucket every night from inside the VPC. The summary told
 * the theft only as a rule's match (no bucket, no bytes) and the finance bucket nowhere. It now names the objects read
 * from public addresses per principal and bucket with the bytes, and the bucket whose reads cannot be told; the
 * backup's reads are not among them, and there is no sentence when nothing was read from outside.
 */
class ReportDataReadsTest {
    private static final String THIEF = "arn:aws:iam::111122223333:user/svc-reporting-sync";
    private static final String BACKUP = "arn:aws:sts::111122223333:assumed-role/s3-backup/i-0b5c6d7e8f9a01234";

    @TempDir
    Path dir;

    private static String identity(String arn) {
        return arn.contains(":user/")
                ? "{\"type\":\"IAMUser\",\"principalId\":\"AIDAEXAMPLE\",\"arn\":\"" + arn + "\",\"accountId\":"
                        + "\"111122223333\",\"accessKeyId\":\"AKIAEXAMPLETHIEF0001\",\"userName\":\"svc-reporting-sync\"}"
                : "{\"type\":\"AssumedRole\",\"principalId\":\"AROAEXAMPLE:i-0b5c6d7e8f9a01234\",\"arn\":\"" + arn
                        + "\",\"accountId\":\"111122223333\",\"accessKeyId\":\"ASIAEXAMPLEBACKUP001\"}";
    }

    /** A GetObject data event of acme-exports, as S3 records it, with the bytes it sent. */
    private static String get(String arn, String id, String time, String ip, long bytes, String error) {
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":" + identity(arn) + ",\"eventTime\":\"" + time + "\","
                + "\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\",\"awsRegion\":\"us-east-1\","
                + "\"sourceIPAddress\":\"" + ip + "\",\"userAgent\":\"aws-cli/2.15.30\","
                + (error == null ? "" : "\"errorCode\":\"" + error + "\",\"errorMessage\":\"Access Denied\",")
                + "\"requestParameters\":{\"bucketName\":\"acme-exports\",\"key\":\"c/" + id + ".csv\"},"
                + "\"responseElements\":null,\"additionalEventData\":{\"bytesTransferredIn\":0,\"bytesTransferredOut\":"
                + bytes + "},\"eventID\":\"" + id + "\",\"readOnly\":true,\"resources\":[{\"type\":\"AWS::S3::Object\","
                + "\"ARN\":\"arn:aws:s3:::acme-exports/c/" + id + ".csv\"},{\"accountId\":\"111122223333\",\"type\":"
                + "\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::acme-exports\"}],\"eventType\":\"AwsApiCall\","
                + "\"managementEvent\":false,\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Data\"}";
    }

    /** A call on the finance bucket itself: a management event. */
    private static String bucketCall(String id, String time, String name) {
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":" + identity(THIEF) + ",\"eventTime\":\"" + time + "\","
                + "\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"" + name + "\",\"awsRegion\":\"eu-west-1\","
                + "\"sourceIPAddress\":\"185.243.218.41\",\"userAgent\":\"aws-cli/2.15.30\",\"requestParameters\":"
                + "{\"bucketName\":\"acme-finance\"},\"responseElements\":null,\"eventID\":\"" + id + "\",\"readOnly\":"
                + "true,\"resources\":[{\"accountId\":\"111122223333\",\"type\":\"AWS::S3::Bucket\",\"ARN\":"
                + "\"arn:aws:s3:::acme-finance\"}],\"eventType\":\"AwsApiCall\",\"managementEvent\":true,"
                + "\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Management\"}";
    }

    private List<String> summary(List<String> lines) throws Exception {
        Path records = dir.resolve("drill.jsonl");
        Files.writeString(records, String.join("\n", lines) + "\n");
        return ReportSummary.of(dir, records).stream().filter(s -> s.startsWith("S3 objects read")
                || s.startsWith("Buckets called")).toList();
    }

    @Test
    void theObjectsReadFromOutsideAndTheBucketWhoseReadsCannotBeSeenAreTold() throws Exception {
        assertEquals(List.of(
                "S3 objects read by principals calling from public addresses, the most bytes first (`trailkeeper"
                        + " investigate s3 BUCKET` tells each call): " + THIEF + ": 2 objects of acme-exports"
                        + " (us-east-1), 3,000 bytes out from 185.243.218.41, first at 2026-11-17T10:15:40Z, 1 read"
                        + " refused.",
                "Buckets called from public addresses whose object calls the store holds no data event of, so whether"
                        + " objects were read there cannot be told (a trail's data event selector would have told"
                        + " it): acme-finance (eu-west-1) by " + THIEF + " (GetBucketAcl, GetBucketPolicy) from"
                        + " 185.243.218.41."),
                summary(List.of(
                        get(BACKUP, "b1", "2026-11-17T02:05:00Z", "10.20.4.17", 9000, null),
                        get(THIEF, "t1", "2026-11-17T10:15:40Z", "185.243.218.41", 1000, null),
                        get(THIEF, "t2", "2026-11-17T10:15:41Z", "185.243.218.41", 2000, null),
                        get(THIEF, "t3", "2026-11-17T10:15:42Z", "185.243.218.41", 243, "AccessDenied"),
                        bucketCall("f1", "2026-11-17T11:10:00Z", "GetBucketPolicy"),
                        bucketCall("f2", "2026-11-17T11:10:05Z", "GetBucketAcl"))));
    }

    /**
     * On a store of 97,000 principals calling S3 from public addresses the sentence ended '; and 96942 more.' beside
     * its '2,400 objects' and '3,118,691,955 bytes': the count of the rest carries its thousands separator too.
     */
    @Test
    void theRestAreCountedWithTheThousandsSeparator() {
        List<DataReads.Principal> many = new java.util.ArrayList<>();
        for (int i = 0; i < 1_205; i++) {
            many.add(new DataReads.Principal("arn:aws:iam::111122223333:user/u" + i, List.of(new DataReads.Bucket(
                    "acme-exports", List.of("us-east-1"), 1, 10L, true, 0, true, List.of(), List.of("198.51.100.7"),
                    java.time.Instant.parse("2026-11-17T10:15:40Z")))));
        }
        List<String> sentences = ReportDataReads.sentences(new DataReads(many));
        assertEquals(1, sentences.size(), String.join("\n", sentences));
        assertTrue(sentences.get(0).endsWith("; and 1,200 more."), sentences.get(0));
    }

    /** Reads whose records were read but carry no bytesTransferredOut were said to be over the limit. */
    @Test
    void bytesTheRecordsDoNotCarryAreSaidNotRecordedNotOverTheLimit() {
        List<String> sentences = ReportDataReads.sentences(new DataReads(List.of(new DataReads.Principal(THIEF,
                List.of(new DataReads.Bucket("acme-exports", List.of("us-east-1"), 3, null, true, 0, true, List.of(),
                        List.of("185.243.218.41"), java.time.Instant.parse("2026-11-17T10:15:40Z")))))));
        assertTrue(sentences.get(0).contains("3 objects of acme-exports (us-east-1), bytes not recorded (no"
                + " bytesTransferredOut in the records) from 185.243.218.41"), sentences.get(0));
    }

    /** Bytes over the limit were 'not summed' with no word of why, or of how to have them summed. */
    @Test
    void bytesNotSummedSayWhyAndWhereToSumThem() {
        List<String> sentences = ReportDataReads.sentences(new DataReads(List.of(new DataReads.Principal(THIEF,
                List.of(new DataReads.Bucket("acme-exports", List.of("us-east-1"), 60_000, null, false, 0, true,
                        List.of(), List.of("185.243.218.41"), java.time.Instant.parse("2026-11-17T10:15:40Z")))))));
        assertTrue(sentences.get(0).contains("60,000 objects of acme-exports (us-east-1), bytes not summed (over"
                + " 50,000 reads of this principal, each a raw record to read: `trailkeeper investigate s3 BUCKET"
                + "` narrowed with --actor, --since and --until sums them) from 185.243.218.41"), sentences.get(0));
    }

    @Test
    void noSentenceWhenObjectsAreReadFromInsideOnly() throws Exception {
        assertEquals(List.of(), summary(List.of(get(BACKUP, "b1", "2026-11-17T02:05:00Z", "10.20.4.17", 9000, null),
                get(BACKUP, "b2", "2026-11-18T02:05:00Z", "10.20.4.17", 9000, null))));
    }
}
