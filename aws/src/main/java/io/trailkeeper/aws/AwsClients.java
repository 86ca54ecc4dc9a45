package io.trailkeeper.aws;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Builds the SDK clients every collector uses, one per service and region, from {@link AwsOptions}: one HTTP
 * client (URL connection) shared by all, the credentials resolved once, and no SDK retries for CloudTrail,
 * whose pacing and retries are the collector's own (its 2 requests/second per region leave no room for
 * blind retries). Close it to release them all.
 */
public final class AwsClients implements AutoCloseable {
    /** Where requests go when nothing names a region: global services (IAM, STS) live in us-east-1. */
    public static final String DEFAULT_REGION = "us-east-1";

    private final AwsOptions options;
    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final String homeRegion;
    private final Map<String, CloudTrailClient> cloudTrail = new ConcurrentHashMap<>();
    private final Map<String, S3Client> s3 = new ConcurrentHashMap<>();
    private final Map<String, Ec2Client> ec2 = new ConcurrentHashMap<>();
    private StsClient sts;

    public AwsClients(AwsOptions options) {
        this.options = options;
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(Duration.ofSeconds(60))
                .build();
        this.homeRegion = resolveRegion(options);
        AwsCredentialsProvider base = options.profile() != null
                ? ProfileCredentialsProvider.builder().profileName(options.profile()).build()
                : DefaultCredentialsProvider.builder().build();
        if (options.roleArn() != null) {
            StsClient stsForRole = configure(StsClient.builder(), "sts", homeRegion, base, true).build();
            this.credentials = StsAssumeRoleCredentialsProvider.builder()
                    .stsClient(stsForRole)
                    .refreshRequest(r -> {
                        r.roleArn(options.roleArn()).roleSessionName("trailkeeper");
                        if (options.externalId() != null) {
                            r.externalId(options.externalId());
                        }
                    })
                    .build();
        } else {
            this.credentials = base;
        }
    }

    public AwsOptions options() {
        return options;
    }

    /** The region requests go to when no region is named: --region, else the profile's or environment's. */
    public String homeRegion() {
        return homeRegion;
    }

    public CloudTrailClient cloudTrail(String region) {
        return cloudTrail.computeIfAbsent(region, r -> configure(CloudTrailClient.builder(), "cloudtrail", r,
                credentials, false).build());
    }

    /**
     * The S3 client for a region. Where the SDK sends S3 to an endpoint of the user's ({@code --endpoint-url},
     * {@code AWS_ENDPOINT_URL_S3} or {@code AWS_ENDPOINT_URL}, a profile's {@code endpoint_url} or its {@code services}
     * section) that is not AWS's own ({@link #onAws}), the server is taken for an S3-compatible one: buckets on the
     * path, and checksums only where the operation requires them, as before SDK 2.30. Many such servers (Ceph RGW, S3Proxy among them) refuse the
     * SDK's defaults: the aws-chunked CRC trailer of uploads, and {@code x-amz-checksum-mode} on GetObject (S3Proxy
     * answers it 501 NotImplemented). On AWS the defaults stay: GetObject's answer is checked against the CRC S3
     * keeps, beside the length the fetcher checks.
     */
    public S3Client s3(String region) {
        return s3.computeIfAbsent(region, r -> {
            S3Client client = s3Builder(r).build();
            if (client.serviceClientConfiguration().endpointOverride().filter(e -> !onAws(e)).isEmpty()) {
                return client;
            }
            client.close(); // the shared HTTP client is ours, and stays open
            return s3Builder(r).forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .build();
        });
    }

    /**
     * An endpoint of AWS itself (a regional, FIPS or dual-stack S3 endpoint, an interface VPC endpoint), which
     * keeps the SDK's defaults: a user's endpoint there is no S3-compatible server, and its downloads stay checked.
     */
    static boolean onAws(URI endpoint) {
        String host = endpoint.getHost() == null ? "" : endpoint.getHost().toLowerCase(Locale.ROOT);
        return host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn") || host.endsWith(".api.aws");
    }

    private S3ClientBuilder s3Builder(String region) {
        return configure(S3Client.builder(), "s3", region, credentials, true).crossRegionAccessEnabled(true);
    }

    public Ec2Client ec2(String region) {
        return ec2.computeIfAbsent(region, r -> configure(Ec2Client.builder(), "ec2", r, credentials, true).build());
    }

    public synchronized StsClient sts() {
        if (sts == null) {
            sts = configure(StsClient.builder(), "sts", homeRegion, credentials, true).build();
        }
        return sts;
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String service, String region,
                                                            AwsCredentialsProvider creds, boolean sdkRetries) {
        builder.region(Region.of(region)).credentialsProvider(creds);
        if (builder instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClient(http);
        }
        URI endpoint = options.endpointFor(service);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder();
        if (sdkRetries) {
            override.retryStrategy(RetryMode.STANDARD);
        } else {
            override.retryStrategy(s -> s.maxAttempts(1));
        }
        builder.overrideConfiguration(override.build());
        if (options.profile() != null) {
            builder.overrideConfiguration(override.defaultProfileName(options.profile()).build());
        }
        return builder;
    }

    private static String resolveRegion(AwsOptions options) {
        if (options.region() != null) {
            return options.region();
        }
        try {
            var chain = options.profile() != null
                    ? DefaultAwsRegionProviderChain.builder().profileName(options.profile()).build()
                    : new DefaultAwsRegionProviderChain();
            return chain.getRegion().id();
        } catch (RuntimeException e) {
            return DEFAULT_REGION;
        }
    }

    /** Fails clearly when the named profile does not exist, before any request is made. */
    public static void checkProfile(String profile) {
        if (profile == null) {
            return;
        }
        ProfileFile file = ProfileFile.defaultProfileFile();
        if (file.profile(profile).isEmpty()) {
            throw new TrailKeeperException(ErrorCode.USAGE, "the profile '" + profile
                    + "' is not in the AWS config or credentials files",
                    "list profiles with `aws configure list-profiles`, or leave out --profile");
        }
    }

    @Override
    public void close() {
        cloudTrail.values().forEach(CloudTrailClient::close);
        s3.values().forEach(S3Client::close);
        ec2.values().forEach(Ec2Client::close);
        if (sts != null) {
            sts.close();
        }
        http.close();
    }
}
