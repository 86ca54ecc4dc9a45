package io.trailkeeper.aws.inventory;

import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.aws.AwsOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.endpoints.EndpointUrl;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.s3control.endpoints.S3ControlEndpointParams;
import software.amazon.awssdk.services.s3control.endpoints.S3ControlEndpointProvider;

/**
 * The SDK clients the inventory needs beyond {@link AwsClients}' (CloudTrail, S3, EC2, STS): IAM, KMS,
 * CloudWatch Logs, CloudWatch, EventBridge and S3 Control, built the way AwsClients builds its own: the same
 * credentials (those of its STS client, so an assumed role is assumed once), region, profile and endpoints,
 * the URL-connection HTTP client, and the SDK's standard retries.
 *
 * <p>Per-service endpoints are looked up in {@link AwsOptions#endpointFor} under {@code iam}, {@code kms},
 * {@code cloudwatch_logs}, {@code cloudwatch}, {@code eventbridge} and {@code s3_control} (the names of the
 * {@code AWS_ENDPOINT_URL_<SERVICE>} variables, in lower case).
 */
final class InventoryClients implements AutoCloseable {
    private final AwsClients aws;
    private final AwsOptions options;
    private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
    private final SdkHttpClient http;
    private final Map<String, KmsClient> kms = new ConcurrentHashMap<>();
    private final Map<String, CloudWatchLogsClient> logs = new ConcurrentHashMap<>();
    private final Map<String, CloudWatchClient> cloudWatch = new ConcurrentHashMap<>();
    private final Map<String, EventBridgeClient> events = new ConcurrentHashMap<>();
    private IamClient iam;
    private S3ControlClient s3Control;

    InventoryClients(AwsClients aws) {
        this.aws = aws;
        this.options = aws.options();
        this.credentials = aws.sts().serviceClientConfiguration().credentialsProvider();
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(Duration.ofSeconds(60))
                .build();
    }

    AwsClients aws() {
        return aws;
    }

    /** The organization's id through DescribeOrganization, with the clients' credentials and HTTP client. */
    OrganizationReader.Result organization() {
        return OrganizationReader.read(credentials, http, options, aws.homeRegion());
    }

    /** IAM is global: its calls go to the home region's partition endpoint. */
    synchronized IamClient iam() {
        if (iam == null) {
            iam = configure(IamClient.builder(), "iam", aws.homeRegion()).build();
        }
        return iam;
    }

    synchronized S3ControlClient s3Control() {
        if (s3Control == null) {
            var builder = configure(S3ControlClient.builder(), "s3_control", aws.homeRegion());
            URI endpoint = options.endpointFor("s3_control");
            if (endpoint != null && isAddress(endpoint.getHost())) {
                builder.endpointProvider(params -> withoutAccountHost(params, endpoint.getHost()));
            }
            s3Control = builder.build();
        }
        return s3Control;
    }

    KmsClient kms(String region) {
        return kms.computeIfAbsent(region, r -> configure(KmsClient.builder(), "kms", r).build());
    }

    CloudWatchLogsClient logs(String region) {
        return logs.computeIfAbsent(region, r -> configure(CloudWatchLogsClient.builder(), "cloudwatch_logs", r).build());
    }

    CloudWatchClient cloudWatch(String region) {
        return cloudWatch.computeIfAbsent(region, r -> configure(CloudWatchClient.builder(), "cloudwatch", r).build());
    }

    EventBridgeClient events(String region) {
        return events.computeIfAbsent(region, r -> configure(EventBridgeClient.builder(), "eventbridge", r).build());
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder, String service,
                                                                                           String region) {
        builder.region(Region.of(region)).credentialsProvider(credentials).httpClient(http);
        URI endpoint = options.endpointFor(service);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                .retryStrategy(RetryMode.STANDARD);
        if (options.profile() != null) {
            override.defaultProfileName(options.profile());
        }
        return builder.overrideConfiguration(override.build());
    }

    /**
     * S3 Control names the account in the host ({@code ACCOUNT.s3-control...}); under an endpoint given as an
     * IP address (a local emulator) that host cannot resolve, so the request goes to the address itself. The
     * account still travels in the {@code x-amz-account-id} header.
     */
    private static CompletableFuture<Endpoint> withoutAccountHost(S3ControlEndpointParams params, String host) {
        Function<Endpoint, Endpoint> strip = e -> {
            EndpointUrl url = e.endpointUrl();
            if (!url.host().endsWith("." + host)) {
                return e;
            }
            return e.toBuilder().endpointUrl(EndpointUrl.fromComponents(url.scheme(), host, url.port(),
                    url.encodedPath())).build();
        };
        return S3ControlEndpointProvider.defaultProvider().resolveEndpoint(params).thenApply(strip);
    }

    private static boolean isAddress(String host) {
        if (host == null) {
            return false;
        }
        if ("localhost".equals(host) || host.startsWith("[")) {
            return true;
        }
        return host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    @Override
    public void close() {
        kms.values().forEach(KmsClient::close);
        logs.values().forEach(CloudWatchLogsClient::close);
        cloudWatch.values().forEach(CloudWatchClient::close);
        events.values().forEach(EventBridgeClient::close);
        synchronized (this) {
            if (iam != null) {
                iam.close();
            }
            if (s3Control != null) {
                s3Control.close();
            }
        }
        http.close();
    }
}
