package io.trailkeeper.emulator;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Real SDK v2 clients pointed at an emulator: URL-connection HTTP client, made-up static credentials, and no
 * SDK retries, so that every throttle, 5xx and reset the emulator produces reaches the test as it is.
 */
final class SdkClients {
    static final AwsCredentialsProvider TEST_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    /** One HTTP client for all tests: clients given an HTTP client do not close it. */
    static final SdkHttpClient HTTP = UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(Duration.ofSeconds(10))
            .build();

    private SdkClients() {
    }

    static CloudTrailClient cloudTrail(Emulator emulator, String region) {
        return cloudTrail(emulator, region, TEST_CREDENTIALS);
    }

    static CloudTrailClient cloudTrail(Emulator emulator, String region, AwsCredentialsProvider credentials) {
        return CloudTrailClient.builder().region(Region.of(region)).credentialsProvider(credentials)
                .endpointOverride(emulator.endpoint()).httpClient(HTTP)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    static Ec2Client ec2(Emulator emulator, String region) {
        return Ec2Client.builder().region(Region.of(region)).credentialsProvider(TEST_CREDENTIALS)
                .endpointOverride(emulator.endpoint()).httpClient(HTTP)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** Any service's client, built from its builder as the others here are. */
    static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, Emulator emulator,
                                                                                       String region) {
        return builder.region(Region.of(region)).credentialsProvider(TEST_CREDENTIALS)
                .endpointOverride(emulator.endpoint()).httpClient(HTTP)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    static StsClient sts(Emulator emulator, String region) {
        return sts(emulator, region, TEST_CREDENTIALS);
    }

    static StsClient sts(Emulator emulator, String region, AwsCredentialsProvider credentials) {
        return StsClient.builder().region(Region.of(region)).credentialsProvider(credentials)
                .endpointOverride(emulator.endpoint()).httpClient(HTTP)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
