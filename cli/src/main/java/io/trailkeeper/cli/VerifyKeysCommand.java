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
            "against.", ""},
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
        List<DigestPublicKey> keys;
        try (AwsClients clients = new AwsClients(aws.toOptions())) {
            List<String> asked = regions.isEmpty() ? List.of(clients.homeRegion()) : regions;
            keys = new PublicKeysFetcher(clients).fetch(asked, from, to);
        }
        if (keys.isEmpty()) {
            throw new TrailKeeperException(ErrorCode.AWS_ERROR, "ListPublicKeys returned no key"
                    + (from == null ? "" : " in use between " + from + " and " + to),
                    "check the region (--regions) and the range: CloudTrail has keys only where and when it signed"
                            + " digests");
        }
        try {
            new PublicKeys(keys).write(out);
        } catch (IOException e) {
            throw new TrailKeeperException(ErrorCode.STORE_WRITE_FAILED, "the keys file " + out
                    + " could not be written: " + e.getMessage(), "choose another --out", e);
        }
        PrintWriter w = spec.commandLine().getOut();
        w.println("saved " + keys.size() + " public key" + (keys.size() == 1 ? "" : "s") + " to " + out + ": "
                + String.join(", ", keys.stream().map(k -> k.fingerprint() + " (" + k.validityStart() + " .. "
                + k.validityEnd() + ")").toList()));
        w.flush();
        return 0;
    }
}
