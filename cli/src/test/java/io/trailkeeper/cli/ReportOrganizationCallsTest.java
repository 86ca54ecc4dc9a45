package io.trailkeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An organization taken over from its management account: the service control policy that kept the production OU's
 * trails on detached and deleted, SCPs then turned off on the root (refused). The report's summary told a member's
 * refused LeaveOrganization among the destructive calls, but not the guardrail's removal, the step that allowed
 * everything after it in every account under the OU. (Found in a drill.)
 */
class ReportOrganizationCallsTest {
    private static final String SESSION = "arn:aws:sts::210987654321:assumed-role/org-deploy-automation/maria";

    @TempDir
    Path dir;

    @Test
    void aGuardrailDetachedDeletedOrTurnedOffIsToldInTheSummary() throws Exception {
        IncidentRecords r = new IncidentRecords();
        String org = "organizations.amazonaws.com";
        r.call("2026-11-06T08:58:12Z", "DetachPolicy", org, "us-east-1", SESSION, "maria", "ASIAEXAMPLE000000002",
                "203.0.113.77", Map.of("policyId", "p-protectct", "targetId", "ou-k3x9-prod0001"), List.of(), Map.of());
        r.call("2026-11-06T08:58:42Z", "DeletePolicy", org, "us-east-1", SESSION, "maria", "ASIAEXAMPLE000000002",
                "203.0.113.77", Map.of("policyId", "p-protectct"), List.of(), Map.of());
        r.call("2026-11-06T08:59:02Z", "DisablePolicyType", org, "us-east-1", SESSION, "maria", "ASIAEXAMPLE000000002",
                "203.0.113.77", Map.of("rootId", "r-k3x9", "policyType", "SERVICE_CONTROL_POLICY"), List.of(),
                Map.of("errorCode", "AccessDeniedException"));
        List<String> summary = ReportSummary.of(dir, r);
        List<String> told = summary.stream().filter(s -> s.matches("(DetachPolicy|DeletePolicy|DisablePolicyType):.*"))
                .toList();
        assertEquals(3, told.size(), summary.toString());
        assertTrue(told.get(0).startsWith("DetachPolicy: 1 call (1 succeeded) by " + SESSION + " from 203.0.113.77"),
                told.toString());
        assertTrue(told.get(1).startsWith("DeletePolicy: 1 call (1 succeeded) by " + SESSION), told.toString());
        assertTrue(told.get(2).startsWith("DisablePolicyType: 1 call (0 succeeded) by " + SESSION), told.toString());
    }

    /**
     * A root takeover drill (13): the stolen root key asked Organizations to close the account (refused: the account is
     * in no organization). The summary told the refused LeaveOrganization a minute before, and not this.
     */
    @Test
    void anAccountClosureAskedForIsToldEvenRefused() throws Exception {
        IncidentRecords r = new IncidentRecords();
        String root = "arn:aws:iam::493827160512:root";
        r.call("2026-11-19T12:41:30Z", "CloseAccount", "organizations.amazonaws.com", "us-east-1", root, null,
                "AKIAEXAMPLEROOTKEY01", "45.137.21.9", Map.of("accountId", "493827160512"), List.of(),
                Map.of("errorCode", "AWSOrganizationsNotInUseException", "userIdentity.type", "Root"));
        List<String> summary = ReportSummary.of(dir, r);
        assertEquals(List.of("CloseAccount: 1 call (0 succeeded) by " + root + " from 45.137.21.9 in us-east-1, at"
                + " 2026-11-19T12:41:30Z; naming 493827160512."),
                summary.stream().filter(s -> s.startsWith("CloseAccount")).toList(), summary.toString());
    }
}
