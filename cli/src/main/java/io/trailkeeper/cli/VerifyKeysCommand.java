package io.trailkeeper.cli;

import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.aws.integrity.PublicKeysFetcher;
import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import io.trailkeeper.integrity.DigestPublicKey;
import io.trailkeeper.integrity.PublicKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code trailkeeper verify keys}: saves CloudTrail's digest public keys for verifying offline. */
@Command(name = "keys", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Save the public keys CloudTrail signed digests with, for `verify --evidence` offline.",
        description = {"",
            "Calls ListPublicKeys in each region named (each region signs its digests with its own keys) and",
            "writes the keys in use at some time in --since..--until to FILE, in the shape of ListPublicKeys'",
            "response (as `aws cloudtrail list-public-keys` prints it). Without --since, the keys in use now.",
            "Keep the file with the evidence: the keys are public, but they are what the signatures are checked",
            "against. A region whose keys cannot be fetched (denied, not enabled) is named on stderr and in the",
            "file, the other regions' keys are saved, and the exit code is 4 (incomplete).", ""},
        footer = {"", "Examples:",
            "  trailkeeper verify keys --since 2024-03-01 --out keys.json",
            "  trailkeeper verify keys --regions us-east-1,eu-west-1 --since 90d --out evidence/keys.json", "",
            "Permission: cloudtrail:ListPublicKeys."})
final class VerifyKeysCommand implements Callable<Integer> {
    @ParentCommand
    VerifyCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    AwsOptionsMixin aws;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the keys (JSON).")
    Path out;

    @Option(names = "--regions", paramLabel = "LIST", split = ",",
            description = "The regions whose digests will be verified (default: --region, else the profile's).")
    List<String> regions = new ArrayList<>();

    @Option(names = "--since", paramLabel = "TIME", description = "Keys in use from this time (2024-03-01, or an age: 90d).")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Keys in use up to this time (a date means to its end). Default: now.")
    String until;

    @Override
    public Integer call() {
        TrailKeeperCommand root = parent.root;
        Output.requireTabular(root.format);
        Instant from = since == null ? null : TimeArguments.parse(since, root.clock, "--since");
        Instant to = until == null ? (from == null ? null : root.clock.instant())
                : TimeArguments.parseUntil(until, root.clock, "--until");
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("--since " + since + " is after --until " + until);
        }
        List<String> asked;
        PublicKeysFetcher.Fetched fetched;
        try (AwsClients clients = new AwsClients(aws.toOptions())) {
            asked = regions.isEmpty() ? List.of(clients.homeRegion()) : regions;
            fetched = new PublicKeysFetcher(clients).fetchEach(asked, from, to);
        }
        if (fetched.failed().size() == asked.stream().distinct().count()) {
            throw fetched.failed().values().iterator().next();
        }
        List<DigestPublicKey> keys = fetched.keys();
        if (keys.isEmpty()) {
            throw new TrailKeeperException(ErrorCode.AWS_ERROR, "ListPublicKeys returned no key"
                    + (from == null ? "" : " in use between " + from + " and " + to)
                    + (fetched.failed().isEmpty() ? "" : " in the regions that answered"),
                    "check the region (--regions) and the range: CloudTrail has keys only where and when it signed"
                            + " digests");
        }
        Map<String, String> unavailable = new TreeMap<>();
        fetched.failed().forEach((region, e) -> unavailable.put(region, e.getMessage()));
        try {
            new PublicKeys(keys, unavailable).write(out);
        } catch (IOException e) {
            throw new TrailKeeperException(ErrorCode.STORE_WRITE_FAILED, "the keys file " + out
                    + " could not be written: " + e.getMessage(), "choose another --out", e);
        }
        PrintWriter w = spec.commandLine().getOut();
        w.println("saved " + keys.size() + " public key" + (keys.size() == 1 ? "" : "s") + " to " + out + ": "
                + String.join(", ", keys.stream().map(k -> k.fingerprint() + " (" + k.validityStart() + " .. "
                + k.validityEnd() + ")").toList()));
        w.flush();
        // the keys of the regions that answered are saved all the same: one denied region must not cost the others'
        PrintWriter err = spec.commandLine().getErr();
        fetched.failed().forEach((region, e) -> err.println("warning: no keys saved for " + region + ": "
                + e.getMessage() + " (the file names the region: offline, its digests signed with a key not in the"
                + " file are 'key unavailable'; " + e.hint() + ")"));
        err.flush();
        return fetched.failed().isEmpty() ? 0 : ErrorCode.INCOMPLETE.exitCode();
    }
}
