package io.trailkeeper.store.investigate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.store.EventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drill 14: a role session scanned table orders 37 times and read 25 of its items; key and actor showed 'Scan 37,
 * GetItem 25' among the calls and named no table. A note now names each table with its item calls (refused ones
 * counted apart), and says that a table whose data events are not logged is in none of them; a DescribeTable
 * (a management event) is no item call.
 */
class TableItemsTest {
    private static final String KEY = "ASIARUJFRN6OXHDXFFVZ";
    private static final String ORDERS = "arn:aws:dynamodb:us-east-1:111122223333:table/orders";

    @TempDir
    Path dir;

    private static String call(String time, String name, String table, boolean data, String error) {
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"AssumedRole\",\"arn\":\"arn:aws:sts::"
                + "111122223333:assumed-role/ops-admin-lambda-role/ops-admin-tool\",\"accountId\":\"111122223333\","
                + "\"accessKeyId\":\"" + KEY + "\"},\"eventTime\":\"" + time + "\",\"eventSource\":"
                + "\"dynamodb.amazonaws.com\",\"eventName\":\"" + name + "\",\"awsRegion\":\"us-east-1\","
                + "\"sourceIPAddress\":\"44.202.9.71\",\"userAgent\":\"Boto3/1.34.84\","
                + (error == null ? "" : "\"errorCode\":\"" + error + "\",") + "\"requestParameters\":{\"tableName\":\""
                + table + "\"},\"responseElements\":null,\"eventID\":\"" + name + time + "\",\"readOnly\":true,"
                + (data ? "\"resources\":[{\"accountId\":\"111122223333\",\"type\":\"AWS::DynamoDB::Table\",\"ARN\":"
                + "\"arn:aws:dynamodb:us-east-1:111122223333:table/" + table + "\"}]," : "")
                + "\"eventType\":\"AwsApiCall\",\"managementEvent\":" + !data + ",\"recipientAccountId\":"
                + "\"111122223333\",\"eventCategory\":\"" + (data ? "Data" : "Management") + "\"}";
    }

    @Test
    void theTablesWhoseItemsWereCalledAreNamed() throws Exception {
        List<String> lines = List.of(call("2026-11-23T02:39:00Z", "Scan", "orders", true, null),
                call("2026-11-23T02:39:02Z", "Scan", "orders", true, null),
                call("2026-11-23T02:41:00Z", "GetItem", "orders", true, null),
                call("2026-11-23T02:41:03Z", "GetItem", "orders", true, "AccessDeniedException"),
                call("2026-11-23T02:43:00Z", "DescribeTable", "customers", false, null));
        Path file = dir.resolve("items.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        Path store = IncidentStores.load(dir.resolve("items.duckdb"), file);
        try (EventStore s = IncidentStores.read(store)) {
            InvestigationResult r = new Investigator(s, IncidentStores.CLOCK).run("key", InvestigationArgs.of(KEY));
            assertEquals(List.of("key " + KEY + " and its sessions called the items of 1 DynamoDB table (data events): "
                    + ORDERS + ": Scan x2 2026-11-23T02:39:00Z to 2026-11-23T02:39:02Z, GetItem x1 (1 refused)"
                    + " 2026-11-23T02:41:00Z to 2026-11-23T02:41:03Z; a table whose data events the trail does not log"
                    + " is in none of them (trailkeeper coverage says which it logged)"),
                    r.notes().stream().filter(n -> n.contains("DynamoDB table")).toList());
        }
    }
}
