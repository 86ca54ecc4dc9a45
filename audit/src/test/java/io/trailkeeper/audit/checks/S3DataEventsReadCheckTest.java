package io.trailkeeper.audit.checks;

import static io.trailkeeper.audit.Outcomes.all;
import static io.trailkeeper.audit.Outcomes.fail;
import static io.trailkeeper.audit.Outcomes.mentions;
import static io.trailkeeper.audit.Outcomes.pass;
import static io.trailkeeper.audit.Outcomes.single;
import static io.trailkeeper.audit.Outcomes.unknown;
import static io.trailkeeper.audit.SnapshotBuilder.equalsField;
import static io.trailkeeper.audit.SnapshotBuilder.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.audit.SnapshotBuilder;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshot.AdvancedEventSelector;
import io.trailkeeper.events.AccountSnapshot.DataResource;
import io.trailkeeper.events.AccountSnapshot.EventSelector;
import io.trailkeeper.events.AccountSnapshot.FieldSelector;
import io.trailkeeper.events.DirectoryBuckets;
import io.trailkeeper.events.Finding;
import io.trailkeeper.events.Finding.Outcome;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class S3DataEventsReadCheckTest {
    private static final String MINE = "true";
    private static final String OTHER = "false";
    private final S3DataEventsReadCheck check = new S3DataEventsReadCheck();

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
        mentions(fail(run(b)), "are not logged for every bucket", "(main logs writes only)", "$0.10 per 100,000 data events");
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

    /** Every S3 object but what {@code notStartsWith} excludes. */
    private static SnapshotBuilder excluding(String... notStartsWith) {
        return s3(new AdvancedEventSelector("but", List.of(equalsField("eventCategory", "Data"),
                equalsField("resources.type", "AWS::S3::Object"),
                SnapshotBuilder.notStartsWith("resources.ARN", notStartsWith))));
    }

    @Test
    void anExclusionOfEveryBucketOrOfAnotherBucketIsNotEveryBucket() {
        mentions(fail(run(excluding("arn:aws:s3:::"))), "are not logged for every bucket",
                "(main logs some, only where resources.ARN NotStartsWith arn:aws:s3:::)");
        mentions(fail(run(excluding("arn:aws:s3:::customer-data/"))),
                "only where resources.ARN NotStartsWith arn:aws:s3:::customer-data/)");
        fail(run(excluding("arn:aws:s3:::" + SnapshotBuilder.TRAIL_BUCKET)));
        List<Finding> critical = run(excluding("arn:aws:s3:::customer-data/"), "customer-data", "other");
        assertEquals(Outcome.FAIL, critical.get(0).outcome());
        assertEquals(Outcome.PASS, critical.get(1).outcome());
    }

    @Test
    void excludingTheTrailsOwnBucketAndItsAccessLogBucketStillLogsEveryBucket() {
        SnapshotBuilder b = excluding("arn:aws:s3:::" + SnapshotBuilder.TRAIL_BUCKET + "/",
                "arn:aws:s3:::access-logs-111122223333/");
        mentions(pass(run(b)), "of every bucket are logged by main");
        b.bucket().loggingTargetBucket = null;
        fail(run(b));
    }

    /** A selector of S3 objects restricted by one resources.ARN field. */
    private static SnapshotBuilder arn(FieldSelector arn) {
        return s3(new AdvancedEventSelector("arn", List.of(equalsField("eventCategory", "Data"),
                equalsField("resources.type", "AWS::S3::Object"), arn)));
    }

    private static FieldSelector field(List<String> equals, List<String> startsWith, List<String> notStartsWith,
                                       List<String> endsWith) {
        return new FieldSelector("resources.ARN", equals, null, startsWith, notStartsWith, endsWith, null);
    }

    @Test
    void aCriticalBucketIsWholeOnlyUnderAStartsWithPrefixOfItsObjectsWithNoExclusionInside() {
        String bucket = "arn:aws:s3:::customer-data/";
        for (FieldSelector logged : List.of(field(null, List.of(bucket), null, null),
                field(null, List.of("arn:aws:s3:::"), null, null),
                field(null, List.of(bucket), List.of("arn:aws:s3:::customer-data-archive/"), null))) {
            assertEquals(Outcome.PASS, single(run(arn(logged), "customer-data")).outcome(), logged.toString());
        }
        for (FieldSelector partial : List.of(field(List.of(bucket), null, null, null),
                field(null, List.of(bucket), List.of(bucket + "exports/"), null),
                field(null, null, null, List.of("/")),
                field(null, null, List.of("arn:aws:s3:::customer"), null),
                new FieldSelector("resources.ARN", null, null, List.of(bucket), null, null, List.of(".tmp")))) {
            mentions(fail(run(arn(partial), "customer-data")), "critical bucket customer-data are not logged");
        }
    }

    @Test
    void aBasicSelectorOfAPrefixInsideTheBucketIsNotTheWholeBucket() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().advancedEventSelectors.clear();
        b.trail().eventSelectors.add(new EventSelector("All", true, List.of(new DataResource("AWS::S3::Object",
                List.of("arn:aws:s3:::customer-data/exports/"))), null));
        fail(run(b, "customer-data"));
    }
    @Test
    void aFailNamesWhatEachTrailDoesLogInItsSelectorsWords() {
        mentions(fail(run(s3(new AdvancedEventSelector("get", List.of(equalsField("eventCategory", "Data"),
                equalsField("resources.type", "AWS::S3::Object"), equalsField("eventName", "GetObject")))))),
                "(main logs some, only where eventName Equals GetObject)");
        mentions(fail(run(arn(field(null, List.of("arn:aws:s3:::payroll/", "arn:aws:s3:::hr/"), null, null)))),
                "(main logs some, only where resources.ARN StartsWith arn:aws:s3:::payroll/, arn:aws:s3:::hr/)");
        mentions(fail(run(s3(new AdvancedEventSelector("not-ops", List.of(equalsField("eventCategory", "Data"),
                equalsField("resources.type", "AWS::S3::Object"), SnapshotBuilder.notStartsWith("resources.ARN",
                        "arn:aws:s3:::" + SnapshotBuilder.TRAIL_BUCKET + "/"), SnapshotBuilder.notStartsWith(
                        "userIdentity.arn", "arn:aws:sts::111122223333:assumed-role/ops/")))))),
                "(main logs some, only where userIdentity.arn NotStartsWith"
                        + " arn:aws:sts::111122223333:assumed-role/ops/)");
        mentions(fail(run(s3(new AdvancedEventSelector("tables", List.of(equalsField("eventCategory", "Data"),
                equalsField("resources.type", "AWS::DynamoDB::Table")))))), "multi-region trail: nobody");
    }

    @Test
    void aSingleRegionOrStoppedTrailWithPerfectSelectorsFailsAndSaysSo() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().multiRegion = false;
        mentions(fail(run(b)), "(main logs every bucket's but is single-region: in us-east-1 only)");
        b = SnapshotBuilder.wellConfigured();
        b.trail().logging = false;
        b.trail().stopLoggingTime = java.time.Instant.parse("2026-11-01T00:00:00Z");
        mentions(fail(run(b)), "(main is not logging since 2026-11-01T00:00:00Z: it records nothing)");
    }
    @Test
    void aCriticalBucketOfUnknownRegionIsNotLoggedByASingleRegionTrailForSure() {
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        b.trail().multiRegion = false;
        mentions(unknown(run(b, "customer-data")), "logged by main (single-region, us-east-1) only if the"
                + " bucket is in that region", "the snapshot does not hold the bucket");
        b.trail().multiRegion = true;
        pass(run(b, "customer-data"));
    }
    @Test
    void aCriticalDirectoryBucketIsLoggedOnlyByAnS3ExpressSelector() {
        String bucket = "ledger--use1-az4--x-s3";
        SnapshotBuilder b = SnapshotBuilder.wellConfigured();
        mentions(fail(run(b, bucket)), "a directory bucket's object calls are data events of AWS::S3Express::Object");
        b.trail().advancedEventSelectors.add(new AdvancedEventSelector("express", List.of(
                equalsField("eventCategory", "Data"), equalsField("resources.type", "AWS::S3Express::Object"))));
        mentions(pass(run(b, bucket)), "of " + bucket + " are logged by main");
    }
    /**
     * A directory bucket's region is not read (GetBucketLocation does not serve one), but its name holds its zone id,
     * which starts with the region's code (usw2-az1: us-west-2): a selector naming the bucket's ARN in that region
     * logs it, one naming another region does not.
     */
    @Test
    void aDirectoryBucketsRegionIsToldByItsZoneId() {
        String bucket = "ledger--usw2-az1--x-s3";
        for (String[] c : new String[][] {{"us-west-2", "pass"}, {"us-east-1", "fail"}}) {
            SnapshotBuilder b = SnapshotBuilder.wellConfigured();
            b.regions.add(new AccountSnapshot.Region("us-west-2", "opt-in-not-required", true, 0L, null, null));
            b.trail().advancedEventSelectors.add(new AdvancedEventSelector("express", List.of(
                    equalsField("eventCategory", "Data"), equalsField("resources.type", "AWS::S3Express::Object"),
                    startsWith("resources.ARN", "arn:aws:s3express:" + c[0] + ":"
                            + SnapshotBuilder.ACCOUNT + ":bucket/" + bucket + "/"))));
            Finding f = c[1].equals("pass") ? pass(run(b, bucket)) : fail(run(b, bucket));
            assertEquals("us-west-2", f.region(), c[0]);
        }
        assertEquals("us-west-2", DirectoryBuckets.region(bucket, List.of("us-east-1", "us-west-2",
                "us-west-1")));
        assertEquals("ap-northeast-1", DirectoryBuckets.region("x--apne1-az4--x-s3",
                List.of("ap-northeast-1", "ap-northeast-2", "ap-south-1")));
        assertEquals("us-gov-west-1", DirectoryBuckets.region("x--usgw1-az1--x-s3",
                List.of("us-gov-east-1", "us-gov-west-1", "us-west-1")));
        assertEquals("us-west-2", DirectoryBuckets.region("x--usw2-lax1-az1--x-s3",
                List.of("us-west-2")), "a Local Zone's id starts with its parent region's code");
        assertEquals(null, DirectoryBuckets.region("x--zz9-az1--x-s3", List.of("us-west-2")));
    }

    @Test
    void aCriticalBucketThatIsTheTrailsOwnIsSaidToBeLeftOutNotSingleRegion() {
        mentions(fail(run(SnapshotBuilder.wellConfigured(), SnapshotBuilder.TRAIL_BUCKET)), "(main logs every bucket's"
                + " but access-logs-111122223333 and " + SnapshotBuilder.TRAIL_BUCKET + " (its log buckets, whose"
                + " logging would loop))");
    }
}
