package io.trailkeeper.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --error any} over Panther's compromised-root scenario (three failed root sign-ins, four successes, no
 * errorCode on any) and a failed IAM user's sign-in as AWS writes it, with errorMessage "Failed authentication";
 * and a DeleteBucket that succeeded, written (as Panther's test event of its bucket-deleted rule) with an
 * empty errorCode.
 */
class FailedCallsTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void load() throws IOException {
        Path file = dir.resolve("failed-sign-in.jsonl");
        Files.writeString(file, "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":"
                + "\"AIDAEXAMPLE\",\"accountId\":\"111122223333\",\"accessKeyId\":\"\",\"userName\":\"alice\"},"
                + "\"eventTime\":\"2026-03-10T08:00:00Z\",\"eventSource\":\"signin.amazonaws.com\",\"eventName\":"
                + "\"ConsoleLogin\",\"awsRegion\":\"eu-west-1\",\"sourceIPAddress\":\"203.0.113.9\",\"userAgent\":"
                + "\"Mozilla/5.0\",\"errorMessage\":\"Failed authentication\",\"requestParameters\":null,"
                + "\"responseElements\":{\"ConsoleLogin\":\"Failure\"},\"additionalEventData\":{\"MFAUsed\":\"No\"},"
                + "\"eventID\":\"f0000000-0000-4000-8000-000000000001\",\"readOnly\":false,\"eventType\":"
                + "\"AwsConsoleSignIn\",\"managementEvent\":true,\"recipientAccountId\":\"111122223333\","
                + "\"eventCategory\":\"Management\"}\n"
                + "{\"eventVersion\":\"1.05\",\"errorCode\":\"\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":"
                + "\"arn:aws:iam::111122223333:user/bob\",\"accountId\":\"111122223333\",\"userName\":\"bob\"},"
                + "\"eventTime\":\"2026-03-10T09:00:00Z\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":"
                + "\"DeleteBucket\",\"awsRegion\":\"eu-west-1\",\"sourceIPAddress\":\"203.0.113.9\","
                + "\"requestParameters\":{\"bucketName\":\"secrets\"},\"responseElements\":null,\"eventID\":"
                + "\"f0000000-0000-4000-8000-000000000002\",\"eventType\":\"AwsApiCall\","
                + "\"recipientAccountId\":\"111122223333\"}\n");
        try (EventStore store = TestStores.open(dir)) {
            TestStores.ingest(store, TestStores.shared("panther-analysis/test_scenarios/compromised-root-creds"), file);
        }
    }

    private static EventQuery errors(String error, String eventName) {
        return new EventQuery(null, null, List.of(), eventName == null ? List.of() : List.of(eventName), List.of(),
                null, null, null, null, error, null, null, null);
    }

    @Test
    void anyErrorIncludesFailedConsoleSignInsWhichHaveNoErrorCode() {
        try (EventStore store = TestStores.openReadOnly(dir)) {
            assertEquals(4, TestStores.count(store, errors("any", "ConsoleLogin")), "3 root failures and alice's");
            assertEquals(0, TestStores.count(store, errors("Failed*", "ConsoleLogin")),
                    "a code or glob matches error codes only");
            long withCode = TestStores.scalar(store, "SELECT count(*) FROM events WHERE error_code IS NOT NULL");
            assertEquals(withCode + 4, TestStores.count(store, errors("any", null)));
            List<String> users = new ArrayList<>();
            new EventSearch(store).records(errors("any", "ConsoleLogin"),
                    r -> users.add(new String(r, StandardCharsets.UTF_8)));
            assertEquals(4, users.size());
            assertTrue(users.stream().allMatch(r -> r.contains("\"ConsoleLogin\":\"Failure\"")), users.toString());
        }
    }

    @Test
    void anEmptyErrorCodeIsACallThatDidNotFail() {
        try (EventStore store = TestStores.openReadOnly(dir)) {
            assertEquals(1, TestStores.count(store, errors(null, "DeleteBucket")));
            assertEquals(0, TestStores.count(store, errors("any", "DeleteBucket")), "errorCode \"\" is no error");
            assertEquals(0, TestStores.scalar(store, "SELECT count(*) FROM events WHERE event_name = 'DeleteBucket'"
                    + " AND error_code IS NOT NULL"), "investigations take error_code NULL for success");
        }
    }

    @Test
    void aStoreOpenedForWritingRefusesRatherThanLeaveThemOut() {
        try (EventStore store = TestStores.open(dir)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new EventSearch(store).count(errors("any", null)));
            assertTrue(e.getMessage().contains("failed console sign-ins"), e.getMessage());
        }
    }
}
