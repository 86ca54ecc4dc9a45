package io.trailkeeper.audit.internal;

import static io.trailkeeper.audit.SnapshotBuilder.equalsField;
import static io.trailkeeper.audit.SnapshotBuilder.notStartsWith;
import static io.trailkeeper.audit.SnapshotBuilder.startsWith;
import static io.trailkeeper.events.DataEventSelectors.S3_OBJECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.audit.SnapshotBuilder;
import io.trailkeeper.audit.SnapshotBuilder.TrailSpec;
import io.trailkeeper.events.DataEventSelectors;
import io.trailkeeper.events.DataEventSelectors.Kind;
import io.trailkeeper.events.AccountSnapshot.DataResource;
import io.trailkeeper.events.AccountSnapshot.EventSelector;
import io.trailkeeper.events.AccountSnapshot.FieldSelector;
import io.trailkeeper.events.AccountSnapshot.Trail;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DataEventSelectorsTest {
    private static final String PAYROLL = "arn:aws:s3:::acme-payroll/";

    private static Trail advanced(FieldSelector... fields) {
        return new TrailSpec().onlyAdvanced("s", fields).build();
    }

    private static Trail basic(String readWrite, String... values) {
        TrailSpec t = new TrailSpec();
        t.advancedEventSelectors.clear();
        t.eventSelectors.add(new EventSelector(readWrite, true, List.of(new DataResource(S3_OBJECT, List.of(values))),
                null));
        return t.build();
    }

    @Test
    void basicSelectorsForEveryBucketAndForOne() {
        assertTrue(DataEventSelectors.logsEverything(basic("All", "arn:aws:s3"), S3_OBJECT, Kind.READ));
        assertTrue(DataEventSelectors.logsEverything(basic("WriteOnly", "arn:aws:s3:::"), S3_OBJECT, Kind.WRITE));
        assertFalse(DataEventSelectors.logsEverything(basic("WriteOnly", "arn:aws:s3:::"), S3_OBJECT, Kind.READ));
        Trail one = basic("ReadOnly", PAYROLL);
        assertFalse(DataEventSelectors.logsEverything(one, S3_OBJECT, Kind.READ));
        assertTrue(DataEventSelectors.logs(one, S3_OBJECT, Kind.READ, PAYROLL));
        assertFalse(DataEventSelectors.logs(one, S3_OBJECT, Kind.READ, "arn:aws:s3:::acme-other/"));
        assertTrue(DataEventSelectors.basicLogsEverything(basic("All", "arn:aws:s3"), S3_OBJECT, Kind.WRITE));
    }

    @Test
    void advancedSelectorsWithReadOnlyAndExclusions() {
        // Excluding a bucket that holds data (here acme-payroll) is a gap, not "every bucket".
        Trail reads = advanced(equalsField("eventCategory", "Data"), equalsField("resources.type", S3_OBJECT),
                equalsField("readOnly", "true"), notStartsWith("resources.ARN", PAYROLL));
        assertFalse(DataEventSelectors.logsEverything(reads, S3_OBJECT, Kind.READ));
        assertEquals(List.of("NotStartsWith " + PAYROLL),
                DataEventSelectors.exclusions(reads, S3_OBJECT, Kind.READ, Set.of()));
        assertTrue(DataEventSelectors.logsEverything(reads, S3_OBJECT, Kind.READ, Set.of("acme-payroll")));
        assertFalse(DataEventSelectors.logsEverything(reads, S3_OBJECT, Kind.WRITE, Set.of("acme-payroll")));
        assertFalse(DataEventSelectors.logs(reads, S3_OBJECT, Kind.READ, PAYROLL + "key"));
        assertTrue(DataEventSelectors.logs(reads, S3_OBJECT, Kind.READ, "arn:aws:s3:::acme-other/key"));
        Trail own = advanced(equalsField("eventCategory", "Data"), equalsField("resources.type", S3_OBJECT),
                notStartsWith("resources.ARN", "arn:aws:s3:::" + SnapshotBuilder.TRAIL_BUCKET + "/"));
        assertTrue(DataEventSelectors.logsEverything(own, S3_OBJECT, Kind.READ));
    }

    @Test
    void exclusionsThatReachBeyondTheSparedBucketsAreGaps() {
        for (FieldSelector arn : List.of(notStartsWith("resources.ARN", "arn:aws:s3:::"),
                notStartsWith("resources.ARN", "arn:aws:s3:::" + SnapshotBuilder.TRAIL_BUCKET),
                new FieldSelector("resources.ARN", null, null, null, null, null, List.of(".gz")),
                new FieldSelector("resources.ARN", null, List.of("arn:aws:s3:::acme-other/key"), null, null, null,
                        null))) {
            Trail t = advanced(equalsField("eventCategory", "Data"), equalsField("resources.type", S3_OBJECT), arn);
            assertFalse(DataEventSelectors.logsEverything(t, S3_OBJECT, Kind.READ), arn.toString());
        }
    }

    @Test
    void positiveArnTestsAndOtherFieldsMakeASelectionPartial() {
        Trail one = advanced(equalsField("eventCategory", "Data"), equalsField("resources.type", S3_OBJECT),
                startsWith("resources.ARN", PAYROLL));
        assertFalse(DataEventSelectors.logsEverything(one, S3_OBJECT, Kind.READ));
        assertTrue(DataEventSelectors.logs(one, S3_OBJECT, Kind.WRITE, PAYROLL));
        Trail names = advanced(equalsField("eventCategory", "Data"), equalsField("resources.type", S3_OBJECT),
                equalsField("eventName", "GetObject"));
        assertFalse(DataEventSelectors.logsEverything(names, S3_OBJECT, Kind.READ));
        assertFalse(DataEventSelectors.logs(names, S3_OBJECT, Kind.READ, PAYROLL));
        Trail source = advanced(equalsField("eventCategory", "Data"), equalsField("resources.type", S3_OBJECT),
                equalsField("eventSource", "s3.amazonaws.com"));
        assertTrue(DataEventSelectors.logsEverything(source, S3_OBJECT, Kind.READ));
    }

    @Test
    void managementSelectorsAndOtherTypesAreNotS3DataEvents() {
        Trail management = advanced(equalsField("eventCategory", "Management"));
        assertFalse(DataEventSelectors.selectsAny(management, S3_OBJECT));
        Trail lambda = advanced(equalsField("eventCategory", "Data"),
                equalsField("resources.type", DataEventSelectors.LAMBDA_FUNCTION));
        assertFalse(DataEventSelectors.selectsAny(lambda, S3_OBJECT));
        assertTrue(DataEventSelectors.selectsAny(lambda, DataEventSelectors.LAMBDA_FUNCTION));
        assertTrue(DataEventSelectors.anyDataEvents(lambda));
        assertFalse(DataEventSelectors.anyDataEvents(management));
    }
}
