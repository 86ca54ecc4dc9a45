package io.trailkeeper.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code trailkeeper query} (being written: see issue 6). */
@Command(name = "query", mixinStandardHelpOptions = true, header = "Being written (issue 6).")
final class BenchQueryCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("query is being written");
    }
}
