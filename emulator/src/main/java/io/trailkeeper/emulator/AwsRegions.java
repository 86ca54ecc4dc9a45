package io.trailkeeper.emulator;

import java.util.List;
import java.util.Set;

/**
 * The commercial AWS regions, split as AWS splits them: those every account has, and those an account must
 * opt in to (launched since March 2019). A scenario without a region list gets this one, with the opt-in
 * regions not opted in, because that is what a new account sees and what region discovery must cope with.
 */
final class AwsRegions {
    /** Enabled in every account, opt-in status "opt-in-not-required". */
    static final List<String> DEFAULT_ENABLED = List.of(
            "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "eu-west-1", "eu-west-2",
            "eu-west-3", "eu-central-1", "eu-north-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
            "ap-southeast-1", "ap-southeast-2", "ap-south-1", "sa-east-1");

    /** Regions an account has to enable before any regional call there is accepted. */
    static final List<String> OPT_IN = List.of(
            "af-south-1", "ap-east-1", "ap-east-2", "ap-south-2", "ap-southeast-3", "ap-southeast-4",
            "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "ca-west-1", "eu-central-2", "eu-south-1",
            "eu-south-2", "il-central-1", "me-central-1", "me-south-1", "mx-central-1");

    private static final Set<String> OPT_IN_SET = Set.copyOf(OPT_IN);

    /** Services whose endpoint is global: their calls are accepted whichever region signed them. */
    private static final Set<String> GLOBAL_SERVICES = Set.of("sts", "iam", "organizations");

    private AwsRegions() {
    }

    static boolean isOptIn(String region) {
        return OPT_IN_SET.contains(region);
    }

    static boolean isGlobalService(String service) {
        return GLOBAL_SERVICES.contains(service);
    }
}
