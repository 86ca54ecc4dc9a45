package io.trailkeeper.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * A record's {@code userIdentity}: who made the call, read into the record's fields as the parser streams past
 * (the last userIdentity of a record counts, as in a parse), and the one name the call is known by.
 */
final class IdentityScan {
    private IdentityScan() {
    }

    static void read(RecordScan scan, JsonParser p) throws IOException {
        CloudTrailEvent.Fields fields = scan.fields;
        fields.sessionIssuerType = null;
        fields.onBehalfOfUserId = null;
        fields.sourceIdentity = null;
        if (p.currentToken() != JsonToken.START_OBJECT) {
            if (p.currentToken() != JsonToken.VALUE_NULL) {
                scan.warn(ProblemCode.WRONG_TYPE, "userIdentity is " + Json.describe(p) + ", expected an object");
            }
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "type" -> fields.identityType = scan.text(p, "userIdentity.type");
                // CloudTrail writes "" for what it does not know (an Unknown identity's arn, an anonymous caller's
                // principalId): no ARN, not an ARN that is empty
                case "principalId" ->
                        fields.principalId = RecordScan.emptyToNull(scan.text(p, "userIdentity.principalId"));
                case "arn" -> fields.principalArn = RecordScan.emptyToNull(scan.text(p, "userIdentity.arn"));
                case "accountId" -> fields.identityAccountId = scan.text(p, "userIdentity.accountId");
                case "accessKeyId" ->
                        fields.accessKeyId = RecordScan.emptyToNull(scan.text(p, "userIdentity.accessKeyId"));
                case "userName" -> fields.userName = scan.text(p, "userIdentity.userName");
                case "invokedBy" -> fields.invokedBy = scan.text(p, "userIdentity.invokedBy");
                case "sessionContext" -> readSessionContext(scan, p);
                case "onBehalfOf" -> readOnBehalfOf(fields, p);
                default -> p.skipChildren();
            }
        }
    }

    /** IAM Identity Center: {@code onBehalfOf.userId} names the user a call was made for. */
    private static void readOnBehalfOf(CloudTrailEvent.Fields fields, JsonParser p) throws IOException {
        fields.onBehalfOfUserId = RecordScan.memberText(p, "userId");
    }

    private static void readSessionContext(RecordScan scan, JsonParser p) throws IOException {
        CloudTrailEvent.Fields fields = scan.fields;
        fields.sessionIssuerType = null;
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if ("sessionIssuer".equals(name)) {
                fields.sessionIssuerType = null;
            }
            if ("sessionIssuer".equals(name) && t == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    switch (key) {
                        case "arn" -> fields.sessionIssuerArn = scan.text(p, "sessionIssuer.arn");
                        case "userName" -> fields.sessionIssuerUserName = scan.text(p, "sessionIssuer.userName");
                        case "type" -> fields.sessionIssuerType = RecordScan.stringOnly(p);
                        default -> p.skipChildren();
                    }
                }
            } else if ("sourceIdentity".equals(name)) {
                // set at AssumeRole and kept through role chaining: the person behind the session
                fields.sourceIdentity = RecordScan.stringOnly(p);
            } else if ("attributes".equals(name) && t == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    if ("mfaAuthenticated".equals(key)) {
                        fields.mfaAuthenticated = scan.bool(p, "mfaAuthenticated");
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
    }

    /**
     * The name a call is shown and searched by: the user's, a session's role/session, root, the name a sign-in
     * event's user signed in with, another account's principal with its account, an Identity Center user's id, the
     * service that called.
     */
    static String userName(CloudTrailEvent.Fields f) {
        if (f.userName != null) {
            return f.userName;
        }
        String arn = f.principalArn;
        if ("Root".equals(f.identityType)) {
            return "root";
        }
        if (arn != null) {
            int assumed = arn.indexOf(":assumed-role/");
            if (assumed >= 0) {
                return arn.substring(assumed + ":assumed-role/".length());
            }
            int slash = arn.indexOf('/');
            if (slash >= 0) {
                return arn.substring(slash + 1);
            }
        }
        if (f.signInUserName != null && "signin.amazonaws.com".equals(f.eventSource)) {
            // IAM Identity Center's sign-ins (IdentityCenterUser since 14 July 2025, Unknown when the user is not
            // authenticated) name the user as typed only here; the user's id stays searchable as the person behind
            return f.signInUserName;
        }
        if ("AWSAccount".equals(f.identityType) && f.identityAccountId != null) {
            // another account's principal: without its account, the principal id alone says nothing of whose
            return f.identityAccountId + (f.principalId == null ? "" : "/" + f.principalId);
        }
        if ("IdentityCenterUser".equals(f.identityType) && f.onBehalfOfUserId != null) {
            return f.onBehalfOfUserId;
        }
        if (f.sessionIssuerUserName != null) {
            return f.sessionIssuerUserName;
        }
        if (f.invokedBy != null) {
            return f.invokedBy;
        }
        return f.principalId;
    }
}
