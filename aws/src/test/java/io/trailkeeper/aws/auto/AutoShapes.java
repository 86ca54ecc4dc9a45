package io.trailkeeper.aws.auto;

import static io.trailkeeper.aws.auto.IncidentRecords.ATTACKER_IP;
import static io.trailkeeper.aws.auto.IncidentRecords.call;

import io.trailkeeper.aws.AutoCollector;
import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.aws.AwsOptions;
import io.trailkeeper.aws.LookupCollector;
import io.trailkeeper.aws.s3.S3MockServer;
import io.trailkeeper.emulator.Emulator;
import io.trailkeeper.emulator.EmulatorConfig;
import io.trailkeeper.emulator.Scenario;
import io.trailkeeper.emulator.ScenarioBuilder;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;

/**
 * The set-up of the collect auto shape tests: an account with the incident's two calls in its event history
 * (one in Ireland, one in Virginia), buckets filled in the shared S3Mock, and a run of collect auto against
 * the emulator with S3 at a given endpoint (S3Mock itself, or a {@link DenyingS3Proxy} in front of it).
 */
abstract class AutoShapes {
    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final List<String> ENABLED = List.of("eu-west-1", "us-east-1");
    static final double RATE = 50;
    static final String KEY = "arn:aws:kms:us-east-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    static final Instant INCIDENT = NOW.minus(Duration.ofDays(3));
    static final String IN_IRELAND = call(INCIDENT, "eu-west-1", "ec2.amazonaws.com", "RunInstances",
            "{\"instanceType\":\"p4d.24xlarge\"}", ATTACKER_IP);
    static final String IN_VIRGINIA = call(INCIDENT.plusSeconds(60), "us-east-1", "iam.amazonaws.com",
            "CreateAccessKey", "{\"userName\":\"mallory\"}", ATTACKER_IP);

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;
    /** What the emulator served in the last {@link #collect} run (LookupEvents' events per region, requests). */
    io.trailkeeper.emulator.EmulatorCounters served;

    /** The account, its regions and the incident's two calls in its event history; no trail yet. */
    static ScenarioBuilder incident() {
        return Scenario.builder().account(IncidentRecords.ACCOUNT).now(NOW).enabledRegions(ENABLED)
                .record(IN_IRELAND).record(IN_VIRGINIA);
    }

    static ScenarioBuilder account(String bucket) {
        return incident()
                .trail("{\"Name\":\"everywhere\",\"HomeRegion\":\"us-east-1\",\"S3BucketName\":\"" + bucket
                        + "\",\"IsMultiRegionTrail\":true,\"KmsKeyId\":\"" + KEY + "\"}");
    }

    /** The multi-region trail "everywhere" of us-east-1, logging to {@code bucket}, with one more status member. */
    static String everywhere(String bucket, String statusMember, Instant at) {
        return "{\"Name\":\"everywhere\",\"HomeRegion\":\"us-east-1\",\"S3BucketName\":\"" + bucket
                + "\",\"IsMultiRegionTrail\":true,\"status\":{\"IsLogging\":true,\"" + statusMember + "\":\"" + at
                + "\"}}";
    }

    AutoRun.Result collect(Scenario scenario, URI s3) {
        return collect(scenario, s3, new AutoCollector.Options(RATE, null));
    }

    AutoRun.Result collect(Scenario scenario, URI s3, AutoCollector.Options options) {
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(scenario).lookupRatePerSecond(RATE).build());
             AwsClients clients = new AwsClients(AwsOptions.defaults().withRegion("us-east-1")
                     .withEndpoint(emulator.endpoint()).withServiceEndpoint("s3", s3))) {
            served = emulator.counters();
            return AutoRun.run(clients, dir.resolve("store.duckdb"), CLOCK, options);
        }
    }

    static void bucket(String name, String account, Consumer<TrailBucket> fill) {
        try (AwsClients s3 = new AwsClients(AwsOptions.defaults().withRegion("us-east-1")
                .withServiceEndpoint("s3", S3MockServer.get().endpoint()))) {
            fill.accept(new TrailBucket(s3.s3("us-east-1"), name, account));
        }
    }

    /** A bucket holding the account's files of the incident, one in each region. */
    static void incidentFiles(String name) {
        bucket(name, IncidentRecords.ACCOUNT, AutoShapes::incidentFiles);
    }

    static void incidentFiles(TrailBucket b) {
        b.deliver("us-east-1", INCIDENT.plusSeconds(400), List.of(IN_VIRGINIA));
        b.deliver("eu-west-1", INCIDENT.plusSeconds(400), List.of(IN_IRELAND));
    }

    static List<String> lookupRegions(AutoRun.Result r) {
        return r.lookup() == null ? List.of()
                : r.lookup().regions().stream().map(LookupCollector.RegionResult::region).sorted().toList();
    }
}

