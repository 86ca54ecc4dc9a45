package io.trailkeeper.cli;

import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.StoreStats;
import io.trailkeeper.store.coverage.CoverageAnalysis;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code trailkeeper stats}: what the store holds. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        header = "Show what the store holds: events per region, day, source and account.",
        description = {"",
            "Also the first and last event time, and how many events have no readable time. A region or day",
            "missing here is a region or day the store cannot answer for.", ""})
final class StatsCommand implements Callable<Integer> {
    @ParentCommand
    TrailKeeperCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Output.requireTabular(root.format);
        try (EventStore store = EventStore.openForReading(root.storePath(), root.storeOptions())) {
            java.io.PrintWriter out = spec.commandLine().getOut();
            Output.sections(root.format, out, Terminal.width(), new StoreStats(store).sections());
            // the counts come from the events view: a moved partition it cannot read is missing from them, as query says
            String lake = CoverageAnalysis.lakeUnread(store);
            InvestigateCommand.incomplete(lake == null ? java.util.List.of() : java.util.List.of(lake),
                    root.format == TrailKeeperCommand.Format.table, out, spec.commandLine().getErr());
        }
        return 0;
    }
}
