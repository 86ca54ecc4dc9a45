package io.trailkeeper.store.investigate;

import static io.trailkeeper.store.investigate.IncidentStores.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stolen CI session weakening what records the account, step by step (found in a defense-evasion drill): the
 * session's story listed its PutEventSelectors and Delete* calls but not StopLogging on a regional trail,
 * GuardDuty's UpdateDetector disabling it, UpdateTrail making the trail single-region or
 * StopConfigurationRecorder, since no Stop* verb and no Update* outside IAM was read as a change. A CI role's
 * routine UpdateStack stays out, and so do refused calls. who-deleted of the Config recorder finds its stop.
 */
class StoryLoggingChangesTest {
    private static final String SESSION = "ASIAYATTACKERSESS001";

    @TempDir
    Path dir;

    /** A call of the CI role's stolen session as CloudTrail records it. */
    private static String call(String time, String source, String name, String region, String request,
                               String error) {
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":"
                + "\"AROAYCIDEPLOYROLE0001:gha-run-88121\",\"arn\":\"arn:aws:sts::111122223333:assumed-role/ci-deploy-role/"
                + "gha-run-88121\",\"accountId\":\"111122223333\",\"accessKeyId\":\"" + SESSION + "\",\"sessionContext\":"
                + "{\"sessionIssuer\":{\"type\":\"Role\",\"principalId\":\"AROAYCIDEPLOYROLE0001\",\"arn\":"
                + "\"arn:aws:iam::111122223333:role/ci-deploy-role\",\"accountId\":\"111122223333\",\"userName\":"
                + "\"ci-deploy-role\"},\"webIdFederationData\":{},\"attributes\":{\"creationDate\":\"2026-03-10T09:00:00Z\","
                + "\"mfaAuthenticated\":\"false\"}}},\"eventTime\":\"" + time + "\",\"eventSource\":\"" + source + "\","
                + "\"eventName\":\"" + name + "\",\"awsRegion\":\"" + region + "\",\"sourceIPAddress\":\"203.0.113.45\","
                + "\"userAgent\":\"aws-cli/2.17.20\",\"requestParameters\":" + request + ",\"responseElements\":null,"
                + (error == null ? "" : "\"errorCode\":\"" + error + "\",\"errorMessage\":\"not authorized\",")
                + "\"requestID\":\"r-" + time + "\",\"eventID\":\"e-" + time + "\",\"readOnly\":false,\"eventType\":"
                + "\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"111122223333\",\"eventCategory\":"
                + "\"Management\"}";
    }

    @Test
    void theStepsThatWeakenLoggingAreAmongTheChanges() throws IOException {
        Path file = dir.resolve("evasion.jsonl");
        Files.writeString(file, String.join("\n",
                call("2026-03-10T09:40:00Z", "cloudtrail.amazonaws.com", "StopLogging", "eu-west-1",
                        "{\"name\":\"arn:aws:cloudtrail:eu-west-1:111122223333:trail/eu-audit-trail\"}", null),
                call("2026-03-10T10:30:00Z", "guardduty.amazonaws.com", "UpdateDetector", "us-west-2",
                        "{\"detectorId\":\"12abc34d567e8fa901bc2d34e56789f0\",\"enable\":false}", null),
                call("2026-03-10T11:00:00Z", "cloudtrail.amazonaws.com", "UpdateTrail", "us-east-1",
                        "{\"name\":\"main-trail\",\"isMultiRegionTrail\":false}", null),
                call("2026-03-10T11:30:00Z", "config.amazonaws.com", "StopConfigurationRecorder", "us-east-1",
                        "{\"configurationRecorderName\":\"default\"}", null),
                call("2026-03-10T11:35:00Z", "cloudformation.amazonaws.com", "UpdateStack", "us-east-1",
                        "{\"stackName\":\"orders\"}", null),
                call("2026-03-10T11:36:00Z", "cloudtrail.amazonaws.com", "StopLogging", "us-east-1",
                        "{\"name\":\"main-trail\"}", "AccessDenied")) + "\n");
        Path store = IncidentStores.load(dir.resolve("evasion.duckdb"), file);
        try (var s = IncidentStores.read(store)) {
            InvestigationResult r = new Investigator(s, IncidentStores.CLOCK).run("key", InvestigationArgs.of(SESSION));
            assertEquals(List.of("StopLogging", "UpdateDetector", "UpdateTrail", "StopConfigurationRecorder"),
                    rows(r.section("created")).stream().map(m -> m.get("call")).toList());
            // AWS Config's recorder stopped destroys the record of what the resources were, as StopLogging does
            InvestigationResult recorder = new Investigator(s, IncidentStores.CLOCK).run("who-deleted",
                    InvestigationArgs.of("default"));
            assertEquals(List.of("StopConfigurationRecorder"),
                    rows(recorder.section("deletions")).stream().map(m -> m.get("event_name")).toList());
        }
    }
}
