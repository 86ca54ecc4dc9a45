package io.trailkeeper.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobArgumentsTest {
    @Test
    void readsRepeatedInputsAndRules() {
        JobArguments a = JobArguments.parse("--input", "s3a://trail/AWSLogs/111111111111/", "--input",
                "s3a://trail/AWSLogs/222222222222/", "--lake", "s3a://lake/tk", "--rules", "/home/hadoop/sigma",
                "--no-bundled", "--detections", "s3a://lake/detections");
        assertEquals(List.of("s3a://trail/AWSLogs/111111111111/", "s3a://trail/AWSLogs/222222222222/"), a.inputs());
        assertEquals("s3a://lake/tk", a.lake());
        assertEquals(List.of(Path.of("/home/hadoop/sigma")), a.rules());
        assertFalse(a.bundled());
        assertTrue(a.detect());
    }

    @Test
    void withoutDetectionsNoRulesRun() {
        JobArguments a = JobArguments.parse("--input", "hdfs:///trails", "--lake", "hdfs:///lake");
        assertFalse(a.detect());
        assertTrue(a.bundled());
    }

    @Test
    void mistakesAreNamedWithTheUsage() {
        assertUsage("--input is required", "--lake", "/lake");
        assertUsage("--lake is required", "--input", "/trails");
        assertUsage("--rules needs --detections", "--input", "/t", "--lake", "/l", "--rules", "/r");
        assertUsage("--lake needs a value", "--input", "/t", "--lake");
        assertUsage("--input needs a value", "--input", "--lake", "/l");
        assertUsage("unknown argument '--out'", "--input", "/t", "--out", "/l");
    }

    private static void assertUsage(String message, String... args) {
        TrailKeeperException e = assertThrows(TrailKeeperException.class, () -> JobArguments.parse(args));
        assertEquals(ErrorCode.USAGE, e.code());
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
        assertEquals(JobArguments.USAGE, e.hint());
    }
}
