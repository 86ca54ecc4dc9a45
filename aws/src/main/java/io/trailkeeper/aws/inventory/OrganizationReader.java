package io.trailkeeper.aws.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trailkeeper.aws.AwsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;

/**
 * The id of the organization the account belongs to: AWS Organizations' DescribeOrganization, which any member
 * account may call, as one signed JSON 1.1 request. An organization trail writes under
 * {@code AWSLogs/o-<id>/}: the audit judges bucket policies and selectors against that path. (The SDK's own
 * Organizations client is not in the Maven repository this build uses at the SDK's version; the call is small and
 * its protocol documented, so it is made with the SDK's signer and HTTP client.)
 */
final class OrganizationReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OrganizationReader() {
    }

    /** The id, or null with the reason it could not be read; both null when the account is in no organization. */
    record Result(String organizationId, String reason) {
    }

    static Result read(IdentityProvider<? extends AwsCredentialsIdentity> credentials, SdkHttpClient http,
                       AwsOptions options, String homeRegion) {
        String region = signingRegion(homeRegion);
        URI endpoint = options.endpointFor("organizations");
        if (endpoint == null) {
            endpoint = URI.create("https://organizations." + region + ".amazonaws.com" + (region.startsWith("cn-")
                    ? ".cn" : "") + "/");
        }
        try {
            SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                    .putHeader("Content-Type", "application/x-amz-json-1.1")
                    .putHeader("X-Amz-Target", "AWSOrganizationsV20161128.DescribeOrganization").build();
            AwsCredentialsIdentity identity = credentials.resolveIdentity().join();
            SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity).request(request)
                    .payload(ContentStreamProvider.fromUtf8String("{}"))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "organizations")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region));
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request()).contentStreamProvider(signed.payload().orElse(null)).build()).call();
            return answer(response.httpResponse().statusCode(), body(response));
        } catch (IOException | RuntimeException e) {
            return new Result(null, "organizations:DescribeOrganization could not be called at " + endpoint + ": "
                    + e.getMessage());
        }
    }

    static Result answer(int status, String body) throws IOException {
        JsonNode json = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        if (status / 100 == 2) {
            String id = json.path("Organization").path("Id").asText("");
            return id.matches("o-[a-z0-9]{10,32}") ? new Result(id, null)
                    : new Result(null, "DescribeOrganization answered without an organization id: " + body);
        }
        String type = json.path("__type").asText(json.path("code").asText("HTTP " + status));
        type = type.substring(type.lastIndexOf('#') + 1);
        if ("AWSOrganizationsNotInUseException".equals(type)) {
            return new Result(null, null);
        }
        String message = json.path("message").asText(json.path("Message").asText(""));
        return new Result(null, type + (message.isEmpty() ? "" : ": " + message)
                + " (organizations:DescribeOrganization)");
    }

    /** Organizations lives in one region per partition. */
    static String signingRegion(String homeRegion) {
        if (homeRegion.startsWith("us-gov-")) {
            return "us-gov-west-1";
        }
        return homeRegion.startsWith("cn-") ? "cn-northwest-1" : "us-east-1";
    }

    private static String body(HttpExecuteResponse response) throws IOException {
        if (response.responseBody().isEmpty()) {
            return "";
        }
        try (InputStream in = response.responseBody().get()) {
            return new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
        }
    }
}
