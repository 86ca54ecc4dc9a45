package io.trailkeeper.aws;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.SnsClientBuilder;
import software.amazon.awssdk.services.sns.model.PublishResponse;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Publishes messages (alerts, as JSON) to SNS topics, each through a client in the topic's own region (read
 * from its ARN). It is the transport of the {@code watch --alert sns:TOPIC_ARN} sink:
 * {@code new FunctionSink("sns:" + arn, json -> publisher.publish(arn, json))}.
 *
 * <p>{@link #publish} throws a {@link TrailKeeperException} naming the topic when SNS did not take the
 * message; whether it is worth retrying is {@link #isRetryable(TrailKeeperException)}. A FIFO topic (its name ends
 * in ".fifo") gets each message in one message group, with the message's SHA-256 as its deduplication id, so a
 * message sent again within SNS's five minutes (a retry after a lost answer) is delivered once.
 */
public final class SnsPublisher implements AutoCloseable {
    /** The message group of every alert sent to a FIFO topic: one group keeps them in the order raised. */
    static final String FIFO_GROUP = "trailkeeper-alerts";

    private final Function<String, SnsClient> clientForRegion;
    private final Map<String, SnsClient> clients = new ConcurrentHashMap<>();
    private final AutoCloseable resources;

    /** Publishes through the clients {@code clientForRegion} builds (one per region, built once). */
    public SnsPublisher(Function<String, SnsClient> clientForRegion) {
        this(clientForRegion, () -> { });
    }

    private SnsPublisher(Function<String, SnsClient> clientForRegion, AutoCloseable resources) {
        this.clientForRegion = Objects.requireNonNull(clientForRegion, "clientForRegion");
        this.resources = resources;
    }

    /**
     * A publisher reaching AWS as {@code options} say (profile, role, {@code --endpoint-url} or an
     * {@code sns} endpoint), with the SDK's standard retries.
     */
    public static SnsPublisher create(AwsOptions options) {
        SdkHttpClient http = UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(Duration.ofSeconds(30)).build();
        AwsCredentialsProvider base = options.profile() != null
                ? ProfileCredentialsProvider.builder().profileName(options.profile()).build()
                : DefaultCredentialsProvider.builder().build();
        StsClient sts = null;
        AwsCredentialsProvider credentials = base;
        if (options.roleArn() != null) {
            var stsBuilder = StsClient.builder().httpClient(http).credentialsProvider(base)
                    .region(Region.of(options.region() != null ? options.region() : AwsClients.DEFAULT_REGION));
            URI stsEndpoint = options.endpointFor("sts");
            if (stsEndpoint != null) {
                stsBuilder.endpointOverride(stsEndpoint);
            }
            sts = stsBuilder.build();
            StsClient assumeWith = sts;
            credentials = StsAssumeRoleCredentialsProvider.builder().stsClient(assumeWith).refreshRequest(r -> {
                r.roleArn(options.roleArn()).roleSessionName("trailkeeper");
                if (options.externalId() != null) {
                    r.externalId(options.externalId());
                }
            }).build();
        }
        AwsCredentialsProvider creds = credentials;
        StsClient stsToClose = sts;
        return new SnsPublisher(region -> {
            SnsClientBuilder b = SnsClient.builder().httpClient(http).credentialsProvider(creds).region(Region.of(region))
                    .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD).build());
            URI endpoint = options.endpointFor("sns");
            if (endpoint != null) {
                b.endpointOverride(endpoint);
            }
            return b.build();
        }, () -> {
            if (stsToClose != null) {
                stsToClose.close();
            }
            http.close();
        });
    }

    /**
     * Publishes {@code message} (at most 256 KB, which an alert's JSON stays well under) to the topic.
     *
     * @return the message id SNS gave
     * @throws TrailKeeperException when the ARN is not a topic's or SNS did not take the message
     */
    public String publish(String topicArn, String message) {
        String region = region(topicArn);
        SnsClient client = clients.computeIfAbsent(region, clientForRegion);
        try {
            PublishResponse response = client.publish(r -> {
                r.topicArn(topicArn).message(message);
                if (isFifo(topicArn)) {
                    // a FIFO topic refuses a message without a group (MissingParameter), and without a deduplication
                    // id unless the topic derives one; this is the one it would derive: the message's SHA-256
                    r.messageGroupId(FIFO_GROUP).messageDeduplicationId(sha256Hex(message));
                }
            });
            return response.messageId();
        } catch (SdkException e) {
            throw AwsErrors.toException("publishing to the SNS topic " + topicArn, e);
        }
    }

    /** SNS requires a FIFO topic's name to end in ".fifo" (and only a FIFO topic's). */
    static boolean isFifo(String topicArn) {
        return topicArn.endsWith(".fifo");
    }

    private static String sha256Hex(String message) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(message.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }

    /** True when a failure of {@link #publish} may go away by itself (throttling, a server error, the network). */
    public static boolean isRetryable(TrailKeeperException e) {
        return e.getCause() instanceof SdkException s ? AwsErrors.isRetryable(s) : false;
    }

    /** The region of a topic ARN ({@code arn:aws:sns:REGION:ACCOUNT:NAME}). */
    static String region(String topicArn) {
        String[] parts = topicArn == null ? new String[0] : topicArn.split(":", -1);
        if (parts.length != 6 || !"arn".equals(parts[0]) || !"sns".equals(parts[2]) || parts[3].isEmpty()
                || parts[5].isEmpty()) {
            throw new TrailKeeperException(ErrorCode.USAGE, "'" + topicArn + "' is not an SNS topic ARN",
                    "give the topic as arn:aws:sns:REGION:ACCOUNT:NAME (aws sns list-topics shows them)");
        }
        return parts[3];
    }

    @Override
    public void close() {
        clients.values().forEach(SnsClient::close);
        try {
            resources.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the SNS clients failed", e);
        }
    }
}
