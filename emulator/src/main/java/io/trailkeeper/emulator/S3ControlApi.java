package io.trailkeeper.emulator;

/**
 * S3 Control's account-level public access block ({@code GET /v20180820/configuration/publicAccessBlock}, the
 * account in {@code x-amz-account-id}). The SDK puts the account in the host name as well
 * ({@code ACCOUNT.s3-control...}); a client pointed at this emulator must send to its address as it is.
 */
final class S3ControlApi {
    static final String PREFIX = "/v20180820/";
    private static final String NAMESPACE = "http://awss3control.amazonaws.com/doc/2018-08-20/";

    private final Scenario scenario;

    S3ControlApi(Scenario scenario) {
        this.scenario = scenario;
    }

    static String operationOf(WireRequest request) {
        boolean publicAccessBlock = request.path().equals(PREFIX + "configuration/publicAccessBlock");
        return publicAccessBlock && "GET".equals(request.method()) ? "GetPublicAccessBlock"
                : publicAccessBlock ? request.method() + "PublicAccessBlock" : request.method() + " " + request.path();
    }

    WireResponse handle(Call call) {
        if (!"GetPublicAccessBlock".equals(call.operation())) {
            throw new AwsError(501, "NotImplemented", "The emulator serves S3 Control GetPublicAccessBlock only, not "
                    + call.method() + " " + call.path());
        }
        String account = call.header("x-amz-account-id");
        if (account == null || account.isEmpty()) {
            throw AwsError.badRequest("InvalidRequest", "Missing required header for this request: x-amz-account-id");
        }
        if (!account.equals(scenario.account())) {
            throw new AwsError(403, "AccessDenied", "Access Denied");
        }
        return call.okRest("application/xml",
                S3Api.publicAccessBlock(scenario.resources().accountPublicAccessBlock(), NAMESPACE));
    }
}
