package io.trailkeeper.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The names a record mentions, for {@code query --resource}: the ARNs in {@code resources[]} and the values in
 * {@code requestParameters} whose key says they name a thing (bucketName, roleName, policyArn, instanceId,
 * key..., or a list of them: instanceIds, trailNameList), at most {@value #MAX_VALUES} of at most {@value #MAX_LENGTH} characters each: the most a batch call
 * names (DeleteObjects and TerminateInstances take up to 1,000) and the longest S3 key. What is left out beyond
 * that is counted, so that the record is stored with a warning instead of silently unsearchable by those names.
 */
final class ResourceNames {
    static final int MAX_VALUES = 1_000;
    static final int MAX_LENGTH = 1_024;

    private final List<String> resources = new ArrayList<>(4);
    /** The names kept, for records that name many (a batch call's 1,000): a list scan would be quadratic. */
    private java.util.Set<String> kept;
    private int leftOut;

    private boolean seen(String value) {
        if (kept != null) {
            return kept.contains(value);
        }
        if (resources.size() < 16) {
            return resources.contains(value);
        }
        kept = new java.util.HashSet<>(resources);
        return kept.contains(value);
    }

    /** How many names were not kept: too long, or beyond the most kept. */
    int leftOut() {
        return leftOut;
    }

    List<String> list() {
        return resources.isEmpty() ? List.of() : List.copyOf(resources);
    }

    /** Reads requestParameters, whose value token is current. */
    void readRequestParameters(JsonParser p) throws IOException {
        collectNames(p, null, 0);
    }

    void readResources(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                // ARNPrefix: how CloudTrail names the resource of a data event logged for a prefix (an S3 object
                // prefix) rather than one ARN
                if (("ARN".equals(key) || "arn".equals(key) || "ARNPrefix".equals(key))
                        && p.currentToken() == JsonToken.VALUE_STRING) {
                    addResource(p.getText());
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    /**
     * The values in requestParameters that name a thing someone may search for: a bucket, an object key, a
     * role, a trail, an instance, an ARN. Judged by the key (bucketName, roleName, policyArn, instanceId,
     * key...) so that policy documents and flags do not crowd the list.
     */
    private void collectNames(JsonParser p, String key, int depth) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            String value = p.getText();
            if (key == null || namesAThing(key) || value.startsWith("arn:")) {
                addResource(value);
                // an account named as its root principal (a KMS grant's granteePrincipal arn:aws:iam::ACCOUNT:root) is
                // that account: found by its id, as an account shared with by id (a snapshot's userId) is
                String account = rootAccount(value);
                if (account != null) {
                    addResource(account);
                }
            }
        } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            if (depth > 8) {
                p.skipChildren();
                return;
            }
            boolean object = t == JsonToken.START_OBJECT;
            JsonToken end = object ? JsonToken.END_OBJECT : JsonToken.END_ARRAY;
            String member = object ? null : key;
            JsonToken next;
            while ((next = p.nextToken()) != end) {
                if (next == JsonToken.FIELD_NAME) {
                    member = p.currentName();
                    // EC2's query-style requests: {"FlowLogId": {"tag": 1, "content": "fl-..."}} names by its key
                    if (member.equals("content") && key != null && namesAThing(key)) {
                        member = key;
                    }
                    continue;
                }
                collectNames(p, member, depth + 1);
            }
        }
    }

    /** The account of an account principal's ARN ({@code arn:aws:iam::123456789012:root}, any partition), else null. */
    static String rootAccount(String value) {
        if (!value.startsWith("arn:") || !value.endsWith(":root")) {
            return null;
        }
        String[] parts = value.split(":", -1);
        return parts.length == 6 && parts[2].equals("iam") && parts[4].matches("\\d{12}") ? parts[4] : null;
    }

    static boolean namesAThing(String given) {
        String key = singular(given);
        int n = key.length();
        if (n >= 4 && (key.endsWith("Name") || key.endsWith("name") || key.endsWith("Arn") || key.endsWith("ARN")
                || key.endsWith("arn"))) {
            return !key.equals("eventName");
        }
        if (n >= 2 && (key.endsWith("Id") || key.endsWith("ID"))) {
            return !key.equals("requestId") && !key.equals("clientToken");
        }
        // RDS, Neptune, DocumentDB and Redshift name their instances, clusters and snapshots by identifier:
        // ModifyDBSnapshotAttribute's dBSnapshotIdentifier, DeleteDBInstance's dBInstanceIdentifier
        if (n > 10 && key.endsWith("Identifier")) {
            return true;
        }
        return switch (key) {
            case "key", "Key", "bucket", "Bucket", "name", "trail", "resource", "resourceArn", "arn", "ARN",
                    "id", "keyId", "instanceId", "snapshotId", "imageId", "volumeId", "groupId", "functionName",
                    "secretId", "logGroupName", "tableName", "repositoryName", "queueUrl", "topicArn",
                    // the accounts Modify(DB|DBCluster)SnapshotAttribute shares a snapshot with, or stops sharing it with
                    "valuesToAdd", "valuesToRemove" -> true;
            default -> false;
        };
    }

    /**
     * The key of one item of a list that names things: instanceIds (SSM's SendCommand), names (GetParameters),
     * trailNameList (DescribeTrails), roleArns, dBInstanceIdentifiers are lists of instanceId, name, trailName,
     * roleArn, dBInstanceIdentifier. Any other key as it is.
     */
    private static String singular(String key) {
        int n = key.length();
        if (n > 6 && key.endsWith("List")) {
            return key.substring(0, n - 4);
        }
        if (key.endsWith("Identifiers")) {
            return key.substring(0, n - 1);
        }
        if (key.endsWith("Ids") || key.endsWith("IDs") || key.endsWith("Arns") || key.endsWith("ARNs")
                || key.endsWith("Names") || key.equals("names")) {
            return key.substring(0, n - 1);
        }
        return key;
    }

    private void addResource(String value) {
        if (value == null || value.isEmpty() || seen(value)) {
            return;
        }
        if (value.length() > MAX_LENGTH || resources.size() >= MAX_VALUES) {
            leftOut++;
        } else {
            resources.add(value);
            if (kept != null) {
                kept.add(value);
            }
        }
    }

}
