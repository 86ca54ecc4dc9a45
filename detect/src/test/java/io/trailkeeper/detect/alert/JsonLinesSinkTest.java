package io.trailkeeper.detect.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesSinkTest {
    @TempDir
    Path dir;

    @Test
    void eachAlertIsAppendedAsOneLineOfJson() throws Exception {
        Path file = dir.resolve("alerts/out.jsonl");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"earlier\":true}\n");
        JsonLinesSink sink = new JsonLinesSink(file);
        Alert a = Alert.of(AlertSamples.match("StopLogging", 1));
        Alert b = Alert.of(AlertSamples.match("DeleteTrail", 2));
        sink.send(a);
        sink.send(b);
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size());
        assertEquals("{\"earlier\":true}", lines.get(0));
        assertEquals(a, Alert.fromJson(lines.get(1)));
        assertEquals(b, Alert.fromJson(lines.get(2)));
        assertEquals("jsonl:" + file.toAbsolutePath(), sink.name());
    }

    @Test
    void theFileAndItsFolderAreCreated() throws Exception {
        Path file = dir.resolve("new/folder/alerts.jsonl");
        new JsonLinesSink(file).send(Alert.of(AlertSamples.match("StopLogging", 1)));
        assertEquals(1, Files.readAllLines(file).size());
    }
}
