package io.trailkeeper.audit.internal;

import static io.trailkeeper.audit.SnapshotBuilder.equalsField;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.audit.SnapshotBuilder.TrailSpec;
import io.trailkeeper.audit.internal.ManagementEventSelectors.ManagementEvents;
import io.trailkeeper.events.AccountSnapshot.AdvancedEventSelector;
import io.trailkeeper.events.AccountSnapshot.FieldSelector;
import io.trailkeeper.events.AccountSnapshot.Trail;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManagementEventSelectorsTest {
    private static Trail advanced(FieldSelector... fields) {
        return new TrailSpec().onlyAdvanced("m", fields).build();
    }

    private static FieldSelector notEquals(String field, String... values) {
        return new FieldSelector(field, null, List.of(values), null, null, null, null);
    }

    @Test
    void aTrailOfDataEventsOnlyLogsNoManagementEvent() {
        Trail advanced = new TrailSpec().s3DataEventsOnly().build();
        assertTrue(ManagementEventSelectors.of(advanced).none());
        assertFalse(ManagementEventSelectors.logs(advanced, "cloudtrail.amazonaws.com", "StopLogging", false));
        Trail basic = new TrailSpec().basicManagement("All", false).build();
        assertTrue(ManagementEventSelectors.of(basic).none());
        assertFalse(ManagementEventSelectors.logs(basic, "iam.amazonaws.com", "CreateAccessKey", false));
    }

    @Test
    void basicSelectorsByReadWriteTypeAndExcludedSources() {
        ManagementEvents all = ManagementEventSelectors.of(new TrailSpec().basicManagement("All", true).build());
        assertTrue(all.complete());
        Trail writes = new TrailSpec().basicManagement("WriteOnly", true).build();
        ManagementEvents w = ManagementEventSelectors.of(writes);
        assertFalse(w.none() || w.complete() || w.onlySourcesExcluded());
        assertTrue(w.gaps().contains("only write management events are logged"), w.gaps());
        assertFalse(ManagementEventSelectors.logs(writes, "sts.amazonaws.com", "AssumeRole", true));
        assertTrue(ManagementEventSelectors.logs(writes, "iam.amazonaws.com", "CreateAccessKey", false));
        Trail noKms = new TrailSpec().basicManagement("All", true, "kms.amazonaws.com").build();
        ManagementEvents k = ManagementEventSelectors.of(noKms);
        assertTrue(k.onlySourcesExcluded());
        assertTrue(k.gaps().contains("kms.amazonaws.com are not logged (KMS Decrypt"), k.gaps());
        assertFalse(ManagementEventSelectors.logs(noKms, "kms.amazonaws.com", "Decrypt", true));
        assertTrue(ManagementEventSelectors.logs(noKms, "sts.amazonaws.com", "AssumeRole", true));
    }

    @Test
    void advancedSelectorsByReadOnlyEventSourceAndOtherFields() {
        assertTrue(ManagementEventSelectors.of(new TrailSpec().build()).complete());
        Trail writes = advanced(equalsField("eventCategory", "Management"), equalsField("readOnly", "false"));
        assertTrue(ManagementEventSelectors.of(writes).gaps().contains("only write"));
        Trail noRds = advanced(equalsField("eventCategory", "Management"),
                notEquals("eventSource", "rdsdata.amazonaws.com", "kms.amazonaws.com"));
        ManagementEvents r = ManagementEventSelectors.of(noRds);
        assertTrue(r.onlySourcesExcluded());
        assertTrue(r.gaps().contains("rdsdata.amazonaws.com") && r.gaps().contains("kms.amazonaws.com"), r.gaps());
        assertFalse(ManagementEventSelectors.logs(noRds, "rdsdata.amazonaws.com", "ExecuteStatement", false));
        Trail names = advanced(equalsField("eventCategory", "Management"), equalsField("eventName", "ConsoleLogin"));
        ManagementEvents n = ManagementEventSelectors.of(names);
        assertFalse(n.complete() || n.onlySourcesExcluded() || n.none());
        assertTrue(n.gaps().contains("filtered on eventName"), n.gaps());
        assertTrue(ManagementEventSelectors.logs(names, "signin.amazonaws.com", "ConsoleLogin", false));
        assertFalse(ManagementEventSelectors.logs(names, "cloudtrail.amazonaws.com", "StopLogging", false));
    }

    @Test
    void selectorsThatExcludeDifferentSourcesTogetherLogEverySource() {
        TrailSpec t = new TrailSpec();
        t.advancedEventSelectors.clear();
        t.advancedEventSelectors.add(new AdvancedEventSelector("a", List.of(equalsField("eventCategory", "Management"),
                notEquals("eventSource", "kms.amazonaws.com"))));
        t.advancedEventSelectors.add(new AdvancedEventSelector("b", List.of(equalsField("eventCategory", "Management"),
                notEquals("eventSource", "rdsdata.amazonaws.com"))));
        assertTrue(ManagementEventSelectors.of(t.build()).complete());
        assertTrue(ManagementEventSelectors.logs(t.build(), "kms.amazonaws.com", "Decrypt", true));
    }
}
