package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.TrailKeeperException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The retention policy's config file: what it accepts, and what it refuses, naming the file and the key. */
class RetentionConfigTest {
    @TempDir
    Path dir;

    private Path config(String yaml) throws IOException {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void aKeyGivenTwiceIsRefusedNotTheLastOneTaken() throws IOException {
        Path file = config("retention:\n  hot_days: 90\n  total_days: 30\n  total_days: 400\n");
        TrailKeeperException e = assertThrows(TrailKeeperException.class, () -> RetentionConfig.load(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("total_days")
                && e.getMessage().contains("given twice"), e.getMessage());
    }

    @Test
    void aRelativeLakeIsTheConfigFilesNeighbourWhateverTheWorkingFolder() throws IOException {
        assertEquals(dir.resolve("lake").toAbsolutePath().toString(), RetentionConfig.load(config("lake: ./lake\n"))
                .lake());
        assertEquals("s3://bucket/prefix", RetentionConfig.load(config("lake: s3://bucket/prefix\n")).lake());
    }

    @Test
    void aRetentionPastWhatADateCanSayIsRefusedByTheFile() throws IOException {
        Path file = config("retention:\n  hot_days: 2147483647\n  total_days: 2147483647\n");
        TrailKeeperException e = assertThrows(TrailKeeperException.class, () -> RetentionConfig.load(file));
        assertTrue(e.getMessage().contains("retention.hot_days must be a whole number of days from 1 to 1000000"),
                e.getMessage());
        assertEquals(1_000_000, RetentionConfig.load(config("retention:\n  total_days: 1000000\n")).totalDays());
    }

    @Test
    void aPolicyIsReadWithItsHolds() throws IOException {
        RetentionConfig c = RetentionConfig.load(config("retention:\n  hot_days: 30\n  total_days: 365\n  holds:\n"
                + "    - name: case-1\n      since: 2015-01-01\n      accounts: [123456789012]\nlake: /data/lake\n"));
        assertEquals(30, c.hotDays());
        assertEquals(365, c.totalDays());
        assertEquals("case-1", c.holds().get(0).name());
        assertEquals("/data/lake", c.lake());
    }
}
