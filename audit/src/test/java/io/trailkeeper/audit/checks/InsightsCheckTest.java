package io.trailkeeper.audit.checks;

import static io.trailkeeper.audit.Outcomes.fail;
import static io.trailkeeper.audit.Outcomes.mentions;
import static io.trailkeeper.audit.Outcomes.pass;
import static io.trailkeeper.audit.Outcomes.unknown;

import io.trailkeeper.audit.SnapshotBuilder;
import io.trailkeeper.events.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class InsightsCheckTest {
    private final InsightsCheck check = new InsightsCheck();

    private List<Finding> run(SnapshotBuilder b) {
        return check.evaluate(b.build(), SnapshotBuilder.context());
    }

    @Test
    void passesWithInsightsOnALoggingTrail() {
        mentions(pass(run(SnapshotBuilder.wellConfigured())), "Insights on main (ApiCallRateInsight)");
    }

    @Test
    void failsWithoutInsights() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().insightTypes.clear();
        mentions(fail(run(b)), "no logging trail has Insights");
    }

    @Test
    void unknownWhenTheInsightSelectorsCouldNotBeRead() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().insightTypes.clear();
        b.trail().errors.put("insightSelectors", "InsightNotEnabledException");
        mentions(unknown(run(b)), "could not be read");
    }
}
