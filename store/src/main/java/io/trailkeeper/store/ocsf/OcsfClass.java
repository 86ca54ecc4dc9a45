package io.trailkeeper.store.ocsf;

import java.util.Map;

/**
 * The OCSF 1.1.0 event classes CloudTrail records are mapped to, as Amazon Security Lake maps CloudTrail management
 * and data events: API Activity for API calls, Authentication for console sign-ins, Account Change for changes to
 * IAM users and roles, their credentials and their policies.
 *
 * <p>Each class carries its identifiers and the captions of its {@code activity_id} values as the schema defines
 * them ({@code 0} Unknown and {@code 99} Other are valid in every class); {@code type_uid} is
 * {@code class_uid * 100 + activity_id}.
 */
public enum OcsfClass {
    API_ACTIVITY(6003, "API Activity", "api_activity", 6, "Application Activity",
            Map.of(1, "Create", 2, "Read", 3, "Update", 4, "Delete")),
    AUTHENTICATION(3002, "Authentication", "authentication", 3, "Identity & Access Management",
            Map.of(1, "Logon", 2, "Logoff", 3, "Authentication Ticket", 4, "Service Ticket Request",
                    5, "Service Ticket Renew")),
    ACCOUNT_CHANGE(3001, "Account Change", "account_change", 3, "Identity & Access Management",
            Map.ofEntries(Map.entry(1, "Create"), Map.entry(2, "Enable"), Map.entry(3, "Password Change"),
                    Map.entry(4, "Password Reset"), Map.entry(5, "Disable"), Map.entry(6, "Delete"),
                    Map.entry(7, "Attach Policy"), Map.entry(8, "Detach Policy"), Map.entry(9, "Lock"),
                    Map.entry(10, "MFA Factor Enable"), Map.entry(11, "MFA Factor Disable")));

    public static final int UNKNOWN = 0;
    public static final int OTHER = 99;

    private final int uid;
    private final String caption;
    private final String name;
    private final int categoryUid;
    private final String categoryName;
    private final Map<Integer, String> activities;

    OcsfClass(int uid, String caption, String name, int categoryUid, String categoryName,
              Map<Integer, String> activities) {
        this.uid = uid;
        this.caption = caption;
        this.name = name;
        this.categoryUid = categoryUid;
        this.categoryName = categoryName;
        this.activities = activities;
    }

    /** class_uid, e.g. 6003. */
    public int uid() {
        return uid;
    }

    /** class_name, e.g. "API Activity". */
    public String caption() {
        return caption;
    }

    /** The schema's name of the class, e.g. "api_activity": the {@code class=} partition of the export. */
    public String schemaName() {
        return name;
    }

    public int categoryUid() {
        return categoryUid;
    }

    public String categoryName() {
        return categoryName;
    }

    /** Whether {@code activityId} is one of this class's activity_id values (0 and 99 included). */
    public boolean validActivity(int activityId) {
        return activityId == UNKNOWN || activityId == OTHER || activities.containsKey(activityId);
    }

    /** The caption of a defined activity ("Unknown" for 0, "Other" for 99), or null when it is not defined. */
    public String activityCaption(int activityId) {
        if (activityId == UNKNOWN) {
            return "Unknown";
        }
        if (activityId == OTHER) {
            return "Other";
        }
        return activities.get(activityId);
    }

    /** type_uid: class_uid * 100 + activity_id. */
    public long typeUid(int activityId) {
        return uid * 100L + activityId;
    }
}
