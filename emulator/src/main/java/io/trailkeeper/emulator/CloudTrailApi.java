package io.trailkeeper.emulator;

/**
 * CloudTrail's JSON 1.1 API: routes each operation, after the checks AWS makes first: a region the scenario
 * denies answers AccessDeniedException (as a service control policy would), and LookupEvents is throttled per
 * region.
 */
final class CloudTrailApi {
    private final Scenario scenario;
    private final LookupEvents lookupEvents;
    private final TrailsApi trails;
    private final EventDataStoresApi eventDataStores;
    private final Throttle throttle;
    private final StsApi sts;
    private final EmulatorCounters counters;

    CloudTrailApi(Scenario scenario, LookupEvents lookupEvents, TrailsApi trails, Throttle throttle, StsApi sts,
                  EmulatorCounters counters) {
        this.scenario = scenario;
        this.lookupEvents = lookupEvents;
        this.trails = trails;
        this.eventDataStores = new EventDataStoresApi(scenario, sts);
        this.throttle = throttle;
        this.sts = sts;
        this.counters = counters;
    }

    WireResponse handle(Call call) {
        String operation = call.operation();
        if (operation == null) {
            throw AwsError.badRequest("UnknownOperationException", "X-Amz-Target names no operation");
        }
        if (scenario.deniedRegions().contains(call.region())) {
            counters.countRefused(call.region());
            throw AwsError.badRequest("AccessDeniedException", "User: " + sts.callerArn(call.accessKeyId())
                    + " is not authorized to perform: cloudtrail:" + operation + " on resource: arn:aws:cloudtrail:"
                    + call.region() + ":" + scenario.account() + ":trail/* with an explicit deny in a service control"
                    + " policy");
        }
        return switch (operation) {
            case "LookupEvents" -> {
                if (!throttle.tryAcquire(call.region())) {
                    counters.countThrottled(call.region());
                    throw AwsError.badRequest("ThrottlingException", "Rate exceeded");
                }
                yield lookupEvents.handle(call);
            }
            case "DescribeTrails" -> trails.describeTrails(call);
            case "ListTrails" -> trails.listTrails(call);
            case "GetTrailStatus" -> trails.trailStatus(call);
            case "GetEventSelectors" -> trails.eventSelectors(call);
            case "GetInsightSelectors" -> trails.insightSelectors(call);
            case "ListPublicKeys" -> trails.publicKeys(call);
            case "ListEventDataStores" -> eventDataStores.list(call);
            case "GetEventDataStore" -> eventDataStores.get(call);
            default -> throw AwsError.badRequest("UnknownOperationException",
                    "The emulator does not serve CloudTrail " + operation);
        };
    }
}
