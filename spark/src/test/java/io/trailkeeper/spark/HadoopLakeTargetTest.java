package io.trailkeeper.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lake at a Hadoop path, here a file: one: put, list, local, delete as the store's lake targets do them. */
class HadoopLakeTargetTest {
    @TempDir
    Path dir;

    @Test
    void putListLocalAndDelete() throws Exception {
        HadoopLakeTarget lake = new HadoopLakeTarget("file://" + dir.resolve("lake"), new Configuration());
        assertEquals(dir.resolve("lake").toString(), lake.location());
        assertFalse(lake.remote());
        String relative = "events/account=1/region=r/date=2024-01-01/events.parquet";
        assertNull(lake.local(relative));
        lake.write(relative, "rows".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(relative), lake.list("events/"), "no hidden temporary or checksum file left");
        Path local = lake.local(relative);
        assertEquals(dir.resolve("lake").resolve(relative), local, "a file: lake's file is its own local copy");
        assertEquals("rows", Files.readString(local));
        lake.delete(relative);
        assertFalse(lake.exists(relative));
        assertTrue(lake.list("events/").isEmpty());
    }
}
