package io.trailkeeper.detect.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Lateral movement across an AWS Organization, run through the whole bundled pack (pack/organization_lateral_movement_
 * drill/): a developer's key stolen in a member account, from 203.0.113.77, opens a console of its own
 * (GetFederationToken, then a federated sign-in), hops through a role trusted by the
 * management account's automation role, reads the organization, detaches and deletes the SCP that protected the
 * production OU's trails (then tries to turn SCPs off: refused), gives an Identity Center permission set
 * AdministratorAccess and assigns it, takes OrganizationAccountAccessRole into two members, stops a trail and tries
 * LeaveOrganization (refused). Before the rules below, the pack told only the trail stopped and its selectors. Beside
 * it, the benign look-alikes: an administrator's Identity Center session taking OrganizationAccountAccessRole into
 * every member daily, CI chaining into the management account, security tooling reading the organization, an account
 * created and one invited, an SCP attached, the trail started again.
 */
class OrganizationDrillTest {
    private static final String DRILL = "organization_lateral_movement_drill.yml";
    /** The rules written for this drill. */
    private static final Set<String> ORGANIZATION_RULES = Set.of(
            "AWS Organizations Policy Detached Or Deleted, Or A Policy Type Disabled",
            "AWS Account Left Or Removed From The Organization, Or Tried To Leave",
            "AWS IAM Identity Center Permission Set Given Administrator Access",
            "AWS OrganizationAccountAccessRole Assumed By A Principal Other Than An Identity Center Session",
            "AWS Console Sign-In As A Federated User Issued From An IAM User's Key");

    @Test
    void everyOrganizationLevelStepOfTheAttackIsTold() {
        assertEquals(new TreeMap<>(Map.of(
                "AWS Organizations Policy Detached Or Deleted, Or A Policy Type Disabled", 2,
                "AWS Account Left Or Removed From The Organization, Or Tried To Leave", 1,
                "AWS IAM Identity Center Permission Set Given Administrator Access", 1,
                "AWS OrganizationAccountAccessRole Assumed By A Principal Other Than An Identity Center Session", 2,
                "AWS Console Sign-In As A Federated User Issued From An IAM User's Key", 1)),
                fired("attack.jsonl"));
    }

    @Test
    void theBenignLookAlikesRaiseNone() {
        assertEquals(Map.of(), fired("benign.jsonl"));
    }

    /** The matches of the bundled pack's organization rules over one part of the drill, counted by rule title. */
    private static Map<String, Integer> fired(String part) {
        Map<String, Integer> fired = new TreeMap<>();
        PackFiles.bundledMatches(PackFiles.sample(DRILL, part)).stream()
                .filter(m -> ORGANIZATION_RULES.contains(m.rule().title()))
                .forEach(m -> fired.merge(m.rule().title(), 1, Integer::sum));
        return fired;
    }
}
