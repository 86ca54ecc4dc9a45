package io.trailkeeper.store.investigate;

import static io.trailkeeper.store.investigate.IncidentStores.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backdoor user's story told only its own calls: in a defense-evasion drill `investigate actor svc-backup-sync` did
 * not say who made the user, gave it a console password and AdministratorAccess and a key (the intruder's calls, days
 * before the window asked about). The made_by section and a note now tell them, whenever they were made.
 */
class ActorMadeByTest {
    static final String ACCOUNT = "111122223333";

    @TempDir
    Path dir;

    private static String iam(String time, String name, String request, String error) {
        return "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":"
                + "\"AROAZ7QFXKJ4CIROLE001:gh-run-4411\",\"arn\":\"arn:aws:sts::" + ACCOUNT + ":assumed-role/ci-deploy/"
                + "gh-run-4411\",\"accountId\":\"" + ACCOUNT + "\",\"accessKeyId\":\"ASIAZ7QFXKJ4CIKEY001\","
                + "\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"principalId\":\"AROAZ7QFXKJ4CIROLE001\","
                + "\"arn\":\"arn:aws:iam::" + ACCOUNT + ":role/ci-deploy\",\"accountId\":\"" + ACCOUNT + "\","
                + "\"userName\":\"ci-deploy\"},\"attributes\":{\"creationDate\":\"2026-03-01T09:00:00Z\","
                + "\"mfaAuthenticated\":\"false\"}}},\"eventTime\":\"" + time + "\",\"eventSource\":\"iam.amazonaws.com\","
                + "\"eventName\":\"" + name + "\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"45.142.120.9\","
                + "\"userAgent\":\"aws-cli/2.15.0\",\"requestParameters\":" + request + ",\"responseElements\":null,"
                + (error == null ? "" : "\"errorCode\":\"" + error + "\",\"errorMessage\":\"denied\",")
                + "\"requestID\":\"r-" + time + "\",\"eventID\":\"e-" + time + "\",\"readOnly\":false,\"eventType\":"
                + "\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"" + ACCOUNT + "\","
                + "\"eventCategory\":\"Management\"}";
    }

    private static String ownCall(String time) {
        return "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":"
                + "\"AIDAZ7QFXKJ4BACKDOOR1\",\"arn\":\"arn:aws:iam::" + ACCOUNT + ":user/svc-backup-sync\",\"accountId\":\""
                + ACCOUNT + "\",\"accessKeyId\":\"AKIAZ7QFXKJ4BACKDOOR\",\"userName\":\"svc-backup-sync\"},\"eventTime\":\""
                + time + "\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"ListBuckets\",\"awsRegion\":"
                + "\"us-east-1\",\"sourceIPAddress\":\"45.142.120.9\",\"userAgent\":\"aws-cli/2.15.0\","
                + "\"requestParameters\":null,\"responseElements\":null,\"requestID\":\"o-" + time + "\",\"eventID\":\"o-"
                + time + "\",\"readOnly\":true,\"eventType\":\"AwsApiCall\",\"managementEvent\":true,"
                + "\"recipientAccountId\":\"" + ACCOUNT + "\",\"eventCategory\":\"Management\"}";
    }

    @Test
    void aBackdoorUsersStoryTellsWhoMadeItAndGaveItItsPowersBeforeTheWindow() throws IOException {
        Path file = dir.resolve("backdoor.jsonl");
        Files.writeString(file, String.join("\n",
                iam("2026-03-02T10:00:00Z", "CreateUser", "{\"userName\":\"svc-backup-sync\"}", null),
                iam("2026-03-02T10:01:00Z", "CreateLoginProfile", "{\"userName\":\"svc-backup-sync\","
                        + "\"passwordResetRequired\":false}", null),
                iam("2026-03-02T10:02:00Z", "AttachUserPolicy", "{\"userName\":\"svc-backup-sync\",\"policyArn\":"
                        + "\"arn:aws:iam::aws:policy/AdministratorAccess\"}", null),
                iam("2026-03-02T10:03:00Z", "CreateAccessKey", "{\"userName\":\"svc-backup-sync\"}", null),
                // another user of the ci role's making: not the actor's
                iam("2026-03-02T10:04:00Z", "CreateUser", "{\"userName\":\"svc-other\"}", null),
                ownCall("2026-03-05T08:00:00Z")) + "\n");
        Path store = IncidentStores.load(dir.resolve("s.duckdb"), file);
        InvestigationResult r;
        try (var s = IncidentStores.read(store)) {
            r = new Investigator(s, IncidentStores.CLOCK).run("actor", InvestigationArgs.of("svc-backup-sync")
                    .withWindow(Instant.parse("2026-03-05T00:00:00Z"), Instant.parse("2026-03-05T23:59:59Z")));
        }
        assertEquals(List.of("CreateUser", "CreateLoginProfile", "AttachUserPolicy", "CreateAccessKey"),
                rows(r.section("made_by")).stream().map(m -> m.get("call")).toList());
        String by = "arn:aws:sts::" + ACCOUNT + ":assumed-role/ci-deploy/gh-run-4411";
        assertTrue(r.notes().contains("IAM user svc-backup-sync was made at 2026-03-02T10:00:00Z by " + by + " from"
                + " 45.142.120.9; then: CreateLoginProfile at 2026-03-02T10:01:00Z by " + by + "; AttachUserPolicy at"
                + " 2026-03-02T10:02:00Z by " + by + " (arn:aws:iam::aws:policy/AdministratorAccess); CreateAccessKey at"
                + " 2026-03-02T10:03:00Z by " + by), r.notes().toString());
    }

    @Test
    void aRefusedCreateUserIsNotTheUsersCreation() throws IOException {
        Path file = dir.resolve("refused.jsonl");
        Files.writeString(file, String.join("\n",
                iam("2026-03-02T10:00:00Z", "CreateUser", "{\"userName\":\"svc-backup-sync\"}", "AccessDenied"),
                iam("2026-03-02T10:03:00Z", "CreateAccessKey", "{\"userName\":\"svc-backup-sync\"}", null),
                ownCall("2026-03-05T08:00:00Z")) + "\n");
        Path store = IncidentStores.load(dir.resolve("s.duckdb"), file);
        InvestigationResult r;
        try (var s = IncidentStores.read(store)) {
            r = new Investigator(s, IncidentStores.CLOCK).run("actor", InvestigationArgs.of("svc-backup-sync")
                    .withWindow(Instant.parse("2026-03-05T00:00:00Z"), Instant.parse("2026-03-05T23:59:59Z")));
        }
        String by = "arn:aws:sts::" + ACCOUNT + ":assumed-role/ci-deploy/gh-run-4411";
        assertTrue(r.notes().contains("IAM user svc-backup-sync's creation is not in the store (no successful"
                + " CreateUser or CreateRole of it); what gave it its powers: CreateAccessKey at 2026-03-02T10:03:00Z by "
                + by + "; tried and refused: CreateUser at 2026-03-02T10:00:00Z by " + by + ", failed: AccessDenied"),
                r.notes().toString());
    }

    /**
     * In a compute-abuse drill the stolen instance session of role web-app-role tried to attach AdministratorAccess to
     * its own role and was refused; actor said "what gave it its powers: AttachRolePolicy ... failed: AccessDenied", a
     * refused call told as what gave the role its powers. Here a user's refused AttachUserPolicy, the same words.
     */
    @Test
    void aRefusedAttachIsNotToldAsWhatGaveItsPowers() throws IOException {
        Path file = dir.resolve("refused-attach.jsonl");
        Files.writeString(file, String.join("\n",
                iam("2026-03-02T10:00:00Z", "AttachUserPolicy", "{\"userName\":\"svc-backup-sync\",\"policyArn\":"
                        + "\"arn:aws:iam::aws:policy/AdministratorAccess\"}", "AccessDenied"),
                ownCall("2026-03-05T08:00:00Z")) + "\n");
        Path store = IncidentStores.load(dir.resolve("a.duckdb"), file);
        InvestigationResult r;
        try (var s = IncidentStores.read(store)) {
            r = new Investigator(s, IncidentStores.CLOCK).run("actor", InvestigationArgs.of("svc-backup-sync"));
        }
        String by = "arn:aws:sts::" + ACCOUNT + ":assumed-role/ci-deploy/gh-run-4411";
        assertTrue(r.notes().contains("IAM user svc-backup-sync's creation is not in the store (no successful CreateUser"
                + " or CreateRole of it); no call in the store gave it its powers; tried and refused: AttachUserPolicy at"
                + " 2026-03-02T10:00:00Z by " + by + " (arn:aws:iam::aws:policy/AdministratorAccess), failed:"
                + " AccessDenied"), r.notes().toString());
    }

    /**
     * made_by found the users and roles among those the window's calls were made as: a backdoor user or role asked
     * about by its ARN that made no call in the window (kept for later) had no made_by, as if nobody had made it.
     */
    @Test
    void aUserOrRoleAskedByItsArnIsToldWhoMadeItThoughItMadeNoCall() throws IOException {
        Path file = dir.resolve("quiet.jsonl");
        Files.writeString(file, String.join("\n",
                iam("2026-03-02T10:00:00Z", "CreateUser", "{\"userName\":\"svc-backup-sync\"}", null),
                iam("2026-03-02T10:03:00Z", "CreateAccessKey", "{\"userName\":\"svc-backup-sync\"}", null),
                iam("2026-03-02T10:05:00Z", "CreateRole", "{\"roleName\":\"Break-Glass\",\"path\":\"/ops/\"}", null),
                iam("2026-03-02T10:06:00Z", "UpdateAssumeRolePolicy", "{\"roleName\":\"break-glass\"}", null),
                ownCall("2026-03-05T08:00:00Z").replace("svc-backup-sync", "someone-else")) + "\n");
        Path store = IncidentStores.load(dir.resolve("s.duckdb"), file);
        String by = "arn:aws:sts::" + ACCOUNT + ":assumed-role/ci-deploy/gh-run-4411";
        List<String> user = madeBy(store, "arn:aws:iam::" + ACCOUNT + ":user/svc-backup-sync");
        assertTrue(user.contains("IAM user svc-backup-sync was made at 2026-03-02T10:00:00Z by " + by + " from"
                + " 45.142.120.9; then: CreateAccessKey at 2026-03-02T10:03:00Z by " + by), user.toString());
        List<String> role = madeBy(store, "arn:aws:iam::" + ACCOUNT + ":role/ops/Break-Glass");
        assertTrue(role.contains("role Break-Glass was made at 2026-03-02T10:05:00Z by " + by + " from 45.142.120.9;"
                + " then: UpdateAssumeRolePolicy at 2026-03-02T10:06:00Z by " + by), role.toString());
        // a text is no principal's ARN: nothing of it is guessed
        assertTrue(madeBy(store, "svc-backup").stream().noneMatch(n -> n.contains("was made")));
    }

    private static List<String> madeBy(Path store, String actor) {
        try (var s = IncidentStores.read(store)) {
            return new Investigator(s, IncidentStores.CLOCK).run("actor", InvestigationArgs.of(actor).withWindow(
                    Instant.parse("2026-03-05T00:00:00Z"), Instant.parse("2026-03-05T23:59:59Z"))).notes();
        }
    }
}
