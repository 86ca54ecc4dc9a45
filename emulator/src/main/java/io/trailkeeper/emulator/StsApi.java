package io.trailkeeper.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * STS in the query protocol (what SDK v2 and the CLI send): GetCallerIdentity and AssumeRole.
 *
 * <p>Temporary credentials handed out by AssumeRole are remembered, so that calls signed with them act as the
 * assumed role: GetCallerIdentity answers the role session, and AccessDenied messages name it. Every AssumeRole
 * call is recorded for tests. Expiration times follow the real clock, not the scenario's: they are read by the
 * SDK's credential cache, which runs on the real clock.
 */
final class StsApi {
    private static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):role/(?:.*/)?([\\w+=,.@-]+)");
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");

    private record Identity(String account, String arn, String userId) {
    }

    private final Scenario scenario;
    private final Clock wallClock;
    private final Map<String, Identity> issued = new ConcurrentHashMap<>();
    private final List<AssumeRoleCall> calls = new CopyOnWriteArrayList<>();
    private final AtomicLong sessions = new AtomicLong();

    StsApi(Scenario scenario, Clock wallClock) {
        this.scenario = scenario;
        this.wallClock = wallClock;
    }

    WireResponse handle(Call call) {
        String action = call.operation();
        if ("GetCallerIdentity".equals(action)) {
            Identity who = identity(call.accessKeyId());
            return call.okXml(new Xml().open("GetCallerIdentityResponse", NAMESPACE).open("GetCallerIdentityResult")
                    .element("Arn", who.arn()).element("UserId", who.userId()).element("Account", who.account())
                    .close("GetCallerIdentityResult").open("ResponseMetadata").element("RequestId", call.requestId())
                    .close("ResponseMetadata").close("GetCallerIdentityResponse").toString());
        }
        if ("AssumeRole".equals(action)) {
            return assumeRole(call);
        }
        throw AwsError.badRequest("InvalidAction", "The emulator does not serve STS " + action);
    }

    /** The ARN of whoever signed with this access key: an assumed role session, or the scenario's caller. */
    String callerArn(String accessKeyId) {
        return identity(accessKeyId).arn();
    }

    List<AssumeRoleCall> calls() {
        return List.copyOf(calls);
    }

    private Identity identity(String accessKeyId) {
        Identity assumed = accessKeyId == null ? null : issued.get(accessKeyId);
        return assumed != null ? assumed
                : new Identity(scenario.account(), scenario.callerArn(), scenario.callerUserId());
    }

    private WireResponse assumeRole(Call call) {
        String roleArn = call.param("RoleArn");
        String session = call.param("RoleSessionName");
        String externalId = call.param("ExternalId");
        Integer duration = duration(call.param("DurationSeconds"));
        Matcher role = roleArn == null ? null : ROLE_ARN.matcher(roleArn);
        if (role == null || !role.matches()) {
            throw AwsError.badRequest("ValidationError", "RoleArn " + roleArn + " is not a role ARN"
                    + " (arn:aws:iam::ACCOUNT:role/NAME)");
        }
        if (session == null || !SESSION_NAME.matcher(session).matches()) {
            throw AwsError.badRequest("ValidationError", "RoleSessionName must be 2 to 64 characters of"
                    + " [\\w+=,.@-], was " + session);
        }
        Map<String, String> allowed = scenario.assumableRoles();
        String required = allowed == null ? null : allowed.get(roleArn);
        if (allowed != null && (required == null || !required.isEmpty() && !required.equals(externalId))) {
            calls.add(new AssumeRoleCall(call.region(), roleArn, session, externalId, duration, null));
            throw new AwsError(403, "AccessDenied", "User: " + callerArn(call.accessKeyId())
                    + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn);
        }
        String seed = roleArn + "|" + session + "|" + sessions.incrementAndGet();
        String accessKeyId = Identities.accessKeyId("ASIA", seed);
        String roleId = Identities.userId("AROA", roleArn);
        String assumedArn = "arn:aws:sts::" + role.group(1) + ":assumed-role/" + role.group(2) + "/" + session;
        issued.put(accessKeyId, new Identity(role.group(1), assumedArn, roleId + ":" + session));
        calls.add(new AssumeRoleCall(call.region(), roleArn, session, externalId, duration, accessKeyId));
        Instant expiration = wallClock.instant().truncatedTo(ChronoUnit.SECONDS)
                .plus(Duration.ofSeconds(duration == null ? 3600 : duration));
        return call.okXml(new Xml().open("AssumeRoleResponse", NAMESPACE).open("AssumeRoleResult")
                .open("Credentials").element("AccessKeyId", accessKeyId)
                .element("SecretAccessKey", Identities.secret("secret " + seed, 40))
                .element("SessionToken", "IQoJb3JpZ2luX2VtdWxhdG9y" + Identities.secret("token " + seed, 256))
                .element("Expiration", expiration.toString()).close("Credentials")
                .open("AssumedRoleUser").element("AssumedRoleId", roleId + ":" + session).element("Arn", assumedArn)
                .close("AssumedRoleUser").close("AssumeRoleResult")
                .open("ResponseMetadata").element("RequestId", call.requestId()).close("ResponseMetadata")
                .close("AssumeRoleResponse").toString());
    }

    private static Integer duration(String text) {
        if (text == null) {
            return null;
        }
        try {
            int seconds = Integer.parseInt(text);
            if (seconds >= 900 && seconds <= 43_200) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw AwsError.badRequest("ValidationError", "DurationSeconds must be 900 to 43200, was " + text);
    }
}
