package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The help users read is pinned by golden files in src/test/resources/golden. After changing help on purpose,
 * rewrite them with {@code mvn test -pl cli -am -Dtest=HelpTextTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dgolden.update=true} (-am: the other modules are built, not installed) and review the diff.
 */
class HelpTextTest {
    @ParameterizedTest
    @ValueSource(strings = {"--help", "demo --help", "ingest --help", "query --help", "stats --help", "bench ingest --help",
        "collect --help", "collect lookup --help", "collect s3 --help", "collect auto --help", "emulator --help",
        "audit --help", "fix --help", "detect --help", "watch --help", "rules validate --help",
        "bench detect --help",
        "bench collect --help", "investigate --help", "coverage --help", "report --help", "bench query --help",
        "verify --help", "verify keys --help", "export ocsf --help", "export parquet --help", "bench lake --help", "prune --help",
        "rederive --help"})
    void helpMatchesItsGoldenFile(String command) throws Exception {
        Cli.Result r = Cli.run(null, command.split(" "));
        assertEquals(0, r.code(), r.toString());
        Path golden = Path.of("src/test/resources/golden", command.replace("--help", "help").replace(' ', '-') + ".txt");
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, r.out());
        }
        assertEquals(Files.readString(golden), r.out(), "help text changed; see the class comment to update");
        // an example wider than the help is wrapped by picocli at column 0: copied, it is two broken commands
        int examples = r.out().indexOf("\nExample");
        if (examples >= 0) {
            for (String line : r.out().substring(examples + 1).lines().skip(1).takeWhile(l -> !l.isEmpty()).toList()) {
                assertTrue(line.startsWith("  "), command + ": an example wrapped: '" + line + "'");
            }
        }
    }

    @org.junit.jupiter.api.Test
    void queryHelpsTableOfTablesKeepsItsIndentation() {
        Cli.Result r = Cli.run(null, "query", "--help");
        String tables = r.out().substring(r.out().indexOf("sees these tables:"), r.out().indexOf("Examples:"));
        // a footer line wider than the help's width is wrapped by picocli onto a line of its own at column 0
        for (String line : tables.lines().skip(1).toList()) {
            assertTrue(line.isEmpty() || line.startsWith("  "), "a line out of the table: '" + line + "'");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"detect --help", "watch --help", "rules validate --help", "rules list --help"})
    void helpTextHasNoFormattingErrors(String command) {
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(warnings, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertEquals(0, Cli.run(null, command.split(" ")).code());
        } finally {
            System.setErr(stderr);
        }
        // picocli reports a description it cannot format (a lone % sign) on the process's stderr, not the command's
        assertEquals("", warnings.toString(java.nio.charset.StandardCharsets.UTF_8));
    }
}
