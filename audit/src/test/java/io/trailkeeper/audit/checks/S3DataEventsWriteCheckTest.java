package io.trailkeeper.audit.checks;

import static io.trailkeeper.audit.Outcomes.all;
import static io.trailkeeper.audit.Outcomes.fail;
import static io.trailkeeper.audit.Outcomes.mentions;
import static io.trailkeeper.audit.Outcomes.pass;
import static io.trailkeeper.audit.Outcomes.unknown;
import static io.trailkeeper.audit.SnapshotBuilder.equalsField;
import static io.trailkeeper.audit.SnapshotBuilder.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.audit.SnapshotBuilder;
import io.trailkeeper.events.AccountSnapshot.AdvancedEventSelector;
import io.trailkeeper.events.AccountSnapshot.DataResource;
import io.trailkeeper.events.AccountSnapshot.EventSelector;
import io.trailkeeper.events.AccountSnapshot.FieldSelector;
import io.trailkeeper.events.Finding;
import io.trailkeeper.events.Finding.Outcome;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class S3DataEventsWriteCheckTest {
    private static final String MINE = "false";
    private static final String OTHER = "true";
    private final S3DataEventsWriteCheck check = new S3DataEventsWriteCheck();

    private List<Finding> run(SnapshotBuilder b) {
        return check.evaluate(b.build(), SnapshotBuilder.context());
    }

    private List<Finding> run(SnapshotBuilder b, String... critical) {
        return check.evaluate(b.build(), SnapshotBuilder.context(Set.of(critical)));
    }

    /** A trail whose only S3 selector is {@code selector}. */
    private static SnapshotBuilder s3(AdvancedEventSelector selector) {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().advancedEventSelectors.set(1, selector);
        return b;
    }

    @Test
    void passesWhenEveryBucketIsLoggedButTheTrailsOwn() {
        mentions(pass(run(SnapshotBuilder.wellConfigured())), "of every bucket are logged by main");
    }

    @Test
    void aSelectorForTheOtherKindOnlyFails() {
        SnapshotBuilder b = s3(new AdvancedEventSelector("other", List.of(equalsField("eventCategory", "Data"),
                equalsField("resources.type", "AWS::S3::Object"), equalsField("readOnly", OTHER))));
        mentions(fail(run(b)), "are not logged for every bucket", "(main logs reads only)", "$0.10 per 100,000 data events");
        b.trail().advancedEventSelectors.set(1, new AdvancedEventSelector("mine", List.of(
                equalsField("eventCategory", "Data"), equalsField("resources.type", "AWS::S3::Object"),
                equalsField("readOnly", MINE))));
        pass(run(b));
    }

    @Test
    void aListOfEventNamesIsNotEverything() {
        SnapshotBuilder b = s3(new AdvancedEventSelector("some", List.of(equalsField("eventCategory", "Data"),
                equalsField("resources.type", "AWS::S3::Object"), equalsField("eventName", "GetObject", "PutObject"))));
        fail(run(b));
    }

    @Test
    void aSingleRegionTrailDoesNotCoverEveryBucket() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().multiRegion = false;
        fail(run(b));
    }

    @Test
    void failsWithManagementEventsOnly() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().advancedEventSelectors.remove(1);
        mentions(fail(run(b)), "--critical-buckets");
    }

    @Test
    void criticalBucketsAreJudgedOneByOne() {
        SnapshotBuilder b = s3(new AdvancedEventSelector("payroll", List.of(equalsField("eventCategory", "Data"),
                equalsField("resources.type", "AWS::S3::Object"),
                startsWith("resources.ARN", "arn:aws:s3:::acme-payroll/"))));
        List<Finding> findings = run(b, "acme-payroll", "acme-customers");
        assertEquals(List.of("acme-customers", "acme-payroll"), findings.stream().map(Finding::resource).toList());
        mentions(findings.get(0), "critical bucket acme-customers are not logged");
        assertEquals(Outcome.FAIL, findings.get(0).outcome());
        assertEquals(Outcome.PASS, findings.get(1).outcome());
    }

    @Test
    void aPrefixOfABucketIsNotTheWholeBucket() {
        SnapshotBuilder b = s3(new AdvancedEventSelector("part", List.of(equalsField("eventCategory", "Data"),
                equalsField("resources.type", "AWS::S3::Object"),
                startsWith("resources.ARN", "arn:aws:s3:::acme-payroll/2025/"))));
        fail(run(b, "acme-payroll"));
    }

    @Test
    void basicSelectorsNamingTheBucketCount() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().advancedEventSelectors.clear();
        b.trail().eventSelectors.add(new EventSelector("All", true, List.of(new DataResource("AWS::S3::Object",
                List.of("arn:aws:s3:::acme-payroll/"))), null));
        pass(run(b, "acme-payroll"));
        fail(run(b));
        b.trail().eventSelectors.set(0, new EventSelector("All", true, List.of(new DataResource("AWS::S3::Object",
                List.of("arn:aws:s3"))), null));
        pass(run(b));
    }

    @Test
    void allCriticalBucketsCoveredByAnEverythingSelector() {
        all(run(SnapshotBuilder.wellConfigured(), "a", "b"), Outcome.PASS);
    }

    @Test
    void unknownWhenTheSelectorsCouldNotBeRead() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().advancedEventSelectors.clear();
        b.trail().errors.put("eventSelectors", "AccessDenied");
        mentions(unknown(run(b)), "selectors or status of main could not be read");
    }
    @Test
    void anEventNameListOfReadsLogsNoWrite() {
        mentions(fail(run(s3(new AdvancedEventSelector("get", List.of(equalsField("eventCategory", "Data"),
                equalsField("resources.type", "AWS::S3::Object"), equalsField("eventName", "GetObject",
                        "HeadObject")))))), "(main logs reads only)");
        mentions(fail(run(s3(new AdvancedEventSelector("put", List.of(equalsField("eventCategory", "Data"),
                equalsField("resources.type", "AWS::S3::Object"), equalsField("eventName", "PutObject",
                        "GetObject")))))), "(main logs some, only where eventName Equals PutObject, GetObject)");
    }
    @Test
    void excludingReadsByEventNameStillLogsEveryWrite() {
        SnapshotBuilder b = s3(new AdvancedEventSelector("no-gets", List.of(equalsField("eventCategory", "Data"),
                equalsField("resources.type", "AWS::S3::Object"), new FieldSelector("eventName", null,
                        List.of("GetObject", "HeadObject"), null, null, null, null))));
        mentions(pass(run(b)), "of every bucket are logged by main");
        mentions(pass(run(b, "customer-data")), "of customer-data are logged by main");
        mentions(fail(new S3DataEventsReadCheck().evaluate(b.build(), SnapshotBuilder.context())),
                "(main logs some, only where eventName NotEquals GetObject, HeadObject)");
    }
}
