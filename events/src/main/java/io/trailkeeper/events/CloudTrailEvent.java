package io.trailkeeper.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * One CloudTrail record: the original JSON, kept byte for byte apart from insignificant white space,
 * plus the typed values that investigations filter on.
 *
 * <p>Every typed value may be {@code null}: CloudTrail has added fields over the years (readOnly,
 * eventCategory, tlsDetails...) and older records, or records from other tools, lack them. Nothing
 * here rejects an unknown field or an unknown eventVersion; the raw record keeps everything.
 *
 * <p>The {@link #recordHash()} is a 128-bit hash of {@link #raw()} ({@link RecordHash}): the key under
 * which the store keeps one copy of each distinct record, whether or not its eventID is unique.
 */
public final class CloudTrailEvent {
    private final byte[] raw;
    private final UUID recordHash;
    private final Fields fields;

    CloudTrailEvent(byte[] raw, UUID recordHash, Fields fields) {
        this.raw = Objects.requireNonNull(raw);
        this.recordHash = Objects.requireNonNull(recordHash);
        this.fields = Objects.requireNonNull(fields);
    }

    private CloudTrailEvent(UUID recordHash, Fields fields) {
        this.raw = null;
        this.recordHash = recordHash;
        this.fields = fields;
    }

    /**
     * What a detection keeps of an event it matched, for as long as it runs (a correlation over a busy access key
     * keeps every call made with it): the record hash, time, id, source, name, region, account, identity type,
     * principal ARN, user name, access key id, source IP, error code, readOnly, category and resources. The raw
     * record and the other values are let go: {@link #raw()} throws, their getters give null.
     */
    public CloudTrailEvent summary() {
        return summary(UnaryOperator.identity());
    }

    /**
     * A {@link #summary()} whose repeated values (source, name, region, account, identity, principal, key, IP,
     * error, category) go through {@code shared}, which can give one copy of each text to many summaries.
     */
    public CloudTrailEvent summary(UnaryOperator<String> shared) {
        if (raw == null) {
            return this;
        }
        Fields f = new Fields();
        f.eventId = fields.eventId;
        f.eventTime = fields.eventTime;
        f.eventSource = share(shared, fields.eventSource);
        f.eventName = share(shared, fields.eventName);
        f.awsRegion = share(shared, fields.awsRegion);
        f.recipientAccountId = share(shared, fields.recipientAccountId);
        f.identityType = share(shared, fields.identityType);
        f.principalArn = share(shared, fields.principalArn);
        f.userName = share(shared, fields.userName);
        f.accessKeyId = share(shared, fields.accessKeyId);
        f.sourceIp = share(shared, fields.sourceIp);
        f.errorCode = share(shared, fields.errorCode);
        f.readOnly = fields.readOnly;
        f.eventCategory = share(shared, fields.eventCategory);
        f.resources = fields.resources;
        return new CloudTrailEvent(recordHash, f);
    }

    private static String share(UnaryOperator<String> shared, String value) {
        return value == null ? null : shared.apply(value);
    }

    /** Whether this is a {@link #summary()}, without the raw record. */
    public boolean isSummary() {
        return raw == null;
    }

    /** The record's JSON as UTF-8, compact (white space outside strings removed), otherwise untouched. */
    public byte[] raw() {
        if (raw == null) {
            throw new IllegalStateException("a summary of event " + recordHash + " keeps no raw record");
        }
        return raw;
    }

    public String rawJson() {
        return new String(raw(), StandardCharsets.UTF_8);
    }

    public UUID recordHash() {
        return recordHash;
    }

    public String eventId() { return fields.eventId; }
    /** The event's time in UTC, or null when the record carries no readable time. */
    public Instant eventTime() { return fields.eventTime; }
    public String eventVersion() { return fields.eventVersion; }
    public String eventSource() { return fields.eventSource; }
    public String eventName() { return fields.eventName; }
    /** The region that recorded the event (not necessarily where the resource lives). */
    public String awsRegion() { return fields.awsRegion; }
    public String recipientAccountId() { return fields.recipientAccountId; }
    public String identityType() { return fields.identityType; }
    public String principalArn() { return fields.principalArn; }
    public String principalId() { return fields.principalId; }
    /** userName, or for a role session the session issuer's name, or the last part of the ARN. */
    public String userName() { return fields.userName; }
    public String accessKeyId() { return fields.accessKeyId; }
    public String identityAccountId() { return fields.identityAccountId; }
    public String sessionIssuerArn() { return fields.sessionIssuerArn; }
    /**
     * userIdentity.sessionContext.sessionIssuer.type as the record writes it (Role, for an assumed role), or
     * null when it is missing or not a string.
     */
    public String sessionIssuerType() { return fields.sessionIssuerType; }
    public Boolean mfaAuthenticated() { return fields.mfaAuthenticated; }
    /**
     * userIdentity.sessionContext.sourceIdentity: the person (or application) a role session was set up for at
     * AssumeRole, kept through role chaining; null when the session has none or it is not a string.
     */
    public String sourceIdentity() { return fields.sourceIdentity; }
    /**
     * userIdentity.onBehalfOf.userId: the IAM Identity Center user an identity-enhanced session (or an
     * IdentityCenterUser call) acts for; null when absent or not a string.
     */
    public String onBehalfOfUserId() { return fields.onBehalfOfUserId; }
    public String invokedBy() { return fields.invokedBy; }
    public String sourceIp() { return fields.sourceIp; }
    public String userAgent() { return fields.userAgent; }
    public String errorCode() { return fields.errorCode; }

    /**
     * The error code of a call that failed, as the store and the lake keep it: null for a blank errorCode ("", as
     * some exporters write it for a call that did not fail), else {@link #errorCode()}.
     */
    public String failedWith() {
        return fields.errorCode == null || fields.errorCode.isBlank() ? null : fields.errorCode;
    }
    public String errorMessage() { return fields.errorMessage; }
    public Boolean readOnly() { return fields.readOnly; }
    public Boolean managementEvent() { return fields.managementEvent; }
    /** Management, Data, Insight or NetworkActivity: the record's eventCategory, or inferred for old records. */
    public String eventCategory() { return fields.eventCategory; }
    public String eventType() { return fields.eventType; }
    public String requestId() { return fields.requestId; }
    /** ARNs from {@code resources[]} and the names, ARNs and ids mentioned in {@code requestParameters}. */
    public List<String> resources() { return fields.resources; }

    @Override
    public String toString() {
        return "CloudTrailEvent[" + fields.eventTime + " " + fields.awsRegion + " " + fields.eventSource + " "
                + fields.eventName + " id=" + fields.eventId + "]";
    }

    /** The typed values, filled by the parser. Package-private: only the reader builds events. */
    static final class Fields {
        String eventId;
        Instant eventTime;
        String eventVersion;
        String eventSource;
        String eventName;
        String awsRegion;
        String recipientAccountId;
        String identityType;
        String principalArn;
        String principalId;
        String userName;
        String accessKeyId;
        String identityAccountId;
        String sessionIssuerArn;
        String sessionIssuerUserName;
        String sessionIssuerType;
        Boolean mfaAuthenticated;
        String invokedBy;
        /** An IAM Identity Center user's id ({@code onBehalfOf.userId}): the only name such a call gives. */
        String onBehalfOfUserId;
        /** {@code additionalEventData.UserName}: the name a sign-in event's user signed in with, if any. */
        String signInUserName;
        /** {@code sessionContext.sourceIdentity}: the person behind a role session, through role chaining. */
        String sourceIdentity;
        String sourceIp;
        String userAgent;
        String errorCode;
        String errorMessage;
        Boolean readOnly;
        Boolean managementEvent;
        String eventCategory;
        String eventType;
        String requestId;
        List<String> resources = List.of();
    }
}
