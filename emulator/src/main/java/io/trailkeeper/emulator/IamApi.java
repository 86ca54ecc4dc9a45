package io.trailkeeper.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * IAM in the query protocol (global: any region's signature is accepted): GetAccountAuthorizationDetails, from
 * the scenario's {@code iam}. Policy documents are URL-encoded, as IAM sends them. Pages of {@code MaxItems}
 * (default 100) entries with {@code Marker}; {@code Filter.member.N} picks the kinds of entity.
 */
final class IamApi {
    private static final String NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";
    private static final String CREATED = "2024-01-15T09:30:00Z";
    private static final Map<String, String> LISTS = Map.of("User", "users", "Group", "groups", "Role", "roles");

    private final Scenario scenario;
    private final StsApi sts;

    IamApi(Scenario scenario, StsApi sts) {
        this.scenario = scenario;
        this.sts = sts;
    }

    /** One entity of the answer: its kind (User, Group, Role, LocalManagedPolicy, AWSManagedPolicy) and data. */
    private record Entity(String kind, JsonNode item) {
    }

    WireResponse handle(Call call) {
        if (!"GetAccountAuthorizationDetails".equals(call.operation())) {
            throw AwsError.badRequest("InvalidAction", "The emulator does not serve IAM " + call.operation());
        }
        ObjectNode iam = scenario.resources().iam();
        if (iam.path("denied").asBoolean(false)) {
            throw new AwsError(403, "AccessDenied", "User: " + sts.callerArn(call.accessKeyId())
                    + " is not authorized to perform: iam:GetAccountAuthorizationDetails on resource: *");
        }
        List<Entity> entities = entities(iam, filter(call));
        int start = start(call.param("Marker"), entities.size());
        int max = maxItems(call.param("MaxItems"));
        int end = Math.min(entities.size(), start + max);
        Xml xml = new Xml().open("GetAccountAuthorizationDetailsResponse", NAMESPACE)
                .open("GetAccountAuthorizationDetailsResult")
                .element("IsTruncated", end < entities.size());
        if (end < entities.size()) {
            xml.element("Marker", "page-" + end);
        }
        section(xml, "UserDetailList", entities.subList(start, end), Set.of("User"));
        section(xml, "GroupDetailList", entities.subList(start, end), Set.of("Group"));
        section(xml, "RoleDetailList", entities.subList(start, end), Set.of("Role"));
        section(xml, "Policies", entities.subList(start, end), Set.of("LocalManagedPolicy", "AWSManagedPolicy"));
        return call.okXml(xml.close("GetAccountAuthorizationDetailsResult").open("ResponseMetadata")
                .element("RequestId", call.requestId()).close("ResponseMetadata")
                .close("GetAccountAuthorizationDetailsResponse").toString());
    }

    private static Set<String> filter(Call call) {
        Set<String> kinds = new HashSet<>();
        for (int i = 1; call.param("Filter.member." + i) != null; i++) {
            kinds.add(call.param("Filter.member." + i));
        }
        return kinds.isEmpty() ? Set.of("User", "Group", "Role", "LocalManagedPolicy", "AWSManagedPolicy") : kinds;
    }

    private static List<Entity> entities(ObjectNode iam, Set<String> kinds) {
        List<Entity> out = new ArrayList<>();
        for (String kind : List.of("User", "Group", "Role")) {
            if (kinds.contains(kind)) {
                iam.path(LISTS.get(kind)).forEach(item -> out.add(new Entity(kind, item)));
            }
        }
        for (JsonNode policy : iam.path("policies")) {
            String kind = policy.get("arn").asText().contains(":iam::aws:policy/") ? "AWSManagedPolicy"
                    : "LocalManagedPolicy";
            if (kinds.contains(kind)) {
                out.add(new Entity(kind, policy));
            }
        }
        return out;
    }

    private void section(Xml xml, String list, List<Entity> page, Set<String> kinds) {
        xml.open(list);
        for (Entity e : page) {
            if (kinds.contains(e.kind())) {
                xml.open("member");
                switch (e.kind()) {
                    case "User" -> principal(xml, e.item(), "User", "user", "AIDA");
                    case "Group" -> principal(xml, e.item(), "Group", "group", "AGPA");
                    case "Role" -> principal(xml, e.item(), "Role", "role", "AROA");
                    default -> policy(xml, e.item());
                }
                xml.close("member");
            }
        }
        xml.close(list);
    }

    private void principal(Xml xml, JsonNode item, String kind, String arnKind, String idPrefix) {
        String path = item.path("path").asText("/");
        String name = item.get("name").asText();
        String arn = "arn:aws:iam::" + scenario.account() + ":" + arnKind + path + name;
        xml.element("Path", path).element(kind + "Name", name).element(kind + "Id", Identities.userId(idPrefix, arn))
                .element("Arn", arn).element("CreateDate", CREATED);
        if ("Role".equals(kind)) {
            JsonNode trust = item.get("trustPolicy");
            xml.element("AssumeRolePolicyDocument", trust == null ? null : encode(trust))
                    .open("InstanceProfileList").close("InstanceProfileList");
        }
        xml.open(kind + "PolicyList");
        item.path("inlinePolicies").properties().forEach(p -> xml.open("member").element("PolicyName", p.getKey())
                .element("PolicyDocument", encode(p.getValue())).close("member"));
        xml.close(kind + "PolicyList");
        if ("User".equals(kind)) {
            xml.open("GroupList");
            item.path("groups").forEach(g -> xml.element("member", g.asText()));
            xml.close("GroupList");
        }
        xml.open("AttachedManagedPolicies");
        for (JsonNode policyArn : item.path("attachedPolicies")) {
            String a = policyArn.asText();
            xml.open("member").element("PolicyName", a.substring(a.lastIndexOf('/') + 1)).element("PolicyArn", a)
                    .close("member");
        }
        xml.close("AttachedManagedPolicies");
    }

    private static void policy(Xml xml, JsonNode policy) {
        String arn = policy.get("arn").asText();
        xml.element("PolicyName", policy.get("name").asText()).element("PolicyId", Identities.userId("ANPA", arn))
                .element("Arn", arn).element("Path", policy.path("path").asText("/"))
                .element("DefaultVersionId", "v1").element("AttachmentCount", 1).element("IsAttachable", true)
                .element("CreateDate", CREATED).element("UpdateDate", CREATED)
                .open("PolicyVersionList").open("member").element("Document", encode(policy.path("document")))
                .element("VersionId", "v1").element("IsDefaultVersion", true).element("CreateDate", CREATED)
                .close("member").close("PolicyVersionList");
    }

    /** A policy document as IAM sends it: the JSON text, percent-encoded (spaces as %20, not +). */
    static String encode(JsonNode document) {
        String text = document.isTextual() ? document.asText() : document.toString();
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static int start(String marker, int size) {
        if (marker == null) {
            return 0;
        }
        try {
            int start = Integer.parseInt(marker.substring("page-".length()));
            if (start >= 0 && start <= size) {
                return start;
            }
        } catch (RuntimeException e) {
            // reported below
        }
        throw AwsError.badRequest("ValidationError", "Invalid Marker: " + marker);
    }

    private static int maxItems(String text) {
        if (text == null) {
            return 100;
        }
        try {
            int max = Integer.parseInt(text);
            if (max >= 1 && max <= 1000) {
                return max;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw AwsError.badRequest("ValidationError", "MaxItems must be 1 to 1000, was " + text);
    }
}
