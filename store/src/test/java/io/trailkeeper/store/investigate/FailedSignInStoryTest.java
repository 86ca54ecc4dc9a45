package io.trailkeeper.store.investigate;

import static io.trailkeeper.store.investigate.IncidentStores.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.EventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An actor's failed console sign-in: AWS records it with responseElements.ConsoleLogin Failure and an errorMessage,
 * never an errorCode. The actor's story counts it among its errors, not as a call that worked.
 */
class FailedSignInStoryTest {
    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void load() throws IOException {
        Path file = dir.resolve("sign-ins.jsonl");
        String failed = "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDADEV\","
                + "\"accountId\":\"111122223333\",\"accessKeyId\":\"\",\"userName\":\"dev\"},\"eventTime\":"
                + "\"2026-03-10T07:50:00Z\",\"eventSource\":\"signin.amazonaws.com\",\"eventName\":\"ConsoleLogin\","
                + "\"awsRegion\":\"eu-central-1\",\"sourceIPAddress\":\"2001:db8::1\",\"userAgent\":\"Mozilla/5.0\","
                + "\"errorMessage\":\"Failed authentication\",\"requestParameters\":null,\"responseElements\":"
                + "{\"ConsoleLogin\":\"Failure\"},\"additionalEventData\":{\"MFAUsed\":\"No\"},\"eventID\":\"f1\","
                + "\"readOnly\":false,\"eventType\":\"AwsConsoleSignIn\",\"managementEvent\":true,"
                + "\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Management\"}";
        String succeeded = failed.replace("\"errorMessage\":\"Failed authentication\",", "")
                .replace("Failure", "Success").replace("07:50:00Z", "07:51:00Z").replace("\"f1\"", "\"f2\"");
        Files.writeString(file, failed + "\n" + succeeded + "\n");
        store = IncidentStores.load(dir.resolve("sign-ins.duckdb"), file);
    }

    @Test
    void theFailedSignInIsAnErrorOfTheActor() {
        InvestigationResult r;
        try (EventStore s = IncidentStores.read(store)) {
            r = new Investigator(s, IncidentStores.CLOCK).run("actor", InvestigationArgs.of("dev"));
        }
        assertEquals(1L, ((Number) rows(r.section("summary")).get(0).get("errors")).longValue());
        Map<String, Object> error = rows(r.section("errors")).get(0);
        assertEquals("Failed authentication", error.get("error_code"));
        assertEquals(List.of("ConsoleLogin"), error.get("some_calls"));
        assertEquals(1L, ((Number) rows(r.section("calls")).get(0).get("errors")).longValue());
        assertTrue(r.notes().get(0).endsWith("from 1 IP, 1 error"), r.notes().get(0));
    }
}
