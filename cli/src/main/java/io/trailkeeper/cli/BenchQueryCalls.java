package io.trailkeeper.cli;

import static io.trailkeeper.cli.BenchQueryFacts.ACCOUNT;
import static io.trailkeeper.cli.BenchQueryFacts.ATTACKER_IP;
import static io.trailkeeper.cli.BenchQueryFacts.BUCKET;
import static io.trailkeeper.cli.BenchQueryFacts.BUCKET_REGION;
import static io.trailkeeper.cli.BenchQueryFacts.DATA_BUCKET;
import static io.trailkeeper.cli.BenchQueryFacts.DELETED_FROM;
import static io.trailkeeper.cli.BenchQueryFacts.INCIDENT;
import static io.trailkeeper.cli.BenchQueryFacts.LEAKED_KEY;
import static io.trailkeeper.cli.BenchQueryFacts.LEAKED_USER;
import static io.trailkeeper.cli.BenchQueryFacts.ROLE;
import static io.trailkeeper.cli.BenchQueryFacts.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trailkeeper.cli.BenchQueryFacts.Call;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The calls of {@link BenchQueryFacts}' story, one method a thread of it. */
final class BenchQueryCalls {
    private static final String[] EMPLOYEES = {"alice", "bob", "carol", "erin", "frank"};
    private final BenchQueryFacts facts;
    private final ObjectNode leaked;
    private final List<String> bucketObjects = new ArrayList<>();

    BenchQueryCalls(BenchQueryFacts facts) {
        this.facts = facts;
        this.leaked = facts.user(LEAKED_USER, "AIDAQ7SVCREPORTING01", LEAKED_KEY);
    }

    /** The bucket: created by alice, written to by a Lambda role on 20 days (deleted in {@link #attack}). */
    void bucketLife() {
        Instant created = Instant.parse("2024-03-05T14:12:09Z");
        Call c = new Call(created, BUCKET_REGION, facts.user("alice", "AIDAQ7ALICE000000001", "AKIAQ7ALICEKEY000001"),
                "s3", "CreateBucket", "10.20.30.40", agent("cli"));
        c.request = bucketRequest(BUCKET, BUCKET_REGION);
        c.request.set("CreateBucketConfiguration", BenchQueryFacts.object().put("LocationConstraint", BUCKET_REGION)
                .put("xmlns", "http://s3.amazonaws.com/doc/2006-03-01/"));
        facts.emit(c);
        ObjectNode lambda = facts.session("payroll-export-lambda", "AROAQ7PAYROLLEXPORT1", "payroll-export",
                "ASIAQ7PAYROLLEXPORT1", false);
        for (int d = 5; d < 25; d++) {
            for (int i = 0; i < 6; i++) {
                String key = "exports/2024-03-" + String.format("%02d", d) + "/payroll-" + i + ".csv.gz";
                bucketObjects.add(key);
                facts.emit(dataEvent(facts.at(facts.first().plusDays(d - 1), 2, i), BUCKET_REGION, lambda, "10.0.8.17",
                        "PutObject", BUCKET, key, false));
            }
        }
    }

    /** The leaked key's ordinary life: a report job from the office every morning for 26 days. */
    void reportJob() {
        for (int d = 0; d < 26; d++) {
            LocalDate day = facts.first().plusDays(d);
            String ip = "203.0.113." + (10 + facts.random().nextInt(3));
            facts.emit(new Call(facts.at(day, 6, 0), "us-east-1", leaked, "sts", "GetCallerIdentity", ip,
                    agent("boto")).read());
            for (int i = 0; i < 40; i++) {
                facts.emit(dataEvent(facts.at(day, 6, 1 + i / 4), "eu-west-1", leaked, ip, "GetObject", DATA_BUCKET,
                        "reports/daily/" + facts.hex(12) + ".parquet", true));
            }
            for (int i = 0; i < 5; i++) {
                facts.emit(dataEvent(facts.at(day, 6, 12), "eu-west-1", leaked, ip, "PutObject", DATA_BUCKET,
                        "reports/out/" + day + "-" + i + ".csv", false));
            }
            for (int i = 0; i < 14; i++) {
                Call kms = new Call(facts.at(day, 6, 13), "eu-west-1", leaked, "kms", "Decrypt", ip, agent("boto"))
                        .read();
                kms.request = BenchQueryFacts.object().put("encryptionAlgorithm", "SYMMETRIC_DEFAULT");
                facts.emit(kms);
            }
        }
    }

    /** 27 March from the attacker's IP: enumeration, reads, persistence, and the bucket deleted. */
    void attack() {
        Instant t = INCIDENT.plusSeconds(5);
        facts.emit(new Call(t, "us-east-1", leaked, "sts", "GetCallerIdentity", ATTACKER_IP, agent("cli")).read());
        t = t.plusSeconds(25);
        String[][] probes = {{"ec2", "DescribeInstances"}, {"ec2", "DescribeSecurityGroups"}, {"ec2", "DescribeVpcs"},
            {"lambda", "ListFunctions20150331"}, {"rds", "DescribeDBInstances"}, {"secretsmanager", "ListSecrets"},
            {"dynamodb", "ListTables"}, {"ssm", "DescribeParameters"}};
        for (String region : BenchQueryFacts.allRegions()) {
            for (String[] probe : probes) {
                t = t.plusMillis(700 + facts.random().nextInt(900));
                Call c = new Call(t, region, leaked, probe[0], probe[1], ATTACKER_IP, agent("cli")).read();
                if (facts.random().nextInt(10) < 6) {
                    c.fail(probe[0].equals("ec2") ? "Client.UnauthorizedOperation" : "AccessDenied",
                            "User: arn:aws:iam::" + ACCOUNT + ":user/" + LEAKED_USER + " is not authorized to perform: "
                                    + probe[0] + ":" + probe[1]);
                }
                facts.emit(c);
            }
        }
        for (String call : List.of("ListUsers", "ListRoles", "ListAttachedUserPolicies",
                "GetAccountAuthorizationDetails")) {
            t = t.plusSeconds(2);
            facts.emit(new Call(t, "us-east-1", leaked, "iam", call, ATTACKER_IP, agent("cli")).read()
                    .fail("AccessDenied", "User: arn:aws:iam::" + ACCOUNT + ":user/" + LEAKED_USER
                            + " is not authorized to perform: iam:" + call));
        }
        t = INCIDENT.plusSeconds(6 * 60);
        facts.emit(new Call(t, "us-east-1", leaked, "s3", "ListBuckets", ATTACKER_IP, agent("cli")).read());
        for (int i = 0; i < 600; i++) {
            t = t.plusMillis(1_000 + facts.random().nextInt(200));
            facts.emit(dataEvent(t, "eu-west-1", leaked, ATTACKER_IP, "GetObject", DATA_BUCKET,
                    "reports/q1/" + facts.hex(12) + ".parquet", true));
        }
        persistence(INCIDENT.plusSeconds(22 * 60));
        deleteBucket(INCIDENT.plusSeconds(31 * 60));
    }

    private void persistence(Instant t) {
        Call user = new Call(t, "us-east-1", leaked, "iam", "CreateUser", ATTACKER_IP, agent("cli"));
        user.request = BenchQueryFacts.object().put("userName", "backup-svc");
        user.response = BenchQueryFacts.object();
        user.response.set("user", BenchQueryFacts.object().put("userName", "backup-svc")
                .put("arn", "arn:aws:iam::" + ACCOUNT + ":user/backup-svc").put("userId", "AIDAQ7BACKUPSVC00001"));
        facts.emit(user);
        Call key = new Call(t.plusSeconds(20), "us-east-1", leaked, "iam", "CreateAccessKey", ATTACKER_IP,
                agent("cli"));
        key.request = BenchQueryFacts.object().put("userName", "backup-svc");
        key.response = BenchQueryFacts.object();
        key.response.set("accessKey", BenchQueryFacts.object().put("userName", "backup-svc")
                .put("accessKeyId", "AKIAQ7BACKUPSVCKEY01").put("status", "Active"));
        facts.emit(key);
        Call attach = new Call(t.plusSeconds(41), "us-east-1", leaked, "iam", "AttachUserPolicy", ATTACKER_IP,
                agent("cli"));
        attach.request = BenchQueryFacts.object().put("userName", "backup-svc")
                .put("policyArn", "arn:aws:iam::aws:policy/AdministratorAccess");
        facts.emit(attach);
    }

    /** One failed DeleteBucket (not empty) from the CLI's region, a dozen objects deleted, then the bucket. */
    private void deleteBucket(Instant t) {
        Call first = new Call(t, DELETED_FROM, leaked, "s3", "DeleteBucket", ATTACKER_IP, agent("cli"))
                .fail("BucketNotEmpty", "The bucket you tried to delete is not empty");
        first.request = bucketRequest(BUCKET, DELETED_FROM);
        first.resources = bucketResource(BUCKET);
        facts.emit(first);
        for (int i = 0; i < 12; i++) {
            t = t.plusSeconds(3);
            facts.emit(dataEvent(t, BUCKET_REGION, leaked, ATTACKER_IP, "DeleteObject", BUCKET, bucketObjects.get(i),
                    false));
        }
        Call last = new Call(t.plusSeconds(95), DELETED_FROM, leaked, "s3", "DeleteBucket", ATTACKER_IP, agent("cli"));
        last.request = bucketRequest(BUCKET, DELETED_FROM);
        last.resources = bucketResource(BUCKET);
        facts.emit(last);
    }

    /** Employees sign in on workdays with MFA (one in 15 mistypes first); the attacker guesses bob's password. */
    void logins() {
        for (int d = 0; d < 27; d++) {
            LocalDate day = facts.first().plusDays(d);
            if (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                continue;
            }
            for (int u = 0; u < EMPLOYEES.length; u++) {
                String region = u % 2 == 0 ? "us-east-1" : "eu-west-1";
                String ip = "203.0.113." + (40 + u);
                Instant t = facts.at(day, 8, 30 + u * 5);
                if (facts.random().nextInt(15) == 0) {
                    facts.emit(login(t, region, EMPLOYEES[u], ip, false, true));
                    t = t.plusSeconds(20);
                }
                facts.emit(login(t, region, EMPLOYEES[u], ip, true, true));
            }
        }
        Instant t = INCIDENT.minusSeconds(19 * 60);
        for (int i = 0; i < 17; i++) {
            t = t.plusSeconds(20 + facts.random().nextInt(20));
            facts.emit(login(t, DELETED_FROM, i % 6 == 5 ? "HIDDEN_DUE_TO_SECURITY_REASONS" : "bob", ATTACKER_IP,
                    false, false));
        }
        facts.emit(login(t.plusSeconds(31), DELETED_FROM, "bob", ATTACKER_IP, true, false));
    }

    private Call login(Instant t, String region, String user, String ip, boolean success, boolean mfa) {
        ObjectNode id = user.startsWith("HIDDEN") ? BenchQueryFacts.object().put("type", "IAMUser")
                .put("accountId", ACCOUNT).put("accessKeyId", "").put("userName", user)
                : facts.user(user, "AIDAQ7" + user.toUpperCase() + "0".repeat(14 - user.length()), "");
        Call c = new Call(t, region, id, "signin", "ConsoleLogin", ip, agent("browser"));
        c.eventType = "AwsConsoleSignIn";
        if (!success) {
            c.fail("Failed authentication", "Failed authentication");
        }
        c.response = BenchQueryFacts.object().put("ConsoleLogin", success ? "Success" : "Failure");
        c.additional = BenchQueryFacts.object().put("LoginTo", "https://console.aws.amazon.com/console/home")
                .put("MobileVersion", "No").put("MFAUsed", mfa ? "Yes" : "No");
        return c;
    }

    /** The actor works directly and through a daily AssumeRole session; release-bot assumes the same role. */
    void sessions() {
        ObjectNode mallory = facts.user("contractor-mallory", "AIDAQ7MALLORY0000001", "AKIAMALLORY2CONTRACT");
        ObjectNode bot = facts.user("release-bot", "AIDAQ7RELEASEBOT0001", "AKIAQ7RELEASEBOTKEY1");
        for (int d = 9; d < 28; d++) {
            LocalDate day = facts.first().plusDays(d);
            if (day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                continue;
            }
            workDay(mallory, "mallory", "198.51.100.77", day, 10, 40 + facts.random().nextInt(40));
            workDay(bot, "release", "10.0.9.9", day, 4, 20);
        }
    }

    private void workDay(ObjectNode principal, String prefix, String ip, LocalDate day, int direct, int inSession) {
        String[][] own = {{"sts", "GetCallerIdentity"}, {"s3", "ListBuckets"}, {"iam", "ListRoles"},
            {"ec2", "DescribeRegions"}};
        for (int i = 0; i < direct; i++) {
            String[] call = own[i % own.length];
            String region = call[0].equals("ec2") ? "eu-west-1" : "us-east-1";
            facts.emit(new Call(facts.at(day, 9, i), region, principal, call[0], call[1], ip, agent("cli")).read());
        }
        String sessionName = prefix + "-" + day.toString().replace("-", "");
        String sessionKey = "ASIAQ7" + facts.upper(14);
        Call assume = new Call(facts.at(day, 9, 30), "us-east-1", principal, "sts", "AssumeRole", ip, agent("cli"));
        String roleArn = "arn:aws:iam::" + ACCOUNT + ":role/" + ROLE;
        assume.request = BenchQueryFacts.object().put("roleArn", roleArn).put("roleSessionName", sessionName)
                .put("durationSeconds", 3600);
        assume.response = BenchQueryFacts.object();
        assume.response.set("credentials", BenchQueryFacts.object().put("accessKeyId", sessionKey)
                .put("sessionToken", "IQoJb3JpZ2luX2VjE" + facts.hex(40))
                .put("expiration", "Mar 1, 2024, 10:30:00 AM"));
        assume.response.set("assumedRoleUser", BenchQueryFacts.object().put("assumedRoleId", "AROAQ7PRODDEPLOY0001:"
                + sessionName).put("arn", "arn:aws:sts::" + ACCOUNT + ":assumed-role/" + ROLE + "/" + sessionName));
        assume.resources = BenchQueryFacts.array();
        assume.resources.addObject().put("accountId", ACCOUNT).put("type", "AWS::IAM::Role").put("ARN", roleArn);
        facts.emit(assume);
        ObjectNode session = facts.session(ROLE, "AROAQ7PRODDEPLOY0001", sessionName, sessionKey, false);
        String[][] work = {{"ecs", "DescribeServices"}, {"ecs", "UpdateService"}, {"ec2", "DescribeInstances"},
            {"lambda", "UpdateFunctionCode20150331v2"}, {"logs", "DescribeLogStreams"}, {"ssm", "GetParameter"}};
        for (int i = 0; i < inSession; i++) {
            String[] call = work[facts.random().nextInt(work.length)];
            Call c = new Call(facts.at(day, 10 + i / 60, i % 60), i % 3 == 0 ? "eu-west-1" : "us-east-1", session,
                    call[0], call[1], ip, agent("cli"));
            c.readOnly = call[1].startsWith("Describe") || call[1].startsWith("Get");
            facts.emit(c);
        }
    }

    private Call dataEvent(Instant t, String region, ObjectNode who, String ip, String name, String bucket, String key,
                           boolean read) {
        Call c = new Call(t, region, who, "s3", name, ip, who.path("type").asText().equals("AssumedRole")
                ? agent("boto") : agent("cli"));
        c.data = true;
        c.readOnly = read;
        c.request = bucketRequest(bucket, region).put("key", key);
        c.additional = BenchQueryFacts.object().put("SignatureVersion", "SigV4")
                .put("AuthenticationMethod", "AuthHeader")
                .put("bytesTransferredIn", read ? 0 : 20_000 + facts.random().nextInt(100_000))
                .put("bytesTransferredOut", read ? 20_000 + facts.random().nextInt(5_000_000) : 0);
        c.resources = BenchQueryFacts.array();
        c.resources.addObject().put("type", "AWS::S3::Object").put("ARN", "arn:aws:s3:::" + bucket + "/" + key);
        c.resources.addObject().put("accountId", ACCOUNT).put("type", "AWS::S3::Bucket")
                .put("ARN", "arn:aws:s3:::" + bucket);
        return c;
    }

    private static ObjectNode bucketRequest(String bucket, String region) {
        return BenchQueryFacts.object().put("bucketName", bucket)
                .put("Host", bucket + ".s3." + region + ".amazonaws.com");
    }

    private static com.fasterxml.jackson.databind.node.ArrayNode bucketResource(String bucket) {
        com.fasterxml.jackson.databind.node.ArrayNode a = BenchQueryFacts.array();
        a.addObject().put("accountId", ACCOUNT).put("type", "AWS::S3::Bucket").put("ARN", "arn:aws:s3:::" + bucket);
        return a;
    }
}
