package io.trailkeeper.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code trailkeeper coverage} (being written: see issue 6). */
@Command(name = "coverage", mixinStandardHelpOptions = true, header = "Being written (issue 6).")
final class CoverageCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("coverage is being written");
    }
}
