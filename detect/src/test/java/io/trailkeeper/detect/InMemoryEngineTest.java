package io.trailkeeper.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.CloudTrailEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class InMemoryEngineTest {
    private static final String EVENT = """
            {"eventVersion":"1.09","eventTime":"2024-03-01T10:00:00Z","eventSource":"s3.amazonaws.com",\
            "eventName":"PutBucketPolicy","awsRegion":"eu-west-1","sourceIPAddress":"203.0.113.7",\
            "userAgent":"aws-cli/2.15.30 Python/3.11.8 command/s3api.put-bucket-policy",\
            "userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice","userName":"alice",\
            "accessKeyId":"AKIAEXAMPLE"},\
            "requestParameters":{"bucketName":"trail-bucket","policy":"{\\"Statement\\":[]}",\
            "tags":[{"key":"env","value":"prod"},{"key":"team","value":"sec"}],"maxItems":25,"encrypted":true,\
            "commandLine":"powershell -enc eHdob2FtaQ==","note":null,"cmd":"whoami /all"},\
            "responseElements":null,"readOnly":false,"recipientAccountId":"111122223333",\
            "additionalEventData":{"sourceIp6":"2001:db8::1"}}""";

    @Test
    void fieldsAndValues() {
        match("eventName: PutBucketPolicy", "eventName: GetBucketPolicy");
        match("eventName: putbucketpolicy", "eventName|cased: putbucketpolicy");
        match("eventName|cased: PutBucketPolicy", "eventName|cased: PUTBucketPolicy");
        match("eventName: [GetObject, PutBucketPolicy]", "eventName: [GetObject, PutObject]");
        match("userIdentity.userName: ALICE", "userIdentity.userName: bob");
        match("eventName: Put*Policy", "eventName: Get*Policy");
        match("eventName: PutBucketPolic?", "eventName: PutBucketPoli?");
        match("userAgent: '*s3api.put-bucket-policy'", "userAgent: 's3api*'");
        match("requestParameters.tags.value: sec", "requestParameters.tags.value: dev");
        match("requestParameters.tags.key|all: [env, team]", "requestParameters.tags.key|all: [env, owner]");
        match("requestParameters.maxItems: 25", "requestParameters.maxItems: 26");
        match("requestParameters.maxItems: '25'", "requestParameters.maxItems: '250'");
        match("requestParameters.encrypted: true", "requestParameters.encrypted: false");
        match("readOnly: false", "readOnly: true");
        match("responseElements: null", "requestParameters: null");
        match("errorCode: null", "eventName: null");
        match("requestParameters.note: null", "requestParameters.bucketName: null");
    }

    @Test
    void wildcardsCanBeEscaped() {
        CloudTrailEvent e = Events.one(EVENT.replace("\"alice\",", "\"al*ce?\","));
        assertTrue(matches(sel("userIdentity.userName: 'al\\*ce\\?'"), e));
        assertFalse(matches(sel("userIdentity.userName: 'al\\*ce\\?'"), Events.one(EVENT)));
        assertTrue(matches(sel("userIdentity.userName: 'al*'"), Events.one(EVENT)));
    }

    @Test
    void stringModifiers() {
        match("userAgent|contains: PYTHON", "userAgent|contains: ruby");
        match("userAgent|contains|all: [aws-cli, python]", "userAgent|contains|all: [aws-cli, ruby]");
        match("userAgent|startswith: AWS-CLI/", "userAgent|startswith: python");
        match("userAgent|endswith: policy", "userAgent|endswith: aws-cli");
        match("userAgent|contains|cased: Python", "userAgent|contains|cased: python");
        match("requestParameters|contains: trail-bucket", "requestParameters|contains: other-bucket");
        match("userAgent|re: 'aws-cli/2\\.\\d+'", "userAgent|re: '^python'");
        match("userAgent|re|i: 'AWS-CLI'", "userAgent|re: 'AWS-CLI'");
        match("requestParameters.commandLine|base64offset|contains: whoami",
                "requestParameters.commandLine|base64offset|contains: hostname");
        match("requestParameters.commandLine|contains|windash: ' /enc '", "requestParameters.commandLine|windash: ' /x '");
        match("requestParameters.cmd|windash|contains: ' -all'", "requestParameters.cmd|windash|contains: ' -none'");
    }

    @Test
    void windashWritesEachFlagEveryWayOnItsOwn() {
        CloudTrailEvent e = Events.one(EVENT.replace("whoami /all", "whoami /all -v"));
        assertTrue(matches(sel("requestParameters.cmd|windash|contains: '/all -v'"), e));
        assertTrue(matches(sel("requestParameters.cmd|windash|endswith: '-all /v'"), e));
        assertFalse(matches(sel("requestParameters.cmd|windash|endswith: '-all /x'"), e));
        RuleSet set = new RuleLoader().parse(RuleLoaderFixtures.rule("detection:\n" + sel(
                "requestParameters.cmd|windash: '-a -b -c -d -e -f'") + "\n"), "w.yml");
        assertEquals(List.of("w.yml:10: 'requestParameters.cmd|windash': '-a -b -c -d -e -f' has 6 flags, and windash"
                + " writes each one 5 ways: at most 5 flags in one value (split it into several values with |all)"),
                set.problems().stream().map(RuleProblem::describe).toList());
    }

    @Test
    void base64offsetWithoutContainsIsRefusedNotLeftToMatchNothing() {
        RuleSet set = new RuleLoader().parse(RuleLoaderFixtures.rule("detection:\n" + sel(
                "requestParameters.commandLine|base64offset: whoami") + "\n"), "b.yml");
        assertEquals(List.of("b.yml:10: 'requestParameters.commandLine|base64offset': base64offset looks for the value"
                + " inside a longer base64 text, so it goes with contains: 'requestParameters.commandLine|base64offset"
                + "|contains'"), set.problems().stream().map(RuleProblem::describe).toList());
        assertEquals(List.of(), set.rules());
        for (String[] c : new String[][] {{"requestParameters.cmd|utf16le: whoami", "b.yml:10: 'requestParameters.cmd"
                + "|utf16le': utf16le, wide, utf16be and utf16 encode the value for base64 or base64offset, so they go with"
                + " one of them"}, {"requestParameters.cmd|base64: 'who*'", "b.yml:10: 'requestParameters.cmd|base64': a"
                + " value with a wildcard (* or ?) cannot be base64-encoded (write \\* or \\? for the character itself)"}}) {
            assertEquals(List.of(c[1]), new RuleLoader().parse(RuleLoaderFixtures.rule("detection:\n" + sel(c[0]) + "\n"),
                    "b.yml").problems().stream().map(RuleProblem::describe).toList(), c[0]);
        }
    }

    @Test
    void regularExpressionsArePrefilteredByTheTextTheyNeed() {
        assertEquals(":assumed-role/aws:", RegexLiteral.required(".+:assumed-role/aws:.+"));
        assertEquals("assumed-rol", RegexLiteral.required("assumed-role?"));
        assertEquals(null, RegexLiteral.required("a|b"));
        assertEquals("role", RegexLiteral.required("[a-z]+role\\d"));
        match("userIdentity.arn|re: '.+:user/al.ce$'", "userIdentity.arn|re: '.+:assumed-role/aws:.+'");
    }

    @Test
    void base64() {
        CloudTrailEvent e = Events.one(EVENT.replace("whoami /all", "d2hvYW1p"));
        assertTrue(matches(sel("requestParameters.cmd|base64: whoami"), e));
        assertFalse(matches(sel("requestParameters.cmd|base64: WHOAMI"), e));
    }

    @Test
    void networksNumbersExistenceAndFieldReferences() {
        match("sourceIPAddress|cidr: 203.0.113.0/24", "sourceIPAddress|cidr: 10.0.0.0/8");
        match("additionalEventData.sourceIp6|cidr: '2001:db8::/32'", "additionalEventData.sourceIp6|cidr: 'fe80::/10'");
        match("requestParameters.maxItems|gt: 24", "requestParameters.maxItems|gt: 25");
        match("requestParameters.maxItems|gte: 25", "requestParameters.maxItems|gte: 26");
        match("requestParameters.maxItems|lt: 26", "requestParameters.maxItems|lt: 25");
        match("requestParameters.maxItems|lte: 25", "requestParameters.maxItems|lte: 24");
        match("errorCode|exists: false", "errorCode|exists: true");
        match("userIdentity.accessKeyId|exists: true", "userIdentity.accessKeyId|exists: false");
        match("recipientAccountId|fieldref: recipientAccountId", "recipientAccountId|fieldref: eventName");
    }

    @Test
    void fieldrefComparesWholeValues() {
        CloudTrailEvent e = Events.one(EVENT.replace("\"userName\":\"alice\"", "\"userName\":\"trail-bucket\""));
        assertTrue(matches(sel("userIdentity.userName|fieldref: requestParameters.bucketName"), e));
        assertFalse(matches(sel("userIdentity.userName|fieldref: requestParameters.bucketName"), Events.one(EVENT)));
    }

    @Test
    void fieldrefWithStartsWithEndsWithOrContainsComparesSoWithTheOtherFieldsValue() {
        CloudTrailEvent e = Events.one(EVENT.replace("\"sourceIp6\":", "\"prefix\":\"ARN:AWS\",\"sourceIp6\":"));
        for (String[] c : new String[][] {{"userIdentity.arn|fieldref|endswith: userIdentity.userName", "true"},
                {"userIdentity.arn|fieldref|endswith: recipientAccountId", "false"},
                {"userIdentity.arn|fieldref|contains: recipientAccountId", "true"},
                {"userIdentity.arn|fieldref|contains: requestParameters.bucketName", "false"},
                {"userIdentity.arn|fieldref|startswith: additionalEventData.prefix", "true"},
                {"userIdentity.arn|fieldref|startswith|cased: additionalEventData.prefix", "false"},
                {"userIdentity.arn|fieldref|startswith: userIdentity.userName", "false"},
                {"userIdentity.arn|fieldref: recipientAccountId", "false"}}) {
            assertEquals(Boolean.parseBoolean(c[1]), matches(sel(c[0]), e), c[0]);
        }
        RuleSet set = new RuleLoader().parse(RuleLoaderFixtures.rule("detection:\n" + sel(
                "userIdentity.arn|fieldref|re: userIdentity.userName") + "\n"), "t.yml");
        assertEquals(List.of("t.yml:10: 'userIdentity.arn|fieldref|re': fieldref compares with another field's value as"
                + " it is, so it goes with startswith, endswith, contains, cased, all and neq only, not with re"),
                set.problems().stream().map(RuleProblem::describe).toList());
    }

    @Test
    void conditions() {
        String searches = """
                    sel_a:
                        eventName: PutBucketPolicy
                    sel_b:
                        eventName: DeleteBucket
                    filter_x:
                        userIdentity.userName: alice
                    filter_y:
                        userIdentity.userName: bob
                """;
        Map<String, Boolean> outcomes = new TreeMap<>();
        for (String c : List.of("sel_a", "sel_b", "sel_a and filter_x", "sel_a and not filter_x", "sel_a or sel_b",
                "not sel_b", "1 of sel_*", "all of sel_*", "1 of them", "all of them", "sel_a and not 1 of filter_*",
                "sel_a and not all of filter_*", "(sel_b or filter_x) and sel_a", "sel_b or filter_x and sel_a",
                "sel_b and filter_x or sel_a")) {
            outcomes.put(c, matches(searches + "    condition: " + c, Events.one(EVENT)));
        }
        assertEquals(new TreeMap<>(Map.ofEntries(Map.entry("sel_a", true), Map.entry("sel_b", false),
                Map.entry("sel_a and filter_x", true), Map.entry("sel_a and not filter_x", false),
                Map.entry("sel_a or sel_b", true), Map.entry("not sel_b", true), Map.entry("1 of sel_*", true),
                Map.entry("all of sel_*", false), Map.entry("1 of them", true), Map.entry("all of them", false),
                Map.entry("sel_a and not 1 of filter_*", false), Map.entry("sel_a and not all of filter_*", true),
                Map.entry("(sel_b or filter_x) and sel_a", true), Map.entry("sel_b or filter_x and sel_a", true),
                Map.entry("sel_b and filter_x or sel_a", true))), outcomes);
    }

    @Test
    void listsOfMapsAreAlternatives() {
        String s = """
                    selection:
                        - eventName: GetObject
                        - eventName: PutBucketPolicy
                          userIdentity.type: IAMUser
                    condition: selection
                """;
        assertTrue(matches(s, Events.one(EVENT)));
        assertFalse(matches(s.replace("IAMUser", "Root"), Events.one(EVENT)));
    }

    @Test
    void keywordsSearchTheWholeRecordCaseInsensitively() {
        assertTrue(matches("    keywords:\n        - nothing-here\n        - TRAIL-bucket\n    condition: keywords",
                Events.one(EVENT)));
        assertTrue(matches("    keywords: 'power*enc'\n    condition: keywords", Events.one(EVENT)));
        assertFalse(matches("    keywords:\n        - nothing-here\n    condition: keywords", Events.one(EVENT)));
    }

    @Test
    void keywordsSearchTheDecodedValuesNotTheKeys() {
        CloudTrailEvent e = Events.one(EVENT.replace("\"cmd\":\"whoami /all\"", "\"cmd\":\"C:\\\\Windows\\\\System32\\\\cmd.exe\","
                + "\"say\":\"say \\\"hi\\\" to caf\\u00e9\""));
        for (String[] c : new String[][] {{"'C:\\Windows\\System32'", "true"}, {"'say \"hi\"'", "true"},
                {"'CAFÉ'", "true"}, {"commandLine", "false"}, {"'\"bucketName\"'", "false"}, {"'111122223333'", "true"},
                {"'25'", "true"}}) {
            assertEquals(Boolean.parseBoolean(c[1]), matches("    k: " + c[0] + "\n    condition: k", e), c[0]);
        }
        assertTrue(matches("    k:\n        '|all':\n            - say\n            - 'caf*'\n    condition: k", e));
        assertFalse(matches("    k:\n        '|all':\n            - say\n            - nothing-here\n    condition: k", e));
        RuleSet set = new RuleLoader().parse(RuleLoaderFixtures.rule("detection:\n    k:\n        '|contains':\n"
                + "            - x\n    condition: k\n"), "k.yml");
        assertEquals(List.of("k.yml:10: '|contains': a keyword list takes only '|all', alone in its search identifier;"
                + " name a field for other modifiers"), set.problems().stream().map(RuleProblem::describe).toList());
    }

    @Test
    void invictusCloudTrailChangesAreFoundBySigmaHq() {
        RuleSet rules = new RuleLoader().load(Events.shared().resolve("sigma/rules"));
        List<CloudTrailEvent> events = Events.read(Events.shared().resolve("data/invictus-ir-aws_dataset/CloudTrail"));
        InMemoryEngine engine = new InMemoryEngine(rules);
        List<Match> matches = new ArrayList<>();
        events.forEach(e -> engine.accept(e, matches::add));
        engine.finish(matches::add);
        Map<String, Integer> trailChanges = new TreeMap<>();
        for (Match m : matches) {
            if (m.rule().title().equals("AWS CloudTrail Important Change")) {
                trailChanges.merge(m.event().eventName(), 1, Integer::sum);
                assertEquals("vitaliy0x1", m.rule().author());
            }
        }
        assertEquals(Map.of("DeleteTrail", 3, "StopLogging", 3), trailChanges);
    }

    @Test
    void matchesOfSeparatelyReadEventsKeepOneCopyOfEachRepeatedText() {
        // two reads of the same record: equal texts, but each read's own String objects
        CloudTrailEvent first = Events.one(EVENT);
        CloudTrailEvent second = Events.one(EVENT.replace("203.0.113.7", "203.0.113.8"));
        assertFalse(first.awsRegion() == second.awsRegion(), "the reader gives each event its own texts");
        RuleSet set = new RuleLoader().parse(RuleLoaderFixtures.rule("detection:\n" + sel("eventName: PutBucketPolicy")
                + "\n"), "t.yml");
        List<Match> out = new ArrayList<>();
        InMemoryEngine engine = new InMemoryEngine(set);
        engine.accept(first, out::add);
        engine.accept(second, out::add);
        assertEquals(2, out.size());
        CloudTrailEvent a = out.get(0).event();
        CloudTrailEvent b = out.get(1).event();
        assertTrue(a.isSummary() && b.isSummary());
        for (java.util.function.Function<CloudTrailEvent, String> text : List.<java.util.function.Function<
                CloudTrailEvent, String>>of(CloudTrailEvent::awsRegion, CloudTrailEvent::eventName,
                CloudTrailEvent::eventSource, CloudTrailEvent::principalArn, CloudTrailEvent::recipientAccountId)) {
            assertEquals(text.apply(first), text.apply(a));
            assertTrue(text.apply(a) == text.apply(b), "one copy of " + text.apply(a));
        }
        assertEquals("203.0.113.7", a.sourceIp());
        assertEquals("203.0.113.8", b.sourceIp());
    }

    private static void match(String matching, String notMatching) {
        CloudTrailEvent e = Events.one(EVENT);
        assertTrue(matches(sel(matching), e), matching);
        assertFalse(matches(sel(notMatching), e), notMatching);
    }

    private static String sel(String fieldCondition) {
        return "    selection:\n        " + fieldCondition + "\n    condition: selection";
    }

    static boolean matches(String detectionBody, CloudTrailEvent event) {
        RuleSet set = new RuleLoader().parse(RuleLoaderFixtures.rule("detection:\n" + detectionBody + "\n"), "t.yml");
        assertEquals(List.of(), set.problems().stream().map(RuleProblem::describe).toList());
        List<Match> out = new ArrayList<>();
        new InMemoryEngine(set).accept(event, out::add);
        return !out.isEmpty();
    }
}
