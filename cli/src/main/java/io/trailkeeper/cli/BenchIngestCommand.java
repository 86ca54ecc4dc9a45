package io.trailkeeper.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until written. */
@Command(name = "ingest")
final class BenchIngestCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 0;
    }
}
