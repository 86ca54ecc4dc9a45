package io.trailkeeper.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.detect.Detection.Modifier;
import io.trailkeeper.detect.sql.SqlBackend;
import io.trailkeeper.detect.sql.UnsupportedRuleException;
import io.trailkeeper.events.CloudTrailEvent;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The modifiers the Sigma specification's modifiers appendix 2.1.0 added (neq; minute, hour, day, week, month, year)
 * and the long names pySigma takes for the flags of |re (ignorecase, multiline, dotall): a rule using them was
 * refused as having an "unknown modifier".
 */
class SigmaTwoOneModifiersTest {
    private static final String EVENT = """
            {"eventVersion":"1.09","eventTime":"2024-03-01T10:07:00Z","eventSource":"s3.amazonaws.com",\
            "eventName":"PutBucketPolicy","awsRegion":"eu-west-1","sourceIPAddress":"203.0.113.7",\
            "userAgent":"aws-cli/2.15.30 Python/3.11.8","userIdentity":{"type":"IAMUser","userName":"alice",\
            "arn":"arn:aws:iam::111122223333:user/alice","sessionContext":{"attributes":\
            {"creationDate":"2021-01-01T01:30:00+02:00"}}},\
            "requestParameters":{"bucketName":"trail-bucket","maxItems":25,"note":null},\
            "readOnly":false,"recipientAccountId":"111122223333"}""";

    @Test
    void neqMatchesAFieldThatDiffersFromEveryValue() {
        match("eventName|neq: GetBucketPolicy", "eventName|neq: PutBucketPolicy");
        match("eventName|neq: [GetObject, PutObject]", "eventName|neq: [GetObject, PutBucketPolicy]");
        match("eventName|neq|cased: putbucketpolicy", "eventName|neq: putbucketpolicy");
        match("eventName|neq: 'Get*'", "eventName|neq: 'Put*'");
        match("requestParameters.maxItems|neq: 26", "requestParameters.maxItems|neq: 25");
        match("recipientAccountId|fieldref|neq: eventName", "recipientAccountId|fieldref|neq: recipientAccountId");
        match("eventName|neq: null", "errorCode|neq: AccessDenied");
        match("eventName: PutBucketPolicy", "requestParameters.note|neq: x");
    }

    @Test
    void timeModifiersCompareAPartOfTheTimeInUtc() {
        match("eventTime|hour: 10", "eventTime|hour: 11");
        match("eventTime|minute: 7", "eventTime|minute: 0");
        match("eventTime|day: 1", "eventTime|day: 2");
        match("eventTime|week: 9", "eventTime|week: 10");
        match("eventTime|month: 3", "eventTime|month: 2");
        match("eventTime|year: 2024", "eventTime|year: 2023");
        match("eventTime|hour: [22, 23, 0, 10]", "eventTime|hour: [22, 23, 0]");
        match("eventTime|hour|all: [10]", "eventTime|hour|all: [10, 11]");
        // 01:30 at +02:00 is 23:30 UTC the day before, and 1 January 2021 is in ISO week 53 of 2020
        String created = "userIdentity.sessionContext.attributes.creationDate";
        match(created + "|hour: 23", created + "|hour: 1");
        match(created + "|day: 31", created + "|day: 1");
        match(created + "|year: 2020", created + "|year: 2021");
        match(created + "|week: 53", created + "|week: 1");
        match("eventTime|hour: 10", "eventName|hour: 10");
    }

    @Test
    void theLongNamesOfTheRegexFlags() {
        match("userAgent|re|ignorecase: 'AWS-CLI'", "userAgent|re: 'AWS-CLI'");
        match("userAgent|re|i|dotall: 'PYTHON.3'", "userAgent|re|multiline: '^Python'");
    }

    @Test
    void valuesAndCombinationsTheyCannotTakeAreRefusedWithTheReason() {
        problem("eventTime|hour: 24", "'eventTime|hour' takes the hour as a whole number from 0 to 23, found '24'");
        problem("eventTime|month: '3'", "'eventTime|month' takes the month as a whole number from 1 to 12, found '3'");
        problem("eventTime|day: 1.5", "'eventTime|day' takes the day as a whole number from 1 to 31, found '1.5'");
        problem("eventTime|hour|contains: 3", "'eventTime|hour|contains': hour compares a part of the time with a"
                + " number, so it goes with [all] only, not with contains");
        problem("eventName|neq|contains: Put", "'eventName|neq|contains': neq compares the whole value, so it goes"
                + " with [all, cased, fieldref] only, not with contains");
        problem("userAgent|ignorecase: x", "'userAgent|i': the flags i, m and s go with |re");
    }

    @Test
    void theSqlBackendRefusesThemWithTheReasonInsteadOfComparingText() {
        for (Modifier m : List.of(Modifier.NEQ, Modifier.HOUR, Modifier.WEEK)) {
            RuleSet set = new RuleLoader().parse(RuleLoaderFixtures.rule("detection:\n" + sel("eventTime|"
                    + m.name().toLowerCase(java.util.Locale.ROOT) + ": 10") + "\n"), "t.yml");
            assertEquals(List.of(), set.problems());
            Executable compile = () -> new SqlBackend().predicate(set.rules().get(0));
            UnsupportedRuleException e = org.junit.jupiter.api.Assertions.assertThrows(
                    UnsupportedRuleException.class, compile);
            assertTrue(e.getMessage().contains("the rule engine (trailkeeper detect) runs them"), e.getMessage());
        }
    }

    private static void match(String matching, String notMatching) {
        CloudTrailEvent e = Events.one(EVENT);
        assertTrue(InMemoryEngineTest.matches(sel(matching), e), matching);
        assertEquals(false, InMemoryEngineTest.matches(sel(notMatching), e), notMatching);
    }

    private static void problem(String fieldCondition, String message) {
        RuleSet set = new RuleLoader().parse(RuleLoaderFixtures.rule("detection:\n" + sel(fieldCondition) + "\n"),
                "t.yml");
        assertEquals(List.of("t.yml:10: " + message), set.problems().stream().map(RuleProblem::describe).toList());
        assertEquals(List.of(), set.rules());
    }

    private static String sel(String fieldCondition) {
        return "    selection:\n        " + fieldCondition + "\n    condition: selection";
    }
}
