package io.trailkeeper.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.events.CloudTrailEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A field path's dots name nested objects, and a key may itself hold dots (a tag map's
 * {@code "alpha.eksctl.io/cluster-name"}): the values at {@code a.b} are those of every way of reading it, the key
 * {@code "a.b"} and the key {@code b} inside {@code a}, so one never hides the other.
 */
class DottedKeyPathTest {
    private static final String BASE = "\"eventVersion\":\"1.09\",\"eventTime\":\"2026-11-01T00:00:00Z\","
            + "\"eventSource\":\"eks.amazonaws.com\",\"eventName\":\"TagResource\",\"awsRegion\":\"us-east-1\","
            + "\"eventID\":\"11111111-1111-1111-1111-111111111111\",\"eventType\":\"AwsApiCall\","
            + "\"recipientAccountId\":\"111122223333\"";

    @Test
    void aDottedKeyAndTheNestedObjectBothGiveTheirValues() {
        String record = "{" + BASE + ",\"requestParameters\":{\"a.b\":\"dotted\",\"a\":{\"b\":\"nested\","
                + "\"b.c\":2},\"a.b.c\":1}}";
        assertValues(record, "requestParameters.a.b", "[\"dotted\", \"nested\"]");
        assertValues(record, "requestParameters.a.b.c", "[1, 2]");
    }

    @Test
    void aKeyFoundAtOnePrefixDoesNotHideALongerOne() {
        String record = "{" + BASE + ",\"requestParameters\":{\"a\":{\"x\":1},\"a.b\":{\"c\":\"deep\"}}}";
        assertValues(record, "requestParameters.a.b.c", "[\"deep\"]");
    }

    @Test
    void aRuleOnTheNestedFieldMatchesBesideADottedKey() {
        String record = "{" + BASE + ",\"requestParameters\":{\"a.b\":\"dotted\",\"a\":{\"b\":\"nested\"}}}";
        for (String value : List.of("nested", "dotted")) {
            RuleSet set = new RuleLoader().parse(RuleLoaderFixtures.rule("detection:\n    sel:\n"
                    + "        requestParameters.a.b: " + value + "\n    condition: sel\n"), "dotted.yml");
            assertEquals(List.of(), set.problems());
            SigmaRule rule = set.rules().get(0);
            int[] matches = {0};
            new InMemoryEngine(List.of(rule)).accept(Events.one(record), m -> matches[0]++);
            assertEquals(1, matches[0], value);
        }
    }

    private static void assertValues(String record, String path, String expected) {
        CloudTrailEvent event = Events.one(record);
        assertEquals(expected, new EventView(event).values(path).toString(), path);
        assertEquals(expected, new EventView(event, PathFilter.of(List.of(path))).values(path).toString(),
                path + " (read lazily)");
    }
}
