package io.trailkeeper.detect.sql;

import static io.trailkeeper.detect.sql.SqlBackendTest.one;
import static io.trailkeeper.detect.sql.SqlBackendTest.rule;
import static io.trailkeeper.detect.sql.SqlBackendTest.search;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.trailkeeper.detect.Detection;
import io.trailkeeper.detect.Detection.Modifier;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The typed-column prefilter is a necessary condition only: never under NOT, never in an OR with a free branch. */
class PrefilterTest {
    private static final String STOP = "(event_name IS NULL OR lower(event_name) IN (lower('StopLogging')))";

    @Test
    void aPlainExactEventNameIsRequired() {
        assertEquals(STOP, Prefilter.of(one("eventName", List.of(), "StopLogging")));
        assertEquals("(event_source IS NULL OR lower(event_source) IN (lower('s3.amazonaws.com'), lower('a''b')))",
                Prefilter.of(one("eventSource", List.of(), "s3.amazonaws.com", "a'b")));
    }

    @Test
    void wildcardsModifiersNullsAndUntypedFieldsRequireNothing() {
        assertNull(Prefilter.of(one("eventName", List.of(), "Stop*")));
        assertNull(Prefilter.of(one("eventName", List.of(Modifier.CONTAINS), "Stop")));
        assertNull(Prefilter.of(one("eventName", List.of(), "StopLogging", null)));
        assertNull(Prefilter.of(one("eventName", List.of(), 5L)));
        assertNull(Prefilter.of(one("requestParameters.name", List.of(), "x")));
    }

    @Test
    void notAndFreeOrBranchesRequireNothing() {
        Map<String, Detection.Search> searches = Map.of("sel", search("sel", "eventName", "StopLogging"),
                "other", search("other", "userAgent", "x"));
        assertNull(Prefilter.of(rule(searches, new Detection.Not(new Detection.Ref("sel")))));
        assertNull(Prefilter.of(rule(searches, new Detection.Or(List.of(new Detection.Ref("sel"),
                new Detection.Ref("other"))))));
        assertNull(Prefilter.of(rule(searches, new Detection.OneOf("them"))));
        assertEquals(STOP, Prefilter.of(rule(searches, new Detection.And(List.of(
                new Detection.Ref("sel"), new Detection.Not(new Detection.Ref("other")))))));
        assertEquals(STOP, Prefilter.of(rule(searches, new Detection.AllOf("them"))));
    }

    @Test
    void everyOrBranchRequiringMakesAnOr() {
        Map<String, Detection.Search> searches = Map.of("a", search("a", "eventName", "StopLogging"),
                "b", search("b", "eventSource", "s3.amazonaws.com"));
        assertEquals("(" + STOP + " OR (event_source IS NULL OR lower(event_source) IN (lower('s3.amazonaws.com'))))",
                Prefilter.of(rule(searches, new Detection.OneOf("them"))));
    }
}
