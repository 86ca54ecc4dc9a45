package io.trailkeeper.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code trailkeeper investigate} (being written: see issue 6). */
@Command(name = "investigate", mixinStandardHelpOptions = true, header = "Being written (issue 6).")
final class InvestigateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("investigate is being written");
    }
}
