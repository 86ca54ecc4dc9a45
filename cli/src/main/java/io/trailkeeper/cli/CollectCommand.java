package io.trailkeeper.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code trailkeeper collect ...}: the collectors. */
@Command(name = "collect", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Collect CloudTrail from AWS into the store: event history, a trail's bucket, or whichever is there.",
        description = {"",
            "lookup  every region's 90-day event history (LookupEvents): what is left when there is no trail,",
            "        or the attacker deleted it",
            "s3      a trail's log files from its S3 bucket: every account, region and day",
            "auto    finds the trails; collects from a working trail's bucket, else falls back to lookup", "",
            "Every collector is resumable (a rerun continues where the last one stopped, with no duplicates)",
            "and says what it could not see: regions denied, not enabled, throttled, days missing.", ""},
        subcommands = {CollectLookupCommand.class, CollectS3Command.class, CollectAutoCommand.class})
final class CollectCommand {
    @ParentCommand
    TrailKeeperCommand root;
}
