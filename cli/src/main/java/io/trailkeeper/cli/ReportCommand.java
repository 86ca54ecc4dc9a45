package io.trailkeeper.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code trailkeeper report} (being written: see issue 6). */
@Command(name = "report", mixinStandardHelpOptions = true, header = "Being written (issue 6).")
final class ReportCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("report is being written");
    }
}
