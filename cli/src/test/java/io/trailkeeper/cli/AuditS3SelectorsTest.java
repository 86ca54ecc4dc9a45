package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trailkeeper.emulator.Emulator;
import io.trailkeeper.emulator.EmulatorConfig;
import io.trailkeeper.emulator.Scenario;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The S3 data event checks over the well-configured account with its S3 selector replaced, read through the real
 * SDK from the emulator: what each selector logs decides reads and writes apart, and a FAIL names what it logs.
 */
class AuditS3SelectorsTest {
    private static final String BUNDLED = "/io/trailkeeper/emulator/scenarios/audit-good/";
    private static final String S3_SELECTOR = "{\"Field\": \"resources.ARN\", \"NotStartsWith\":"
            + " [\"arn:aws:s3:::acme-cloudtrail-logs-123456789012/\"]}]},";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** audit-good with its S3 selector's resources.ARN condition followed by {@code more} field selectors. */
    private Scenario with(String more) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("scenario/events"));
        String scenario = text(BUNDLED + "scenario.json");
        assertTrue(scenario.contains(S3_SELECTOR), "the bundled scenario's S3 selector changed");
        Files.writeString(folder.resolveSibling("scenario.json"), scenario.replace(S3_SELECTOR,
                S3_SELECTOR.replace("]}]},", "]}" + more + "]},")));
        Files.writeString(folder.resolve("history.json"), text(BUNDLED + "events/history.json"));
        return Scenario.load(folder.getParent());
    }

    private static String text(String resource) throws IOException {
        try (InputStream in = AuditS3SelectorsTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** The S3 read and write findings' outcome and detail, "read: PASS ...\nwrite: FAIL ...". */
    private String audit(Scenario scenario) throws IOException {
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(scenario).lookupRatePerSecond(100).build())) {
            Cli.Result r = Cli.runAt(emulator.clock(), dir.resolve("store.duckdb"), "audit", "--endpoint-url",
                    emulator.endpoint().toString(), "--format", "json");
            StringBuilder out = new StringBuilder();
            for (JsonNode f : JSON.readTree(r.out()).path("findings")) {
                String check = f.path("check").asText();
                if (check.startsWith("cloudtrail_s3_dataevents_")) {
                    out.append(check.contains("read") ? "read: " : "write: ").append(f.path("outcome").asText())
                            .append(' ').append(f.path("detail").asText()).append('\n');
                }
            }
            assertEquals(2, out.toString().lines().count(), r.toString());
            return out.toString();
        }
    }

    @Test
    void readOnlyTrueLogsReadsAndNoWrites() throws IOException {
        String s = audit(with(",{\"Field\": \"readOnly\", \"Equals\": [\"true\"]}"));
        assertTrue(s.contains("read: PASS S3 object reads (GetObject and the like) of every bucket are logged by"
                + " management-trail"), s);
        assertTrue(s.contains("write: FAIL ") && s.contains("(management-trail logs reads only)"), s);
    }

    @Test
    void getObjectAloneLeavesOtherReadsAndEveryWriteUnlogged() throws IOException {
        String s = audit(with(",{\"Field\": \"eventName\", \"Equals\": [\"GetObject\"]}"));
        assertTrue(s.contains("read: FAIL ") && s.contains("(management-trail logs some, only where eventName Equals"
                + " GetObject)"), s);
        assertTrue(s.contains("write: FAIL ") && s.contains("(management-trail logs reads only)"), s);
    }

    @Test
    void aRoleExcludedByUserIdentityArnIsNamed() throws IOException {
        String s = audit(with(",{\"Field\": \"userIdentity.arn\", \"NotStartsWith\":"
                + " [\"arn:aws:sts::123456789012:assumed-role/ops/\"]}"));
        assertTrue(s.contains("read: FAIL ") && s.contains("(management-trail logs some, only where"
                + " userIdentity.arn NotStartsWith arn:aws:sts::123456789012:assumed-role/ops/)"), s);
    }
}
