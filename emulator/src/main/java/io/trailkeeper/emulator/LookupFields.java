package io.trailkeeper.emulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Works out what LookupEvents shows beside the record, which CloudTrail derives on its side: the
 * {@code Username} (the IAM user, the role session's name, "root") and the {@code Resources} (from the record's
 * {@code resources[]}, and from the request parameters that name a resource, for the common calls). Insights
 * records name their call inside {@code insightDetails}.
 *
 * <p>Only the few members needed are read into trees; the rest of the record is skipped by the parser.
 */
final class LookupFields {
    /** requestParameters members that name a resource, and the resource type CloudTrail gives them. */
    private static final Map<String, String> NAMING_PARAMETERS = Map.ofEntries(
            Map.entry("bucketName", "AWS::S3::Bucket"),
            Map.entry("userName", "AWS::IAM::User"),
            Map.entry("roleName", "AWS::IAM::Role"),
            Map.entry("policyArn", "AWS::IAM::Policy"),
            Map.entry("functionName", "AWS::Lambda::Function"),
            Map.entry("tableName", "AWS::DynamoDB::Table"),
            Map.entry("keyId", "AWS::KMS::Key"),
            Map.entry("trailName", "AWS::CloudTrail::Trail"),
            Map.entry("instanceId", "AWS::EC2::Instance"));
    private static final JsonFactory FACTORY = Call.JSON.getFactory();

    String username;
    List<HistoryEvent.Resource> resources = List.of();
    String insightEventName;
    String insightEventSource;

    private LookupFields() {
    }

    static LookupFields of(byte[] record) {
        LookupFields fields = new LookupFields();
        JsonNode identity = null;
        JsonNode resources = null;
        JsonNode parameters = null;
        String eventSource = null;
        try (JsonParser p = FACTORY.createParser(record)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return fields;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "userIdentity" -> identity = p.readValueAsTree();
                    case "resources" -> resources = p.readValueAsTree();
                    case "requestParameters" -> parameters = p.readValueAsTree();
                    case "eventSource" -> eventSource = p.getValueAsString();
                    case "insightDetails" -> {
                        JsonNode details = p.readValueAsTree();
                        fields.insightEventName = text(details, "eventName");
                        fields.insightEventSource = text(details, "eventSource");
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            // the reader accepted the record; what cannot be parsed here is simply not shown
        }
        fields.username = username(identity);
        fields.resources = resources(resources, parameters, eventSource);
        return fields;
    }

    /** The name LookupEvents shows: the user, the session of an assumed role or federation, or "root". */
    static String username(JsonNode identity) {
        if (identity == null || !identity.isObject()) {
            return null;
        }
        String type = text(identity, "type");
        String userName = text(identity, "userName");
        String arn = text(identity, "arn");
        if ("AssumedRole".equals(type) || "FederatedUser".equals(type)) {
            return arn != null ? arn.substring(arn.lastIndexOf('/') + 1) : userName;
        }
        if ("Root".equals(type)) {
            return userName != null ? userName : "root";
        }
        if (userName != null) {
            return userName;
        }
        if (arn != null && arn.indexOf('/') > 0) {
            return arn.substring(arn.lastIndexOf('/') + 1);
        }
        return null;
    }

    private static List<HistoryEvent.Resource> resources(JsonNode recorded, JsonNode parameters, String eventSource) {
        Set<HistoryEvent.Resource> out = new LinkedHashSet<>();
        if (recorded != null && recorded.isArray()) {
            for (JsonNode r : recorded) {
                String type = text(r, "type");
                String arn = text(r, "ARN");
                if (arn == null) {
                    arn = text(r, "arn");
                }
                if (type != null && arn != null) {
                    out.add(new HistoryEvent.Resource(type, arn));
                }
            }
        }
        if (parameters != null && parameters.isObject()) {
            parameters.properties().forEach(e -> {
                String type = NAMING_PARAMETERS.get(e.getKey());
                if (type != null && e.getValue().isTextual()) {
                    out.add(new HistoryEvent.Resource(type, e.getValue().asText()));
                }
            });
            if ("cloudtrail.amazonaws.com".equals(eventSource) && parameters.path("name").isTextual()) {
                out.add(new HistoryEvent.Resource("AWS::CloudTrail::Trail", parameters.get("name").asText()));
            }
            if ("iam.amazonaws.com".equals(eventSource)) {
                addText(out, parameters, "groupName", "AWS::IAM::Group");
                addText(out, parameters, "accessKeyId", "AWS::IAM::AccessKey");
            }
            if ("ec2.amazonaws.com".equals(eventSource)) {
                addText(out, parameters, "groupId", "AWS::EC2::SecurityGroup");
                for (JsonNode item : parameters.path("instancesSet").path("items")) {
                    addText(out, item, "instanceId", "AWS::EC2::Instance");
                }
            }
        }
        return new ArrayList<>(out);
    }

    private static void addText(Set<HistoryEvent.Resource> out, JsonNode node, String field, String type) {
        JsonNode value = node.get(field);
        if (value != null && value.isTextual()) {
            out.add(new HistoryEvent.Resource(type, value.asText()));
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
