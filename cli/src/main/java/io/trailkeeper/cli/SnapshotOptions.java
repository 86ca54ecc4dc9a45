package io.trailkeeper.cli;

import io.trailkeeper.audit.AuditContext;
import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.aws.inventory.Inventory;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshots;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where audit and fix get the account's set-up: collected now through the AWS options, or read from a
 * snapshot saved before (offline, shareable); and what the user says about the account.
 */
final class SnapshotOptions {
    @Mixin
    AwsOptionsMixin aws;

    @Option(names = "--snapshot", paramLabel = "FILE",
            description = "Audit a snapshot saved before (no AWS access), instead of collecting one now.")
    Path snapshot;

    @Option(names = "--save-snapshot", paramLabel = "FILE", description = "Save the collected snapshot as JSON here.")
    Path saveSnapshot;

    @Option(names = "--critical-buckets", paramLabel = "LIST", split = ",",
            description = "Buckets whose object reads and writes must be logged (default: every bucket).")
    List<String> criticalBuckets = new ArrayList<>();

    @Option(names = "--break-glass-role", paramLabel = "ARN", split = ",",
            description = "Roles allowed to destroy evidence in an emergency (the bucket policy's exception).")
    List<String> breakGlassRoles = new ArrayList<>();

    AccountSnapshot snapshot(Clock clock, PrintWriter err) {
        if (snapshot != null) {
            if (aws.endpointUrl != null || aws.profile != null || aws.roleArn != null) {
                throw new IllegalArgumentException("--snapshot reads a saved snapshot; it takes no AWS options");
            }
            return AccountSnapshots.load(snapshot);
        }
        AccountSnapshot s;
        try (AwsClients clients = new AwsClients(aws.toOptions())) {
            err.println("collecting the account's logging set-up (trails, buckets, keys, alarms, IAM) in every"
                    + " enabled region...");
            err.flush();
            s = Inventory.defaults().withExtraBuckets(criticalBuckets).collect(clients, clock);
        }
        if (saveSnapshot != null) {
            AccountSnapshots.save(s, saveSnapshot);
            err.println("snapshot saved to " + saveSnapshot);
        }
        return s;
    }

    AuditContext context(Clock clock) {
        return new AuditContext(new HashSet<>(criticalBuckets), new HashSet<>(breakGlassRoles), clock);
    }
}
