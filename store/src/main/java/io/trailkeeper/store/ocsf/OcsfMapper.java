package io.trailkeeper.store.ocsf;

import static io.trailkeeper.store.ocsf.OcsfJson.at;
import static io.trailkeeper.store.ocsf.OcsfJson.put;
import static io.trailkeeper.store.ocsf.OcsfJson.putJson;
import static io.trailkeeper.store.ocsf.OcsfJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Maps one CloudTrail record to one OCSF 1.1.0 event, as Amazon Security Lake does: the class and activity from
 * {@link OcsfActivity}; time in epoch milliseconds and time_dt (profile datetime) in RFC 3339, UTC; severity
 * Informational; status Success, or Failure with the errorCode as status_code and the errorMessage as status_detail
 * and message (a sign-in also fails on responseElements.ConsoleLogin or, in IAM Identity Center,
 * serviceEventDetails.CredentialVerification "Failure"); metadata (OCSF version,
 * product CloudTrail by AWS at the record's eventVersion, feature the eventCategory, uid the eventID, event_code
 * the eventType, profiles cloud and datetime); cloud (AWS, region, recipient account); actor, src_endpoint and
 * http_request.user_agent; api (operation, service, version, request uid and parameters, response error, message
 * and elements); resources from resources[] and the names the request mentions. The record's other top-level
 * fields are kept in {@code unmapped} and the whole record, as text, in {@code raw_data}.
 *
 * <p>Insight events describe a rate of calls, not a call: they are not mapped. A record that cannot fill a
 * required attribute of its class (API Activity without identity or source, an event without eventName) is not
 * mapped either; {@link Mapping#skipped()} says why.
 */
public final class OcsfMapper {
    /** The OCSF version written to metadata.version; the schema extract the tests check against is of it. */
    public static final String OCSF_VERSION = "1.1.0";
    public static final String INSIGHT = "Insight event (rate of calls, not a call)";
    public static final String NO_NAME = "no eventName";
    public static final String NO_ACTOR = "no userIdentity (the actor is required)";
    public static final String NO_SOURCE = "no sourceIPAddress or vpcEndpointId (src_endpoint is required)";
    public static final String NO_USER = "no user or account to name (user is required)";

    /** Top-level record fields an OCSF attribute holds; the others go to unmapped. */
    private static final Set<String> MAPPED = Set.of("eventVersion", "userIdentity", "eventTime", "eventSource",
            "eventName", "awsRegion", "sourceIPAddress", "userAgent", "errorCode", "errorMessage", "requestID",
            "eventID", "apiVersion", "recipientAccountId", "eventCategory", "vpcEndpointId", "resources");

    /**
     * The event, or why there is none.
     *
     * @param event   the OCSF event, or null
     * @param skipped why the record was not mapped, or null
     */
    public record Mapping(OcsfEvent event, String skipped) {
    }

    /**
     * Maps a record.
     *
     * @param raw       the record's JSON text (kept as raw_data)
     * @param record    the record parsed
     * @param time      the event's time as the store read it (also from records that carry it elsewhere)
     * @param mentioned the names and ARNs the store found in the record (its resources column)
     */
    public Mapping map(String raw, JsonNode record, Instant time, List<String> mentioned) {
        if ("AwsCloudTrailInsight".equals(text(record, "eventType")) || at(record, "insightDetails") != null) {
            return new Mapping(null, INSIGHT);
        }
        String name = text(record, "eventName");
        if (name == null) {
            return new Mapping(null, NO_NAME);
        }
        String source = text(record, "eventSource");
        OcsfActivity activity = OcsfActivity.of(source, name, text(record, "eventType"),
                OcsfJson.bool(record, "readOnly"), text(record, "requestParameters", "status"));
        OcsfClass c = activity.ocsfClass();
        ObjectNode actor = OcsfIdentity.actor(record);
        ObjectNode src = OcsfIdentity.sourceEndpoint(record);
        if (c == OcsfClass.API_ACTIVITY && actor.isEmpty()) {
            return new Mapping(null, NO_ACTOR);
        }
        if (c == OcsfClass.API_ACTIVITY && src.isEmpty()) {
            return new Mapping(null, NO_SOURCE);
        }
        ObjectNode e = OcsfJson.object();
        classify(e, activity);
        e.put("time", time.toEpochMilli());
        e.put("time_dt", OcsfJson.dateTime(time));
        e.put("severity_id", 1);
        e.put("severity", "Informational");
        status(e, record, name);
        e.set("metadata", metadata(record));
        e.set("cloud", cloud(record));
        put(e, "actor", actor);
        put(e, "src_endpoint", src);
        context(e, record, name, source, mentioned);
        if (!classSpecific(e, c, record, name, actor)) {
            return new Mapping(null, NO_USER);
        }
        put(e, "unmapped", unmapped(record));
        e.put("raw_data", raw);
        return new Mapping(new OcsfEvent(c, e), null);
    }

    /** http_request, api and resources. */
    private static void context(ObjectNode e, JsonNode record, String name, String source, List<String> mentioned) {
        ObjectNode http = OcsfJson.object();
        put(http, "user_agent", text(record, "userAgent"));
        put(e, "http_request", http);
        e.set("api", api(record, name, source));
        ArrayNode resources = OcsfResources.of(record, mentioned);
        if (!resources.isEmpty()) {
            e.set("resources", resources);
        }
    }

    private static void classify(ObjectNode e, OcsfActivity a) {
        OcsfClass c = a.ocsfClass();
        e.put("class_uid", c.uid());
        e.put("class_name", c.caption());
        e.put("category_uid", c.categoryUid());
        e.put("category_name", c.categoryName());
        e.put("activity_id", a.activityId());
        e.put("activity_name", a.activityName());
        e.put("type_uid", c.typeUid(a.activityId()));
        // type_name is type_uid's caption ("Account Change: Other"); activity_name may say what an Other is
        e.put("type_name", c.caption() + ": " + c.activityCaption(a.activityId()));
    }

    private static void status(ObjectNode e, JsonNode record, String name) {
        String error = text(record, "errorCode");
        String message = text(record, "errorMessage");
        // a sign-in says how it ended under its own name: responseElements.ConsoleLogin, and for IAM Identity
        // Center serviceEventDetails.CredentialVerification (a password tried), neither with an errorCode
        boolean failed = error != null || message != null
                || "Failure".equals(text(record, "responseElements", name))
                || "Failure".equals(text(record, "serviceEventDetails", name));
        e.put("status_id", failed ? 2 : 1);
        e.put("status", failed ? "Failure" : "Success");
        put(e, "status_code", error);
        put(e, "status_detail", message);
        put(e, "message", message);
    }

    private static ObjectNode metadata(JsonNode record) {
        ObjectNode product = OcsfJson.object();
        product.put("name", "CloudTrail");
        product.put("vendor_name", "AWS");
        put(product, "version", text(record, "eventVersion"));
        ObjectNode feature = OcsfJson.object();
        put(feature, "name", text(record, "eventCategory"));
        put(product, "feature", feature);
        ObjectNode m = OcsfJson.object();
        m.put("version", OCSF_VERSION);
        m.set("product", product);
        put(m, "uid", text(record, "eventID"));
        // eventType, where Security Lake puts it (kept in unmapped too, where earlier exports had it)
        put(m, "event_code", text(record, "eventType"));
        put(m, "original_time", text(record, "eventTime"));
        m.putArray("profiles").add("cloud").add("datetime");
        return m;
    }

    private static ObjectNode cloud(JsonNode record) {
        ObjectNode cloud = OcsfJson.object();
        cloud.put("provider", "AWS");
        put(cloud, "region", text(record, "awsRegion"));
        put(cloud, "account", OcsfIdentity.account(text(record, "recipientAccountId")));
        return cloud;
    }

    private static ObjectNode api(JsonNode record, String name, String source) {
        ObjectNode api = OcsfJson.object();
        api.put("operation", name);
        ObjectNode service = OcsfJson.object();
        put(service, "name", source);
        put(api, "service", service);
        put(api, "version", text(record, "apiVersion"));
        String requestId = text(record, "requestID");
        if (requestId != null) {
            ObjectNode request = OcsfJson.object();
            request.put("uid", requestId);
            putJson(request, "data", at(record, "requestParameters"));
            api.set("request", request);
        }
        ObjectNode response = OcsfJson.object();
        put(response, "error", text(record, "errorCode"));
        put(response, "message", text(record, "errorMessage"));
        putJson(response, "data", at(record, "responseElements"));
        put(api, "response", response);
        return api;
    }

    /** The attributes of Authentication and Account Change; false when the required user cannot be named. */
    private static boolean classSpecific(ObjectNode e, OcsfClass c, JsonNode record, String name, ObjectNode actor) {
        if (c == OcsfClass.AUTHENTICATION) {
            ObjectNode user = actor.has("user") ? ((ObjectNode) actor.get("user")).deepCopy() : OcsfJson.object();
            if (!user.has("name") && !user.has("uid") && !user.has("account")) {
                put(user, "account", OcsfIdentity.account(text(record, "recipientAccountId")));
            }
            if (user.isEmpty()) {
                return false;
            }
            e.set("user", user);
            String mfa = text(record, "additionalEventData", "MFAUsed");
            if (mfa != null) {
                e.put("is_mfa", mfa.equalsIgnoreCase("Yes"));
            }
            // the schema wants service or dst_endpoint: the class is only given to events of AWS sign-in
            ObjectNode service = OcsfJson.object();
            put(service, "name", text(record, "eventSource"));
            put(e, "service", service);
        } else if (c == OcsfClass.ACCOUNT_CHANGE) {
            ObjectNode user = OcsfIdentity.targetUser(record, name);
            if (user.isEmpty()) {
                return false;
            }
            e.set("user", user);
            ObjectNode policy = OcsfJson.object();
            put(policy, "uid", text(record, "requestParameters", "policyArn"));
            put(policy, "name", text(record, "requestParameters", "policyName"));
            put(e, "policy", policy);
        }
        return true;
    }

    /** The record's top-level fields no attribute holds (requestParameters too when api.request could not hold it). */
    private static ObjectNode unmapped(JsonNode record) {
        ObjectNode u = OcsfJson.object();
        boolean requestMapped = text(record, "requestID") != null;
        if (record.isObject()) {
            for (var f : record.properties()) {
                String key = f.getKey();
                boolean mapped = MAPPED.contains(key) || key.equals("responseElements")
                        || (requestMapped && key.equals("requestParameters"));
                if (!mapped && !f.getValue().isNull()) {
                    u.set(key, f.getValue());
                }
            }
        }
        return u;
    }
}
