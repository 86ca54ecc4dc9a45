package io.trailkeeper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.aws.AwsOptions;
import io.trailkeeper.aws.Regions;
import io.trailkeeper.aws.TrailFinder;
import io.trailkeeper.aws.TrailInfo;
import io.trailkeeper.emulator.Emulator;
import io.trailkeeper.emulator.EmulatorConfig;
import io.trailkeeper.emulator.Scenario;
import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code trailkeeper demo}: starts the emulator with a scenario and runs the commands a responder would run
 * against it, through the real AWS SDK, into a fresh store; prints what they found, in words, with the
 * commands to run on a real account, and writes the HTML report.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        header = "See TrailKeeper investigate a breached AWS account, emulated on this machine, in about a minute.",
        description = {"",
            "Starts the emulator (127.0.0.1; no AWS account, no credentials needed) with a scenario: by",
            "default demo-breach, an account whose single-region trail was stopped and its bucket deleted",
            "by an intruder holding a leaked access key. Then runs, as you would on a real account: audit",
            "(what would have prevented the blind spots), collect auto (the trail is gone: every region's",
            "event history, paced to LookupEvents' real limit of 2 requests a second per region), detect,",
            "investigate (who deleted the bucket, what the key did, console sign-ins, were objects read),",
            "coverage and report. Prints what each found and writes the report (trailkeeper-demo.html",
            "here, or --out).",
            "",
            "The store is a new one in a temporary folder (kept, so you can go on asking it questions), or",
            "--store when given, which must not exist yet: the demo never writes into your own store.", ""},
        footer = {"", "Examples:",
            "  trailkeeper demo",
            "  trailkeeper demo --out /tmp/incident.html --store /tmp/demo.duckdb",
            "  trailkeeper demo --scenario ./my-scenario --bucket customer-data",
            "  trailkeeper demo --rules ../sigma/rules/cloud/aws     also run SigmaHQ's rules",
            "",
            "A scenario is a folder: scenario.json (the account: trails, buckets, IAM, regions, \"now\") and",
            "CloudTrail records under events/ (see `trailkeeper emulator --help`). Exit code 0 when every step ran."})
final class DemoCommand implements Callable<Integer> {
    static final String DEFAULT_SCENARIO = "demo-breach";
    /** SigmaHQ's rules where this repository's README runs the demo from, used when found. */
    static final Path SIGMA_NEXT_TO_CHECKOUT = Path.of("..", "shared", "sigma", "rules");

    @ParentCommand
    TrailKeeperCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "DIR|NAME",
            description = "The scenario folder, or a bundled one's name (default: demo-breach).")
    String scenario = DEFAULT_SCENARIO;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the HTML report (default: ./trailkeeper-demo.html).")
    Path out = Path.of("trailkeeper-demo.html");

    @Option(names = "--bucket", paramLabel = "NAME",
            description = "A bucket whose object reads to look for (repeatable; default: the buckets a trail's data event selectors ever named).")
    List<String> buckets = new ArrayList<>();

    @Option(names = "--rules", paramLabel = "DIR",
            description = "SigmaHQ-format rules to run besides the bundled ones (repeatable; default: ../shared/sigma/rules when it exists).")
    List<Path> rules = new ArrayList<>();

    @Option(names = "--lookup-rate", paramLabel = "N",
            description = "LookupEvents requests per second per region, for the emulator and the collector (default: the scenario's, else 2, as AWS).")
    Double lookupRate;

    private PrintWriter say;
    private final List<String> failed = new ArrayList<>();
    private final Map<String, Double> timings = new LinkedHashMap<>();

    @Override
    public Integer call() throws IOException {
        say = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path folder = Path.of(scenario);
        Scenario loaded = !Files.exists(folder) && Scenario.bundledNames().contains(scenario)
                ? Scenario.bundled(scenario) : Scenario.load(folder);
        Path store = freshStore();
        Path report = out.toAbsolutePath();
        // the demo's clock starts at the scenario's "now", so that "the last 90 days" mean the same to both sides
        Clock clock = loaded.now().map(now -> Clock.offset(root.clock, Duration.between(root.clock.instant(), now)))
                .orElse(root.clock);
        EmulatorConfig.Builder config = EmulatorConfig.builder(loaded).port(0);
        if (lookupRate != null) {
            config.lookupRatePerSecond(lookupRate);
        }
        long started = System.nanoTime();
        DemoCredentials credentials = DemoCredentials.install();
        try (Emulator emulator = Emulator.start(config.build())) {
            loaded.problems().forEach(p -> err.println("scenario: " + p));
            DemoSteps steps = new DemoSteps(clock, store, emulator.counters(), emulator.endpoint().toString(), say, err,
                    failed);
            double rate = emulator.lookupRatePerSecond();
            say.printf(Locale.ROOT, "TrailKeeper demo: scenario %s, account %s emulated at %s (event history of %d"
                            + " regions; LookupEvents limited to %s requests/s per region%s)%n", scenario, loaded.account(),
                    emulator.endpoint(), loaded.eventsByRegion().size(), rate == Math.rint(rate)
                            ? String.valueOf((long) rate) : String.valueOf(rate),
                    rate == EmulatorConfig.DEFAULT_LOOKUP_RATE ? ", as in AWS" : "");
            say.println("store: " + store + " (new; the demo never writes into your own store)");
            story(steps, emulator, loaded, report);
            timings.putAll(steps.seconds());
        } finally {
            credentials.close();
        }
        StringBuilder parts = new StringBuilder();
        timings.forEach((command, seconds) -> parts.append(parts.length() == 0 ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %.1f s", command, seconds)));
        say.printf(Locale.ROOT, "%nthe demo took %.0f s (%s)%s%n", (System.nanoTime() - started) / 1e9, parts,
                failed.isEmpty() ? "" : "; these steps failed: " + String.join(", ", failed));
        return failed.isEmpty() ? 0 : 1;
    }

    private void story(DemoSteps steps, Emulator emulator, Scenario loaded, Path report) {
        heading(1, "Audit: would this account's CloudTrail have kept the evidence?");
        steps.audit();

        heading(2, "Collect: the trail first, every region's event history for what it lacks");
        List<TrailInfo> trails = trails(emulator, loaded, steps);
        steps.collect(lookupRate);

        heading(3, "Detect: Sigma rules over everything collected");
        List<Path> ruleFolders = new ArrayList<>(rules);
        if (ruleFolders.isEmpty() && Files.isDirectory(SIGMA_NEXT_TO_CHECKOUT)) {
            ruleFolders.add(SIGMA_NEXT_TO_CHECKOUT);
        }
        steps.detect(ruleFolders);

        heading(4, "Investigate: who deleted the evidence, what the key did, who signed in, were objects read");
        Set<String> keys = new LinkedHashSet<>();
        for (TrailInfo trail : trails) {
            if (trail.bucket() != null) {
                keys.addAll(steps.whoDeleted(trail.bucket()));
            }
        }
        keys.forEach(steps::key);
        steps.logins();
        Set<String> dataBuckets = new LinkedHashSet<>(buckets);
        if (dataBuckets.isEmpty()) {
            dataBuckets.addAll(steps.bucketsEverSelectedForDataEvents());
        }
        dataBuckets.forEach(steps::s3);

        heading(5, "Coverage: what the store holds, and what it cannot hold any more");
        steps.coverage();

        heading(6, "Report");
        steps.report(report);

        if (!steps.inShort().isEmpty()) {
            heading(7, "In short");
            steps.inShort().forEach(line -> say.println("  " + line));
        }

        heading(steps.inShort().isEmpty() ? 7 : 8, "On a real account");
        for (String line : List.of(
                "Give TrailKeeper read-only credentials (the AWS CLI's: a profile, AWS_* variables, --role-arn) and run:",
                "  trailkeeper audit                          what would leave you blind, with the fix (fix --plan)",
                "  trailkeeper collect auto                   the trail's files, or every region's event history",
                "  trailkeeper detect --rules DIR             the bundled rules and SigmaHQ's",
                "  trailkeeper investigate who-deleted NAME   also: key, actor, logins, s3, regions, timeline",
                "  trailkeeper coverage                       what the store is missing, day by day",
                "  trailkeeper report --out incident.html",
                "Ask this demo's store more: trailkeeper --store " + steps.store() + " query --event-name 'Delete*'")) {
            say.println("  " + line);
        }
    }

    /** The account's trails, as DescribeTrails gives them (a responder's first question: where did the logs go). */
    private List<TrailInfo> trails(Emulator emulator, Scenario loaded, DemoSteps steps) {
        AwsOptions options = new AwsOptions(null, "us-east-1", null, null, emulator.endpoint(), null);
        say.println("  $ aws cloudtrail describe-trails   (in every region, as collect auto does)");
        try (AwsClients clients = new AwsClients(options)) {
            List<TrailInfo> found = new TrailFinder(clients).find(Regions.discover(clients).enabled()).trails();
            for (TrailInfo t : found) {
                say.printf("  trail %s (%s, %s): %s, bucket s3://%s%n", t.name(), t.homeRegion(),
                        t.multiRegion() ? "all regions" : "only its own region",
                        t.logging() ? "logging" : "not logging" + (t.stopLoggingTime() == null ? ""
                                : " since " + t.stopLoggingTime()), t.bucket());
            }
            if (found.isEmpty()) {
                say.println("  account " + loaded.account() + " has no trail: only the event history is left");
            }
            return found;
        } catch (SdkException | TrailKeeperException e) {
            failed.add("describe-trails");
            say.println("  (the trails could not be listed: " + e.getMessage() + "; the steps that ask about them are"
                    + " left out)");
            return List.of();
        }
    }

    private void heading(int number, String text) {
        say.println();
        say.println(number + ". " + text);
        say.flush();
    }

    /** The store for the demo: --store when it does not exist yet, else a new file in a temporary folder. */
    private Path freshStore() throws IOException {
        if (root.store == null) {
            return Files.createTempDirectory("trailkeeper-demo-").resolve("store.duckdb");
        }
        if (Files.exists(root.store)) {
            throw new TrailKeeperException(ErrorCode.USAGE, "--store " + root.store + " exists; the demo writes only into"
                    + " a new store", "give a path that does not exist yet, or leave --store out for a temporary one");
        }
        return root.store.toAbsolutePath();
    }

    /** The first value of a JSON member, as text, or null. */
    static String text(JsonNode node, String member) {
        JsonNode value = node.get(member);
        return value == null || value.isNull() ? null : value.asText();
    }
}
