package io.trailkeeper.emulator;

import java.util.Map;
import java.util.Set;

/**
 * The emulator's request path, in the order AWS's own front end applies it: count the call, inject a fault
 * if one is due (a reset, a 5xx, a delay), refuse a region that is not enabled or does not accept the caller's
 * session token (every service but the global ones), then hand the call to its service. Errors thrown on the way are answered in the call's protocol.
 */
final class RequestRouter implements WireServer.Handler {
    /** One service's handler, by the signing name of its credential scope. */
    interface Service {
        WireResponse handle(Call call);
    }

    private final Set<String> enabledRegions;
    private final Set<String> tokenRefusedRegions;
    private final EmulatorCounters counters;
    private final FaultInjector faults;
    private final Map<String, Service> services;

    /** @param services the handlers by signing name ({@code cloudtrail}, {@code ec2}, {@code sts}, {@code s3}...) */
    RequestRouter(Scenario scenario, EmulatorCounters counters, FaultInjector faults, Map<String, Service> services) {
        this.enabledRegions = Set.copyOf(scenario.enabledRegions());
        this.tokenRefusedRegions = scenario.tokenRefusedRegions();
        this.counters = counters;
        this.faults = faults;
        this.services = Map.copyOf(services);
    }

    @Override
    public WireResponse handle(WireRequest request) throws InterruptedException {
        Call call = Call.of(request);
        counters.countRequest(call.region() == null ? "(unsigned)" : call.region(),
                call.operation() == null ? "(none)" : call.operation());
        try {
            return route(call);
        } catch (AwsError e) {
            return call.error(call.protocol() == Call.Protocol.EC2 ? ec2Spelling(e) : e);
        } catch (RuntimeException e) {
            // a bug in the emulator: answered like AWS answers its own failures, with the cause for the test log
            return call.error(new AwsError(500, "InternalFailure", "the emulator failed: " + e));
        }
    }

    private WireResponse route(Call call) throws InterruptedException {
        if (call.service() == null) {
            throw new AwsError(403, call.protocol() == Call.Protocol.JSON ? "MissingAuthenticationTokenException"
                    : "MissingAuthenticationToken", "Request is missing a SigV4 Authorization header with a credential"
                    + " scope (Credential=KEY/DATE/REGION/SERVICE/aws4_request)");
        }
        FaultInjector.Injected fault = faults.decide("cloudtrail".equals(call.service())
                && "LookupEvents".equals(call.operation()));
        if (fault != null) {
            counters.countFault(fault.kind());
            switch (fault.kind()) {
                case RESET -> {
                    return WireResponse.reset();
                }
                case SERVER_ERROR -> throw fault.serverError();
                case SLOW -> Thread.sleep(fault.delayMillis());
            }
        }
        if (!AwsRegions.isGlobalService(call.service()) && (!enabledRegions.contains(call.region())
                || tokenRefusedRegions.contains(call.region()))) {
            // a region that refuses the session token answers exactly as one that is not enabled: the caller
            // cannot tell them apart from the error, only from DescribeRegions
            counters.countRefused(call.region());
            throw notEnabled(call);
        }
        Service service = services.get(call.service());
        if (service == null) {
            throw AwsError.badRequest(call.protocol() == Call.Protocol.JSON ? "UnknownOperationException"
                    : "InvalidAction", "The emulator does not serve the service " + call.service());
        }
        return service.handle(call);
    }

    /**
     * How AWS refuses a call to a region the account has not enabled (or that does not exist), and a call with a
     * session token the region does not accept (a version 1 token in an opted-in region).
     */
    private static AwsError notEnabled(Call call) {
        return switch (call.protocol()) {
            case JSON, CBOR -> AwsError.badRequest("UnrecognizedClientException",
                    "The security token included in the request is invalid.");
            case REST_XML -> AwsError.badRequest("IllegalLocationConstraintException", "The " + call.region()
                    + " location constraint is incompatible for the region specific endpoint this request was sent to.");
            case EC2 -> new AwsError(401, "AuthFailure", "AWS was not able to validate the provided access credentials");
            case QUERY -> new AwsError(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
        };
    }

    /** EC2 names its server errors differently from the other services. */
    private static AwsError ec2Spelling(AwsError e) {
        return switch (e.code()) {
            case "InternalFailure" -> new AwsError(500, "InternalError", e.getMessage());
            case "ServiceUnavailable" -> new AwsError(503, "Unavailable", e.getMessage());
            default -> e;
        };
    }
}
