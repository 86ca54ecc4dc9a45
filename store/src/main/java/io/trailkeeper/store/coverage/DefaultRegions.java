package io.trailkeeper.store.coverage;

import java.util.List;

/**
 * The 17 commercial regions AWS enables in every account (opt-in status "opt-in-not-required"). When no
 * collector has said which regions an account has enabled, these are the ones it is safe to expect.
 */
final class DefaultRegions {
    static final List<String> ENABLED = List.of(
            "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "eu-west-1", "eu-west-2",
            "eu-west-3", "eu-central-1", "eu-north-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
            "ap-southeast-1", "ap-southeast-2", "ap-south-1", "sa-east-1");

    private DefaultRegions() {
    }
}
