package io.trailkeeper.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trailkeeper.testkit.EventGenerator;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The incident planted among the generated events of {@code bench query}, so that every investigation has
 * something real to find in 10 million events of noise (the noise never names these buckets, keys, users or
 * IPs). All of it falls in the generator's month, March 2024:
 * <ul>
 * <li>bucket {@link #BUCKET}, created by alice in {@link #BUCKET_REGION}, written to daily by a Lambda role;</li>
 * <li>user {@link #LEAKED_USER}'s key {@link #LEAKED_KEY}: a daily report job from the office for 26 days, then,
 * on 27 March from {@link #ATTACKER_IP}: an AccessDenied burst across all regions (two of them, {@link
 * #UNUSUAL_REGIONS}, never used otherwise), ListBuckets, 600 object reads of {@link #DATA_BUCKET}, a new admin user
 * with an access key, and the bucket emptied (recorded in its region) and deleted (recorded in {@link
 * #DELETED_FROM}, the CLI's region, after one BucketNotEmpty failure);</li>
 * <li>console sign-ins of five employees on workdays (MFA, the odd typo), and from the attacker's IP 15 failures for
 * bob and 2 for unknown users, then bob's success without MFA;</li>
 * <li>{@link #ACTOR} working directly and through daily AssumeRole sessions of role {@link #ROLE}, which another
 * principal, release-bot, assumes as well.</li>
 * </ul>
 */
final class BenchQueryFacts {
    static final String ACCOUNT = "123456789012";
    static final String BUCKET = "payroll-exports-2024";
    static final String BUCKET_REGION = "eu-central-1";
    static final String DELETED_FROM = "ap-southeast-2";
    static final String LEAKED_USER = "svc-reporting";
    static final String LEAKED_KEY = "AKIAQ7LEAKEDBENCHKEY";
    static final String ATTACKER_IP = "185.220.101.47";
    static final String DATA_BUCKET = "finance-reports";
    static final String ACTOR = "arn:aws:iam::" + ACCOUNT + ":user/contractor-mallory";
    static final String ROLE = "prod-deploy";
    static final List<String> UNUSUAL_REGIONS = List.of("af-south-1", "me-south-1");
    static final Instant INCIDENT = Instant.parse("2024-03-27T10:00:00Z");

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String CLI = "aws-cli/2.13.0 Python/3.11.4 Darwin/23.0.0 exe/x86_64 prompt/off command/";
    private static final String BOTO = "Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#5.10.213 lang/python#3.12.2";
    private static final String BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36"
            + " (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** One planted record: when, the region that recorded it, and the compact JSON. */
    record Planted(Instant time, String region, String json) {
    }

    private final SplittableRandom random;
    private final List<Planted> records = new ArrayList<>();
    private final LocalDate first = LocalDate.of(2024, 3, 1);

    private BenchQueryFacts(long seed) {
        this.random = new SplittableRandom(seed ^ 0x5eedfac7L);
    }

    /** Every planted record, deterministic for a seed. */
    static List<Planted> records(long seed) {
        BenchQueryFacts facts = new BenchQueryFacts(seed);
        BenchQueryCalls calls = new BenchQueryCalls(facts);
        calls.bucketLife();
        calls.reportJob();
        calls.attack();
        calls.logins();
        calls.sessions();
        return List.copyOf(facts.records);
    }

    SplittableRandom random() {
        return random;
    }

    LocalDate first() {
        return first;
    }

    /** A call to be written; the fields are set by the story, then {@link #emit} writes the record. */
    static final class Call {
        Instant time;
        String region;
        ObjectNode identity;
        String source;
        String name;
        String ip;
        String agent;
        String errorCode;
        String errorMessage;
        ObjectNode request;
        ObjectNode response;
        ObjectNode additional;
        boolean readOnly;
        ArrayNode resources;
        String eventType = "AwsApiCall";
        boolean data;

        Call(Instant time, String region, ObjectNode identity, String service, String name, String ip, String agent) {
            this.time = time;
            this.region = region;
            this.identity = identity;
            this.source = service + ".amazonaws.com";
            this.name = name;
            this.ip = ip;
            this.agent = agent.endsWith("command/") ? agent + name.toLowerCase() : agent;
        }

        Call fail(String code, String message) {
            this.errorCode = code;
            this.errorMessage = message;
            return this;
        }

        Call read() {
            this.readOnly = true;
            return this;
        }
    }

    void emit(Call c) {
        ObjectNode r = JSON.objectNode();
        r.put("eventVersion", "1.09");
        r.set("userIdentity", c.identity);
        r.put("eventTime", TIME.format(c.time));
        r.put("eventSource", c.source);
        r.put("eventName", c.name);
        r.put("awsRegion", c.region);
        r.put("sourceIPAddress", c.ip);
        r.put("userAgent", c.agent);
        if (c.errorCode != null) {
            r.put("errorCode", c.errorCode);
            r.put("errorMessage", c.errorMessage);
        }
        r.set("requestParameters", c.request == null ? JSON.nullNode() : c.request);
        r.set("responseElements", c.response == null || c.errorCode != null ? JSON.nullNode() : c.response);
        if (c.additional != null) {
            r.set("additionalEventData", c.additional);
        }
        r.put("requestID", hex(8) + "-" + hex(4) + "-4" + hex(3) + "-a" + hex(3) + "-" + hex(12));
        r.put("eventID", hex(8) + "-" + hex(4) + "-4" + hex(3) + "-b" + hex(3) + "-" + hex(12));
        r.put("readOnly", c.readOnly);
        if (c.resources != null) {
            r.set("resources", c.resources);
        }
        r.put("eventType", c.eventType);
        r.put("managementEvent", !c.data);
        r.put("recipientAccountId", ACCOUNT);
        r.put("eventCategory", c.data ? "Data" : "Management");
        records.add(new Planted(c.time, c.region, r.toString()));
    }

    static ObjectNode object() {
        return JSON.objectNode();
    }

    static ArrayNode array() {
        return JSON.arrayNode();
    }

    /** An IAM user's identity; an empty key leaves accessKeyId out (console sign-ins). */
    ObjectNode user(String name, String principalId, String key) {
        ObjectNode id = object().put("type", "IAMUser").put("principalId", principalId)
                .put("arn", "arn:aws:iam::" + ACCOUNT + ":user/" + name).put("accountId", ACCOUNT);
        if (!key.isEmpty()) {
            id.put("accessKeyId", key);
        }
        return id.put("userName", name);
    }

    /** A role session's identity. */
    ObjectNode session(String role, String roleId, String sessionName, String key, boolean mfa) {
        ObjectNode issuer = object().put("type", "Role").put("principalId", roleId)
                .put("arn", "arn:aws:iam::" + ACCOUNT + ":role/" + role).put("accountId", ACCOUNT)
                .put("userName", role);
        ObjectNode context = object();
        context.set("sessionIssuer", issuer);
        context.set("webIdFederationData", object());
        context.set("attributes", object().put("creationDate", "2024-03-01T09:12:44Z")
                .put("mfaAuthenticated", Boolean.toString(mfa)));
        ObjectNode id = object().put("type", "AssumedRole").put("principalId", roleId + ":" + sessionName)
                .put("arn", "arn:aws:sts::" + ACCOUNT + ":assumed-role/" + role + "/" + sessionName)
                .put("accountId", ACCOUNT).put("accessKeyId", key);
        id.set("sessionContext", context);
        return id;
    }

    static String agent(String kind) {
        return switch (kind) {
            case "cli" -> CLI;
            case "boto" -> BOTO;
            default -> BROWSER;
        };
    }

    /** The 17 default regions and the two opt-in regions only the attacker touches. */
    static List<String> allRegions() {
        List<String> all = new ArrayList<>(EventGenerator.REGIONS);
        all.addAll(UNUSUAL_REGIONS);
        return all;
    }

    Instant at(LocalDate day, int hour, int minute) {
        return day.atTime(hour, minute).toInstant(ZoneOffset.UTC).plus(Duration.ofSeconds(random.nextInt(60)));
    }

    String hex(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append("0123456789abcdef".charAt(random.nextInt(16)));
        }
        return b.toString();
    }

    String upper(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".charAt(random.nextInt(32)));
        }
        return b.toString();
    }
}
