package io.trailkeeper.aws;

import java.net.URI;
import java.util.Map;

/**
 * How to reach AWS, as the AWS CLI takes it: a profile, a region, a role to assume, and endpoints.
 * Anything left null falls to the SDK's own defaults (environment, shared config and credentials files,
 * instance roles), which also read per-service endpoints such as {@code AWS_ENDPOINT_URL_S3} and a profile's
 * {@code endpoint_url}.
 *
 * @param endpointUrl      every service at this endpoint ({@code --endpoint-url}), or null
 * @param serviceEndpoints per-service endpoints by SDK service id in lower case ({@code s3}, {@code cloudtrail},
 *                         {@code ec2}, {@code sts}); these win over {@code endpointUrl}
 */
public record AwsOptions(String profile, String region, String roleArn, String externalId, URI endpointUrl,
                         Map<String, URI> serviceEndpoints) {
    public AwsOptions {
        serviceEndpoints = serviceEndpoints == null ? Map.of() : Map.copyOf(serviceEndpoints);
    }

    public static AwsOptions defaults() {
        return new AwsOptions(null, null, null, null, null, Map.of());
    }

    public AwsOptions withRegion(String value) {
        return new AwsOptions(profile, value, roleArn, externalId, endpointUrl, serviceEndpoints);
    }

    public AwsOptions withEndpoint(URI value) {
        return new AwsOptions(profile, region, roleArn, externalId, value, serviceEndpoints);
    }

    public AwsOptions withServiceEndpoint(String service, URI value) {
        java.util.Map<String, URI> m = new java.util.HashMap<>(serviceEndpoints);
        m.put(service, value);
        return new AwsOptions(profile, region, roleArn, externalId, endpointUrl, m);
    }

    public AwsOptions withProfile(String value) {
        return new AwsOptions(value, region, roleArn, externalId, endpointUrl, serviceEndpoints);
    }

    public AwsOptions withRole(String arn, String external) {
        return new AwsOptions(profile, region, arn, external, endpointUrl, serviceEndpoints);
    }

    /** The endpoint for a service: its own, else the common one, else null (the SDK decides). */
    public URI endpointFor(String service) {
        URI own = serviceEndpoints.get(service);
        return own != null ? own : endpointUrl;
    }
}
