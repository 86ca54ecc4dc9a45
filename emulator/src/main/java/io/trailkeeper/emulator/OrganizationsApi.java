package io.trailkeeper.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * AWS Organizations in JSON 1.1 ({@code AWSOrganizationsV20161128.*}): DescribeOrganization, which any account of
 * an organization may call. From the scenario's {@code organization}: its id, or {@code "denied"} for a caller
 * without organizations:DescribeOrganization; absent, the account belongs to no organization and AWS answers
 * AWSOrganizationsNotInUseException.
 */
final class OrganizationsApi {
    private final Scenario scenario;
    private final StsApi sts;

    OrganizationsApi(Scenario scenario, StsApi sts) {
        this.scenario = scenario;
        this.sts = sts;
    }

    WireResponse handle(Call call) {
        if (!"DescribeOrganization".equals(call.operation())) {
            throw AwsError.badRequest("UnknownOperationException", "The emulator does not serve Organizations "
                    + call.operation());
        }
        String id = scenario.organizationId();
        if (id == null) {
            throw AwsError.badRequest("AWSOrganizationsNotInUseException", "Your account is not a member of an"
                    + " organization.");
        }
        if (Scenario.ORGANIZATION_DENIED.equals(id)) {
            throw AwsError.badRequest("AccessDeniedException", "User: " + sts.callerArn(call.accessKeyId())
                    + " is not authorized to perform: organizations:DescribeOrganization because no identity-based"
                    + " policy allows the organizations:DescribeOrganization action");
        }
        ObjectNode out = Call.JSON.createObjectNode();
        out.putObject("Organization").put("Id", id)
                .put("Arn", "arn:aws:organizations::" + scenario.account() + ":organization/" + id)
                .put("FeatureSet", "ALL");
        return call.ok(out);
    }
}
