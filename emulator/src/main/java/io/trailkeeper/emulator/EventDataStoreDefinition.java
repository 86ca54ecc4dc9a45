package io.trailkeeper.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * One CloudTrail Lake event data store of the scenario, written as GetEventDataStore answers it, plus
 * {@code HomeRegion} (where it lives and is listed) and {@code denied} (GetEventDataStore on it answers
 * AccessDeniedException). Missing members take CreateEventDataStore's defaults: status ENABLED, multi-region,
 * not an organization's, termination protection on, EXTENDABLE_RETENTION_PRICING with 366 days (2557 for
 * FIXED_RETENTION_PRICING), and the default selector of all management events. Unknown members are refused.
 */
final class EventDataStoreDefinition {
    private static final Set<String> MEMBERS = Set.of("Name", "EventDataStoreArn", "Status", "AdvancedEventSelectors",
            "MultiRegionEnabled", "OrganizationEnabled", "RetentionPeriod", "TerminationProtectionEnabled", "KmsKeyId",
            "BillingMode", "HomeRegion", "denied");
    private static final Set<String> STATUSES = Set.of("CREATED", "ENABLED", "PENDING_DELETION", "STARTING_INGESTION",
            "STOPPING_INGESTION", "STOPPED_INGESTION");
    private static final String DEFAULT_SELECTORS = "[{\"Name\":\"Default management events\",\"FieldSelectors\":"
            + "[{\"Field\":\"eventCategory\",\"Equals\":[\"Management\"]}]}]";

    private final String name;
    private final String arn;
    private final String homeRegion;
    private final boolean denied;
    private final ObjectNode description;

    /** @throws IllegalArgumentException naming the member at fault */
    EventDataStoreDefinition(JsonNode json, String account) {
        if (!json.isObject()) {
            throw new IllegalArgumentException("an event data store must be a JSON object");
        }
        for (String member : (Iterable<String>) json::fieldNames) {
            if (!MEMBERS.contains(member)) {
                throw new IllegalArgumentException("unknown event data store member \"" + member + "\"; known: "
                        + new TreeSet<>(MEMBERS));
            }
        }
        this.name = text(json, "Name", null);
        this.homeRegion = text(json, "HomeRegion", null);
        this.arn = text(json, "EventDataStoreArn", "arn:aws:cloudtrail:" + homeRegion + ":" + account
                + ":eventdatastore/" + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)));
        this.denied = json.path("denied").asBoolean(false);
        String status = text(json, "Status", "ENABLED");
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("Status " + status + " is none of " + new TreeSet<>(STATUSES));
        }
        String billing = text(json, "BillingMode", "EXTENDABLE_RETENTION_PRICING");
        ObjectNode out = Call.JSON.createObjectNode();
        out.put("EventDataStoreArn", arn).put("Name", name).put("Status", status);
        out.set("AdvancedEventSelectors", selectors(json.get("AdvancedEventSelectors")));
        out.put("MultiRegionEnabled", json.path("MultiRegionEnabled").asBoolean(true));
        out.put("OrganizationEnabled", json.path("OrganizationEnabled").asBoolean(false));
        out.put("RetentionPeriod", json.path("RetentionPeriod")
                .asInt("FIXED_RETENTION_PRICING".equals(billing) ? 2557 : 366));
        out.put("TerminationProtectionEnabled", json.path("TerminationProtectionEnabled").asBoolean(true));
        if (json.hasNonNull("KmsKeyId")) {
            out.put("KmsKeyId", json.get("KmsKeyId").asText());
        }
        out.put("BillingMode", billing);
        this.description = out;
    }

    String name() {
        return name;
    }

    String arn() {
        return arn;
    }

    String homeRegion() {
        return homeRegion;
    }

    boolean denied() {
        return denied;
    }

    /** The ListEventDataStores entry: the ARN and name only, the list's other fields being deprecated by AWS. */
    ObjectNode listEntry() {
        return Call.JSON.createObjectNode().put("EventDataStoreArn", arn).put("Name", name);
    }

    /** The GetEventDataStore answer. */
    ObjectNode description() {
        return description.deepCopy();
    }

    /** Whether {@code id} names this store: its ARN, or the ID at the ARN's end. */
    boolean named(String id) {
        return arn.equals(id) || arn.endsWith("/" + id);
    }

    private static JsonNode selectors(JsonNode given) {
        if (given == null || given.isNull()) {
            try {
                return Call.JSON.readTree(DEFAULT_SELECTORS);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        if (!(given instanceof ArrayNode)) {
            throw new IllegalArgumentException("AdvancedEventSelectors must be a JSON array");
        }
        return given.deepCopy();
    }

    private static String text(JsonNode json, String member, String fallback) {
        JsonNode value = json.get(member);
        if (value == null || value.isNull()) {
            if (fallback == null) {
                throw new IllegalArgumentException("an event data store needs \"" + member + "\" (text)");
            }
            return fallback;
        }
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException("an event data store's \"" + member + "\" must be text");
        }
        return value.asText();
    }
}
