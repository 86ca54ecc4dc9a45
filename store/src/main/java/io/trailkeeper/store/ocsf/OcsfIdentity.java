package io.trailkeeper.store.ocsf;

import static io.trailkeeper.store.ocsf.OcsfJson.at;
import static io.trailkeeper.store.ocsf.OcsfJson.put;
import static io.trailkeeper.store.ocsf.OcsfJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Pattern;

/**
 * The who and where of a record in OCSF objects: the actor (user, session, invoking service, identity provider)
 * from userIdentity, the target user of an IAM change, and the source endpoint from sourceIPAddress.
 */
final class OcsfIdentity {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private OcsfIdentity() {
    }

    /**
     * The actor: user (type, uid = ARN, uid_alt = principalId, name, account.uid, credential_uid = access key),
     * session (created_time, is_mfa, issuer = the session issuer's ARN), invoked_by and idp.name. Empty when the
     * record names no identity.
     */
    static ObjectNode actor(JsonNode record) {
        JsonNode id = at(record, "userIdentity");
        ObjectNode actor = OcsfJson.object();
        put(actor, "user", user(id));
        ObjectNode session = OcsfJson.object();
        put(session, "created_time", OcsfJson.millis(id, "sessionContext", "attributes", "creationDate"));
        put(session, "is_mfa", OcsfJson.bool(id, "sessionContext", "attributes", "mfaAuthenticated"));
        put(session, "issuer", text(id, "sessionContext", "sessionIssuer", "arn"));
        put(session, "credential_uid", text(id, "accessKeyId"));
        put(actor, "session", session);
        put(actor, "invoked_by", text(id, "invokedBy"));
        ObjectNode idp = OcsfJson.object();
        String provider = text(id, "identityProvider");
        put(idp, "name", provider != null ? provider : text(id, "webIdFederationData", "federatedProvider"));
        put(actor, "idp", idp);
        return actor;
    }

    /**
     * The OCSF user of a userIdentity, or an empty object when it names nobody (a type alone is no user). An AWS
     * service acting on its own (type AWSService) is named by its service principal, invokedBy.
     */
    static ObjectNode user(JsonNode id) {
        ObjectNode user = OcsfJson.object();
        put(user, "type", text(id, "type"));
        put(user, "uid", text(id, "arn"));
        put(user, "uid_alt", text(id, "principalId"));
        put(user, "name", userName(id));
        put(user, "credential_uid", text(id, "accessKeyId"));
        put(user, "account", account(text(id, "accountId")));
        if (!user.has("name") && "AWSService".equals(text(id, "type"))) {
            put(user, "name", text(id, "invokedBy"));
        }
        if (!user.has("name") && !user.has("uid") && !user.has("account")) {
            user.removeAll();
        }
        return user;
    }

    /** userName, else the session issuer's name, else the last part of the ARN (a role session's name). */
    private static String userName(JsonNode id) {
        String name = text(id, "userName");
        if (name == null) {
            name = text(id, "sessionContext", "sessionIssuer", "userName");
        }
        String arn = text(id, "arn");
        if (name == null && arn != null && arn.contains("/")) {
            name = arn.substring(arn.lastIndexOf('/') + 1);
        }
        return name;
    }

    /** An AWS account as an OCSF account object, or null without an id. */
    static ObjectNode account(String accountId) {
        if (accountId == null) {
            return null;
        }
        ObjectNode a = OcsfJson.object();
        a.put("uid", accountId);
        a.put("type", "AWS Account");
        a.put("type_id", 10);
        return a;
    }

    /**
     * The user or role an IAM call changed: its name from requestParameters (userName, else roleName; CreateAccessKey
     * and ChangePassword without one act on the caller), its ARN and new access key from responseElements, in the
     * account that recorded the call (IAM principals belong to the account whose IAM is called).
     */
    static ObjectNode targetUser(JsonNode record, String eventName) {
        ObjectNode user = OcsfJson.object();
        String userName = text(record, "requestParameters", "userName");
        String roleName = text(record, "requestParameters", "roleName");
        String arn = firstNonNull(text(record, "responseElements", "user", "arn"),
                text(record, "responseElements", "role", "arn"));
        if (userName == null && roleName == null
                && (eventName.endsWith("AccessKey") || eventName.equals("ChangePassword"))) {
            ObjectNode caller = user(at(record, "userIdentity"));
            userName = caller.hasNonNull("name") ? caller.get("name").asText() : null;
            arn = caller.hasNonNull("uid") ? caller.get("uid").asText() : null;
        }
        if (userName != null) {
            user.put("type", "IAMUser");
        } else if (roleName != null) {
            user.put("type", "Role");
        }
        put(user, "name", userName != null ? userName : roleName);
        put(user, "uid", arn);
        put(user, "credential_uid", firstNonNull(text(record, "responseElements", "accessKey", "accessKeyId"),
                text(record, "requestParameters", "accessKeyId")));
        String account = text(record, "recipientAccountId");
        put(user, "account", account(account != null ? account : text(record, "userIdentity", "accountId")));
        return user;
    }

    /**
     * The source endpoint: sourceIPAddress as ip when it is an IP address, else (a service's host name such as
     * cloudtrail.amazonaws.com, or "AWS Internal") as domain and name; vpcEndpointId as uid. Empty when neither.
     */
    static ObjectNode sourceEndpoint(JsonNode record) {
        ObjectNode e = OcsfJson.object();
        String source = text(record, "sourceIPAddress");
        if (source != null) {
            if (isIp(source)) {
                e.put("ip", source);
            } else {
                e.put("domain", source);
                e.put("name", source);
            }
        }
        put(e, "uid", text(record, "vpcEndpointId"));
        return e;
    }

    /** Whether text is an IPv4 or IPv6 literal; by its form only (no name is ever resolved). */
    static boolean isIp(String s) {
        var m = IPV4.matcher(s);
        if (m.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(m.group(i)) > 255) {
                    return false;
                }
            }
            return true;
        }
        return s.indexOf(':') >= 0 && s.length() <= 45 && IPV6.matcher(s).matches();
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
