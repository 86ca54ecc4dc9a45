package io.trailkeeper.store.ocsf;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which OCSF class and activity a CloudTrail record is, decided from its eventSource, eventName, eventType and (for
 * a few calls) a request parameter. Total: every API call gets an answer.
 *
 * <ul>
 * <li>Authentication (3002): console sign-in events of signin.amazonaws.com (eventType AwsConsoleSignIn or one of
 * ConsoleLogin, CheckMfa, SwitchRole, ExitRole): ConsoleLogin, CheckMfa and SwitchRole are Logon, ExitRole is
 * Logoff, any other sign-in event is Other (activity_name the event name).</li>
 * <li>Account Change (3001): IAM calls that create, delete, enable or disable a user or role, set or reset its
 * password, attach or detach its policies or its MFA device ({@link #ACCOUNT_CHANGES}). Access keys have no
 * activity of their own in OCSF 1.1.0: CreateAccessKey and DeleteAccessKey are Other with activity_name
 * "Create Access Key" / "Delete Access Key"; UpdateAccessKey is Enable or Disable by its status.</li>
 * <li>API Activity (6003), everything else, management and data events alike: the activity is read from the
 * operation's leading verb ({@link #verbActivity}), then from readOnly (true is Read), else Other.</li>
 * </ul>
 *
 * @param ocsfClass    the class
 * @param activityId   activity_id, valid for the class
 * @param activityName activity_name: the caption of activity_id, or for Other what the activity is
 */
public record OcsfActivity(OcsfClass ocsfClass, int activityId, String activityName) {
    static final String SIGN_IN_SOURCE = "signin.amazonaws.com";
    static final String IAM_SOURCE = "iam.amazonaws.com";
    private static final Set<String> SIGN_IN_NAMES = Set.of("ConsoleLogin", "CheckMfa", "SwitchRole", "ExitRole");

    /** IAM calls that are Account Change, with their activity_id (99 with the name given in {@link #OTHER_NAMES}). */
    static final Map<String, Integer> ACCOUNT_CHANGES = Map.ofEntries(
            Map.entry("CreateUser", 1), Map.entry("CreateRole", 1), Map.entry("CreateServiceLinkedRole", 1),
            Map.entry("CreateLoginProfile", 2), Map.entry("ChangePassword", 3), Map.entry("UpdateLoginProfile", 4),
            Map.entry("DeleteLoginProfile", 5),
            Map.entry("DeleteUser", 6), Map.entry("DeleteRole", 6), Map.entry("DeleteServiceLinkedRole", 6),
            Map.entry("AttachUserPolicy", 7), Map.entry("PutUserPolicy", 7), Map.entry("AttachRolePolicy", 7),
            Map.entry("PutRolePolicy", 7),
            Map.entry("DetachUserPolicy", 8), Map.entry("DeleteUserPolicy", 8), Map.entry("DetachRolePolicy", 8),
            Map.entry("DeleteRolePolicy", 8),
            Map.entry("EnableMFADevice", 10), Map.entry("DeactivateMFADevice", 11),
            Map.entry("CreateAccessKey", OcsfClass.OTHER), Map.entry("DeleteAccessKey", OcsfClass.OTHER),
            Map.entry("UpdateAccessKey", OcsfClass.OTHER));
    private static final Map<String, String> OTHER_NAMES = Map.of("CreateAccessKey", "Create Access Key",
            "DeleteAccessKey", "Delete Access Key", "UpdateAccessKey", "Update Access Key");

    /** Leading verbs of API operations and the API Activity they are; the first word of the name decides. */
    private static final Map<String, Integer> VERBS = verbs();

    public OcsfActivity {
        if (!ocsfClass.validActivity(activityId)) {
            throw new IllegalArgumentException(activityId + " is not an activity of " + ocsfClass.caption());
        }
    }

    /**
     * The class and activity of a record.
     *
     * @param eventSource the record's eventSource (may be null)
     * @param eventName   its eventName (may be null: then API Activity, Unknown)
     * @param eventType   its eventType (may be null)
     * @param readOnly    its readOnly (may be null)
     * @param keyStatus   requestParameters.status, read for UpdateAccessKey (may be null)
     */
    public static OcsfActivity of(String eventSource, String eventName, String eventType, Boolean readOnly,
                                  String keyStatus) {
        String name = eventName == null ? "" : eventName;
        if (SIGN_IN_SOURCE.equals(eventSource)
                && ("AwsConsoleSignIn".equals(eventType) || SIGN_IN_NAMES.contains(name))) {
            return switch (name) {
                case "ConsoleLogin", "CheckMfa", "SwitchRole" -> defined(OcsfClass.AUTHENTICATION, 1);
                case "ExitRole" -> defined(OcsfClass.AUTHENTICATION, 2);
                default -> new OcsfActivity(OcsfClass.AUTHENTICATION, OcsfClass.OTHER, name);
            };
        }
        if (IAM_SOURCE.equals(eventSource) && ACCOUNT_CHANGES.containsKey(name)) {
            if (name.equals("UpdateAccessKey") && keyStatus != null) {
                if (keyStatus.equals("Active")) {
                    return defined(OcsfClass.ACCOUNT_CHANGE, 2);
                }
                if (keyStatus.equals("Inactive")) {
                    return defined(OcsfClass.ACCOUNT_CHANGE, 5);
                }
            }
            int id = ACCOUNT_CHANGES.get(name);
            return id == OcsfClass.OTHER ? new OcsfActivity(OcsfClass.ACCOUNT_CHANGE, id, OTHER_NAMES.get(name))
                    : defined(OcsfClass.ACCOUNT_CHANGE, id);
        }
        if (name.isEmpty()) {
            return defined(OcsfClass.API_ACTIVITY, OcsfClass.UNKNOWN);
        }
        Integer byVerb = verbActivity(name);
        if (byVerb != null) {
            return defined(OcsfClass.API_ACTIVITY, byVerb);
        }
        if (Boolean.TRUE.equals(readOnly)) {
            return defined(OcsfClass.API_ACTIVITY, 2);
        }
        return new OcsfActivity(OcsfClass.API_ACTIVITY, OcsfClass.OTHER, name);
    }

    /**
     * The API Activity of an operation by its leading verb (after a "Batch" prefix): Create, Read, Update or Delete;
     * null when the verb is not one of {@link #VERBS}.
     */
    static Integer verbActivity(String operation) {
        String name = operation.startsWith("Batch") && operation.length() > 5 ? operation.substring(5) : operation;
        int end = 1;
        while (end < name.length() && Character.isLowerCase(name.charAt(end))) {
            end++;
        }
        return VERBS.get(name.substring(0, end).toLowerCase(Locale.ROOT));
    }

    private static OcsfActivity defined(OcsfClass c, int id) {
        return new OcsfActivity(c, id, c.activityCaption(id));
    }

    private static Map<String, Integer> verbs() {
        Map<String, Integer> m = new java.util.HashMap<>();
        for (String v : new String[] {"create", "add", "allocate", "import", "register", "run", "copy", "generate",
            "issue", "request", "launch", "upload", "publish", "send", "subscribe", "invoke", "assume", "post"}) {
            m.put(v, 1);
        }
        for (String v : new String[] {"get", "describe", "list", "head", "lookup", "search", "select", "scan",
            "query", "download", "view", "check", "retrieve", "read", "decrypt", "verify", "estimate", "preview",
            "test", "validate", "simulate", "filter", "discover", "export"}) {
            m.put(v, 2);
        }
        for (String v : new String[] {"update", "put", "modify", "set", "change", "attach", "detach", "associate",
            "disassociate", "enable", "disable", "start", "stop", "reboot", "replace", "reset", "restore", "tag",
            "untag", "assign", "unassign", "apply", "authorize", "rotate", "edit", "patch", "cancel", "accept",
            "reject", "encrypt", "re", "resume", "suspend", "move", "rename", "upgrade", "share", "unshare",
            "leave", "join", "recover", "deactivate", "activate", "complete", "abort", "confirm"}) {
            m.put(v, 3);
        }
        for (String v : new String[] {"delete", "remove", "terminate", "deregister", "release", "revoke", "purge",
            "destroy", "unsubscribe", "disconnect", "unlink", "drop"}) {
            m.put(v, 4);
        }
        return Map.copyOf(m);
    }
}
