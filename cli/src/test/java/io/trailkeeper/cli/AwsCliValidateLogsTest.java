package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trailkeeper.testkit.SignedTrail;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cross-check with an implementation nobody here wrote: the AWS CLI's {@code aws cloudtrail validate-logs} and
 * {@code trailkeeper verify} over the same signed chain, served by S3Mock (digests and logs with their metadata,
 * through {@code AWS_ENDPOINT_URL_S3}) and the emulator (DescribeTrails for the trail's bucket, ListPublicKeys, with
 * {@code --endpoint-url}). The AWS CLI validates one region per run (the one it is given), so it runs once per
 * region of the chain. For every file the AWS CLI names, our verdict must say the same thing; the files only we
 * flag are asserted one by one, each with the reason the AWS CLI cannot see it:
 * <ul>
 *   <li>an inserted log file: the AWS CLI downloads only the logs digests list, so a file no digest names is
 *       never looked at (we list the days and find it: log file listed in no digest);</li>
 *   <li>the logs of a digest whose signature fails: the AWS CLI stops trusting that digest and does not read the
 *       logs it lists; we call them not verified (the reason says whether their hashes match its list).</li>
 * </ul>
 * The AWS CLI must be installed (Debian's awscli, or pip's; .ci/run installs it): without it this test fails and
 * says how to get it. {@code TRAILKEEPER_AWS_CLI} may name the executable.
 */
class AwsCliValidateLogsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LINE = Pattern.compile(
            "^(?:\\(backfill\\) )?(Digest|Log) file\\ts3://([^/]+)/(\\S+)\\t(valid|INVALID: .*)$");

    /** What the AWS CLI says of a file, in its words, for each of our verdicts. */
    private static final Map<String, String> AWS_WORDS = Map.of(
            "valid", "valid",
            "chain_restarted", "valid",
            "log_modified", "INVALID: hash value doesn't match",
            "log_missing", "INVALID: not found",
            "digest_missing", "INVALID: not found",
            "digest_signature_invalid", "INVALID: signature verification failed",
            "digest_invalid", "INVALID: invalid format");

    /** A way to tamper with the bucket; it returns the files only verify flags, with their verdicts. */
    record Case(String name, Function<SignedBucket, Map<String, String>> tamper) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                new Case("valid chain", b -> Map.of()),
                new Case("log byte flipped", b -> {
                    SignedTrail.Obj log = b.trail.logs().get(1);
                    byte[] content = SignedTrail.gunzip(log.bytes());
                    content[content.length / 2] ^= 1;
                    b.put(new SignedTrail.Obj(log.bucket(), log.key(), SignedTrail.gzip(content), log.metadata()));
                    return Map.of();
                }),
                new Case("log deleted", b -> {
                    b.delete(b.trail.logs().get(2).key());
                    return Map.of();
                }),
                new Case("digest deleted", b -> {
                    // its logs are listed by no digest left: we flag them not verified (nothing proves them, nothing
                    // shows them inserted), the AWS CLI reads only logs that a digest it validated lists, so it never
                    // sees them
                    SignedTrail.Obj digest = b.trail.digests().stream().filter(x -> !x.key().contains("_backfill"))
                            .toList().get(2);
                    b.delete(digest.key());
                    Map<String, String> unlisted = new TreeMap<>();
                    SignedTrail.parse(digest.content()).get("logFiles")
                            .forEach(l -> unlisted.put(l.get("s3Object").asText(), "not_verified"));
                    assertTrue(unlisted.size() > 0, "the deleted digest lists logs");
                    return unlisted;
                }),
                new Case("signature altered", b -> {
                    // the AWS CLI stops at the digest and does not read its logs; we call them not verified
                    SignedTrail.Obj d = b.trail.digests().stream().filter(x -> !x.key().contains("_backfill")).toList()
                            .get(3);
                    Map<String, String> metadata = new LinkedHashMap<>(d.metadata());
                    String sig = metadata.get("signature");
                    metadata.put("signature", (sig.charAt(0) == '0' ? "1" : "0") + sig.substring(1));
                    b.put(new SignedTrail.Obj(d.bucket(), d.key(), d.bytes(), metadata));
                    return logsOf(d, "not_verified");
                }),
                new Case("backfill signature altered", b -> {
                    // AWS CLIs that validate backfill digests agree with us; older ones (Debian 12's 2.9) never read
                    // a _backfill digest, so then only we flag it (see the test body)
                    SignedTrail.Obj d = b.trail.digests().stream().filter(x -> x.key().contains("_backfill"))
                            .findFirst().orElseThrow();
                    b.tamperedBackfill = d.key();
                    Map<String, String> metadata = new LinkedHashMap<>(d.metadata());
                    String sig = metadata.get("signature");
                    metadata.put("signature", (sig.charAt(0) == '0' ? "1" : "0") + sig.substring(1));
                    b.put(new SignedTrail.Obj(d.bucket(), d.key(), d.bytes(), metadata));
                    return logsOf(d, "not_verified");
                }),
                new Case("log inserted", b -> {
                    // the AWS CLI never lists log folders: a log file no digest names is invisible to it
                    SignedTrail.Obj log = b.trail.logs().get(0);
                    String key = log.key().replaceAll("_[A-Za-z0-9]{16}\\.json\\.gz$", "_AAAAAAAAAAAAAAAA.json.gz");
                    b.put(new SignedTrail.Obj(log.bucket(), key, log.bytes(), Map.of()));
                    return Map.of(key, "log_not_in_digest");
                })).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void awsCliAndVerifyAgreeOnEveryFileItNames(Case c, @TempDir Path dir) throws Exception {
        String aws = awsCli();
        try (SignedBucket b = new SignedBucket(c.name().hashCode(), c.name().replaceAll("[^a-z]", "")
                .substring(0, 6))) {
            Map<String, String> expectedOnlyOurs = c.tamper().apply(b);
            String start = b.trail.start().toString();
            String end = b.trail.end().toString();
            Cli.Result ours = Cli.run(null, "verify", "--bucket", b.bucket, "--region", "us-east-1",
                    "--endpoint-url", b.emulator.endpoint().toString(), "--s3-endpoint-url", b.s3Endpoint().toString(),
                    "--since", start, "--until", end, "--format", "json");
            Map<String, String> our = ourVerdicts(ours);
            Map<String, String> theirs = new TreeMap<>();
            StringBuilder transcript = new StringBuilder();
            for (String region : List.of("us-east-1", "eu-west-1")) {
                String output = run(aws, b, region, start, end, dir);
                transcript.append(output);
                for (String line : output.split("\n")) {
                    Matcher m = LINE.matcher(line.strip());
                    if (m.matches()) {
                        theirs.put(m.group(3), m.group(4));
                    }
                }
            }
            String context = c + "\n--- aws\n" + transcript + "\n--- ours\n" + ours;
            if (b.tamperedBackfill != null && theirs.keySet().stream().noneMatch(k -> k.contains("_backfill"))) {
                System.out.println("[awscli agreement] this AWS CLI does not read backfill digests");
                expectedOnlyOurs = new TreeMap<>(expectedOnlyOurs);
                expectedOnlyOurs.put(b.tamperedBackfill, "digest_signature_invalid");
            }
            assertTrue(theirs.size() > 0, "the AWS CLI validated nothing: " + context);
            List<String> rows = new ArrayList<>();
            for (Map.Entry<String, String> e : theirs.entrySet()) {
                String verdict = our.get(e.getKey());
                String said = verdict == null ? "(not checked)" : AWS_WORDS.getOrDefault(verdict, verdict);
                if (!e.getValue().equals("valid")) {
                    rows.add(e.getKey().substring(e.getKey().lastIndexOf('/') + 1) + ": aws '" + e.getValue()
                            + "', verify " + verdict);
                }
                assertEquals(e.getValue(), said, e.getKey() + "\n" + context);
            }
            Map<String, String> onlyOurs = new TreeMap<>();
            our.forEach((key, verdict) -> {
                if (!theirs.containsKey(key) && !AWS_WORDS.get("valid").equals(AWS_WORDS.get(verdict))) {
                    onlyOurs.put(key, verdict);
                }
            });
            System.out.println("[awscli agreement] " + c + ": " + theirs.size() + " files named by aws, all agree;"
                    + " aws invalid: " + rows + "; flagged only by verify: " + onlyOurs.size() + " " + onlyOurs.values());
            assertEquals(expectedOnlyOurs, onlyOurs, "flagged only by verify\n" + context);
            boolean awsInvalid = theirs.values().stream().anyMatch(v -> v.startsWith("INVALID"));
            assertEquals(awsInvalid || !onlyOurs.isEmpty(), ours.code() == 3, context);
        }
    }

    /** The log files a digest lists, each with {@code verdict}. */
    private static Map<String, String> logsOf(SignedTrail.Obj digest, String verdict) {
        Map<String, String> logs = new TreeMap<>();
        SignedTrail.parse(digest.content()).get("logFiles").forEach(l -> logs.put(l.get("s3Object").asText(), verdict));
        return logs;
    }

    private static Map<String, String> ourVerdicts(Cli.Result r) throws IOException {
        Map<String, String> m = new TreeMap<>();
        JsonNode root = JSON.readTree(r.out());
        for (JsonNode report : root.get("reports")) {
            for (String kind : List.of("digests", "logs")) {
                for (JsonNode f : report.get(kind)) {
                    m.put(f.get("key").asText(), f.get("verdict").asText());
                }
            }
        }
        return m;
    }

    /** {@code aws cloudtrail validate-logs} for one region, at the emulator and S3Mock, with test credentials only. */
    private static String run(String aws, SignedBucket b, String region, String start, String end, Path dir)
            throws IOException, InterruptedException {
        Path config = dir.resolve("aws-config");
        Files.writeString(config, "[default]\nregion = " + region + "\ns3 =\n  addressing_style = path\n");
        ProcessBuilder pb = new ProcessBuilder(aws, "cloudtrail", "validate-logs", "--trail-arn", b.trailArn(),
                "--start-time", start, "--end-time", end, "--verbose", "--region", region,
                "--endpoint-url", b.emulator.endpoint().toString());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_CONFIG_FILE", config.toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
        env.put("AWS_ENDPOINT_URL_S3", b.s3Endpoint().toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        // AWS CLIs older than service-specific endpoints (Debian 12's 2.9) learn AWS_ENDPOINT_URL_S3 from this
        env.put("PYTHONPATH", shim(dir).toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("aws cloudtrail validate-logs did not finish in 120 s");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        assertTrue(text.contains("Results requested for"), "aws validate-logs failed (exit " + p.exitValue() + "):\n"
                + text);
        return text;
    }

    /** The folder holding awscli-shim/sitecustomize.py (see that file), copied out of the test resources. */
    private static Path shim(Path dir) throws IOException {
        Path folder = dir.resolve("awscli-shim");
        Files.createDirectories(folder);
        try (var in = AwsCliValidateLogsTest.class.getResourceAsStream("/awscli-shim/sitecustomize.py")) {
            Files.copy(java.util.Objects.requireNonNull(in, "awscli-shim/sitecustomize.py"),
                    folder.resolve("sitecustomize.py"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return folder;
    }

    /** The AWS CLI: $TRAILKEEPER_AWS_CLI, else {@code aws} on the PATH; the test fails, saying so, without it. */
    static String awsCli() {
        String named = System.getenv("TRAILKEEPER_AWS_CLI");
        if (named != null && !named.isBlank()) {
            if (!Files.isExecutable(Path.of(named))) {
                fail("TRAILKEEPER_AWS_CLI=" + named + " is not an executable file");
            }
            return named;
        }
        for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, "aws"))) {
                return Path.of(folder, "aws").toString();
            }
        }
        return fail("the AWS CLI (aws) is not on the PATH: this test cross-checks verify against `aws cloudtrail"
                + " validate-logs`. Install it (apt-get install awscli, or pip install awscli; .ci/run does) or set"
                + " TRAILKEEPER_AWS_CLI to its path");
    }
}
