package io.trailkeeper.detect.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Data theft by an insider-made IAM user, with persistence through IAM Identity Center, run through the whole bundled
 * pack (pack/identity_center_persistence_drill/, cut from an organization trail's drill): a developer's Identity
 * Center console session in the prod member makes IAM user svc-reporting-sync with a password, AdministratorAccess
 * and an access key; minutes later the key, from 185.243.218.41, reads 6 secrets in two regions and a parameter tree
 * with decryption, assumes a role into the management account and there assigns the existing AdministratorAccess
 * permission set to an Identity Center user in two accounts, then reads the export bucket; the next day the user
 * signs in to the console. Before the rules below, the pack told the user's making and the bucket reads, not the
 * secrets nor the assignments. Beside it, the benign look-alikes: an Identity Center administrator's routine
 * changes from the portal (a permission set made, assignments, the administrators' permission set given to a
 * group), an application's hourly secret reads through a VPC endpoint, a nightly backup reading the bucket, a CI
 * user made by the administrator.
 */
class IdentityCenterPersistenceDrillTest {
    private static final String DRILL = "identity_center_persistence_drill.yml";
    /** The rules written for this drill. */
    private static final Set<String> DRILL_RULES = Set.of(
            "AWS IAM Identity Center Account Assignment Made By A Principal Other Than An Identity Center Session",
            "Secret Values Read By An IAM User From A Public Address");

    @Test
    void theAssignmentsAndTheSecretsReadAreTold() {
        assertEquals(new TreeMap<>(Map.of(
                "AWS IAM Identity Center Account Assignment Made By A Principal Other Than An Identity Center Session", 2,
                "Secret Values Read By An IAM User From A Public Address", 10)),
                fired("attack.jsonl"));
    }

    @Test
    void theBenignLookAlikesRaiseNone() {
        assertEquals(Map.of(), fired("benign.jsonl"));
    }

    /** The matches of the drill's rules over one part of the drill, counted by rule title. */
    private static Map<String, Integer> fired(String part) {
        Map<String, Integer> fired = new TreeMap<>();
        PackFiles.bundledMatches(PackFiles.sample(DRILL, part)).stream()
                .filter(m -> DRILL_RULES.contains(m.rule().title()))
                .forEach(m -> fired.merge(m.rule().title(), 1, Integer::sum));
        return fired;
    }
}
