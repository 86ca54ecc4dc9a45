package io.trailkeeper.store.investigate;

import io.trailkeeper.events.Table;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code who-deleted RESOURCE}: the calls that deleted (or tried to delete) a resource, who made them and from
 * where, and the region that recorded each beside the region the resource lives in.
 */
final class WhoDeleted implements Investigation {
    private static final int SUCCESSES_TOLD = 5;
    private static final int REGIONS_TOLD = 3;
    /** How long before the first destructive call other requests' Hosts are looked at (scanning all costs). */
    private static final Duration NEAR = Duration.ofDays(7);
    /** The effect who-deleted-deletions.sql gives a multi-object delete that names no key (unkeyed-delete.sql). */
    private static final String MAY_HAVE_DELETED = "may have deleted";

    @Override
    public void answer(Context c) {
        ResourceName resource = ResourceName.parse(c.args().subject());
        resource.bind(c);
        if (resource.prefix()) {
            c.needsDataEvents(); // an object's deletes are data events
        }
        c.scope();
        Table deletions = c.section("deletions");
        Table summary = c.section("summary");
        Table results = c.section("by_result");
        String name = Texts.clean(resource.subject());
        if (results.rows().isEmpty()) {
            c.put(new Table("resource_region", List.of("resource", "lives_in", "basis"), List.of()));
            c.note("the store holds no call that deletes, terminates or removes " + name + " " + c.window()
                    + ", in any region");
            objectDeletes(c, resource);
            return;
        }
        int time = Rows.column(summary, "first_call");
        int last = Rows.column(summary, "last_call");
        c.param("near_from", local(summary.rows().stream().map(r -> (Instant) r.get(time)).filter(Objects::nonNull)
                .min(Instant::compareTo).map(t -> t.minus(NEAR)).orElse(null), Context.EARLIEST));
        c.param("near_to", local(summary.rows().stream().map(r -> (Instant) r.get(last)).filter(Objects::nonNull)
                .max(Instant::compareTo).map(t -> t.plus(Duration.ofDays(1))).orElse(null), Context.LATEST));
        Set<String> sources = new LinkedHashSet<>();
        int source = Rows.column(deletions, "event_source");
        deletions.rows().forEach(r -> sources.add(String.valueOf(r.get(source))));
        // a refused call tells nothing of where the resource is: the wrong region's endpoint refuses it
        Set<String> recordedIn = new LinkedHashSet<>();
        int recorded = Rows.column(deletions, "recorded_in");
        int result = Rows.column(deletions, "result");
        deletions.rows().stream().filter(r -> "success".equals(r.get(result)))
                .forEach(r -> recordedIn.add(String.valueOf(r.get(recorded))));
        ResourceRegion.Guess lives = ResourceRegion.infer(c, resource,
                sources.size() == 1 ? sources.iterator().next() : "", recordedIn);
        List<Object> regionRow = new ArrayList<>();
        regionRow.add(resource.subject());
        regionRow.add(lives.region());
        regionRow.add(lives.basis());
        c.put(new Table("resource_region", List.of("resource", "lives_in", "basis"), List.of(regionRow)));
        c.put(withLivesIn(deletions, lives.region()));
        tell(c, deletions, results, name, lives, resource.s3Named() || sources.contains("s3.amazonaws.com"));
        if (resource.arn() == null) {
            kinds(c, deletions, name);
        }
        VpcEndpointCalls.tellSameRequest(c);
        objectDeletes(c, resource);
    }

    /**
     * A bare name the calls give under different request parameters (DeleteRole's roleName, DeleteUser's userName)
     * names resources of different kinds that share it: says which calls are which, and how to ask about one. (An
     * ARN's answer holds only its own kind: RemoveRoleFromInstanceProfile may name a role and a profile alike.)
     */
    private static void kinds(Context c, Table deletions, String name) {
        int namedAs = Rows.column(deletions, "named_as");
        int call = Rows.column(deletions, "event_name");
        Map<String, Set<String>> callsByKey = new java.util.TreeMap<>();
        for (List<Object> row : deletions.rows()) {
            if (row.get(namedAs) instanceof List<?> keys) {
                keys.forEach(k -> callsByKey.computeIfAbsent(Texts.clean(k), x -> new java.util.TreeSet<>())
                        .add(Texts.clean(row.get(call))));
            }
        }
        if (callsByKey.size() > 1) {
            List<String> parts = new ArrayList<>();
            callsByKey.forEach((k, calls) -> parts.add(k + " (" + String.join(", ", calls) + ")"));
            c.note(name + " is given as " + String.join(", ", parts) + ": resources of different kinds may share the"
                    + " name (an IAM role, user and group may); named_as says which each call deleted, and the"
                    + " resource's ARN (arn:aws:iam::ACCOUNT:role/NAME) asks about that one only");
        }
    }

    /**
     * A bucket's objects deleted (S3 data events) are not its deletion, and are not listed here: says how many the
     * window holds and where they are listed, so that a bucket emptied object by object is not answered with
     * silence; and its objects overwritten with a key the caller provided (SSE-C), as investigate s3 tells them. With
     * no data event of the bucket at all, neither can be told, and the answer says so.
     */
    private static void objectDeletes(Context c, ResourceName resource) {
        String bucket = resource.bucket();
        if (resource.arn() != null || resource.prefix() || bucket.isEmpty() || bucket.contains("/")) {
            return; // an ARN, a prefix, or a path (/aws/cloudtrail/trail, a log group) names no bucket
        }
        c.param("bucket_arn", "arn:aws:s3:::" + bucket);
        List<Object> row = c.query("who-deleted-objects.sql", "objects").rows().get(0);
        long deletes = ((Number) row.get(0)).longValue();
        long throughEndpoints = ((Number) row.get(2)).longValue();
        String b = Texts.clean(bucket);
        if (deletes > 0) {
            c.note("the store also holds " + Texts.count(deletes, "object delete", "object deletes") + " (S3 data"
                    + " events, " + row.get(1) + " succeeded) in bucket " + b + " " + c.window() + ": investigate s3 "
                    + b + " lists them, who-deleted " + b + "/KEY finds one object's");
        }
        if (throughEndpoints > 0) {
            // the same call is a data event too only where a data event selector logs it: told apart, not added
            c.note("the store " + (deletes > 0 ? "also " : "") + "holds " + Texts.count(throughEndpoints,
                    "object delete", "object deletes") + " through a VPC endpoint (network activity events, "
                    + row.get(3) + " went through, " + row.get(4) + " denied by the endpoint's policy (VpceAccessDenied)"
                    + " and never reached S3) in bucket " + b + " " + c.window() + ": investigate s3 " + b
                    + " lists them (network_activity), who-deleted " + b + "/KEY finds one object's");
        }
        if (((Number) row.get(6)).longValue() == 0) {
            c.note(BucketAccess.noDataEvents(c, b, "deleted or overwritten with a key the caller provided (SSE-C)"
                    + (throughEndpoints > 0 ? " other than through the VPC endpoints above" : "")));
        }
        // objects overwritten with a key the caller provided are as lost as deleted ones (S3 ransomware)
        BucketAccess.tellCustomerKeys(c, b, ((Number) row.get(5)).longValue());
    }

    /** ", also recorded through VPC endpoint vpce-..." when a network activity event records the same request. */
    private static String throughEndpoint(Table deletions, List<Object> row) {
        return row.get(Rows.column(deletions, "through_endpoint")) instanceof List<?> endpoints && !endpoints.isEmpty()
                ? ", also recorded through VPC endpoint " + String.join(", ", endpoints.stream().map(Texts::clean)
                        .toList()) + " (a network activity event of the same request)" : "";
    }

    private static LocalDateTime local(Instant t, LocalDateTime otherwise) {
        return t == null ? otherwise : LocalDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    /** The deletions with lives_in beside recorded_in. */
    private static Table withLivesIn(Table deletions, String region) {
        int at = Rows.column(deletions, "recorded_in") + 1;
        List<String> columns = new ArrayList<>(deletions.columns());
        columns.add(at, "lives_in");
        List<List<Object>> rows = new ArrayList<>();
        for (List<Object> row : deletions.rows()) {
            List<Object> r = new ArrayList<>(row);
            r.add(at, region);
            rows.add(r);
        }
        return new Table(deletions.name(), columns, rows);
    }

    private static void tell(Context c, Table deletions, Table results, String name, ResourceRegion.Guess lives,
                             boolean bucket) {
        int time = Rows.column(deletions, "event_time");
        int call = Rows.column(deletions, "event_name");
        int result = Rows.column(deletions, "result");
        int recorded = Rows.column(deletions, "recorded_in");
        int effect = Rows.column(deletions, "effect");
        int told = 0;
        long successes = 0;
        int invokedBy = Rows.column(deletions, "invoked_by");
        // the calls a principal made itself are told before those a service made (AWS Backup expiring recovery
        // points every day): five of the service's would hide an intruder's deletion in 'and N more'
        List<List<Object>> ordered = new ArrayList<>(deletions.rows());
        ordered.sort(java.util.Comparator.comparing(r -> r.get(invokedBy) != null));
        long throughService = 0;
        for (List<Object> row : ordered) {
            if (!"success".equals(row.get(result))) {
                continue;
            }
            successes++;
            if (told >= SUCCESSES_TOLD && row.get(invokedBy) != null) {
                throughService++;
            }
            if (told++ < SUCCESSES_TOLD) {
                boolean unkeyed = String.valueOf(row.get(effect)).startsWith(MAY_HAVE_DELETED);
                c.note(Texts.clean(row.get(call)) + " of " + (unkeyed ? "objects in " + name.substring(0,
                        Math.max(0, name.indexOf('/'))) : name)
                        + " succeeded at " + row.get(time) + ": by " + who(deletions, row) + ", recorded in "
                        + Texts.clean(row.get(recorded)) + throughEndpoint(deletions, row)
                        + (unkeyed ? "; its record does not name the keys it"
                        + " deleted (up to 1,000), so whether " + name + " was among them cannot be told from"
                        + " CloudTrail (S3 server access logs name each key)" : ""));
            }
        }
        if (successes > SUCCESSES_TOLD) {
            c.note("and " + Texts.count(successes - SUCCESSES_TOLD, "more successful call", "more successful calls")
                    + " among the deletions shown" + (throughService == 0 ? "" : " (" + throughService
                    + " of them made through an AWS service: invoked_by)"));
        }
        Map<String, Long> failures = new LinkedHashMap<>();
        int sResult = Rows.column(results, "result");
        int sCalls = Rows.column(results, "calls");
        long total = 0;
        for (List<Object> row : results.rows()) {
            long n = ((Number) row.get(sCalls)).longValue();
            total += n;
            if (!"success".equals(row.get(sResult))) {
                failures.merge(Texts.clean(row.get(sResult)), n, Long::sum);
            }
        }
        if (!failures.isEmpty()) {
            List<String> parts = new ArrayList<>();
            failures.forEach((code, n) -> parts.add(code + " x" + Texts.number(n)));
            long failed = failures.values().stream().mapToLong(Long::longValue).sum();
            c.note(Texts.count(failed, "call", "calls") + " of " + Texts.number(total) + " failed: " + String.join(", ", parts)
                    + (failures.containsKey(VpcEndpointCalls.DENIED_AT_ENDPOINT) ? " (VpceAccessDenied: denied by a VPC"
                    + " endpoint's policy, recorded as a network activity event; the call never reached the service)"
                    : ""));
        }
        regions(c, deletions, name, lives, bucket);
    }

    private static void regions(Context c, Table deletions, String name, ResourceRegion.Guess lives, boolean bucket) {
        String thing = bucket ? "the bucket" : "it";
        if (!lives.known()) {
            c.note("where " + name + " lives cannot be told from the store: " + lives.basis());
            return;
        }
        if (ResourceRegion.GLOBAL.equals(lives.region())) {
            return;
        }
        int call = Rows.column(deletions, "event_name");
        int recorded = Rows.column(deletions, "recorded_in");
        Set<String> told = new LinkedHashSet<>();
        for (List<Object> row : deletions.rows()) {
            String region = String.valueOf(row.get(recorded));
            String key = row.get(call) + " " + region;
            if (region.equals(lives.region()) || !told.add(key)) {
                continue;
            }
            if (told.size() <= REGIONS_TOLD) {
                c.note(Texts.clean(row.get(call)) + " of " + name + " was recorded in " + Texts.clean(region) + "; "
                        + thing + " lives in " + lives.region() + " (" + lives.basis() + "): a collection of "
                        + lives.region() + " only would have missed it");
            }
        }
        if (told.size() > REGIONS_TOLD) {
            c.note("and " + (told.size() - REGIONS_TOLD) + " more calls and regions recorded outside " + lives.region()
                    + " (see deletions)");
        }
    }

    /**
     * "arn:... [through cloudformation.amazonaws.com] (key AKIA..., without MFA) from 203.0.113.7 (aws-cli/2...)"; a
     * session's "not MFA-authenticated in AWS" (an identity provider's MFA is not recorded).
     */
    static String who(Table t, List<Object> row) {
        Object key = row.get(Rows.column(t, "access_key_id"));
        Object issuer = row.get(Rows.column(t, "session_issuer_arn"));
        Object mfa = row.get(Rows.column(t, "mfa"));
        Object type = row.get(Rows.column(t, "identity_type"));
        // mfaAuthenticated tells only of an AWS MFA device: a role or federated session's identity provider may have
        // asked for MFA that CloudTrail never sees
        boolean session = issuer != null || !("IAMUser".equals(type) || "Root".equals(type));
        String mfaText = mfa == null ? "MFA not recorded" : "true".equalsIgnoreCase(mfa.toString()) ? "with MFA"
                : session ? "not MFA-authenticated in AWS" : "without MFA";
        Object service = row.get(Rows.column(t, "invoked_by"));
        boolean forPrincipal = service != null && !"AWSService".equals(type);
        return Texts.clean(row.get(Rows.column(t, "principal"))) + (forPrincipal ? " through " + Texts.clean(service)
                : "") + " (" + (key == null ? "no access key" : "key " + Texts.clean(key)) + (issuer == null ? ""
                : ", session of " + Texts.clean(issuer)) + ", " + mfaText + ") from "
                + Texts.clean(row.get(Rows.column(t, "source_ip"))) + " ("
                + Texts.clean(row.get(Rows.column(t, "user_agent"))) + ")";
    }
}
