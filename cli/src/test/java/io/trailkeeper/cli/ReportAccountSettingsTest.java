package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A root takeover drill (13): root, signed in from a Tor exit, removed its MFA device, weakened the password policy
 * and changed the security contact; its new key then enabled me-central-1, deleted the password policy, made a backdoor
 * user and, with that user's key, a federated user's session. The summary told the backdoor user, its password and key,
 * and nothing of the rest: the intruder's hold on the account itself, and the region its instances ran in. Each call
 * name now gets a sentence with who and where; a refused call alone is not told. The contact's values, which AWS
 * records as HIDDEN_DUE_TO_SECURITY_REASONS, are not named.
 */
class ReportAccountSettingsTest {
    private static final String ROOT = "arn:aws:iam::493827160512:root";
    private static final String SETTINGS = "The account's own safeguards changed (MFA, password policy, the contacts AWS"
            + " writes to, its regions): ";
    private static final String ACCESS = ReportAccessCallsTest.LEAD;

    @TempDir
    Path dir;

    private static String call(String id, String time, String ip, String source, String name, String request,
                               String error) {
        return "{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"Root\",\"principalId\":\"493827160512\","
                + "\"arn\":\"" + ROOT + "\",\"accountId\":\"493827160512\",\"accessKeyId\":\"AKIAEXAMPLEROOT" + id
                + "\"},\"eventTime\":\"" + time + "\",\"eventSource\":\"" + source + "\",\"eventName\":\"" + name
                + "\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"" + ip + "\",\"userAgent\":\"aws-cli/2\","
                + (error == null ? "" : "\"errorCode\":\"" + error + "\",\"errorMessage\":\"denied\",")
                + "\"requestParameters\":" + request + ",\"responseElements\":null,\"eventID\":\"" + id + "\","
                + "\"readOnly\":false,\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":"
                + "\"493827160512\",\"eventCategory\":\"Management\"}";
    }

    @Test
    void mfaPasswordPolicyContactsRegionAndFederationTokenAreTold() throws Exception {
        Path records = dir.resolve("drill.jsonl");
        String mfa = "{\"serialNumber\":\"arn:aws:iam::493827160512:mfa/root-account-mfa-device\"}";
        Files.writeString(records, String.join("\n",
                call("01", "2026-11-18T02:23:40Z", "185.220.101.47", "iam.amazonaws.com", "DeactivateMFADevice", mfa,
                        null),
                call("02", "2026-11-18T02:31:48Z", "185.220.101.47", "iam.amazonaws.com",
                        "UpdateAccountPasswordPolicy", "{\"minimumPasswordLength\":6}", null),
                call("03", "2026-11-18T02:33:20Z", "185.220.101.47", "account.amazonaws.com", "PutAlternateContact",
                        "{\"alternateContactType\":\"SECURITY\",\"emailAddress\":\"HIDDEN_DUE_TO_SECURITY_REASONS\","
                                + "\"name\":\"HIDDEN_DUE_TO_SECURITY_REASONS\"}", null),
                call("04", "2026-11-18T03:07:12Z", "45.137.21.9", "account.amazonaws.com", "EnableRegion",
                        "{\"regionName\":\"me-central-1\"}", null),
                call("05", "2026-11-18T03:20:09Z", "45.137.21.9", "iam.amazonaws.com", "DeleteAccountPasswordPolicy",
                        "null", null),
                call("06", "2026-11-18T03:40:18Z", "45.137.21.9", "sts.amazonaws.com", "GetFederationToken",
                        "{\"name\":\"backup-sync\"}", null),
                call("07", "2026-11-18T03:41:00Z", "45.137.21.9", "account.amazonaws.com", "PutContactInformation",
                        "{\"contactInformation\":\"HIDDEN_DUE_TO_SECURITY_REASONS\"}", "AccessDeniedException"))
                + "\n");
        List<String> summary = ReportSummary.of(dir, records);
        assertEquals(List.of(
                SETTINGS + "DeactivateMFADevice: 1 call (1 succeeded) by " + ROOT + " from 185.220.101.47 in us-east-1,"
                        + " at 2026-11-18T02:23:40Z; naming arn:aws:iam::493827160512:mfa/root-account-mfa-device.",
                SETTINGS + "UpdateAccountPasswordPolicy: 1 call (1 succeeded) by " + ROOT + " from 185.220.101.47 in"
                        + " us-east-1, at 2026-11-18T02:31:48Z.",
                SETTINGS + "DeleteAccountPasswordPolicy: 1 call (1 succeeded) by " + ROOT + " from 45.137.21.9 in"
                        + " us-east-1, at 2026-11-18T03:20:09Z.",
                SETTINGS + "PutAlternateContact: 1 call (1 succeeded) by " + ROOT + " from 185.220.101.47 in us-east-1,"
                        + " at 2026-11-18T02:33:20Z.",
                SETTINGS + "EnableRegion: 1 call (1 succeeded) by " + ROOT + " from 45.137.21.9 in us-east-1, at"
                        + " 2026-11-18T03:07:12Z; naming me-central-1."),
                summary.stream().filter(s -> s.startsWith(SETTINGS)).toList());
        assertEquals(List.of(ACCESS + "GetFederationToken: 1 call (1 succeeded) by " + ROOT + " from 45.137.21.9 in"
                + " us-east-1, at 2026-11-18T03:40:18Z; naming backup-sync."),
                summary.stream().filter(s -> s.startsWith(ACCESS)).toList());
    }

    /**
     * Root's CreateAccessKey naming no user is a key of the root user's own (CIS 1.4: a key no policy limits): the
     * summary told who and where and not whose key it was, beside the backdoor user's key that names svc-backup.
     */
    @Test
    void rootsOwnAccessKeyIsSaidToBeTheRootUsers() throws Exception {
        Path one = dir.resolve("one.jsonl");
        Files.writeString(one, call("11", "2026-11-18T02:26:30Z", "185.220.101.47", "iam.amazonaws.com",
                "CreateAccessKey", "null", null) + "\n");
        assertEquals(List.of(ACCESS + "CreateAccessKey: 1 call (1 succeeded) by " + ROOT + " from 185.220.101.47 in"
                + " us-east-1, at 2026-11-18T02:26:30Z; for the root user (" + ROOT + ")."),
                ReportSummary.of(dir, one).stream().filter(s -> s.startsWith(ACCESS)).toList());
        Path two = dir.resolve("two.jsonl");
        Files.writeString(two, String.join("\n", call("11", "2026-11-18T02:26:30Z", "185.220.101.47",
                "iam.amazonaws.com", "CreateAccessKey", "null", null), call("12", "2026-11-18T03:14:03Z", "45.137.21.9",
                "iam.amazonaws.com", "CreateAccessKey", "{\"userName\":\"svc-backup\"}", null)) + "\n");
        assertEquals(List.of(ACCESS + "CreateAccessKey: 2 calls (2 succeeded): for the root user (" + ROOT + ") by "
                + ROOT + " from 185.220.101.47 in us-east-1 at 2026-11-18T02:26:30Z; svc-backup by " + ROOT
                + " from 45.137.21.9 in us-east-1 at 2026-11-18T03:14:03Z."),
                ReportSummary.of(dir, two).stream().filter(s -> s.startsWith(ACCESS)).toList());
    }
}
