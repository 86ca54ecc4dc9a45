package io.trailkeeper.detect.sql;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * |fieldref compares a field's value with another field's: a JSON null is no value (as a missing field is), so it
 * equals nothing, not even another null, and is not the text "null" (which "annulled" contains); the SQL backend
 * agrees.
 */
class FieldrefNullDifferentialTest {
    private static final String[] RECORDS = {
        "{" + SpecCases.BASE + "\"eventTime\": \"2026-11-20T10:00:01Z\", \"eventID\": \"e1\", \"errorCode\": null,"
            + " \"responseElements\": null, \"userAgent\": \"annulled\", \"requestParameters\": {\"s\": \"null\"}}",
        "{" + SpecCases.BASE + "\"eventTime\": \"2026-11-20T10:00:02Z\", \"eventID\": \"e2\", \"errorCode\": \"x\","
            + " \"responseElements\": \"X\", \"userAgent\": \"ax\", \"requestParameters\": {\"s\": \"X\"}}",
    };
    private static final String[][] CASES = {
        {"null equals null", "errorCode|fieldref: responseElements", "e2"},
        {"contains a null", "userAgent|fieldref|contains: errorCode", "e2"},
        {"the text null", "requestParameters.s|fieldref: errorCode", "e2"},
        {"endswith a null", "userAgent|fieldref|endswith: responseElements", "e2"},
    };

    @TempDir
    Path dir;

    @Test
    void aJsonNullIsNoValueToCompare() throws Exception {
        SpecCases.assertMatches(dir, RECORDS, CASES);
    }
}
