package io.trailkeeper.detect;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The fields a CloudTrail record can have, as AWS documents them ("CloudTrail record contents" and "CloudTrail
 * userIdentity element" in the CloudTrail User Guide), for the warning on a rule that names a field no record
 * has: the engine matches field names exactly (case-sensitively), so such a rule silently sees the field
 * missing in every record. Under the free-form objects (requestParameters, responseElements and the like, and
 * the items of resources) any path is accepted; under userIdentity the documented sub-fields are checked.
 * The engine maps no other names onto these (it reads the record's own paths), so there are no aliases.
 */
final class CloudTrailFields {
    private CloudTrailFields() {
    }

    /** Top-level fields whose contents depend on the service or event: anything under them is accepted. */
    private static final Set<String> FREE_FORM = Set.of("requestParameters", "responseElements",
            "additionalEventData", "serviceEventDetails", "insightDetails", "addendum", "tlsDetails", "resources",
            "edgeDeviceDetails", "eventContext");

    /** The documented top-level fields of a management, data, network activity or Insights event record. */
    private static final Set<String> TOP_LEVEL = Set.of("eventTime", "eventVersion", "userIdentity", "eventSource",
            "eventName", "awsRegion", "sourceIPAddress", "userAgent", "errorCode", "errorMessage",
            "requestParameters", "responseElements", "additionalEventData", "requestID", "eventID", "eventType",
            "apiVersion", "managementEvent", "readOnly", "resources", "recipientAccountId", "serviceEventDetails",
            "sharedEventID", "vpcEndpointId", "vpcEndpointAccountId", "eventCategory", "addendum",
            "sessionCredentialFromConsole", "edgeDeviceDetails", "tlsDetails", "insightDetails", "eventContext");

    /** userIdentity's documented sub-fields, as paths below it. */
    private static final Set<String> USER_IDENTITY = Set.of("type", "principalId", "arn", "accountId",
            "accessKeyId", "userName", "sessionContext", "sessionContext.attributes",
            "sessionContext.attributes.creationDate", "sessionContext.attributes.mfaAuthenticated",
            "sessionContext.sessionIssuer", "sessionContext.sessionIssuer.type",
            "sessionContext.sessionIssuer.principalId", "sessionContext.sessionIssuer.arn",
            "sessionContext.sessionIssuer.accountId", "sessionContext.sessionIssuer.userName",
            "sessionContext.webIdFederationData", "sessionContext.sourceIdentity", "sessionContext.ec2RoleDelivery",
            "sessionContext.assumedRoot", "invokedBy", "identityProvider", "credentialId", "onBehalfOf",
            "onBehalfOf.userId", "onBehalfOf.identityStoreArn", "inScopeOf");

    /** userIdentity's sub-objects whose own contents are not checked. */
    private static final Set<String> USER_IDENTITY_FREE_FORM = Set.of("sessionContext.webIdFederationData",
            "inScopeOf");

    /** Every known path that a misspelt field may be a case variant of, longest first. */
    private static final List<String> KNOWN = java.util.stream.Stream.concat(TOP_LEVEL.stream(),
                    USER_IDENTITY.stream().map(p -> "userIdentity." + p))
            .sorted(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()))
            .toList();

    /** Whether a CloudTrail record can have the field (a path as a rule writes it). */
    static boolean known(String field) {
        int dot = field.indexOf('.');
        String first = dot < 0 ? field : field.substring(0, dot);
        if (!TOP_LEVEL.contains(first)) {
            return false;
        }
        if (dot < 0 || !first.equals("userIdentity")) {
            return true;
        }
        String rest = field.substring(dot + 1);
        return USER_IDENTITY.contains(rest) || USER_IDENTITY_FREE_FORM.stream().anyMatch(p -> rest.startsWith(p + "."));
    }

    /** The known field the given one differs from only by case (in its checked part), or null. */
    static String suggestion(String field) {
        for (String k : KNOWN) {
            if (field.length() >= k.length() && field.regionMatches(true, 0, k, 0, k.length())
                    && (field.length() == k.length() || field.charAt(k.length()) == '.')) {
                String candidate = k + field.substring(k.length());
                if (!candidate.equals(field) && known(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }
}
