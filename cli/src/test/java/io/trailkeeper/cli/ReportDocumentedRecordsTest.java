package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report over CloudTrail records as AWS documents them, one file per documentation page (the store module's
 * src/test/resources/aws-docs, which its AwsDocumentedRecordsTest describes): the console sign-in events page's
 * failures, IAM Identity Center's rejected credentials, the IAM user whose failed sign-in and MFA checks carry no ARN,
 * and the record contents page's Insights event.
 */
class ReportDocumentedRecordsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static JsonNode report;

    @BeforeAll
    static void report() throws Exception {
        Path docs = Path.of("../store/src/test/resources/aws-docs");
        assertTrue(Files.isDirectory(docs), "the documented records: " + docs.toAbsolutePath());
        Cli.Result ingest = Cli.run(store(), "ingest", docs.toString());
        assertEquals(0, ingest.code(), ingest.toString());
        Cli.Result r = Cli.run(store(), "--format", "json", "report", "--out", "-");
        assertEquals(0, r.code(), r.toString());
        report = JSON.readTree(r.out());
    }

    private static Path store() {
        return dir.resolve("store.duckdb");
    }

    private static long count(String... query) throws Exception {
        String[] args = new String[query.length + 3];
        args[0] = "--format";
        args[1] = "json";
        args[2] = "query";
        System.arraycopy(query, 0, args, 3, query.length);
        Cli.Result r = Cli.run(store(), args);
        assertEquals(0, r.code(), r.toString());
        return JSON.readTree(r.out()).size();
    }

    private static JsonNode row(String table, String column, String value) {
        return StreamSupport.stream(report.get(table).get("rows").spliterator(), false)
                .filter(r -> value.equals(r.get(column).asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + column + " " + value + " in " + report.get(table)));
    }

    @Test
    void failedSignInsAreFailedCallsAsQueryErrorAnyHasThem() throws Exception {
        // the console sign-in page's and IAM guide's failures (ConsoleLogin Failure, no errorCode) and the credentials
        // IAM Identity Center's sign-in rejected (CredentialVerification, serviceEventDetails Failure)
        assertEquals(4, row("topCalls", "event_name", "ConsoleLogin").get("errors").asLong());
        assertEquals(2, row("topCalls", "event_name", "CredentialVerification").get("errors").asLong());
        long failed = count("--error", "any", "--limit", "1000");
        assertEquals(failed, StreamSupport.stream(report.get("timeline").spliterator(), false)
                .mapToLong(b -> b.get("errors").asLong()).sum(), "the failed calls of query --error any");
        assertTrue(report.get("summary").get(1).asText().startsWith(failed + " calls failed"),
                report.get("summary").toString());
    }

    @Test
    void anIamUsersSignInsRecordedWithoutAnArnAreTheirsAmongThePrincipals() throws Exception {
        // the console sign-in events page: anaya's failure and MFA checks name her by type, account and userName only
        String anaya = "arn:aws:iam::111122223333:user/anaya";
        assertEquals(5, count("--user", anaya), "2 successes, the failure and 2 CheckMfa, as query --user finds them");
        JsonNode her = row("topPrincipals", "principal", anaya);
        assertEquals(5, her.get("events").asLong());
        assertEquals(1, her.get("errors").asLong(), "her failed sign-in");
        assertTrue(StreamSupport.stream(report.get("topPrincipals").get("rows").spliterator(), false)
                .noneMatch(r -> r.get("principal").asText().equalsIgnoreCase("anaya")), report.get("topPrincipals")
                .toString());
    }

    @Test
    void anInsightsEventIsToldApartAndIsNoPrincipalIpOrCall() throws Exception {
        // the record contents page's Insights event: no userIdentity, source IP or eventName of its own
        assertEquals(1, count("--category", "insight"));
        for (String table : new String[] {"topPrincipals", "topIps", "topCalls"}) {
            StreamSupport.stream(report.get(table).get("rows").spliterator(), false).forEach(r -> assertTrue(
                    r.findValuesAsText("principal").stream().noneMatch(p -> p.equals("(unknown)"))
                            && !r.path("event_name").isNull() && !"(none)".equals(r.path("source_ip").asText()),
                    table + ": " + r));
        }
        long principals = count("--sql", "SELECT DISTINCT coalesce(principal_arn, user_name, identity_type) FROM"
                + " events WHERE event_category IS DISTINCT FROM 'Insight'") - 1; // anaya, by her ARN too
        String activity = report.get("summary").get(0).asText();
        assertTrue(activity.contains(" by " + principals + " principals "), principals + ": " + activity);
        assertTrue(StreamSupport.stream(report.get("summary").spliterator(), false).map(JsonNode::asText)
                .anyMatch(s -> s.startsWith("1 event is a CloudTrail Insights event (") && s.contains(": unusual API"
                        + " call rate of CompleteLifecycleAction (autoscaling.amazonaws.com) (`trailkeeper query")),
                report.get("summary").toString());
    }

    /** An Insights event is no call: the share of failed calls is of the calls, not of every event. */
    @Test
    void theShareOfFailedCallsIsOfTheCallsNotOfInsightsEvents() throws Exception {
        long calls = count("--limit", "100000") - count("--category", "insight");
        long failed = count("--error", "any", "--limit", "100000");
        String sentence = report.get("summary").get(1).asText();
        assertTrue(sentence.startsWith(String.format(java.util.Locale.ROOT, "%d calls failed (%.1f%%);", failed,
                100.0 * failed / calls)), calls + " calls, " + failed + " failed: " + sentence);
    }
}
