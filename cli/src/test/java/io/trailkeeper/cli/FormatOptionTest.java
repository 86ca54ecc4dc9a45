package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A format only audit or fix writes is refused by the other commands at once, before any work. */
class FormatOptionTest {
    @TempDir
    Path dir;

    @Test
    void tableCommandsRefuseFormatsTheyCannotWrite() {
        Cli.Result query = Cli.run(dir.resolve("s.duckdb"), "query", "--format", "html");
        assertEquals(2, query.code(), query.toString());
        assertTrue(query.err().contains("--format html is not an output of this command"), query.err());

        // refused before AWS is called: the endpoint does not exist and no store is created
        Cli.Result collect = Cli.run(dir.resolve("c.duckdb"), "collect", "lookup", "--format", "terraform",
                "--endpoint-url", "http://127.0.0.1:9");
        assertEquals(2, collect.code(), collect.toString());
        assertTrue(collect.err().contains("--format terraform is not an output"), collect.err());
        assertTrue(!Files.exists(dir.resolve("c.duckdb")));
    }
}
