package io.trailkeeper.aws.inventory;

import io.trailkeeper.events.AccountSnapshot;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/**
 * The KMS key a trail encrypts with: its state (DescribeKey), whether it rotates (GetKeyRotationStatus), and its
 * key policy (GetKeyPolicy). Failures are kept under {@code key}, {@code rotation} and {@code policy}.
 */
final class KmsKeyReader {
    private KmsKeyReader() {
    }

    /**
     * @param keyId      as the trail names it: a key ARN, an alias ARN, or (rarely) a bare id or alias
     * @param homeRegion the trail's home region, where a key named without an ARN is
     */
    static AccountSnapshot.KmsKey read(InventoryClients clients, String keyId, String homeRegion) {
        String region = keyId.startsWith("arn:") && keyId.split(":").length > 3 ? keyId.split(":")[3] : homeRegion;
        KmsClient kms = clients.kms(region);
        Map<String, String> errors = new LinkedHashMap<>();
        String arn = keyId;
        String state = null;
        try {
            KeyMetadata key = kms.describeKey(b -> b.keyId(keyId)).keyMetadata();
            arn = key.arn();
            state = key.keyStateAsString();
        } catch (SdkException e) {
            errors.put("key", Attempts.reason(e));
        }
        String id = arn;
        Boolean rotation = null;
        try {
            rotation = kms.getKeyRotationStatus(b -> b.keyId(id)).keyRotationEnabled();
        } catch (SdkException e) {
            errors.put("rotation", Attempts.reason(e));
        }
        String policy = null;
        try {
            policy = kms.getKeyPolicy(b -> b.keyId(id).policyName("default")).policy();
        } catch (SdkException e) {
            errors.put("policy", Attempts.reason(e));
        }
        return new AccountSnapshot.KmsKey(arn, region, state, rotation, policy, errors);
    }
}
