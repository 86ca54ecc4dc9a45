package io.trailkeeper.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code trailkeeper export}: the store's events written out for the years beyond it and for other tools. */
@Command(name = "export", mixinStandardHelpOptions = true,
        header = "Write the store's events to a Parquet lake (long-term, Athena/Trino/Spark) or as OCSF.",
        subcommands = {ExportParquetCommand.class, ExportOcsfCommand.class})
final class ExportCommand {
    @ParentCommand
    TrailKeeperCommand root;
}
