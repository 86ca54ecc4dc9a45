package io.trailkeeper.store.investigate;

import static io.trailkeeper.store.investigate.IncidentStores.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.EventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A denied GetObject records S3's error response in bytesTransferredOut (a few hundred bytes of AccessDenied): s3 added
 * them to the bytes "read out" of the bucket, so 15 denied reads were "3,645 bytes read out" beside "no object was
 * read". A call with an errorCode moved no object: its bytes count 0. (Found in a drill.)
 */
class FailedCallBytesTest {
    @TempDir
    Path dir;

    private static String get(int i, String error, long bytesOut) {
        return "{\"eventVersion\":\"1.11\",\"userIdentity\":{\"type\":\"AssumedRole\",\"arn\":\"arn:aws:sts::"
                + "444455556666:assumed-role/DataAdmin/s\",\"accountId\":\"444455556666\",\"accessKeyId\":"
                + "\"ASIAEXAMPLE0000000X1\"},\"eventTime\":\"2026-03-10T09:00:" + String.format("%02d", i)
                + "Z\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\",\"awsRegion\":\"eu-west-1\","
                + "\"sourceIPAddress\":\"185.220.101.47\",\"requestParameters\":{\"bucketName\":\"acme-hr-payroll\","
                + "\"key\":\"payroll/" + i + ".csv\"},\"responseElements\":null,"
                + (error == null ? "" : "\"errorCode\":\"" + error + "\",\"errorMessage\":\"Access Denied\",")
                + "\"additionalEventData\":{\"bytesTransferredIn\":0,\"bytesTransferredOut\":" + bytesOut + "},"
                + "\"eventID\":\"e" + i + "\",\"readOnly\":true,\"resources\":[{\"type\":\"AWS::S3::Object\",\"ARN\":"
                + "\"arn:aws:s3:::acme-hr-payroll/payroll/" + i + ".csv\"},{\"type\":\"AWS::S3::Bucket\",\"ARN\":"
                + "\"arn:aws:s3:::acme-hr-payroll\"}],\"eventType\":\"AwsApiCall\",\"managementEvent\":false,"
                + "\"recipientAccountId\":\"444455556666\",\"eventCategory\":\"Data\"}";
    }

    @Test
    void theBytesOfADeniedCallAreNoBytesReadOut() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            lines.add(get(i, "AccessDenied", 243));
        }
        lines.add(get(20, null, 1000));
        Path file = dir.resolve("reads.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        Path store = IncidentStores.load(dir.resolve("s3.duckdb"), file);
        InvestigationResult r;
        try (EventStore s = IncidentStores.read(store)) {
            r = new Investigator(s, IncidentStores.CLOCK).run("s3", InvestigationArgs.of("acme-hr-payroll"));
        }
        assertTrue(r.notes().contains("16 object calls on bucket acme-hr-payroll at any time: 1 reads, 0 writes,"
                + " 0 deletes that succeeded; 1,000 bytes read out (bytesTransferredOut)"), r.notes().toString());
        Map<String, Object> getObject = rows(r.section("operations")).get(0);
        assertEquals(16L, getObject.get("events"));
        assertEquals(1000L, getObject.get("bytes_out"));
        assertEquals(1000L, rows(r.section("by_principal")).get(0).get("bytes_out"));
        assertEquals(1000L, rows(r.section("by_ip")).get(0).get("bytes_out"));
    }
}
