package io.trailkeeper.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code trailkeeper bench}: benchmarks that print their figures and their baselines, measured in one run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        header = "Measure TrailKeeper against its baselines on generated data.",
        subcommands = {BenchIngestCommand.class, BenchCollectCommand.class, BenchDetectCommand.class, BenchQueryCommand.class, BenchLakeCommand.class})
final class BenchCommand {
    @ParentCommand
    TrailKeeperCommand root;
}
