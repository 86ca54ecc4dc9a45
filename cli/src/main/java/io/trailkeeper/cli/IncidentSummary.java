package io.trailkeeper.cli;

import io.trailkeeper.detect.SigmaRule;
import io.trailkeeper.store.ReportInsights;
import io.trailkeeper.store.ReportQueries;
import io.trailkeeper.store.ReportScheduledDeletions;
import io.trailkeeper.store.ReportServiceGrants;
import io.trailkeeper.store.investigate.ComputeAbuse;
import io.trailkeeper.store.investigate.DataReads;
import io.trailkeeper.store.investigate.KeysMade;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's summary in plain sentences: how much happened, by whom, where, what failed, what the rules
 * matched, what the audit found, what the store may be missing, and the calls that destroy evidence or
 * resources (who, from where, in which region). Names in the sentences come from log records: the renderers
 * escape them.
 */
final class IncidentSummary {
    /**
     * Calls that stop the record or destroy what it is about, in the order they are told: tampering with the
     * trail first, then its bucket, other logs and detectors, keys and backups (what a restore needs), an account out
     * of its organization or closed (CloseAccount), or the organization's guardrails (its policies: an SCP detached, deleted or the type turned
     * off), then resources, their snapshots and identities.
     */
    static final List<String> DESTRUCTIVE_CALLS = List.of("StopLogging", "DeleteTrail", "UpdateTrail",
            "PutEventSelectors", "DeleteBucket", "PutBucketLifecycle", "DeleteBucketPolicy", "PutBucketLogging",
            "DeleteFlowLogs", "DeleteDetector", "DisableSecurityHub", "StopConfigurationRecorder",
            "DeleteConfigurationRecorder", "DeleteDeliveryChannel", "DeleteLogGroup", "DeleteAlarms",
            "DisableAlarmActions", "ScheduleKeyDeletion", "DisableKey", "DeleteBackupVault", "DeleteRecoveryPoint",
            "DeleteBackupPlan", "LeaveOrganization", "RemoveAccountFromOrganization", "CloseAccount", "DetachPolicy",
            "DeletePolicy", "DisablePolicyType", "TerminateInstances", "DeleteDBInstance", "DeleteDBCluster",
            "DeleteDBSnapshot", "DeleteDBClusterSnapshot", "DeleteSnapshot", "DeleteUser", "DeleteRole",
            "DeleteAccessKey", "DeleteLoginProfile");
    /**
     * What a call of these names does, where its name does not say it: only a PutBucketLogging that switches a bucket's
     * access logging off is counted (ReportQueries.namedCalls leaves out those that keep it on).
     */
    private static final Map<String, String> DOES = Map.of("PutBucketLogging", "server access logging switched off");
    /**
     * Calls that change which other accounts may use a snapshot, a machine image or a KMS key (ModifySnapshotAttribute,
     * ModifyImageAttribute, Modify(DB|DBCluster)SnapshotAttribute, CreateGrant, PutKeyPolicy): how data leaves an
     * account without a read the trail records. Told with their names, the accounts shared with among them.
     */
    static final List<String> SHARING_CALLS = List.of("ModifySnapshotAttribute", "ModifyImageAttribute",
            "ModifyDBSnapshotAttribute", "ModifyDBClusterSnapshotAttribute", "CreateGrant", "PutKeyPolicy");
    /**
     * The calls that give access outliving the session that made them (persistence): an IAM user, its password and
     * keys, an Identity Center assignment (a permission set given to a user or group in an account: a sign-in through
     * the access portal with no IAM user or key to revoke). In a data theft drill the report named them only through
     * rules' matches, and the two Identity Center assignments not at all before their rule.
     */
    static final List<String> ACCESS_CALLS = List.of("CreateUser", "CreateLoginProfile", "UpdateLoginProfile",
            "CreateAccessKey", "GetFederationToken", "CreateAccountAssignment");
    /**
     * The calls that change the account's own safeguards: MFA taken off, the password policy changed or deleted, the
     * contacts AWS writes to (abuse, security, the root user's password recovery) changed, an opt-in region enabled. In
     * a root takeover drill the summary told the backdoor user and nothing of these, the intruder's hold on the
     * account itself.
     */
    static final List<String> SETTINGS_CALLS = List.of("DeactivateMFADevice", "DeleteVirtualMFADevice",
            "UpdateAccountPasswordPolicy", "DeleteAccountPasswordPolicy", "PutAlternateContact",
            "DeleteAlternateContact", "PutContactInformation", "StartPrimaryEmailUpdate", "AcceptPrimaryEmailUpdate",
            "EnableRegion");
    /** The calls the summary tells, destructive, sharing, access and settings, read from the store in one query. */
    static final List<String> TOLD_CALLS = java.util.stream.Stream.of(DESTRUCTIVE_CALLS, SHARING_CALLS, ACCESS_CALLS,
            SETTINGS_CALLS).flatMap(List::stream).toList();
    /** AWS's placeholder for a request value it does not record (an alternate contact's name, email, phone). */
    private static final String REDACTED = "HIDDEN_DUE_TO_SECURITY_REASONS";
    /** At most this many calls are told one by one; the rest are named in one sentence. */
    static final int TOLD = 6;
    /** A destructive call of a name made at most this many times is told call by call, who and where together. */
    private static final int PAIRED = 3;

    private IncidentSummary() {
    }

    static List<String> sentences(ReportQueries.Totals totals, long withoutTime, List<String> filters,
                                  List<ReportQueries.NamedCalls> calls, ReportServiceGrants serviceGrants,
                                  ReportScheduledDeletions scheduledDeletions, ComputeAbuse computeAbuse,
                                  DataReads dataReads, ReportDetections detections,
                                  ReportFindings findings, ReportCoverage coverage) {
        List<ReportQueries.NamedCalls> destructive = calls.stream()
                .filter(c -> DESTRUCTIVE_CALLS.contains(c.eventName()))
                .sorted(Comparator.comparingInt(c -> DESTRUCTIVE_CALLS.indexOf(c.eventName()))).toList();
        List<String> out = new ArrayList<>();
        if (totals.events() == 0) {
            out.add("No event in the store matches " + (filters.isEmpty() ? "this window" : String.join(", ", filters)
                    + " in this window") + ".");
        } else {
            out.add(activity(totals));
            // an Insights event is no call: the share is of the calls
            long callCount = Math.max(1, totals.events() - totals.insights().events());
            out.add(String.format(Locale.ROOT, "%s failed (%.1f%%); %s changed something (not read-only)%s.",
                    ReportText.count(totals.errors(), "call", "calls"), 100.0 * totals.errors() / callCount,
                    ReportText.count(totals.writes(), "call", "calls"), dataWrites(totals)));
            if (totals.network().events() > 0) {
                out.add(network(totals.network()));
            }
            if (totals.insights().events() > 0) {
                out.add(insights(totals.insights()));
            }
        }
        if (withoutTime > 0) {
            out.add(ReportText.count(withoutTime, "event has no readable time and is", "events have no readable"
                    + " time and are") + " left out (`trailkeeper query --sql \"SELECT * FROM cloudtrail WHERE"
                    + " event_time IS NULL\"` shows them).");
        }
        destructive.stream().limit(TOLD).map(IncidentSummary::destructive).forEach(out::add);
        if (destructive.size() > TOLD) {
            out.add(also(destructive.subList(TOLD, destructive.size())));
        }
        calls.stream().filter(c -> SHARING_CALLS.contains(c.eventName()))
                .sorted(Comparator.comparingInt(c -> SHARING_CALLS.indexOf(c.eventName())))
                .map(c -> "Who may use a snapshot, image or KMS key changed: " + destructive(c)).forEach(out::add);
        told(calls, ACCESS_CALLS)
                .map(c -> "Access that outlives the session given (an IAM user, its password or keys, a federated"
                        + " user's session, an Identity Center assignment): " + access(c)).forEach(out::add);
        told(calls, SETTINGS_CALLS).map(c -> "The account's own safeguards changed (MFA, password policy, the"
                + " contacts AWS writes to, its regions): " + access(c)).forEach(out::add);
        if (serviceGrants.calls() > 0) {
            out.add(serviceGrants(serviceGrants));
        }
        if (scheduledDeletions.calls() > 0) {
            out.add("Left out of the deletions: " + ReportText.count(scheduledDeletions.calls(), "snapshot or recovery"
                    + " point", "snapshots and recovery points") + " deleted by AWS services on their retention schedule ("
                    + String.join(", ", scheduledDeletions.services()) + "); told by userIdentity.invokedBy or a"
                    + " service as the source, never the userAgent (`trailkeeper query --event-name DeleteSnapshot"
                    + " --ip dlm.amazonaws.com` lists Data Lifecycle Manager's).");
        }
        out.addAll(ReportComputeAbuse.sentences(computeAbuse));
        out.addAll(ReportDataReads.sentences(dataReads));
        out.add(detections(detections));
        out.addAll(findings.sentences());
        coverage.tampered().stream().map(t -> "Evidence tampered with, as `trailkeeper verify --keep` found with the"
                + " trail's signed digests: " + t + ".").forEach(out::add);
        int gaps = coverage.gaps().size();
        out.add(gaps == 0 ? "The store shows no coverage gap for this window."
                : "The store may be missing events: " + ReportText.count(gaps, "coverage gap", "coverage gaps")
                + " (see Coverage and gaps); an absence of events there proves nothing.");
        return out;
    }

    /** The calls of {@code names} of which one at least succeeded, in the order of {@code names}. */
    private static java.util.stream.Stream<ReportQueries.NamedCalls> told(List<ReportQueries.NamedCalls> calls,
                                                                          List<String> names) {
        return calls.stream().filter(c -> names.contains(c.eventName()) && c.succeeded() > 0)
                .sorted(Comparator.comparingInt(c -> names.indexOf(c.eventName())));
    }

    /** "Also: DeleteObject x1,500 (and 12 through a VPC endpoint), ...": the destructive calls past those told. */
    static String also(List<ReportQueries.NamedCalls> rest) {
        return "Also: " + String.join(", ", rest.stream().map(c -> named(c) + " x" + ReportText.number(c.calls())
                + (c.networkActivity() == 0 ? "" : " (and " + ReportText.number(c.networkActivity())
                + " through a VPC endpoint)")).toList()) + ".";
    }

    /**
     * The KMS grants AWS services made for a principal's own use of a key, told apart from those a principal made:
     * thousands on a busy account, they would hide the one that matters.
     */
    private static String serviceGrants(ReportServiceGrants g) {
        return "Left out of the KMS key changes: " + ReportText.count(g.calls(), "CreateGrant", "CreateGrant calls")
                + " made by AWS services (" + String.join(", ", g.services()) + (g.serviceCount() > g.services().size()
                ? " and " + ReportText.number(g.serviceCount() - g.services().size()) + " more" : "") + "), for the service's own use"
                + " of a key" + (g.principals() == 0 ? "" : " or on behalf of " + ReportText.count(g.principals(),
                "principal", "principals") + " (an encrypted EBS volume or RDS database of theirs)") + "; told by"
                + " userIdentity.invokedBy, type AWSService or a service as the source, never the userAgent"
                + " (`trailkeeper query --event-name CreateGrant` lists them).";
    }

    private static String activity(ReportQueries.Totals t) {
        String accounts = t.accounts().isEmpty() ? "" : ", account" + (t.accounts().size() > 1 ? "s " : " ")
                + String.join(", ", t.accounts()) + (t.accounts().size() == 5 ? " and maybe more" : "");
        return String.format(Locale.ROOT, "%s from %s to %s, recorded in %s by %s from %s%s.",
                ReportText.count(t.events(), "event", "events"), ReportText.time(t.first()), ReportText.time(t.last()),
                ReportText.count(t.regions(), "region", "regions"),
                ReportText.count(t.principals(), "principal", "principals"),
                ReportText.count(t.sourceIps(), "source IP", "source IPs"), accounts);
    }

    /**
     * The data events among the changes, told apart: a function's invocations (readOnly false) can outnumber the
     * management changes a hundred to one, and the count alone would then read as that many changes to the account.
     */
    private static String dataWrites(ReportQueries.Totals totals) {
        if (totals.dataWrites() == 0) {
            return "";
        }
        String kinds = " (S3 object writes, Lambda invocations, DynamoDB item changes and the like)";
        if (totals.dataWrites() == totals.writes()) {
            return ", all of them data events" + kinds;
        }
        return ": " + ReportText.count(totals.writes() - totals.dataWrites(), "management call", "management calls")
                + " and " + ReportText.count(totals.dataWrites(), "data event", "data events") + kinds;
    }

    /**
     * The network activity events, told apart: CloudTrail gives them no readOnly, and records the same call through
     * the endpoint as a management event too (a data event where a trail logs those), so adding them to the changes
     * would count such a call twice.
     */
    private static String network(ReportQueries.NetworkActivity n) {
        return ReportText.count(n.events(), "event is a network activity event", "events are network activity events")
                + " (calls through a VPC endpoint, recorded in the endpoint owner's account, with no readOnly): "
                + ReportText.count(n.writes(), "changes", "change") + " something (as the report's other events of"
                + " the same call mark it readOnly false, else by the call's name: not " + String.join(", ",
                ReportQueries.NetworkActivity.READ_VERBS) + " or a KMS key's use such as Decrypt)" + (n.denied() == 0 ? "" : ", "
                + ReportText.count(n.denied(), "was", "were") + " denied by the endpoint's policy (VpceAccessDenied)"
                + " and never reached the service") + ". They are not among the changes above: such a call is also"
                + " recorded as a management event, or a data event where a trail logs those, and would be counted"
                + " twice (`trailkeeper query --category networkactivity` lists them).";
    }

    /**
     * The CloudTrail Insights events, told apart: CloudTrail's own record of an unusual rate of a call or of its
     * errors, no call by anyone, so counted among the events but not among the principals, source IPs and calls.
     */
    static String insights(ReportInsights i) {
        List<String> kinds = i.kinds().stream().limit(3).map(k -> insight(k) + (i.kinds().size() == 1 ? ""
                : " x" + ReportText.number(k.events()))).toList();
        return ReportText.count(i.events(), "event is a CloudTrail Insights event", "events are CloudTrail Insights"
                + " events") + " (CloudTrail's record of an unusual rate, no call by anyone: among the events, not"
                + " among the principals, source IPs and calls): " + String.join("; ", kinds)
                + (i.kinds().size() > 3 ? " and " + ReportText.number(i.kinds().size() - 3) + " more" : "")
                + " (`trailkeeper query --category insight` lists them).";
    }

    /** "unusual API call rate of RunInstances (ec2.amazonaws.com)", as the insightDetails name it. */
    private static String insight(ReportInsights.Kind k) {
        String rate = switch (String.valueOf(k.insightType())) {
            case "ApiCallRateInsight" -> "API call rate";
            case "ApiErrorRateInsight" -> "API error rate";
            default -> "activity (" + k.insightType() + ")";
        };
        return "unusual " + rate + " of " + (k.eventName() == null ? "a call not named" : k.eventName())
                + (k.eventSource() == null ? "" : " (" + k.eventSource() + ")");
    }

    /** "PutBucketLogging (server access logging switched off)": the name, and what it did where the name cannot. */
    private static String named(ReportQueries.NamedCalls c) {
        String does = DOES.get(c.eventName());
        return does == null ? c.eventName() : c.eventName() + " (" + does + ")";
    }

    /**
     * Calls that give access, each with its who, where and what: which principal was assigned which account, or which
     * user got a key, is the access to revoke, and the lists of {@link #destructive} would not pair them. The first
     * calls are told so, the rest counted, as the summary's other lists end.
     */
    private static String access(ReportQueries.NamedCalls c) {
        if (c.networkActivity() > 0 || c.calls() < 2) {
            return destructive(c);
        }
        return paired(c) + ReportText.more(c.calls() - c.each().size()) + (c.calls() > c.each().size()
                ? " (`trailkeeper query --event-name " + c.eventName() + "` lists them all)" : "") + ".";
    }

    private static String destructive(ReportQueries.NamedCalls c) {
        if (c.networkActivity() == 0 && c.calls() > 1 && c.calls() <= PAIRED) {
            // a few calls: each with its own who and where, which the lists below would not pair
            return paired(c) + ".";
        }
        StringBuilder b = new StringBuilder(heading(c));
        b.append(" by ").append(ReportText.names(c.principals(), c.principalCount()));
        if (!c.sourceIps().isEmpty()) {
            b.append(" from ").append(String.join(", ", c.sourceIps()));
        }
        if (!c.regions().isEmpty()) {
            b.append(" in ").append(String.join(", ", c.regions()));
        }
        b.append(c.calls() + c.networkActivity() == 1 || java.util.Objects.equals(c.first(), c.last())
                ? ", at " + ReportText.time(c.first())
                : ", first at " + ReportText.time(c.first()) + ", last at " + ReportText.time(c.last()));
        List<String> named = names(c.resources());
        if (!named.isEmpty()) {
            b.append("; naming ").append(String.join(", ", named));
        } else if (c.principals().size() == 1 && rootsOwnKey(c.eventName(), c.principals().get(0))) {
            b.append("; for ").append(KeysMade.owner(c.principals().get(0)));
        }
        return b.append('.').toString();
    }

    /** "DeleteBucket: 3 calls (3 succeeded)", with the network activity events of the name. */
    private static String heading(ReportQueries.NamedCalls c) {
        return c.calls() == 0 ? named(c) + ": only " + ReportText.count(c.networkActivity(), "network activity event",
                "network activity events") + " (through a VPC endpoint)" : String.format(Locale.ROOT,
                "%s: %s (%,d succeeded)%s", named(c), ReportText.count(c.calls(), "call", "calls"), c.succeeded(),
                throughEndpoints(c));
    }

    /** The heading, then the first calls (ReportQueries reads six), each with its who and where. */
    private static String paired(ReportQueries.NamedCalls c) {
        return heading(c) + ": " + String.join("; ", c.each().stream().map(one -> oneCall(c.eventName(), one))
                .toList());
    }

    /**
     * Whether a call is the root user making an access key for itself: CreateAccessKey by root naming no user (root's
     * calls may carry the account's name as userName, which is no IAM user), told as investigate key tells its owner.
     */
    private static boolean rootsOwnKey(String eventName, String principal) {
        return "CreateAccessKey".equals(eventName) && KeysMade.isRoot(principal);
    }

    /** "acme-logs by arn:... from 203.0.113.7 in us-west-2 at 2024-03-10T09:00:00Z": one call, who and where together. */
    private static String oneCall(String eventName, ReportQueries.OneCall c) {
        String named = c.named().isEmpty() && rootsOwnKey(eventName, c.principal())
                ? "for " + KeysMade.owner(c.principal()) : c.named();
        return (named.isEmpty() ? "" : named + " ") + "by " + c.principal()
                + (c.sourceIp().isEmpty() ? "" : " from " + c.sourceIp())
                + (c.region().isEmpty() ? "" : " in " + c.region()) + " at " + ReportText.time(c.time());
    }

    /**
     * The network activity events of a destructive call's name, told beside its calls, never added to them: those
     * that record the same request as one of them (same requestID), and those that share none with them.
     */
    private static String throughEndpoints(ReportQueries.NamedCalls c) {
        long unpaired = c.networkActivity() - c.sameRequest();
        return (c.sameRequest() == 0 ? "" : ", with " + ReportText.count(c.sameRequest(), "network activity event",
                "network activity events") + " of the same request (through a VPC endpoint)")
                + (unpaired == 0 ? "" : ", and " + ReportText.count(unpaired, "network activity event",
                "network activity events") + " (through a VPC endpoint) sharing no requestID with them");
    }

    /** Up to three resources, an ARN left out when the plain name it ends with is there. */
    static List<String> names(List<String> resources) {
        List<String> out = new ArrayList<>();
        boolean more = false;
        for (String r : resources) {
            if (REDACTED.equals(r)) {
                continue; // what AWS writes in place of a contact's name, email or phone: it names nothing
            }
            boolean named = resources.stream()
                    .anyMatch(n -> !n.equals(r) && (r.endsWith(":" + n) || r.endsWith("/" + n)));
            more |= !named && out.size() == 3;
            if (!named && out.size() < 3) {
                out.add(r);
            }
        }
        if (more) {
            out.set(2, out.get(2) + " and others"); // never fewer names than there are without a word
        }
        return out;
    }

    private static String detections(ReportDetections d) {
        if (d.total() == 0) {
            return "No bundled detection rule matched.";
        }
        List<String> rules = new ArrayList<>();
        // the most severe first (a ransomware's high rules before the medium lifecycle change an operator made the
        // week before), in the order first matched within a level
        List<Map.Entry<String, Long>> bySeverity = new ArrayList<>(d.perRule().entrySet());
        bySeverity.sort(Comparator.comparingInt(e -> -DetectCommand.rank(d.ruleOf().get(e.getKey()).level())));
        for (Map.Entry<String, Long> e : bySeverity) {
            SigmaRule rule = d.ruleOf().get(e.getKey());
            rules.add(String.format(Locale.ROOT, "%s (%s, %s, by %s)", e.getKey(), rule.level(),
                    ReportText.count(e.getValue(), "match", "matches"), rule.author()));
        }
        String shown = d.total() > ReportDetections.SHOWN ? String.format(Locale.ROOT, " The table shows the %,d most"
                + " severe; `trailkeeper detect` lists them all.", ReportDetections.SHOWN) : "";
        return String.format(Locale.ROOT, "%s of %s: %s.%s", ReportText.count(d.total(), "detection", "detections"),
                ReportText.count(d.perRule().size(), "rule", "rules"), String.join("; ", rules), shown);
    }
}
