package io.trailkeeper.store.investigate;

import static io.trailkeeper.store.investigate.IncidentStores.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.store.EventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A serverless backdoor (drill 14): a stolen developer key attached another account's layer to a function
 * (UpdateFunctionConfiguration), replaced the code of a function whose role is admin (UpdateFunctionCode), and that
 * function's session exported a DynamoDB table to another account's bucket (ExportTableToPointInTime). key and
 * actor's created list held none of the three (no Update* of Lambda, no Export*). They are listed now; a CI's code
 * deploys, repeated 3 times or more from one address (a hundred routine deploys would bury the rest), a read
 * (GetFunction) and a refused update still are not; a function deployed twice from an address is.
 */
class CreatedServerlessCallsTest {
    private static final String KEY = "AKIAQ7DEVMARIA4K2XPL";

    @TempDir
    Path dir;

    private static String call(String time, String source, String name, String ip, String params, String error) {
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::"
                + "111122223333:user/dev-maria\",\"accountId\":\"111122223333\",\"userName\":\"dev-maria\","
                + "\"accessKeyId\":\"" + KEY + "\"},\"eventTime\":\"" + time + "\",\"eventSource\":\"" + source + "\","
                + "\"eventName\":\"" + name + "\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"" + ip + "\","
                + "\"userAgent\":\"aws-cli/2\"," + (error == null ? "" : "\"errorCode\":\"" + error + "\",")
                + "\"requestParameters\":" + params + ",\"responseElements\":null,\"eventID\":\"" + name + time
                + "\",\"readOnly\":" + name.startsWith("Get") + ",\"eventType\":\"AwsApiCall\","
                + "\"managementEvent\":true,\"recipientAccountId\":\"111122223333\"}";
    }

    private static String function(String name) {
        return "{\"functionName\":\"" + name + "\"}";
    }

    @Test
    void lambdaUpdatesAndTableExportsAreAmongWhatWasCreatedOrChanged() throws Exception {
        String lambda = "lambda.amazonaws.com";
        List<String> lines = List.of(
                call("2026-11-20T10:00:00Z", lambda, "UpdateFunctionCode20150331v2", "34.228.4.208",
                        function("orders-api"), null),
                call("2026-11-21T10:00:00Z", lambda, "UpdateFunctionCode20150331v2", "34.228.4.208",
                        function("orders-api"), null),
                call("2026-11-22T10:00:00Z", lambda, "UpdateFunctionCode20150331v2", "34.228.4.208",
                        function("orders-api"), null),
                call("2026-11-20T11:00:00Z", lambda, "UpdateFunctionCode20150331v2", "34.228.4.208",
                        function("thumbnailer"), null),
                call("2026-11-21T11:00:00Z", lambda, "UpdateFunctionCode20150331v2", "34.228.4.208",
                        function("thumbnailer"), null),
                call("2026-11-23T02:12:00Z", lambda, "GetFunction20150331v2", "45.137.21.9",
                        function("ops-admin-tool"), null),
                call("2026-11-23T02:19:33Z", lambda, "UpdateFunctionConfiguration20150331v2", "45.137.21.9",
                        "{\"functionName\":\"orders-api\",\"layers\":[\"arn:aws:lambda:us-east-1:999988887777:layer:"
                                + "py-perf-tools:3\"]}", null),
                call("2026-11-23T02:23:00Z", lambda, "UpdateFunctionCode20150331v2", "45.137.21.9",
                        function("report-nightly"), "AccessDeniedException"),
                call("2026-11-23T02:24:02Z", lambda, "UpdateFunctionCode20150331v2", "45.137.21.9",
                        function("ops-admin-tool"), null),
                call("2026-11-24T03:06:51Z", "dynamodb.amazonaws.com", "ExportTableToPointInTime", "45.137.21.9",
                        "{\"tableArn\":\"arn:aws:dynamodb:us-east-1:111122223333:table/customers\",\"s3Bucket\":"
                                + "\"bkp-sync-7731-eu\",\"s3BucketOwner\":\"999988887777\"}", null));
        Path file = dir.resolve("serverless.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        Path store = IncidentStores.load(dir.resolve("serverless.duckdb"), file);
        try (EventStore s = IncidentStores.read(store)) {
            InvestigationResult r = new Investigator(s, IncidentStores.CLOCK).run("key", InvestigationArgs.of(KEY));
            assertEquals(List.of("2026-11-20T11:00:00Z UpdateFunctionCode20150331v2",
                            "2026-11-21T11:00:00Z UpdateFunctionCode20150331v2",
                            "2026-11-23T02:19:33Z UpdateFunctionConfiguration20150331v2",
                            "2026-11-23T02:24:02Z UpdateFunctionCode20150331v2",
                            "2026-11-24T03:06:51Z ExportTableToPointInTime"),
                    rows(r.section("created")).stream().map(m -> m.get("event_time") + " " + m.get("call")).toList());
        }
    }
}
