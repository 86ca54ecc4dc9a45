package io.trailkeeper.store;

import io.trailkeeper.store.investigate.SqlText;
import java.util.ArrayList;
import java.util.List;

/** Turns an {@link EventQuery} into a WHERE clause with bound parameters; no user text enters the SQL. */
final class QuerySql {
    final String where;
    final List<Object> params;
    /**
     * For a resource that a call may include without naming it ({@link PrefixMatch}): the SQL of the label column
     * that tells the two apart, and its parameters; null otherwise.
     */
    final String label;
    final List<Object> labelParams;

    private QuerySql(String where, List<Object> params, String label, List<Object> labelParams) {
        this.where = where;
        this.params = params;
        this.label = label;
        this.labelParams = labelParams;
    }

    /**
     * A sign-in that failed, which AWS records without an errorCode: the investigations' fragment failed-sign-in.sql,
     * which the actor story's errors take too, so that the rule is written once.
     */
    private static final String FAILED_SIGN_IN = SqlText.fragment("failed-sign-in.sql");

    /**
     * A call that failed: an errorCode, or a sign-in that failed ({@link #FAILED_SIGN_IN}). What {@code --error any}
     * selects and what the report counts as failed, one rule for both; it reads the records of sign-ins, so the
     * statement needs tk_record (a store opened for reading).
     */
    static final String FAILED_CALL = "(error_code IS NOT NULL OR " + FAILED_SIGN_IN + ")";

    private static boolean anyError(EventQuery q) {
        return q.error() != null && q.error().trim().equalsIgnoreCase("any");
    }

    /**
     * The query's WHERE clause for a statement on {@code store}: every query of the events (a search, a report's
     * aggregates) gets it here. A query that reads original records gets tk_record registered: {@code --error any}
     * (the failed sign-ins no errorCode marks), and a {@code --resource} whose calls are confirmed in their
     * records (one that may include an S3 object or prefix by ARNPrefix, an IAM resource named by its bare name).
     * Only a store opened for reading has the function, so a writable one refuses, rather than answer with those
     * calls left out, or other kinds' calls let in, without a word.
     */
    static QuerySql of(EventStore store, EventQuery q) {
        String prefixTarget = q.resource() == null ? null : PrefixMatch.target(q.resource());
        String nameKey = q.resource() == null ? "" : ResourceArn.iamNameKey(q.resource());
        FilterMatch.Target filterTarget = q.resource() == null ? null : FilterMatch.target(q.resource());
        String reads = anyError(q) ? "--error any reads failed console sign-ins and sign-in credentials"
                : prefixTarget != null ? "--resource " + q.resource() + " confirms the calls that may include it"
                : !nameKey.isEmpty() ? "--resource " + q.resource() + " tells its kind's calls by their requests"
                : filterTarget != null ? "--resource " + q.resource() + " finds the EC2 calls that name it in a filter"
                : null;
        if (reads != null) {
            if (!store.readOnly()) {
                throw new IllegalStateException(reads + " from the original records, which needs the store opened"
                        + " for reading");
            }
            new EventSearch(store).prepareSql();
        }
        return of(q, prefixTarget, nameKey, filterTarget);
    }

    private static QuerySql of(EventQuery q, String prefixTarget, String nameKey, FilterMatch.Target filterTarget) {
        List<String> parts = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (q.since() != null) {
            parts.add("event_time >= ?");
            params.add(Times.toLocal(q.since()));
        }
        if (q.until() != null) {
            parts.add("event_time <= ?");
            params.add(Times.toLocal(q.until()));
        }
        anyOf(parts, params, "aws_region", q.regions(), false);
        anyOf(parts, params, "event_name", q.eventNames(), true);
        List<String> sources = q.eventSources().stream()
                .map(s -> s.contains(".") || s.contains("*") ? s : s + ".amazonaws.com").toList();
        anyOf(parts, params, "event_source", sources, true);
        if (q.user() != null) {
            // the person test investigate actor and --actor use too: a text matches part of an ARN, name, session
            // issuer or source identity (the person behind a role session); an ARN, that principal only
            parts.add(PersonMatch.condition());
            params.addAll(PersonMatch.values(q.user()));
        }
        if (q.accessKey() != null) {
            // key_hash narrows the scan cheaply (schema 8), the key itself decides
            parts.add("key_hash = " + KeyHash.of("?") + " AND access_key_id = ?");
            params.add(q.accessKey());
            params.add(q.accessKey());
        }
        if (q.ip() != null) {
            IpFilter ip = IpFilter.parse(q.ip(), "--ip");
            if (ip.block()) {
                parts.add(IpFilter.IN_RANGE);
                params.add(ip.first());
                params.add(ip.last());
            } else {
                parts.add("source_ip LIKE ? ESCAPE '\\'");
                params.add(ip.like());
            }
        }
        String label = null;
        List<Object> labelParams = List.of();
        if (q.resource() != null) {
            // as given: a name an attacker chose may start or end with a tab, a space or a control character, and
            // trimming it (String.trim drops them all) made that resource impossible to find
            List<String> named = new ArrayList<>();
            List<Object> namedParams = new ArrayList<>();
            resource(named, namedParams, q.resource(), nameKey);
            if (filterTarget != null) {
                // EC2 names an id it describes by filter too (Filter.N.Name instance-id): a call that names it so
                // is found, and labelled as such
                parts.add("(" + named.get(0) + " OR " + FilterMatch.condition(filterTarget) + ")");
                params.addAll(namedParams);
                params.addAll(FilterMatch.params(filterTarget));
                label = "CASE WHEN " + named.get(0) + " THEN '" + PrefixMatch.NAMES_IT + "' ELSE "
                        + FilterMatch.label() + " END";
                labelParams = new ArrayList<>(namedParams);
                labelParams.addAll(FilterMatch.labelParams(filterTarget));
            } else if (prefixTarget == null) {
                parts.addAll(named);
                params.addAll(namedParams);
            } else {
                parts.add("(" + named.get(0) + " OR " + PrefixMatch.condition() + ")");
                params.addAll(namedParams);
                params.addAll(PrefixMatch.params(prefixTarget));
                label = "CASE WHEN " + named.get(0) + " THEN '" + PrefixMatch.NAMES_IT + "' ELSE " + PrefixMatch.label()
                        + " END";
                labelParams = new ArrayList<>(namedParams);
                labelParams.addAll(PrefixMatch.labelParams(prefixTarget));
            }
        }
        if (q.error() != null) {
            if (anyError(q)) {
                parts.add(FAILED_CALL);
            } else {
                parts.add("error_code ILIKE ? ESCAPE '\\'");
                params.add(globToLike(q.error().trim()));
            }
        }
        if (q.readOnly() != null) {
            parts.add("read_only = ?");
            params.add(q.readOnly());
        }
        if (q.category() != null) {
            parts.add("event_category ILIKE ?");
            params.add(q.category().trim());
        }
        return new QuerySql(parts.isEmpty() ? "" : " WHERE " + String.join(" AND ", parts), params, label,
                labelParams);
    }

    /**
     * The start of the condition that an S3 call names the bucket (its first parameter) and, after this, a key: only
     * S3 names an object by bucketName and key, where an IAM call's groupName and userName are no object.
     */
    private static final String S3_BUCKET_AND =
            "(event_source = 's3.amazonaws.com' AND list_contains(resources, ?) AND ";

    /**
     * The event names the resource: the name or ARN itself, an ARN or path ending in it, or an ARN's bare name. S3's
     * own forms are read as the investigations read them: {@code s3://bucket/key} is {@code bucket/key}, and a
     * name ending in {@code /} ({@code bucket/}, {@code s3://bucket/logs/}, {@code arn:aws:s3:::bucket/logs/}) is
     * every object under that prefix.
     */
    private static void resource(List<String> parts, List<Object> params, String given, String nameKey) {
        String[] prefix = objectPrefix(given);
        if (prefix != null) {
            objectPrefix(parts, params, prefix[0], prefix[1]);
            return;
        }
        String r = given.startsWith("s3://") ? given.substring(5) : given;
        String named = "len(list_filter(resources, lambda x: x = ? OR x LIKE ? ESCAPE '\\' OR x LIKE ? ESCAPE '\\'))"
                + " > 0";
        params.add(r);
        params.add("%:" + escapeLike(r));
        params.add("%/" + escapeLike(r));
        String object = PrefixMatch.target(given);
        if (object != null) {
            // an S3 call may name the object by its request's bucketName and key only, with no object ARN in
            // resources[] (a network activity event, a call denied before it named its resources)
            int slash = object.indexOf('/');
            named = "(" + named + " OR " + S3_BUCKET_AND + "list_contains(resources, ?)))";
            params.add(object.substring(0, slash));
            params.add(object.substring(slash + 1));
        }
        ResourceArn arn = ResourceArn.parse(r);
        if (arn == null) {
            parts.add(named);
        } else {
            // IAM and EC2 records name a role or instance by name or id only (roleName, instanceId): the bare
            // name counts in the calls of the ARN's own service and account, where it means this resource
            String byName = "list_contains(resources, ?) AND event_source = ?"
                    + (arn.account().isEmpty() ? "" : " AND recipient_account_id = ?");
            // an IAM name only under its type's parameter (roleName: not a user or group of that name), read from
            // the record of the calls that name it only (a CASE tests its condition first)
            parts.add("(" + named + " OR " + (nameKey.isEmpty() ? "(" + byName + ")" : "(CASE WHEN " + byName
                    + " THEN json_extract_string(" + EventSearch.RECORD + " -> '$.requestParameters', ?) = ?"
                    + " ELSE false END)") + ")");
            params.add(arn.name());
            params.add(arn.eventSource());
            if (!arn.account().isEmpty()) {
                params.add(arn.account());
            }
            if (!nameKey.isEmpty()) {
                params.add("/" + nameKey);
                params.add(arn.name());
            }
        }
    }

    /**
     * The bucket and key prefix ("" for a whole bucket) of a name ending in {@code /}, in S3's own forms or bare
     * ({@code bucket/}, {@code s3://bucket/logs/}, {@code arn:aws:s3:::bucket/logs/}): every object under that
     * prefix. Null for any other name, another service's ARN included.
     */
    static String[] objectPrefix(String given) {
        String s3 = ResourceArn.s3Path(given);
        String path = s3 != null ? s3 : given.startsWith("arn:") ? "" : given;
        int slash = path.indexOf('/');
        return slash > 0 && path.endsWith("/") ? new String[] {path.substring(0, slash), path.substring(slash + 1)}
                : null;
    }

    /**
     * The event names an object under the prefix of the bucket: an object ARN under it (in any partition), or the
     * bucket with a key under it (as names-resource.sql has it for who-deleted).
     */
    private static void objectPrefix(List<String> parts, List<Object> params, String bucket, String keyPrefix) {
        parts.add("(len(list_filter(resources, lambda x: x LIKE ? ESCAPE '\\')) > 0 OR " + S3_BUCKET_AND
                + "len(list_filter(resources, lambda x: starts_with(x, ?))) > 0))");
        params.add("arn:%:s3:::" + escapeLike(bucket + "/" + keyPrefix) + "%");
        params.add(bucket);
        params.add(keyPrefix);
    }

    private static void anyOf(List<String> parts, List<Object> params, String column, List<String> values,
                              boolean caseInsensitive) {
        if (values.isEmpty()) {
            return;
        }
        List<String> alternatives = new ArrayList<>();
        for (String v : values) {
            alternatives.add(column + (caseInsensitive ? " ILIKE" : " LIKE") + " ? ESCAPE '\\'");
            params.add(globToLike(v.trim()));
        }
        parts.add("(" + String.join(" OR ", alternatives) + ")");
    }

    /** A shell-style glob ({@code *}, {@code ?}) as a LIKE pattern; other text matches literally. */
    static String globToLike(String glob) {
        StringBuilder b = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> b.append('%');
                case '?' -> b.append('_');
                case '%', '_', '\\' -> b.append('\\').append(c);
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String escapeLike(String text) {
        StringBuilder b = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '%' || c == '_' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
