package io.trailkeeper.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hand-written CloudTrail records for the report's tests, shaped as a trail file delivers them (the fields of
 * the real DeleteBucket record in ../shared/data/invictus-ir-aws_dataset), with every value chosen by the test.
 */
final class IncidentRecords {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<ObjectNode> records = new ArrayList<>();

    /**
     * One call by an IAM user; {@code strings} sets or overrides string fields: top-level ones (errorCode,
     * userAgent...) by name, those of an object as {@code object.field} (userIdentity.type).
     */
    IncidentRecords call(String time, String eventName, String source, String region, String arn, String userName,
                         String accessKey, String ip, Map<String, String> requestParameters, List<String> resourceArns,
                         Map<String, String> strings) {
        ObjectNode r = JSON.createObjectNode();
        r.put("eventVersion", "1.08");
        ObjectNode identity = r.putObject("userIdentity");
        identity.put("type", "IAMUser");
        identity.put("principalId", "AIDAEXAMPLE" + records.size());
        identity.put("arn", arn);
        identity.put("accountId", "111122223333");
        identity.put("accessKeyId", accessKey);
        identity.put("userName", userName);
        r.put("eventTime", time);
        r.put("eventSource", source);
        r.put("eventName", eventName);
        r.put("awsRegion", region);
        r.put("sourceIPAddress", ip);
        r.put("userAgent", "aws-cli/2.15.0 Python/3.11.6 Linux/6.5.0 exe/x86_64.ubuntu.22");
        ObjectNode params = r.putObject("requestParameters");
        requestParameters.forEach(params::put);
        r.putNull("responseElements");
        r.put("requestID", "REQ" + records.size());
        r.put("eventID", "00000000-0000-4000-8000-" + String.format("%012d", records.size() + 1));
        r.put("readOnly", false);
        ArrayNode resources = r.putArray("resources");
        for (String a : resourceArns) {
            ObjectNode res = resources.addObject();
            res.put("accountId", "111122223333");
            res.put("type", "AWS::S3::Bucket");
            res.put("ARN", a);
        }
        r.put("eventType", "AwsApiCall");
        r.put("managementEvent", true);
        r.put("recipientAccountId", "111122223333");
        r.put("eventCategory", "Management");
        strings.forEach((name, value) -> {
            int dot = name.indexOf('.');
            if (dot < 0) {
                r.put(name, value);
            } else {
                ((ObjectNode) r.get(name.substring(0, dot))).put(name.substring(dot + 1), value);
            }
        });
        records.add(r);
        return this;
    }

    /**
     * Makes the last call a network activity event, as the AWS CloudTrail user guide's examples of one are shaped
     * (eventType AwsVpceEvent, eventCategory NetworkActivity): made through VPC endpoint {@code endpoint} of account
     * 111122223333, with no readOnly, managementEvent or resources.
     */
    IncidentRecords throughEndpoint(String endpoint) {
        ObjectNode r = records.get(records.size() - 1);
        r.remove(List.of("readOnly", "managementEvent", "resources", "userAgent"));
        r.put("eventVersion", "1.09");
        r.put("eventType", "AwsVpceEvent");
        r.put("vpcEndpointId", endpoint);
        r.put("vpcEndpointAccountId", "111122223333");
        r.put("eventCategory", "NetworkActivity");
        return this;
    }

    /** Puts {@code json} (an object, as records show it) at requestParameters.{@code field} of the last call. */
    IncidentRecords withRequest(String field, String json) throws IOException {
        ((ObjectNode) records.get(records.size() - 1).get("requestParameters")).set(field, JSON.readTree(json));
        return this;
    }

    /** Writes the records as one trail file, {"Records":[...]}. */
    Path write(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.putArray("Records").addAll(records);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, JSON.writeValueAsString(root));
        return file;
    }
}
