package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data theft drill's persistence: an insider's Identity Center session makes IAM user svc-reporting-sync with a
 * password and an access key, and the user, through a role of the management account, assigns an administrators'
 * permission set in Identity Center. The summary named none of these calls (only some rules' matches): the access left
 * behind, which outlives every session, had to be found by query. Each call name gets a sentence with who and where;
 * a refused CreateUser alone is not told.
 */
class ReportAccessCallsTest {
    private static final String DANA = "arn:aws:sts::345678901234:assumed-role/AWSReservedSSO_DeveloperAccess_3b2c"
            + "/dana.dev@acme.example";
    private static final String HOP = "arn:aws:sts::210987654321:assumed-role/OrgAutomationRole/sync";
    /** The lead of the summary's sentences on access that outlives the session (ReportAccountSettingsTest's too). */
    static final String LEAD = "Access that outlives the session given (an IAM user, its password or keys, a"
            + " federated user's session, an Identity Center assignment): ";

    @TempDir
    Path dir;

    private static String call(String arn, String id, String time, String source, String name, String request,
                               String error) {
        String account = arn.substring(13, 25);
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":\"AROAX:s\","
                + "\"arn\":\"" + arn + "\",\"accountId\":\"" + account + "\",\"accessKeyId\":\"ASIAEXAMPLE" + id
                + "\"},\"eventTime\":\"" + time + "\",\"eventSource\":\"" + source + "\",\"eventName\":\"" + name
                + "\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"" + (arn.equals(HOP) ? "185.243.218.41"
                : "198.51.100.23") + "\",\"userAgent\":\"aws-cli/2\"," + (error == null ? ""
                : "\"errorCode\":\"" + error + "\",\"errorMessage\":\"denied\",") + "\"requestParameters\":" + request
                + ",\"responseElements\":null,\"eventID\":\"" + id + "\",\"readOnly\":false,\"eventType\":"
                + "\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"" + account + "\","
                + "\"eventCategory\":\"Management\"}";
    }

    private static String iam(String id, String time, String name, String error) {
        return call(DANA, id, time, "iam.amazonaws.com", name, "{\"userName\":\"svc-reporting-sync\"}", error);
    }

    private List<String> summary(List<String> lines) throws Exception {
        Path records = dir.resolve("drill.jsonl");
        Files.writeString(records, String.join("\n", lines) + "\n");
        return ReportSummary.of(dir, records).stream().filter(s -> s.startsWith(LEAD)).toList();
    }

    @Test
    void theUserItsPasswordItsKeyAndTheAssignmentAreTold() throws Exception {
        assertEquals(List.of(
                LEAD + "CreateUser: 1 call (1 succeeded) by " + DANA + " from 198.51.100.23 in us-east-1, at"
                        + " 2026-11-17T09:44:00Z; naming svc-reporting-sync.",
                LEAD + "CreateLoginProfile: 1 call (1 succeeded) by " + DANA + " from 198.51.100.23 in us-east-1, at"
                        + " 2026-11-17T09:44:40Z; naming svc-reporting-sync.",
                LEAD + "CreateAccessKey: 1 call (1 succeeded) by " + DANA + " from 198.51.100.23 in us-east-1, at"
                        + " 2026-11-17T09:45:50Z; naming svc-reporting-sync.",
                LEAD + "CreateAccountAssignment: 1 call (1 succeeded) by " + HOP + " from 185.243.218.41 in"
                        + " us-east-1, at 2026-11-17T10:06:20Z; naming 345678901234,"
                        + " 9a6714b2-50e1-70c3-4f2d-8e1b7c9d0a31, arn:aws:sso:::instance/ssoins-7223c4a1b2d3e4f5 and"
                        + " others."),
                summary(List.of(
                        iam("01", "2026-11-17T09:44:00Z", "CreateUser", null),
                        iam("02", "2026-11-17T09:44:40Z", "CreateLoginProfile", null),
                        iam("03", "2026-11-17T09:45:50Z", "CreateAccessKey", null),
                        call(HOP, "04", "2026-11-17T10:06:20Z", "sso.amazonaws.com", "CreateAccountAssignment",
                                "{\"instanceArn\":\"arn:aws:sso:::instance/ssoins-7223c4a1b2d3e4f5\",\"targetId\":"
                                        + "\"345678901234\",\"targetType\":\"AWS_ACCOUNT\",\"permissionSetArn\":"
                                        + "\"arn:aws:sso:::permissionSet/ssoins-7223c4a1b2d3e4f5/ps-6b1f2e3d4c5a6978\","
                                        + "\"principalType\":\"USER\",\"principalId\":"
                                        + "\"9a6714b2-50e1-70c3-4f2d-8e1b7c9d0a31\"}", null))));
    }

    /** An assignment of the administrators' permission set to principal {@code user} in account {@code account}. */
    private static String assignment(int i, String account, String user) {
        return call(HOP, "1" + i, "2026-11-17T10:0" + i + ":00Z", "sso.amazonaws.com", "CreateAccountAssignment",
                "{\"instanceArn\":\"arn:aws:sso:::instance/ssoins-7223c4a1b2d3e4f5\",\"targetId\":\"" + account
                        + "\",\"targetType\":\"AWS_ACCOUNT\",\"permissionSetArn\":"
                        + "\"arn:aws:sso:::permissionSet/ssoins-7223c4a1b2d3e4f5/ps-6b1f2e3d4c5a6978\","
                        + "\"principalType\":\"USER\",\"principalId\":\"" + user + "\"}", null);
    }

    /** "345678901234, user-1 by HOP from 185.243.218.41 in us-east-1 at 2026-11-17T10:01:00Z". */
    private static String assigned(int i, String account, String user) {
        return account + ", " + user + " by " + HOP + " from 185.243.218.41 in us-east-1 at 2026-11-17T10:0" + i
                + ":00Z";
    }

    @Test
    void fourAssignmentsAreEachToldWithTheAccountAndThePrincipalAssigned() throws Exception {
        List<String> lines = new java.util.ArrayList<>();
        List<String> told = new java.util.ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            String account = (i % 2 == 0 ? "45678901234" : "34567890123") + i;
            lines.add(assignment(i, account, "user-" + i));
            told.add(assigned(i, account, "user-" + i));
        }
        assertEquals(List.of(LEAD + "CreateAccountAssignment: 4 calls (4 succeeded): " + String.join("; ", told) + "."),
                summary(lines));
    }

    @Test
    void pastSixAssignmentsTheRestAreCounted() throws Exception {
        List<String> lines = new java.util.ArrayList<>();
        List<String> told = new java.util.ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            lines.add(assignment(i, "34567890123" + i, "user-" + i));
            if (i <= 6) {
                told.add(assigned(i, "34567890123" + i, "user-" + i));
            }
        }
        assertEquals(List.of(LEAD + "CreateAccountAssignment: 8 calls (8 succeeded): " + String.join("; ", told)
                + "; and 2 more (`trailkeeper query --event-name CreateAccountAssignment` lists them all)."),
                summary(lines));
    }

    @Test
    void aRefusedCreateUserAloneIsNotTold() throws Exception {
        assertEquals(List.of(), summary(List.of(iam("05", "2026-11-17T09:44:00Z", "CreateUser", "AccessDenied"))));
    }
}
