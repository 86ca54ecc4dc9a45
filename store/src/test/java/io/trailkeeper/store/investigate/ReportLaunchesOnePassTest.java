package io.trailkeeper.store.investigate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.events.Table;
import io.trailkeeper.store.EventSearch;
import io.trailkeeper.store.EventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's launches (ComputeAbuse) ran investigate key's launches (story-launches.sql) once per principal that
 * called RunInstances, a temp table and a query each: 11,568 principals on a 2.1 million event store, and the report
 * had not come after 10 minutes. All of them are one statement now (report-launches.sql over launches.sql, each
 * principal a reader of its own), each with its own instances, unnamed calls and refused launches.
 */
class ReportLaunchesOnePassTest {
    @TempDir
    Path dir;

    /** A RunInstances call of {@code user}, as EC2 records it: its instances named in the response unless refused. */
    private static String run(String user, int n, String region, String type, int count, String error) {
        String items = IntStream.range(0, count).mapToObj(i -> "{\"instanceId\":\"i-0" + user + n + i
                + "\",\"instanceType\":\"" + type + "\"}").collect(Collectors.joining(","));
        return "{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::111122223333:"
                + "user/" + user + "\",\"accountId\":\"111122223333\",\"accessKeyId\":\"AKIA" + user.toUpperCase()
                + "EXAMPLE01\",\"userName\":\"" + user + "\"},\"eventTime\":\"2026-03-10T10:0" + n + ":00Z\","
                + "\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"RunInstances\",\"awsRegion\":\"" + region
                + "\",\"sourceIPAddress\":\"203.0.113.7\","
                + (error == null ? "" : "\"errorCode\":\"" + error + "\",\"errorMessage\":\"refused\",")
                + "\"requestParameters\":{\"instanceType\":\"" + type + "\"},\"responseElements\":"
                + (error == null ? "{\"instancesSet\":{\"items\":[" + items + "]}}" : "null") + ",\"eventID\":\""
                + user + n + "\",\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":"
                + "\"111122223333\",\"eventCategory\":\"Management\"}\n";
    }

    private Path store() throws IOException {
        Path input = dir.resolve("runs.jsonl");
        Files.writeString(input, run("ann", 1, "us-east-1", "t3.micro", 3, null)
                + run("ann", 2, "us-east-1", "t3.micro", 1, "VcpuLimitExceeded")
                + run("bob", 3, "us-west-2", "p3.8xlarge", 2, null)
                + run("bob", 4, "eu-west-1", "g4dn.xlarge", 0, null));
        return IncidentStores.load(dir.resolve("runs.duckdb"), input);
    }

    @Test
    void everyPrincipalsLaunchesAreOneStatementEachWithItsOwnCounts() throws IOException {
        SqlTemplate t = SqlTemplate.load("report-launches.sql", Map.of("subject_calls", "subject-own-calls.sql",
                "object_reader", "object-reader-principal.sql"));
        try (EventStore store = IncidentStores.read(store())) {
            EventSearch search = new EventSearch(store);
            ReportScope.run(search, "CREATE TEMP TABLE tk_scope AS SELECT * FROM events", List.of());
            Table rows = ReportScope.run(search, t.sql(), t.bind(Map.of()));
            List<String> told = new ArrayList<>();
            for (List<Object> r : rows.rows()) {
                told.add(r.stream().map(String::valueOf).collect(Collectors.joining(" ")));
            }
            assertEquals(List.of(
                    "arn:aws:iam::111122223333:user/ann us-east-1 t3.micro 3 null 0",
                    "arn:aws:iam::111122223333:user/ann us-east-1 t3.micro 0 VcpuLimitExceeded 0",
                    "arn:aws:iam::111122223333:user/bob eu-west-1 g4dn.xlarge 0 null 1",
                    "arn:aws:iam::111122223333:user/bob us-west-2 p3.8xlarge 2 null 0"), told);
        }
    }

    /**
     * On the bench store 8,368 launches were told as '(no principal recorded)': records whose userIdentity has no ARN
     * (type AWSService, as the bench's generator gives 21% of its calls; another account's principal, AWSAccount) were
     * one lump, though the record names who: the service (invokedBy), the account and principal id. They are told by
     * those, as the rest of the report names them.
     */
    @Test
    void aServiceAndAnotherAccountsPrincipalAreToldByWhatTheRecordNames() throws IOException {
        Path input = dir.resolve("arnless.jsonl");
        String user = "\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::111122223333:user/svc\",\"accountId\":"
                + "\"111122223333\",\"accessKeyId\":\"AKIASVCEXAMPLE01\",\"userName\":\"svc\"";
        Files.writeString(input, run("svc", 1, "us-east-1", "t3.micro", 1, null)
                .replace(user, "\"type\":\"AWSService\",\"invokedBy\":\"autoscaling.amazonaws.com\"")
                + run("svc", 2, "us-east-1", "t3.micro", 2, null).replace(user, "\"type\":\"AWSAccount\","
                        + "\"principalId\":\"AIDAOTHERACCOUNT01\",\"accountId\":\"444455556666\""));
        try (EventStore store = IncidentStores.read(IncidentStores.load(dir.resolve("arnless.duckdb"), input))) {
            List<String> principals = ComputeAbuse.read(new EventSearch(store), "", List.of()).launches().stream()
                    .map(l -> l.principal() + " " + l.instances()).toList();
            assertEquals(List.of("444455556666/AIDAOTHERACCOUNT01 2", "autoscaling.amazonaws.com 1"), principals);
        }
    }

    @Test
    void theReportTellsEachPrincipalApartTheMostInstancesFirst() throws IOException {
        try (EventStore store = IncidentStores.read(store())) {
            List<ComputeAbuse.Launches> launches = ComputeAbuse.read(new EventSearch(store), "", List.of())
                    .launches();
            assertEquals(List.of(
                    new ComputeAbuse.Launches("arn:aws:iam::111122223333:user/ann", 3, List.of("us-east-1"),
                            List.of("t3.micro"), 0, 1),
                    new ComputeAbuse.Launches("arn:aws:iam::111122223333:user/bob", 2, List.of("us-west-2"),
                            List.of("p3.8xlarge"), 1, 0)), launches);
        }
    }
}
