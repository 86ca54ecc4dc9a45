package io.trailkeeper.store;

/**
 * A resource's ARN, split into the parts a search needs. Many services name a resource in a record by name or id
 * only: IAM's DeleteRole has {@code roleName}, EC2's TerminateInstances an {@code instanceId}, with no
 * {@code resources[]}. So a search for {@code arn:aws:iam::123456789012:role/Admin} must also match the name
 * {@code Admin}; but only in the calls of the ARN's own service and account, since a bare name is not unique (a
 * bucket, a user and a role may all be called {@code Admin}, and an organisation trail holds every account's).
 *
 * @param service the ARN's service ({@code iam}, {@code ec2})
 * @param region  its region, empty for a global service
 * @param account its account, empty when the ARN has none (an AMI's snapshot, say)
 * @param name    the resource's own name or id: after the last {@code /} of {@code type/path/name}, or the part
 *                after {@code type:} of {@code type:name[:qualifier]}, or the whole resource part
 */
public record ResourceArn(String service, String region, String account, String name) {

    /**
     * The ARN's parts, or null when the text is not an ARN, or is an S3 one: S3 names buckets and objects by their
     * name in the ARN itself (arn:aws:s3:::bucket/key), which a search matches as it is.
     */
    public static ResourceArn parse(String text) {
        String s = text == null ? "" : text.trim();
        if (!s.startsWith("arn:")) {
            return null;
        }
        String[] parts = s.split(":", 6);
        if (parts.length < 6 || parts[2].isEmpty() || parts[2].equals("s3") || parts[5].isEmpty()) {
            return null;
        }
        String resource = parts[5];
        int slash = resource.indexOf('/');
        int colon = resource.indexOf(':');
        String name;
        if (slash >= 0 && (colon < 0 || slash < colon)) {
            name = resource.substring(resource.lastIndexOf('/') + 1); // role/path/Name, instance/i-x
        } else if (colon >= 0) {
            int end = resource.indexOf(':', colon + 1); // function:name:qualifier, log-group:name:*
            name = resource.substring(colon + 1, end < 0 ? resource.length() : end);
        } else {
            name = resource; // sns and sqs: the topic's or queue's name
        }
        return name.isEmpty() ? null : new ResourceArn(parts[2], parts[3], parts[4], name);
    }

    /**
     * The bucket/key an S3 name gives in one of S3's own forms: {@code s3://bucket/key}, as the AWS CLI writes it,
     * or an S3 ARN in any partition ({@code arn:aws:s3:::bucket/key}); null for any other text, a bare
     * {@code bucket/key} included (whether that names an object is the reader's to judge).
     */
    public static String s3Path(String text) {
        if (text.startsWith("s3://")) {
            return text.substring(5);
        }
        int s3 = text.indexOf(":s3:::");
        return text.startsWith("arn:") && s3 > 0 ? text.substring(s3 + 6) : null;
    }

    /**
     * The request parameter an IAM call names a resource of the ARN's type by: {@code roleName} for
     * {@code arn:aws:iam::123456789012:role/Admin}, {@code userName}, {@code groupName}, {@code instanceProfileName},
     * {@code serverCertificateName}. IAM names are unique per type only (a role, a user and a group may all be called
     * Admin), and IAM records name them by the bare name: this key says which one a call names. '' for any other
     * text; EC2's ids, say, tell their type themselves ({@code i-}, {@code snap-}).
     */
    public static String iamNameKey(String text) {
        ResourceArn arn = parse(text);
        if (arn == null || !arn.service().equals("iam")) {
            return "";
        }
        String resource = text.trim().split(":", 6)[5];
        int slash = resource.indexOf('/');
        return switch (slash < 0 ? "" : resource.substring(0, slash)) {
            case "role" -> "roleName";
            case "user" -> "userName";
            case "group" -> "groupName";
            case "instance-profile" -> "instanceProfileName";
            case "server-certificate" -> "serverCertificateName";
            default -> "";
        };
    }

    /**
     * The eventSource of the service's calls: {@code iam.amazonaws.com} for {@code arn:aws:iam}. CloudWatch's
     * ARNs say {@code cloudwatch}, its calls {@code monitoring}.
     */
    public String eventSource() {
        return ("cloudwatch".equals(service) ? "monitoring" : service) + ".amazonaws.com";
    }
}
