package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.emulator.Emulator;
import io.trailkeeper.emulator.EmulatorConfig;
import io.trailkeeper.emulator.Scenario;
import io.trailkeeper.emulator.ScenarioBuilder;
import io.trailkeeper.events.TableSink;
import io.trailkeeper.store.EventSearch;
import io.trailkeeper.store.EventStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code collect lookup} killed (SIGKILL) in the middle, then run again: the store holds every event served,
 * once. Both runs are separate processes of the real command line against one emulator, on the real clock.
 */
class CollectKillTest {
    private static final List<String> REGIONS = List.of("eu-west-1", "us-east-1", "us-west-2");

    @TempDir
    Path dir;

    @Test
    void aKilledCollectionIsFinishedByTheNextRunWithNoLossAndNoDuplicates() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ScenarioBuilder b = Scenario.builder().account("123456789012").enabledRegions(REGIONS);
        Set<String> ids = new HashSet<>();
        for (String region : REGIONS) {
            for (int i = 0; i < 700; i++) {
                String id = UUID.randomUUID().toString();
                ids.add(id);
                b.record(record(now.minus(Duration.ofHours(1)).minusSeconds(2_000L * i), region, id));
            }
        }
        Path store = dir.resolve("store.duckdb");
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(b.build()).lookupRatePerSecond(2).build())) {
            Process first = start(store, emulator);
            // 14 pages per region at 2 a second: kill it past halfway, after the store's writes (every 2 s)
            // have taken some pages
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (emulator.counters().eventsServed() < ids.size() * 3 / 5 && System.nanoTime() < deadline
                    && first.isAlive()) {
                Thread.sleep(50);
            }
            assertTrue(first.isAlive(), "the first run ended before it could be killed");
            first.destroyForcibly();
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
            long servedBefore = emulator.counters().eventsServed();
            Set<String> afterKill = new HashSet<>(eventIds(store));
            assertTrue(afterKill.size() < ids.size(), "killed before the end: " + afterKill.size());
            assertTrue(afterKill.size() > 0, "some pages were stored before the kill");

            Process second = start(store, emulator);
            String output = new String(second.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(second.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, second.exitValue(), output);
            List<String> stored = eventIds(store);
            assertEquals(ids.size(), stored.size(), "no duplicates");
            assertEquals(ids, new HashSet<>(stored), "no loss");
            // the second run continued: it did not read the whole history again
            long servedAgain = emulator.counters().eventsServed() - servedBefore;
            assertTrue(servedAgain < ids.size(), "the rerun read " + servedAgain + " events, not all " + ids.size());
        }
    }

    private static Process start(Path store, Emulator emulator) throws java.io.IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx384m",
                "-Duser.timezone=Pacific/Chatham", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--store", store.toString(), "collect", "lookup", "--endpoint-url",
                emulator.endpoint().toString(), "--region", "us-east-1", "--rate", "2", "--strict")
                .redirectErrorStream(true);
        pb.environment().put("AWS_ACCESS_KEY_ID", "test");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "test");
        pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        pb.environment().put("AWS_CONFIG_FILE", "/nonexistent");
        pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent");
        Process p = pb.start();
        return p;
    }

    private static List<String> eventIds(Path store) {
        List<String> out = new ArrayList<>();
        try (EventStore s = EventStore.openForReading(store, EventStore.StoreOptions.defaults()
                .withBusyTimeout(Duration.ofSeconds(30)))) {
            new EventSearch(s).sql("SELECT event_id FROM events", new TableSink() {
                @Override
                public void columns(List<String> names) {
                }

                @Override
                public void row(List<Object> values) {
                    out.add((String) values.get(0));
                }
            });
        }
        return out;
    }

    private static String record(Instant time, String region, String id) {
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::123456789012:"
                + "user/bob\",\"accountId\":\"123456789012\",\"accessKeyId\":\"AKIAEXAMPLEBOB\",\"userName\":\"bob\"},"
                + "\"eventTime\":\"" + time + "\",\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":"
                + "\"DescribeInstances\",\"awsRegion\":\"" + region + "\",\"sourceIPAddress\":\"10.0.0.8\","
                + "\"userAgent\":\"aws-cli/2.15\",\"requestParameters\":null,\"responseElements\":null,"
                + "\"eventID\":\"" + id + "\",\"readOnly\":true,\"eventType\":\"AwsApiCall\","
                + "\"managementEvent\":true,\"recipientAccountId\":\"123456789012\",\"eventCategory\":\"Management\"}";
    }
}
