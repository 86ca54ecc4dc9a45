package io.trailkeeper.cli;

import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.aws.AwsOptions;
import java.net.URI;
import picocli.CommandLine.Option;

/** The AWS options of every command that calls AWS, named and meaning what they mean to the AWS CLI. */
final class AwsOptionsMixin {
    @Option(names = "--profile", paramLabel = "NAME",
            description = "A profile of the AWS config/credentials files (default: $AWS_PROFILE, else default).")
    String profile;

    @Option(names = "--region", paramLabel = "REGION",
            description = "The region for requests that need one (default: the profile's, else us-east-1).")
    String region;

    @Option(names = "--role-arn", paramLabel = "ARN",
            description = "Assume this role first (e.g. a read-only audit role in the account under investigation).")
    String roleArn;

    @Option(names = "--external-id", paramLabel = "ID", description = "The external id the role's trust policy asks for.")
    String externalId;

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "Send every service's requests here (an emulator). Per-service endpoints come from"
                    + " AWS_ENDPOINT_URL_<SERVICE> and the profile, as for the AWS CLI.")
    URI endpointUrl;

    AwsOptions toOptions() {
        if (externalId != null && roleArn == null) {
            throw new IllegalArgumentException("--external-id needs --role-arn");
        }
        if (endpointUrl != null && (endpointUrl.getScheme() == null || endpointUrl.getHost() == null)) {
            throw new IllegalArgumentException("--endpoint-url " + endpointUrl + " is not a URL like http://127.0.0.1:4566");
        }
        AwsClients.checkProfile(profile);
        return new AwsOptions(profile, region, roleArn, externalId, endpointUrl, null);
    }
}
