package io.trailkeeper.cli;

import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.aws.AwsErrors;
import io.trailkeeper.aws.AwsOptions;
import io.trailkeeper.aws.integrity.DigestRegions;
import io.trailkeeper.aws.integrity.PublicKeysFetcher;
import io.trailkeeper.aws.integrity.S3Evidence;
import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import io.trailkeeper.integrity.DigestVerifier;
import io.trailkeeper.integrity.EvidenceFolder;
import io.trailkeeper.integrity.EvidenceSource;
import io.trailkeeper.integrity.PublicKeys;
import io.trailkeeper.integrity.VerifyReport;
import io.trailkeeper.integrity.VerifyScope;
import io.trailkeeper.store.EventStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;

/** {@code trailkeeper verify}: proves (or disproves) that a trail's log files are as CloudTrail delivered them. */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Verify that a trail's log files were not altered, deleted or inserted, from its signed digests.",
        description = {"",
            "With log file validation on, CloudTrail delivers every hour, per account and region, a digest file",
            "listing the hour's log files with the SHA-256 of their content, signed (SHA256withRSA) with a key",
            "published by ListPublicKeys, each digest naming the one before it. verify checks, for the digests",
            "that end in --since..--until or in the hour after it (that digest lists the last hour's log",
            "files) and the log files of those days:",
            "  - each digest's signature (its S3 metadata) with the public key its fingerprint names;",
            "  - the chain: one digest an hour, each naming the previous one (a gap or a broken link is a",
            "    missing digest; a new chain after logging or validation was stopped is noted, not a failure;",
            "    no digest after a chain's last up to the period's end is the chain's end, a warning: logging",
            "    stopped, the trail deleted, or later digests deleted; log files after it are not verified; a",
            "    previous digest in another bucket, the trail moved, is followed when that bucket can be read,",
            "    else it is not verified: collect that bucket too);",
            "  - each log file a digest lists: present, and its content's SHA-256 as listed;",
            "  - each log file present in those days: listed by some digest whose signature verified (else it",
            "    was inserted; where no verified digest covers its time, it is not verified).",
            "Backfill digests (_backfill) and organization trails (AWSLogs/o-ID/ACCOUNT/) are checked too.", "",
            "Online, digests and logs are read from the bucket where CloudTrail delivered them, and the keys",
            "from ListPublicKeys in each region that has digests. Offline (--evidence), an evidence folder",
            "written by `collect s3 --keep-raw DIR` (objects and their .s3meta.json metadata) is checked with",
            "no AWS access at all; the keys then come from a file (--public-keys) saved with `verify keys`.", "",
            "Output: the failing files with their verdict and reason, counts per verdict, notes and a verdict",
            "line. --format json writes the whole report: every file checked with the SHA-256 of its stored",
            "bytes and of its content (a chain-of-custody manifest); csv and jsonl one row per file.", "",
            "--keep puts the log files found deleted, altered or inserted in the store, where `coverage`,",
            "`investigate` and `report` name them: the records a deleted file held are in no answer (unless the",
            "store read it before), and those read from an altered one may be forged.", ""},
        footer = {"", "Examples:",
            "  trailkeeper verify --bucket my-trail-bucket --since 2024-03-01 --until 2024-03-08",
            "  trailkeeper verify --bucket org-trail --prefix security --accounts 111111111111 --since 7d",
            "  trailkeeper verify keys --since 2024-03-01 --out keys.json          (where AWS can be reached)",
            "  trailkeeper verify --evidence ./evidence --public-keys keys.json    (anywhere, offline)",
            "  trailkeeper verify --evidence ./evidence --public-keys keys.json --format json > manifest.json",
            "  trailkeeper verify --evidence ./evidence --public-keys keys.json --keep", "",
            "Keys: `trailkeeper verify keys --out FILE` or `aws cloudtrail list-public-keys --start-time T >",
            "FILE`, run in each region whose digests are verified (--regions) and covering the range.",
            "Permissions online: s3:ListBucket and s3:GetObject on the bucket, cloudtrail:ListPublicKeys.", "",
            "Exit codes: 0 every digest and log file valid; 3 anything invalid, or no digest found at all;",
            "2 usage error; 1 AWS or other failure."},
        subcommands = {VerifyKeysCommand.class})
final class VerifyCommand implements Callable<Integer> {
    /** Exit code when anything is invalid, as for findings. */
    static final int INVALID = 3;

    @ParentCommand
    TrailKeeperCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    AwsOptionsMixin aws;

    @Option(names = "--bucket", paramLabel = "BUCKET",
            description = "The trail's bucket: verify online (with --evidence: only this bucket of the folder).")
    String bucket;

    @Option(names = "--prefix", paramLabel = "PREFIX", description = "The trail's S3 key prefix, if it has one.")
    String prefix;

    @Option(names = "--s3-endpoint-url", paramLabel = "URL",
            description = "Read the bucket from this S3-compatible endpoint (a copy in MinIO, an emulator); the keys"
                    + " still come from --endpoint-url or AWS.")
    URI s3EndpointUrl;

    @Option(names = "--evidence", paramLabel = "DIR",
            description = "Verify offline: a folder written by `collect s3 --keep-raw DIR` (every bucket in it).")
    Path evidence;

    @Option(names = "--public-keys", paramLabel = "FILE",
            description = "The public keys as ListPublicKeys returns them (`verify keys --out FILE`); needed offline.")
    Path publicKeys;

    @Option(names = {"--accounts", "--account"}, paramLabel = "LIST", split = ",", description = "Only these accounts (default: all found).")
    List<String> accounts = new ArrayList<>();

    @Option(names = "--regions", paramLabel = "LIST", split = ",",
            description = "Only these regions' digests and logs (default: all found; --region is where AWS requests go).")
    List<String> regions = new ArrayList<>();

    @Option(names = "--since", paramLabel = "TIME",
            description = "Digests ending from this time (2024-03-01, 2024-03-01T10:00:00Z, or an age: 7d). Required online.")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "The period's end (a date means to its end)."
            + " Default: now; with --evidence, when the evidence was collected.")
    String until;

    @Option(names = "--keep", description = "Keep the log files found deleted, altered or inserted in the store"
            + " (--store), so that coverage, investigations and report say which records are lost or untrustworthy;"
            + " a file found valid clears what an earlier --keep kept of it.")
    boolean keep;

    @Override
    public Integer call() {
        Output.requireTabular(root.format);
        if (bucket == null && evidence == null) {
            throw new IllegalArgumentException("verify needs --bucket BUCKET (online) or --evidence DIR (offline)");
        }
        Instant from = since == null ? null : TimeArguments.parse(since, root.clock, "--since");
        Instant to = until == null ? null : TimeArguments.parseUntil(until, root.clock, "--until");
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("--since " + since + " is after --until " + until);
        }
        if (keep) {
            // before the verification, which can take long: --keep adds to a store, it never makes one
            EventStore.requireExisting(root.storePath());
        }
        List<VerifyReport> reports = evidence != null ? offline(from, to) : online(from, to);
        PrintWriter out = spec.commandLine().getOut();
        VerifyOutput.print(root.format, out, Terminal.width(), reports);
        if (keep) {
            VerifyKeep.keep(reports, root, spec.commandLine().getErr());
        }
        return reports.stream().allMatch(VerifyReport::valid) ? 0 : INVALID;
    }

    private List<VerifyReport> online(Instant from, Instant to) {
        if (from == null) {
            throw new IllegalArgumentException("verify --bucket needs --since: the digests of which time to verify"
                    + " (a bucket can hold years of them)");
        }
        String folder = folder(prefix);
        AwsOptions options = aws.toOptions();
        if (s3EndpointUrl != null) {
            if (s3EndpointUrl.getScheme() == null || s3EndpointUrl.getHost() == null) {
                throw new IllegalArgumentException("--s3-endpoint-url " + s3EndpointUrl
                        + " is not a URL like http://127.0.0.1:9090");
            }
            options = options.withServiceEndpoint("s3", s3EndpointUrl);
        }
        try (AwsClients clients = new AwsClients(options)) {
            EvidenceSource source = new S3Evidence(clients.s3(clients.homeRegion()), bucket, folder);
            // a bucket that cannot be listed ends the command here: "could not look" is not "no digest found"
            read(() -> source.folders(bucket, folder + "AWSLogs/"), source);
            PublicKeys keys;
            if (publicKeys != null) {
                keys = PublicKeys.read(publicKeys);
            } else {
                Set<String> keyRegions = new HashSet<>(regions);
                if (keyRegions.isEmpty()) {
                    keyRegions.addAll(read(() -> DigestRegions.find(source, bucket, folder, accounts), source));
                }
                if (keyRegions.isEmpty()) {
                    keyRegions.add(clients.homeRegion());
                }
                keys = fetchKeys(clients, keyRegions, from);
            }
            return List.of(verify(source, keys, bucket, folder, from, to));
        }
    }

    /**
     * The keys of each region from ListPublicKeys. A region whose call fails is named in the keys, so that its
     * digests are "key unavailable" while the others are verified; when every region fails, the first failure ends
     * the command (nothing could be verified).
     */
    private PublicKeys fetchKeys(AwsClients clients, Set<String> keyRegions, Instant from) {
        // a digest ends up to an hour after its logs and is signed with the key in use then; backfill digests are
        // signed later still: every key in use since the range began
        PublicKeysFetcher.Fetched fetched = new PublicKeysFetcher(clients).fetchEach(
                keyRegions.stream().sorted().toList(), from.minus(Duration.ofHours(1)), root.clock.instant());
        if (!fetched.failed().isEmpty() && fetched.failed().size() == keyRegions.size()) {
            throw noKeysAnywhere(fetched.failed());
        }
        Map<String, String> unavailable = new TreeMap<>();
        fetched.failed().forEach((region, e) -> unavailable.put(region, e.getMessage()));
        return new PublicKeys(fetched.keys(), unavailable);
    }

    private List<VerifyReport> offline(Instant from, Instant to) {
        if (aws.profile != null || aws.region != null || aws.roleArn != null || aws.externalId != null
                || aws.endpointUrl != null || s3EndpointUrl != null) {
            throw new IllegalArgumentException("verify --evidence works offline and takes no AWS options (--profile,"
                    + " --region, --role-arn, --external-id, --endpoint-url, --s3-endpoint-url); leave them out");
        }
        if (!Files.isDirectory(evidence)) {
            throw new TrailKeeperException(ErrorCode.INPUT_NOT_FOUND, "there is no evidence folder " + evidence,
                    "give the folder `collect s3 --keep-raw DIR` wrote (it holds one folder per bucket)");
        }
        if (publicKeys == null) {
            throw new TrailKeeperException(ErrorCode.USAGE, "verify --evidence needs the public keys CloudTrail"
                    + " signed the digests with: --public-keys FILE",
                    "save them where AWS can be reached: `trailkeeper verify keys --since DAY --out keys.json` (or"
                            + " `aws cloudtrail list-public-keys --start-time DAY > keys.json`) in each region"
                            + " verified, then add --public-keys keys.json");
        }
        PublicKeys keys = PublicKeys.read(publicKeys);
        EvidenceSource source = new EvidenceFolder(evidence);
        List<String> buckets = bucket != null ? List.of(bucket) : read(() -> EvidenceFolder.buckets(evidence), source);
        if (buckets.isEmpty()) {
            throw new TrailKeeperException(ErrorCode.INPUT_NOT_FOUND, "the evidence folder " + evidence
                    + " holds no bucket folder", "give the folder `collect s3 --keep-raw DIR` wrote");
        }
        if (bucket != null && !Files.isDirectory(evidence.resolve(bucket))) {
            throw new TrailKeeperException(ErrorCode.INPUT_NOT_FOUND, "the evidence folder " + evidence
                    + " holds no bucket " + bucket, "leave out --bucket to verify every bucket in it");
        }
        List<VerifyReport> reports = new ArrayList<>();
        for (String b : buckets) {
            reports.add(verify(source, keys, b, folder(prefix), from == null ? Instant.EPOCH : from, to));
        }
        return reports;
    }

    private VerifyReport verify(EvidenceSource source, PublicKeys keys, String b, String folder, Instant from,
                                Instant to) {
        VerifyScope scope = new VerifyScope(b, folder, new HashSet<>(accounts), new HashSet<>(regions), from, to);
        return read(() -> new DigestVerifier(source, keys, root.clock).verify(scope), source);
    }

    /** The prefix as a folder: empty, or ending with '/'. */
    static String folder(String prefix) {
        if (prefix == null || prefix.isEmpty() || prefix.equals("/")) {
            return "";
        }
        String p = prefix.startsWith("/") ? prefix.substring(1) : prefix;
        return p.endsWith("/") ? p : p + "/";
    }

    /**
     * ListPublicKeys failed in every region: nothing can be verified. Said with the regions asked, and the way round
     * it when the endpoint serves no CloudTrail (a bucket's copy in an S3-compatible server): a keys file.
     */
    private static TrailKeeperException noKeysAnywhere(Map<String, TrailKeeperException> failed) {
        TrailKeeperException first = failed.values().iterator().next();
        String hint = (first.hint() == null ? "" : first.hint() + "; or ") + "give the keys in a file, --public-keys"
                + " FILE, saved where CloudTrail answers with `trailkeeper verify keys --out FILE` (or `aws cloudtrail"
                + " list-public-keys`); a copy of the bucket in another S3 server is read with --s3-endpoint-url, the"
                + " keys still from --endpoint-url or AWS";
        return new TrailKeeperException(first.code(), "no public key could be fetched: ListPublicKeys failed in every"
                + " region with digests (" + String.join(", ", new java.util.TreeSet<>(failed.keySet())) + "); "
                + first.getMessage(), hint, first);
    }

    /**
     * S3 refusing or unreachable, told as every AWS failure is (error code and how to fix it: credentials to
     * configure, a permission to grant, the network to check), where it failed kept.
     */
    private static TrailKeeperException awsFailure(EvidenceSource source, IOException e, SdkException sdk) {
        String doing = "verifying " + source.describe();
        TrailKeeperException aws = AwsErrors.toException(doing, sdk);
        String message = AwsErrors.isCredentialsUnavailable(sdk) ? aws.getMessage() : doing + " failed: "
                + e.getMessage();
        String hint = aws.hint() == null ? "" : aws.hint() + "; ";
        return new TrailKeeperException(aws.code(), message, hint + "nothing was verified: run verify again then", e);
    }

    /** Something read from the source, whose failure ends the command naming the source. */
    interface Reading<T> {
        T get() throws IOException;
    }

    private static <T> T read(Reading<T> reading, EvidenceSource source) {
        try {
            return reading.get();
        } catch (IOException e) {
            if (e.getCause() instanceof SdkException sdk) {
                throw awsFailure(source, e, sdk);
            }
            ErrorCode code = source instanceof S3Evidence ? ErrorCode.AWS_ERROR : ErrorCode.INPUT_NOT_FOUND;
            throw new TrailKeeperException(code, "verifying " + source.describe() + " failed: " + e.getMessage(),
                    "nothing was verified; fix the cause named and run verify again", e);
        }
    }
}
