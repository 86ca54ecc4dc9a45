package io.trailkeeper.store.ocsf;

import static io.trailkeeper.store.ocsf.OcsfJson.at;
import static io.trailkeeper.store.ocsf.OcsfJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The resources[] of an OCSF event: each entry of the record's resources[] (uid the ARN, type as CloudTrail names
 * it, e.g. AWS::S3::Bucket, owner.account the accountId that owns it), the bucket of an S3 call
 * (requestParameters.bucketName: name, its ARN as uid, AWS::S3::Bucket), then every other name or ARN the store
 * found in the request (an ARN as uid, else as name). Each appears once.
 */
final class OcsfResources {
    private OcsfResources() {
    }

    static ArrayNode of(JsonNode record, List<String> mentioned) {
        ArrayNode out = OcsfJson.MAPPER.createArrayNode();
        Set<String> seen = new HashSet<>();
        JsonNode listed = at(record, "resources");
        if (listed != null && listed.isArray()) {
            for (JsonNode r : listed) {
                String arn = text(r, "ARN");
                String type = text(r, "type");
                if (arn != null && seen.add(arn)) {
                    ObjectNode o = out.addObject();
                    o.put("uid", arn);
                    OcsfJson.put(o, "type", type);
                    String name = lastPart(arn);
                    OcsfJson.put(o, "name", name);
                    ObjectNode owner = OcsfJson.object();
                    OcsfJson.put(owner, "account", OcsfIdentity.account(text(r, "accountId")));
                    OcsfJson.put(o, "owner", owner);
                    if (name != null) {
                        seen.add(name);
                    }
                }
            }
        }
        String bucket = text(record, "requestParameters", "bucketName");
        if (bucket != null && "s3.amazonaws.com".equals(text(record, "eventSource"))) {
            String arn = "arn:aws:s3:::" + bucket;
            if (seen.add(arn)) {
                ObjectNode o = out.addObject();
                o.put("uid", arn);
                o.put("name", bucket);
                o.put("type", "AWS::S3::Bucket");
            }
            seen.add(bucket);
        }
        for (String m : mentioned == null ? List.<String>of() : mentioned) {
            if (m == null || m.isEmpty() || !seen.add(m)) {
                continue;
            }
            ObjectNode o = out.addObject();
            o.put(m.startsWith("arn:") ? "uid" : "name", m);
        }
        return out;
    }

    /** The resource's name in an ARN: after the last '/' or ':' (the bucket of arn:aws:s3:::bucket). */
    private static String lastPart(String arn) {
        int cut = Math.max(arn.lastIndexOf('/'), arn.lastIndexOf(':'));
        String name = cut >= 0 ? arn.substring(cut + 1) : arn;
        return name.isEmpty() ? null : name;
    }
}
