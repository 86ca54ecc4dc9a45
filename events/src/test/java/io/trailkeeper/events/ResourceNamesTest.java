package io.trailkeeper.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The names a record is found by: a batch call's every name, and a warning when some cannot be kept. */
class ResourceNamesTest {
    @TempDir
    Path dir;

    private static String terminate(int instances, String extraKey) {
        String items = IntStream.range(0, instances)
                .mapToObj(i -> "{\"instanceId\":\"i-" + String.format("%017x", i) + "\"}")
                .collect(Collectors.joining(","));
        return "{\"Records\":[{\"eventVersion\":\"1.08\",\"eventTime\":\"2024-03-10T12:00:00Z\","
                + "\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"TerminateInstances\",\"awsRegion\":\"eu-west-1\","
                + "\"eventID\":\"e1\",\"requestParameters\":{\"instancesSet\":{\"items\":[" + items + "]}"
                + (extraKey == null ? "" : ",\"key\":\"" + extraKey + "\"") + "}}]}";
    }

    /** The names each record is found by, the records read as one log file. */
    private List<List<String>> names(String... records) throws IOException {
        CollectingSink sink = TestInputs.readFile(dir, "records.json",
                TestInputs.utf8("{\"Records\":[" + String.join(",", records) + "]}"));
        return sink.events.stream().map(CloudTrailEvent::resources).toList();
    }

    @Test
    void everyInstanceOfALargeTerminateInstancesIsANameItIsFoundBy() throws IOException {
        CollectingSink sink = TestInputs.readFile(dir, "t.json", TestInputs.utf8(terminate(80, null)));
        List<String> names = sink.events.get(0).resources();
        assertEquals(80, names.size());
        assertTrue(names.contains("i-0000000000000004f"), "the 80th instance");
        assertEquals(List.of(), sink.problems);
    }

    @Test
    void namesBeyondTheMostKeptOrTooLongAreSaid() throws IOException {
        String longKey = "logs/" + "k".repeat(ResourceNames.MAX_LENGTH);
        CollectingSink sink = TestInputs.readFile(dir, "t.json",
                TestInputs.utf8(terminate(ResourceNames.MAX_VALUES + 5, longKey)));
        assertEquals(1, sink.events.size(), "the record is stored");
        List<String> names = sink.events.get(0).resources();
        assertEquals(ResourceNames.MAX_VALUES, names.size());
        assertFalse(names.contains(longKey));
        IngestProblem p = TestInputs.only(sink, ProblemCode.NAMES_LEFT_OUT, IngestProblem.Outcome.STORED);
        TestInputs.assertMessage(p, "6 resource name(s)", "not indexed");
    }

    @Test
    void aListOfIdsArnsOrNamesNamesEachOfItsThings() throws IOException {
        // SSM's SendCommand runs a shell on instanceIds; GetParameters reads names; DescribeTrails reads
        // trailNameList (as the Stratus Red Team runs record them); filter values and status codes name nothing
        String record = "{\"eventVersion\":\"1.08\",\"eventTime\":\"2024-03-10T12:00:00Z\","
                + "\"eventSource\":\"ssm.amazonaws.com\",\"eventName\":\"SendCommand\",\"awsRegion\":\"eu-west-1\","
                + "\"eventID\":\"e2\",\"requestParameters\":{\"instanceIds\":[\"i-05c30218156bcc246\","
                + "\"i-006e4c07b5fba8ad2\"],\"names\":[\"/credentials/app\"],\"trailNameList\":[\"org-trail\"],"
                + "\"roleArns\":[\"arn:aws:iam::111122223333:role/r\"],\"filters\":[{\"key\":\"InstanceIds\","
                + "\"values\":[\"i-0ffffffffffffffff\"]}],\"eventStatusCodes\":[\"open\"],"
                + "\"documentName\":\"AWS-RunShellScript\"}}";
        List<String> names = names(record).get(0);
        for (String named : List.of("i-05c30218156bcc246", "i-006e4c07b5fba8ad2", "/credentials/app", "org-trail",
                "arn:aws:iam::111122223333:role/r", "AWS-RunShellScript")) {
            assertTrue(names.contains(named), named + " in " + names);
        }
        assertFalse(names.contains("i-0ffffffffffffffff"), "a filter's value: " + names);
        assertFalse(names.contains("open"), names.toString());
    }

    @Test
    void anEc2QueryRequestsValueInContentIsNamedByItsKey() throws IOException {
        // EC2 records some requests as their query API sends them: the id is the content of its element
        // (Stratus Red Team's DeleteFlowLogs, as the invictus-ir dataset holds it)
        String record = "{\"eventVersion\":\"1.08\",\"eventTime\":\"2023-07-10T12:00:00Z\","
                + "\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"DeleteFlowLogs\",\"awsRegion\":\"us-east-1\","
                + "\"eventID\":\"e3\",\"requestParameters\":{\"DeleteFlowLogsRequest\":{\"FlowLogId\":{\"tag\":1,"
                + "\"content\":\"fl-064ed3a785e4a37ef\"},\"Filter\":{\"Name\":\"x\",\"Value\":{\"tag\":1,"
                + "\"content\":\"not-a-name\"}}}}}";
        List<String> names = names(record).get(0);
        assertTrue(names.contains("fl-064ed3a785e4a37ef"), names.toString());
        assertFalse(names.contains("not-a-name"), names.toString());
    }

    @Test
    void anRdsSnapshotSharedWithAnotherAccountIsNamedByItsIdentifierAndTheAccount() throws IOException {
        // ModifyDBSnapshotAttribute as RDS records it: the snapshot by dBSnapshotIdentifier, the accounts it is
        // shared with (restore) in valuesToAdd; DeleteDBInstance names its instance by dBInstanceIdentifier
        String share = "{\"eventVersion\":\"1.11\",\"eventTime\":\"2026-03-11T15:30:00Z\","
                + "\"eventSource\":\"rds.amazonaws.com\",\"eventName\":\"ModifyDBSnapshotAttribute\","
                + "\"awsRegion\":\"us-east-1\",\"eventID\":\"e4\",\"requestParameters\":{"
                + "\"dBSnapshotIdentifier\":\"prod-customers-2026-03-10\",\"attributeName\":\"restore\","
                + "\"valuesToAdd\":[\"666677778888\"]},\"responseElements\":{\"dBSnapshotIdentifier\":"
                + "\"prod-customers-2026-03-10\",\"dBSnapshotAttributes\":[{\"attributeName\":\"restore\","
                + "\"attributeValues\":[\"666677778888\"]}]}}";
        String delete = "{\"eventVersion\":\"1.11\",\"eventTime\":\"2026-03-11T16:00:00Z\","
                + "\"eventSource\":\"rds.amazonaws.com\",\"eventName\":\"DeleteDBInstance\","
                + "\"awsRegion\":\"us-east-1\",\"eventID\":\"e5\",\"requestParameters\":{"
                + "\"dBInstanceIdentifier\":\"prod-customers\",\"skipFinalSnapshot\":true}}";
        List<List<String>> names = names(share, delete);
        List<String> shared = names.get(0);
        assertTrue(shared.contains("prod-customers-2026-03-10"), shared.toString());
        assertTrue(shared.contains("666677778888"), shared.toString());
        assertTrue(names.get(1).contains("prod-customers"), names.get(1).toString());
    }

    @Test
    void anAccountNamedAsItsRootPrincipalIsFoundByItsId() throws IOException {
        // KMS CreateGrant as the KMS developer guide records it, to another account's root
        String grant = "{\"eventVersion\":\"1.11\",\"eventTime\":\"2026-03-11T15:42:00Z\","
                + "\"eventSource\":\"kms.amazonaws.com\",\"eventName\":\"CreateGrant\",\"awsRegion\":\"us-east-1\","
                + "\"eventID\":\"e6\",\"requestParameters\":{\"keyId\":\"1234abcd-12ab-34cd-56ef-1234567890ab\","
                + "\"granteePrincipal\":\"arn:aws:iam::666677778888:root\",\"retiringPrincipal\":"
                + "\"arn:aws:iam::210987654321:role/ops\",\"operations\":[\"Decrypt\",\"CreateGrant\"]}}";
        List<String> names = names(grant).get(0);
        assertTrue(names.contains("arn:aws:iam::666677778888:root"), names.toString());
        assertTrue(names.contains("666677778888"), names.toString());
        assertFalse(names.contains("210987654321"), "a role's account is not named: " + names);
    }
}
