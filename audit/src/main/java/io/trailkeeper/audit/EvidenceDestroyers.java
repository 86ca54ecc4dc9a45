package io.trailkeeper.audit;

import io.trailkeeper.audit.IamPolicies.Access;
import io.trailkeeper.audit.IamPolicies.Statement;
import io.trailkeeper.audit.internal.EventDataStores;
import io.trailkeeper.audit.internal.Inputs;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshot.Bucket;
import io.trailkeeper.events.AccountSnapshot.Iam;
import io.trailkeeper.events.AccountSnapshot.Principal;
import io.trailkeeper.events.AccountSnapshot.Trail;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who in the account may destroy a trail's evidence today: stop or change the trail, or delete its log files,
 * their bucket, or the bucket's lifecycle and policy. Read from the snapshot's IAM authorization details with
 * {@link IamPolicies} (identity policies, groups included, and the trail bucket's policy, whose explicit Deny
 * applies to the S3 actions). The account's root user can always do all of it and is not listed.
 *
 * @param unreadable why IAM could not be read (then {@code trails} is empty), or null
 * @param trails     one entry per trail in the snapshot
 */
public record EvidenceDestroyers(String unreadable, List<TrailEvidence> trails) {
    /** What stops or blinds a trail. */
    public static final List<String> TRAIL_ACTIONS = List.of("cloudtrail:StopLogging", "cloudtrail:DeleteTrail",
            "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors");
    /** What removes a trail bucket, or the rules that keep its files (a deleted policy lifts its protection). */
    public static final List<String> BUCKET_ACTIONS = List.of("s3:DeleteBucket", "s3:PutLifecycleConfiguration",
            "s3:PutBucketPolicy", "s3:DeleteBucketPolicy");
    /** What deletes a log file (or, in a versioned bucket, its versions). */
    public static final List<String> OBJECT_ACTIONS = List.of("s3:DeleteObject", "s3:DeleteObjectVersion");
    /**
     * What deletes an event data store's events or stops it: deleting it (once termination protection is off),
     * updating it (a shorter RetentionPeriod removes older events; protection turned off) or stopping ingestion.
     */
    public static final List<String> STORE_ACTIONS = List.of("cloudtrail:DeleteEventDataStore",
            "cloudtrail:UpdateEventDataStore", "cloudtrail:StopEventDataStoreIngestion");

    public EvidenceDestroyers {
        trails = List.copyOf(trails);
    }

    /**
     * The principals that may destroy one trail's evidence.
     *
     * @param caveats what the answer could not take into account (a policy missing from the snapshot, an
     *                unreadable bucket policy, a bucket in another account)
     */
    public record TrailEvidence(String trailArn, String trailName, String region, String bucket,
                                List<Destroyer> destroyers, List<String> caveats, String kind) {
        public TrailEvidence {
            destroyers = List.copyOf(destroyers);
            caveats = List.copyOf(caveats);
        }

        /** "trail main", "event data store org-archive". */
        public String subject() {
            return kind + " " + trailName;
        }

        /** How many actions destroy this kind of record. */
        public int actionCount() {
            return "trail".equals(kind) ? TRAIL_ACTIONS.size() + BUCKET_ACTIONS.size() + OBJECT_ACTIONS.size()
                    : STORE_ACTIONS.size();
        }

        /** The destroyers that are not break-glass roles: the list that should be short. */
        public List<Destroyer> besidesBreakGlass() {
            return destroyers.stream().filter(d -> !d.breakGlass()).toList();
        }
    }

    /**
     * A user or role that may destroy evidence.
     *
     * @param kind               "user" or "role"
     * @param actions            the actions it may take without conditions
     * @param conditionalActions the actions it may take only under conditions this audit does not decide
     */
    public record Destroyer(String arn, String name, String kind, List<String> actions,
                            List<String> conditionalActions, boolean breakGlass) {
        public Destroyer {
            actions = List.copyOf(actions);
            conditionalActions = List.copyOf(conditionalActions);
        }

        /** "role/Admin: cloudtrail:StopLogging, s3:DeleteObject (conditional: s3:DeleteBucket)". */
        public String summary() {
            String all = String.join(", ", actions);
            String conditional = conditionalActions.isEmpty() ? ""
                    : (all.isEmpty() ? "" : " ") + "(conditional: " + String.join(", ", conditionalActions) + ")";
            return kind + "/" + name + ": " + all + conditional;
        }
    }

    public static EvidenceDestroyers of(AccountSnapshot snapshot, AuditContext context) {
        Iam iam = snapshot.iam();
        if (iam == null) {
            String reason = Inputs.unreadable(snapshot, "iam");
            return new EvidenceDestroyers(reason != null ? reason : "IAM authorization details are not in the snapshot",
                    List.of());
        }
        List<TrailEvidence> out = new ArrayList<>();
        for (Trail trail : snapshot.trails()) {
            out.add(forTrail(snapshot, iam, trail, context));
        }
        for (AccountSnapshot.EventDataStore store : EventDataStores.recording(snapshot)) {
            out.add(forStore(iam, store, context));
        }
        return new EvidenceDestroyers(null, out);
    }

    public boolean readable() {
        return unreadable == null;
    }

    private static TrailEvidence forTrail(AccountSnapshot snapshot, Iam iam, Trail trail, AuditContext context) {
        List<String> caveats = new ArrayList<>();
        Map<String, String> targets = targets(snapshot, trail, caveats);
        List<Statement> bucketPolicy = bucketPolicy(snapshot, trail, caveats);
        List<Destroyer> destroyers = destroyers(iam, bucketPolicy, targets, context, caveats);
        return new TrailEvidence(Inputs.resource(trail), trail.name(), trail.homeRegion(), trail.s3BucketName(),
                destroyers, caveats.stream().distinct().toList(), "trail");
    }

    /** Who may delete, shorten or stop an event data store: the store's actions on its ARN, no resource policy. */
    private static TrailEvidence forStore(Iam iam, AccountSnapshot.EventDataStore store, AuditContext context) {
        List<String> caveats = new ArrayList<>();
        Map<String, String> targets = new LinkedHashMap<>();
        STORE_ACTIONS.forEach(a -> targets.put(a, EventDataStores.resource(store)));
        List<Destroyer> destroyers = destroyers(iam, List.of(), targets, context, caveats);
        if (Boolean.FALSE.equals(store.terminationProtection())) {
            caveats.add("termination protection is off: DeleteEventDataStore needs nothing else");
        }
        return new TrailEvidence(EventDataStores.resource(store), store.name(), store.homeRegion(), null, destroyers,
                caveats.stream().distinct().toList(), "event data store");
    }

    /** The users (with their groups' policies) and roles that may take any of the {@code targets}' actions. */
    private static List<Destroyer> destroyers(Iam iam, List<Statement> bucketPolicy, Map<String, String> targets,
                                              AuditContext context, List<String> caveats) {
        Map<String, List<Statement>> policies = managedPolicies(iam);
        List<Destroyer> destroyers = new ArrayList<>();
        for (Principal user : iam.users()) {
            List<Statement> statements = identity(user, policies, caveats);
            for (String group : user.groups()) {
                iam.groups().stream().filter(g -> g.name().equals(group)).findFirst()
                        .ifPresent(g -> statements.addAll(identity(g, policies, caveats)));
            }
            destroyer(user, "user", statements, boundary(user, policies, caveats), bucketPolicy, targets, false)
                    .ifPresent(destroyers::add);
        }
        for (Principal role : iam.roles()) {
            destroyer(role, "role", identity(role, policies, caveats), boundary(role, policies, caveats), bucketPolicy,
                    targets, context.isBreakGlass(role.arn())).ifPresent(destroyers::add);
        }
        return destroyers;
    }

    /** Action to the resource it acts on, for the actions a principal of this account can take at all. */
    private static Map<String, String> targets(AccountSnapshot snapshot, Trail trail, List<String> caveats) {
        Map<String, String> targets = new LinkedHashMap<>();
        String trailAccount = IamPolicies.accountOf(trail.arn());
        if (trailAccount == null || trailAccount.equals(snapshot.account())) {
            TRAIL_ACTIONS.forEach(a -> targets.put(a, Inputs.resource(trail)));
        } else {
            caveats.add("the trail belongs to account " + trailAccount + ", whose principals are not in this snapshot");
        }
        if (trail.s3BucketName() == null) {
            return targets;
        }
        Optional<Bucket> bucket = Inputs.bucket(snapshot, trail.s3BucketName());
        String owner = bucket.map(Bucket::ownerAccount).orElse(null);
        if (owner != null && !owner.equals(snapshot.account())) {
            caveats.add("bucket " + trail.s3BucketName() + " belongs to account " + owner
                    + ", whose principals are not in this snapshot");
            return targets;
        }
        String bucketArn = Inputs.bucketArn(Inputs.partition(trail.arn()), trail.s3BucketName());
        BUCKET_ACTIONS.forEach(a -> targets.put(a, bucketArn));
        OBJECT_ACTIONS.forEach(a -> targets.put(a, Inputs.logObjectArn(trail, snapshot)));
        if (trail.organization() && snapshot.organizationId() == null) {
            caveats.add("organization trail: its log files are judged under AWSLogs/o-*/ for every member account,"
                    + " since the snapshot does not hold the organization id; a policy naming one organization's or"
                    + " one account's path is not taken into account");
        }
        return targets;
    }

    private static List<Statement> bucketPolicy(AccountSnapshot snapshot, Trail trail, List<String> caveats) {
        Optional<Bucket> bucket = trail.s3BucketName() == null ? Optional.empty()
                : Inputs.bucket(snapshot, trail.s3BucketName());
        if (bucket.isEmpty()) {
            return List.of();
        }
        String error = Inputs.bucketError(bucket.get(), Inputs.POLICY);
        if (error != null) {
            caveats.add("the policy of bucket " + bucket.get().name() + " could not be read (" + error
                    + "): a Deny in it would shorten this list");
            return List.of();
        }
        return IamPolicies.parse(bucket.get().policy(), "the policy of bucket " + bucket.get().name());
    }

    private static Map<String, List<Statement>> managedPolicies(Iam iam) {
        Map<String, List<Statement>> out = new LinkedHashMap<>();
        iam.policies().forEach(p -> out.put(p.arn(), IamPolicies.parse(p.document(), "managed policy " + p.arn())));
        return out;
    }

    private static List<Statement> identity(Principal principal, Map<String, List<Statement>> policies,
                                            List<String> caveats) {
        List<Statement> out = new ArrayList<>();
        principal.inlinePolicies().forEach((name, doc) ->
                out.addAll(IamPolicies.parse(doc, "inline policy " + name + " of " + principal.arn())));
        for (String arn : principal.attachedPolicyArns()) {
            List<Statement> managed = policies.get(arn);
            if (managed == null) {
                caveats.add("managed policy " + arn + " (attached to " + principal.name()
                        + ") is not in the snapshot");
            } else {
                out.addAll(managed);
            }
        }
        return out;
    }

    /** The statements of the principal's permissions boundary, or null: none, or its policy is not in the snapshot. */
    private static List<Statement> boundary(Principal principal, Map<String, List<Statement>> policies,
                                            List<String> caveats) {
        if (principal.permissionsBoundaryArn() == null) {
            return null;
        }
        List<Statement> boundary = policies.get(principal.permissionsBoundaryArn());
        if (boundary == null) {
            caveats.add("permissions boundary " + principal.permissionsBoundaryArn() + " (of " + principal.name()
                    + ") is not in the snapshot: " + principal.name() + " is judged without it");
        }
        return boundary;
    }

    /**
     * IAM's answer within a permissions boundary: what the boundary does not allow is not allowed, unless a
     * resource policy grants it to the user's own ARN (a grant to a role's ARN is limited by its boundary too); what
     * the boundary explicitly denies is denied, whoever grants it.
     */
    private static Access withinBoundary(Access access, List<Statement> boundary, String kind, Principal principal,
                                         List<Statement> resourcePolicy, String action, String resource) {
        if (boundary == null || access == Access.NOT_ALLOWED || access == Access.DENIED) {
            return access;
        }
        Access limit = IamPolicies.evaluate(boundary, List.of(), principal.arn(), action, resource);
        if (limit == Access.ALLOWED) {
            return access;
        }
        if (limit == Access.DENIED) {
            return Access.DENIED;
        }
        boolean grantedToTheUser = "user".equals(kind) && IamPolicies.evaluate(List.of(), resourcePolicy,
                principal.arn(), action, resource) == Access.ALLOWED;
        if (grantedToTheUser) {
            return access;
        }
        return limit == Access.CONDITIONAL ? Access.CONDITIONAL : Access.NOT_ALLOWED;
    }

    private static Optional<Destroyer> destroyer(Principal principal, String kind, List<Statement> identity,
                                                 List<Statement> boundary, List<Statement> bucketPolicy,
                                                 Map<String, String> targets, boolean breakGlass) {
        List<String> actions = new ArrayList<>();
        List<String> conditional = new ArrayList<>();
        targets.forEach((action, resource) -> {
            List<Statement> resourcePolicy = action.startsWith("s3:") ? bucketPolicy : List.of();
            Access access = withinBoundary(IamPolicies.evaluate(identity, resourcePolicy, principal.arn(), action,
                    resource), boundary, kind, principal, resourcePolicy, action, resource);
            if (access == Access.ALLOWED) {
                actions.add(action);
            } else if (access == Access.CONDITIONAL) {
                conditional.add(action);
            }
        });
        if (actions.isEmpty() && conditional.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Destroyer(principal.arn(), principal.name(), kind, actions, conditional, breakGlass));
    }
}
