package io.trailkeeper.cli;

import io.trailkeeper.emulator.Emulator;
import io.trailkeeper.emulator.EmulatorConfig;
import io.trailkeeper.emulator.Faults;
import io.trailkeeper.emulator.Scenario;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trailkeeper emulator}: an emulated AWS account on this machine, until interrupted. */
@Command(name = "emulator", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Run an emulated AWS account (CloudTrail, EC2 DescribeRegions, STS) on 127.0.0.1.",
        description = {"",
            "Serves a scenario (a folder with scenario.json and CloudTrail records under events/, each record",
            "served by the region in its awsRegion) with CloudTrail's real limits: 50 events a page, newest",
            "first, one lookup attribute, 90 days, 2 LookupEvents requests per second per region. The region",
            "of each request comes from its signature, so one endpoint serves every region. Any credentials",
            "are accepted. Point TrailKeeper or the AWS CLI at it with --endpoint-url.", ""},
        footer = {"", "Examples:",
            "  trailkeeper emulator --scenario ./my-scenario --port 4566",
            "  trailkeeper collect lookup --endpoint-url http://127.0.0.1:4566",
            "  AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x aws cloudtrail lookup-events --region us-west-2 \\",
            "      --endpoint-url http://127.0.0.1:4566",
            "  trailkeeper emulator --scenario ./s --server-errors 0.1 --resets 0.05   inject faults"})
final class EmulatorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", required = true, paramLabel = "DIR|NAME",
            description = "The scenario folder, or the name of a bundled one (audit-good, audit-weak, audit-no-trail, demo-breach).")
    String scenario;

    @Option(names = "--port", paramLabel = "PORT", description = "Port on 127.0.0.1 (default: 4566; 0 picks a free one).")
    int port = 4566;

    @Option(names = "--lookup-rate", paramLabel = "N", description = "LookupEvents requests per second per region (default: the scenario's, else 2).")
    Double lookupRate;

    @Option(names = "--server-errors", paramLabel = "SHARE", description = "Answer this share of LookupEvents calls with a 5xx error (0 to 1).")
    double serverErrors;

    @Option(names = "--resets", paramLabel = "SHARE", description = "Drop the connection on this share of LookupEvents calls (0 to 1).")
    double resets;

    @Option(names = "--slow", paramLabel = "SHARE", description = "Delay this share of LookupEvents answers by --slow-delay.")
    double slow;

    @Option(names = "--slow-delay", paramLabel = "MS", description = "The delay of slow answers in milliseconds (default: 2000).")
    long slowDelay = 2000;

    /** Released to stop the server (tests); otherwise it runs until the process is interrupted. */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Path folder = Path.of(scenario);
        Scenario loaded = !java.nio.file.Files.exists(folder) && Scenario.bundledNames().contains(scenario)
                ? Scenario.bundled(scenario) : Scenario.load(folder);
        Faults faults = Faults.none().withServerErrorShare(serverErrors).withResetShare(resets)
                .withSlowAnswers(slow, Duration.ofMillis(slowDelay));
        EmulatorConfig.Builder config = EmulatorConfig.builder(loaded).port(port).faults(faults);
        if (lookupRate != null) {
            config.lookupRatePerSecond(lookupRate);
        }
        try (Emulator emulator = Emulator.start(config.build())) {
            loaded.problems().forEach(p -> spec.commandLine().getErr().println("scenario: " + p));
            out.println(String.format(Locale.ROOT, "emulating account %s at %s: %,d events in %d regions"
                            + " (%d enabled), LookupEvents at %.1f requests/s per region", loaded.account(),
                    emulator.endpoint(), loaded.eventCount(), loaded.eventsByRegion().size(),
                    loaded.enabledRegions().size(), emulator.lookupRatePerSecond()));
            out.println("stop with Ctrl-C");
            out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        }
        return 0;
    }
}
