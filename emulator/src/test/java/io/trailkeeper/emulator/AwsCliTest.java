package io.trailkeeper.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real AWS CLI (botocore, a second, independent implementation of the wire protocols) against the emulator.
 * CI installs the CLI; a machine without it fails here rather than silently testing less.
 */
class AwsCliTest {
    private static final Instant NOW = Instant.parse("2026-11-20T00:00:00Z");
    private static final int EVENTS = 120;
    private static final ObjectMapper JSON = new ObjectMapper();

    static Emulator emulator;
    static final Set<String> ids = new HashSet<>();

    @TempDir
    static Path home;

    @BeforeAll
    static void start() {
        ScenarioBuilder scenario = Scenario.builder().now(NOW);
        for (int i = 0; i < EVENTS; i++) {
            TestRecord r = TestRecord.event(NOW.minus(Duration.ofMinutes(i)), "us-west-2", i);
            ids.add(r.eventId());
            scenario.record(r.json());
        }
        emulator = Emulator.start(EmulatorConfig.builder(scenario.build()).lookupRatePerSecond(0).build());
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void lookupEventsPagesThroughEveryEventAndStopsAtMaxItems() throws Exception {
        JsonNode limited = aws("cloudtrail", "lookup-events", "--region", "us-west-2", "--max-items", "70");
        assertEquals(70, limited.get("Events").size());
        assertNotNull(limited.get("NextToken"), "the CLI offers to continue");
        assertEquals(2, emulator.counters().requests("us-west-2", "LookupEvents"), "two pages of 50 for 70 items");

        JsonNode all = aws("cloudtrail", "lookup-events", "--region", "us-west-2");
        Set<String> served = new HashSet<>();
        List<Instant> times = new ArrayList<>();
        for (JsonNode e : all.get("Events")) {
            served.add(e.get("EventId").asText());
            assertEquals(e.get("EventId").asText(), JSON.readTree(e.get("CloudTrailEvent").asText()).get("eventID").asText());
            times.add(Instant.parse(JSON.readTree(e.get("CloudTrailEvent").asText()).get("eventTime").asText()));
        }
        assertEquals(ids, served);
        assertEquals(EVENTS, all.get("Events").size());
        for (int i = 1; i < times.size(); i++) {
            assertTrue(!times.get(i).isAfter(times.get(i - 1)), "newest first");
        }
    }

    @Test
    void describeRegionsAndGetCallerIdentity() throws Exception {
        JsonNode regions = aws("ec2", "describe-regions", "--region", "us-east-1", "--all-regions");
        Set<String> notOptedIn = new HashSet<>();
        for (JsonNode r : regions.get("Regions")) {
            if ("not-opted-in".equals(r.get("OptInStatus").asText())) {
                notOptedIn.add(r.get("RegionName").asText());
            }
        }
        assertTrue(notOptedIn.contains("af-south-1"), regions.toString());
        JsonNode me = aws("sts", "get-caller-identity", "--region", "us-east-1");
        assertEquals("123456789012", me.get("Account").asText());
    }

    /** Runs {@code aws ARGS --endpoint-url EMULATOR --output json} with made-up credentials and no profile. */
    private static JsonNode aws(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(awsExecutable());
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", emulator.endpoint().toString(), "--output", "json"));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("HOME", home.toString());
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_PAGER", "");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_CONFIG_FILE", home.resolve("no-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("no-credentials").toString());
        Path out = home.resolve("stdout.json");
        Path err = home.resolve("stderr.txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("aws " + String.join(" ", args) + " did not finish within 60 s");
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            fail("aws " + String.join(" ", args) + " exited " + process.exitValue() + ": "
                    + Files.readString(err, StandardCharsets.UTF_8) + stdout);
        }
        return JSON.readTree(stdout);
    }

    /** {@code aws} on the PATH, else Debian's /usr/bin/aws. */
    private static String awsExecutable() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                File candidate = new File(dir, "aws");
                if (candidate.isFile() && candidate.canExecute()) {
                    return candidate.getPath();
                }
            }
        }
        File debian = new File("/usr/bin/aws");
        if (debian.isFile() && debian.canExecute()) {
            return debian.getPath();
        }
        return fail("the AWS CLI is not installed, and this test needs it: install awscli (apt-get install awscli,"
                + " or pip install awscli) so that `aws` is on the PATH; CI installs it");
    }
}
