package io.trailkeeper.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The bundled demo-breach scenario: its generated files are exactly what {@link DemoBackground} writes (rewrite
 * them with {@code mvn test -pl emulator -Dtest=DemoScenarioTest -Ddemo.scenario.update=true}), and it loads with
 * no problem, serving the management events and holding back the data events as CloudTrail's event history does.
 */
class DemoScenarioTest {
    private static final Path EVENTS = Path.of("src/main/resources/io/trailkeeper/emulator/scenarios/demo-breach/events");

    @Test
    void generatedFilesAreWhatTheGeneratorWrites() throws IOException {
        check("background.jsonl.gz", DemoBackground.background());
        check("data-events.jsonl.gz", DemoBackground.dataEvents());
    }

    @Test
    void loadsAndServesOnlyManagementEvents() {
        Scenario scenario = Scenario.bundled("demo-breach");
        assertTrue(scenario.problems().isEmpty(), () -> "problems: " + scenario.problems());
        long dataEvents = DemoBackground.dataEvents().lines().count();
        long background = DemoBackground.background().lines().count();
        assertEquals(300, dataEvents);
        // incident.json's 45 records plus the routine ones are served; the data events are not
        assertEquals(background + 45, scenario.eventCount());
        // every default region has events (AWS Config records in each), the incident's regions among them
        assertEquals(AwsRegions.DEFAULT_ENABLED.size(), scenario.eventsByRegion().size());
    }

    private static void check(String name, String expected) throws IOException {
        Path file = EVENTS.resolve(name);
        if (Boolean.getBoolean("demo.scenario.update")) {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                out.write(expected.getBytes(StandardCharsets.UTF_8));
            }
        }
        assertTrue(Files.isRegularFile(file), () -> file + " is missing; write it with -Ddemo.scenario.update=true");
        String actual;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            actual = bytes.toString(StandardCharsets.UTF_8);
        }
        assertEquals(expected, actual, name + " differs from what DemoBackground writes");
    }
}
