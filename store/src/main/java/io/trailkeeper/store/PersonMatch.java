package io.trailkeeper.store;

import io.trailkeeper.store.investigate.SqlText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which events are a person's, the one test behind {@code query --user}, {@code investigate actor} and the
 * {@code --actor} of timeline, logins and s3: the investigations' fragment person.sql, with the parameters made here.
 * A text matches part of the principal's ARN, user name, session issuer or source identity, any case, so a bare name
 * ({@code Admin}) matches a user, a role's sessions and a person alike. An ARN is that principal only: a role's ARN
 * its sessions ({@code assumed-role/NAME/*}, or the role as their {@code sessionIssuer.arn}), a user's ARN that user:
 * {@code role/Admin} is not {@code user/Admin}, nor {@code role/AdminReadOnly}. A user's ARN also names the user's
 * events recorded without an ARN (a failed console sign-in), by type, account and name.
 */
public final class PersonMatch {
    private static final String FILE = "person.sql";
    /** person.sql with its parameters as {@code ?}, and their names in order. */
    private static final String SQL;
    private static final List<String> ORDER;

    static {
        List<String> names = new ArrayList<>();
        SQL = SqlText.bindable(SqlText.fragment(FILE), names, FILE);
        ORDER = List.copyOf(names);
    }

    private PersonMatch() {
    }

    /**
     * person.sql's parameters for what was given ({@code person_text}, {@code person_arn}, {@code person_session},
     * {@code person_user}, {@code person_account}): all '' for null or blank, which person.sql matches nothing with
     * (filters.sql reads it as no filter).
     */
    public static Map<String, Object> parameters(String given) {
        String g = given == null ? "" : given.trim().toLowerCase(Locale.ROOT);
        Map<String, Object> p = new LinkedHashMap<>();
        boolean arn = isArn(g);
        p.put("person_text", arn ? "" : g);
        p.put("person_arn", arn ? g : "");
        p.put("person_session", arn ? roleSessions(g) : "");
        String[] user = arn ? iamUser(g) : new String[] {"", ""};
        p.put("person_user", user[0]);
        p.put("person_account", user[1]);
        return p;
    }

    /**
     * The name and account of an IAM user given by its ARN ({@code arn:aws:iam::123456789012:user/path/alice} gives
     * alice and 123456789012), for the user's events recorded without an ARN; two '' for any other ARN.
     */
    static String[] iamUser(String arn) {
        ResourceArn user = "userName".equals(ResourceArn.iamNameKey(arn)) ? ResourceArn.parse(arn) : null;
        return user == null || user.account().isEmpty() ? new String[] {"", ""}
                : new String[] {user.name(), user.account()};
    }

    /**
     * The IAM user an event recorded without an ARN is, by the rule person.sql applies for {@code $person_user} and
     * {@code $person_account}: type IAMUser, no ARN, its account and its user name in lower case, as
     * {@code ACCOUNT/name}; null for any other event. Equal to {@link #iamUserKey} of that user's ARN.
     */
    static final String ARNLESS_USER_KEY = "CASE WHEN principal_arn IS NULL AND identity_type = 'IAMUser'"
            + " THEN recipient_account_id || '/' || lower(user_name) END";

    /**
     * {@code ACCOUNT/name} of an IAM user's ARN (as {@link #iamUser} reads it, name in lower case), which the user's
     * events recorded without an ARN have as {@link #ARNLESS_USER_KEY}; null for any other ARN.
     */
    static String iamUserKey(String arn) {
        if (!isArn(arn)) {
            return null;
        }
        String[] user = iamUser(arn.trim().toLowerCase(Locale.ROOT));
        return user[0].isEmpty() ? null : user[1] + "/" + user[0];
    }

    /** Whether a text was given that may name the person behind a session (source_identity), not an ARN. */
    public static boolean namesPerson(String given) {
        return given != null && !given.isBlank() && !isArn(given);
    }

    /**
     * Whether the text is a whole ARN ({@code arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE}), not part of one: an ARN
     * cut short after a {@code /} ({@code arn:aws:iam::123456789012:role/}, every role) or holding a {@code *} is
     * matched as text, a part of ARNs.
     */
    public static boolean isArn(String given) {
        String g = given == null ? "" : given.trim();
        String[] parts = g.split(":", 6);
        return parts.length == 6 && parts[0].equalsIgnoreCase("arn") && !parts[1].isEmpty() && !parts[2].isEmpty()
                && !parts[5].isEmpty() && !parts[5].endsWith("/") && !g.contains("*");
    }

    /**
     * The start of every session ARN of a role given by its ARN: {@code arn:aws:iam::123456789012:role/path/Admin}
     * gives {@code arn:aws:sts::123456789012:assumed-role/Admin/} (a session's ARN drops the role's path); '' for
     * any other ARN but {@code arn:aws:sts::123456789012:assumed-role/Admin} (no session name), which gives itself
     * followed by {@code /}.
     */
    static String roleSessions(String arn) {
        String[] parts = arn.split(":", 6);
        if (parts[2].equals("sts") && parts[5].startsWith("assumed-role/") && parts[5].indexOf('/', 13) < 0) {
            return arn + "/"; // a role's sessions named as assumed-role/NAME, without a session name
        }
        if (!parts[2].equals("iam") || !parts[5].startsWith("role/")) {
            return "";
        }
        String name = parts[5].substring(parts[5].lastIndexOf('/') + 1);
        return name.isEmpty() ? "" : "arn:" + parts[1] + ":sts::" + parts[4] + ":assumed-role/" + name + "/";
    }

    /** The condition with {@code ?} for its parameters, for a statement built in Java (QuerySql). */
    static String condition() {
        return SQL;
    }

    /** The values for {@link #condition()}'s {@code ?}, in order. */
    static List<Object> values(String given) {
        Map<String, Object> p = parameters(given);
        return ORDER.stream().map(p::get).toList();
    }
}
