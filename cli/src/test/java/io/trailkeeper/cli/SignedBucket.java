package io.trailkeeper.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.aws.s3.S3MockServer;
import io.trailkeeper.emulator.Emulator;
import io.trailkeeper.emulator.EmulatorConfig;
import io.trailkeeper.emulator.Scenario;
import io.trailkeeper.emulator.ScenarioBuilder;
import io.trailkeeper.testkit.SignedTrail;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A {@link SignedTrail} served as AWS would serve it: its objects (bytes and user metadata) in a bucket of the
 * shared S3Mock, and an emulator whose ListPublicKeys returns the chain's keys and whose DescribeTrails shows the
 * trail (multi-region, home us-east-1, log file validation on). Each instance has a bucket of its own; objects can
 * be replaced or deleted to tamper with the evidence.
 */
final class SignedBucket implements AutoCloseable {
    static final String ACCOUNT = "123456789012";
    static final String TRAIL = "management-events";
    static final String HOME = "us-east-1";
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    final SignedTrail trail;
    final String bucket;
    final Emulator emulator;
    private final AwsClients clients;
    final S3Client s3;
    /** The backfill digest a test case tampered with, if any. */
    String tamperedBackfill;

    SignedBucket(long seed, String name) {
        this(seed, name, new String[0]);
    }

    /** As {@link #SignedBucket(long, String)}, with CloudTrail calls (ListPublicKeys) denied in these regions. */
    SignedBucket(long seed, String name, String... deniedRegions) {
        this.bucket = "verify-" + name + "-" + BUCKETS.incrementAndGet();
        this.trail = SignedTrail.builder(seed).bucket(bucket).accounts(ACCOUNT).trail(TRAIL, HOME)
                .regions(HOME, "eu-west-1").hours(6).rotateKeyAtHour(3).backfillHour(2).build();
        this.clients = S3MockServer.get().clients();
        this.s3 = clients.s3(HOME);
        s3.createBucket(b -> b.bucket(bucket));
        for (SignedTrail.Obj o : trail.objects()) {
            put(o);
        }
        ScenarioBuilder scenario = Scenario.builder().account(ACCOUNT).now(trail.end().plus(Duration.ofDays(2)))
                .trail("{\"Name\":\"" + TRAIL + "\",\"HomeRegion\":\"" + HOME + "\",\"S3BucketName\":\"" + bucket
                        + "\",\"IsMultiRegionTrail\":true,\"LogFileValidationEnabled\":true}")
                .deniedRegions(deniedRegions);
        for (JsonNode key : SignedTrail.parse(trail.publicKeysJson()).get("PublicKeyList")) {
            scenario.publicKey(key.toString());
        }
        this.emulator = Emulator.start(EmulatorConfig.builder(scenario.build()).build());
    }

    URI s3Endpoint() {
        return S3MockServer.get().endpoint();
    }

    /**
     * {@code verify --bucket} of this bucket over the trail's range (to an hour after its end), its objects read from
     * {@code s3} (S3Mock, or a proxy in front of it).
     */
    Cli.Result verify(Path dir, URI s3, String... more) {
        List<String> a = new ArrayList<>(List.of("verify", "--bucket", bucket, "--region", HOME, "--endpoint-url",
                emulator.endpoint().toString(), "--s3-endpoint-url", s3.toString(), "--since", trail.start().toString(),
                "--until", trail.end().plus(Duration.ofHours(1)).toString()));
        a.addAll(List.of(more));
        return Cli.run(dir.resolve("unused.duckdb"), a.toArray(String[]::new));
    }

    String trailArn() {
        return "arn:aws:cloudtrail:" + HOME + ":" + ACCOUNT + ":trail/" + TRAIL;
    }

    void put(SignedTrail.Obj o) {
        s3.putObject(b -> b.bucket(o.bucket()).key(o.key()).metadata(o.metadata()), RequestBody.fromBytes(o.bytes()));
    }

    void delete(String key) {
        s3.deleteObject(b -> b.bucket(bucket).key(key));
    }

    /** The keys now in the bucket (after tampering). */
    List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
            keys.add(o.key());
        }
        return keys;
    }

    @Override
    public void close() {
        emulator.close();
        clients.close();
    }
}
