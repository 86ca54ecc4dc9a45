package io.trailkeeper.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * KMS in JSON 1.1 ({@code TrentService.*}): DescribeKey, GetKeyRotationStatus and GetKeyPolicy, from the
 * scenario's {@code kmsKeys}. Keys are regional: a key is found by id, key ARN, alias name or alias ARN only in
 * its region ({@code NotFoundException} elsewhere). A denied key answers {@code AccessDeniedException}.
 */
final class KmsApi {
    private static final long CREATED = 1_705_311_000L;

    private final Scenario scenario;
    private final StsApi sts;

    KmsApi(Scenario scenario, StsApi sts) {
        this.scenario = scenario;
        this.sts = sts;
    }

    WireResponse handle(Call call) {
        String operation = call.operation();
        ObjectNode key = find(call, call.json().path("KeyId").asText(""));
        if (key.path("denied").asBoolean(false)) {
            throw AwsError.badRequest("AccessDeniedException", "User: " + sts.callerArn(call.accessKeyId())
                    + " is not authorized to perform: kms:" + operation + " on resource: " + key.get("arn").asText()
                    + " because no resource-based policy allows the kms:" + operation + " action");
        }
        ObjectNode out = Call.JSON.createObjectNode();
        switch (operation) {
            case "DescribeKey" -> {
                String state = key.get("keyState").asText();
                out.putObject("KeyMetadata").put("AWSAccountId", scenario.account())
                        .put("KeyId", key.get("keyId").asText()).put("Arn", key.get("arn").asText())
                        .put("CreationDate", CREATED).put("Enabled", "Enabled".equals(state))
                        .put("Description", key.path("description").asText(""))
                        .put("KeyUsage", "ENCRYPT_DECRYPT").put("KeyState", state).put("Origin", "AWS_KMS")
                        .put("KeyManager", "CUSTOMER").put("KeySpec", "SYMMETRIC_DEFAULT")
                        .put("CustomerMasterKeySpec", "SYMMETRIC_DEFAULT").put("MultiRegion", false)
                        .putArray("EncryptionAlgorithms").add("SYMMETRIC_DEFAULT");
            }
            case "GetKeyRotationStatus" -> {
                boolean enabled = key.get("rotationEnabled").asBoolean();
                out.put("KeyRotationEnabled", enabled).put("KeyId", key.get("arn").asText());
                if (enabled) {
                    out.put("RotationPeriodInDays", 365);
                }
            }
            case "GetKeyPolicy" -> {
                JsonNode policy = key.get("policy");
                out.put("Policy", policy.isTextual() ? policy.asText() : policy.toString()).put("PolicyName", "default");
            }
            default -> throw AwsError.badRequest("UnknownOperationException", "The emulator does not serve KMS "
                    + operation);
        }
        return call.ok(out);
    }

    private ObjectNode find(Call call, String id) {
        if (id.isEmpty()) {
            throw AwsError.badRequest("ValidationException", "1 validation error detected: Value null at 'keyId'"
                    + " failed to satisfy constraint: Member must not be null");
        }
        for (ObjectNode key : scenario.resources().kmsKeys()) {
            if (!key.get("region").asText().equals(call.region())) {
                continue;
            }
            if (id.equals(key.get("keyId").asText()) || id.equals(key.get("arn").asText())) {
                return key;
            }
            for (JsonNode alias : key.path("aliases")) {
                String aliasArn = "arn:aws:kms:" + call.region() + ":" + scenario.account() + ":" + alias.asText();
                if (id.equals(alias.asText()) || id.equals(aliasArn)) {
                    return key;
                }
            }
        }
        throw AwsError.badRequest("NotFoundException", (id.contains("alias/") ? "Alias " : "Key '") + id
                + (id.contains("alias/") ? " is not found." : "' does not exist"));
    }
}
