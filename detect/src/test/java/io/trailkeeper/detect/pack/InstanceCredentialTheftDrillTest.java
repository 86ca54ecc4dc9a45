package io.trailkeeper.detect.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.detect.Match;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Compute abuse after an EC2 instance's credentials were stolen (pack/ec2_instance_credential_theft_drill/): a web
 * server's role session (named by its instance id, ec2RoleDelivery 2.0) read through a server-side request forgery
 * and used from 185.220.101.47 while the instance went on using the same key from its own address and a VPC
 * endpoint; the intruder enumerates (refused), opens 22 and 3389 to the world, launches GPU instances (p3, g4dn) in 8
 * regions (2 more refused), replaces a batch instance's user data, then, with the next key six hours later, launches
 * in a ninth region. Before these rules the pack told
 * only the access-denied burst and the public Lambda function. Beside it, a day of the benign look-alikes: the
 * instances' own calls, Auto Scaling launching m5.large, a CI role launching t3.medium in two regions, an operator
 * opening 443 to the world and 22 to the office, a scanner describing every region.
 */
class InstanceCredentialTheftDrillTest {
    private static final String DRILL = "ec2_instance_credential_theft_drill.yml";
    /** The rules written for this drill. */
    private static final Set<String> COMPUTE_RULES = Set.of(
            "AWS EC2 Instance Credentials Used From More Than One Public Address",
            "AWS EC2 GPU Or Accelerated Instances Launched",
            "AWS EC2 Instances Launched In Many Regions By One Principal",
            "AWS EC2 Security Group Opens SSH Or RDP To The Internet",
            "AWS EC2 Instance User Data Replaced");

    @Test
    void theStolenInstanceCredentialsAndTheirUseAreTold() {
        assertEquals(new TreeMap<>(Map.of(
                // both keys: the one stolen first and the one six hours later
                "AWS EC2 Instance Credentials Used From More Than One Public Address", 2,
                // 9 launched, 2 refused
                "AWS EC2 GPU Or Accelerated Instances Launched", 11,
                "AWS EC2 Instances Launched In Many Regions By One Principal", 1,
                // 22 and 3389 on the web and Windows groups, 22 on each of the 9 launch groups
                "AWS EC2 Security Group Opens SSH Or RDP To The Internet", 11,
                // a batch instance stopped, its user data replaced, started again
                "AWS EC2 Instance User Data Replaced", 1)),
                fired("attack.jsonl"));
    }

    @Test
    void theBenignLookAlikesRaiseNone() {
        assertEquals(Map.of(), fired("benign.jsonl"));
    }

    /**
     * The matches of the drill's rules over one part of it, counted by rule title: a detection's matches, a
     * correlation's groups (it fires again as more events of one group come).
     */
    private static Map<String, Integer> fired(String part) {
        Map<String, Set<List<String>>> groups = new TreeMap<>();
        Map<String, Integer> fired = new TreeMap<>();
        for (Match m : PackFiles.bundledMatches(PackFiles.sample(DRILL, part))) {
            if (!COMPUTE_RULES.contains(m.rule().title())) {
                continue;
            }
            if (m.group().isEmpty()) {
                fired.merge(m.rule().title(), 1, Integer::sum);
            } else if (groups.computeIfAbsent(m.rule().title(), t -> new HashSet<>()).add(m.group())) {
                fired.merge(m.rule().title(), 1, Integer::sum);
            }
        }
        return fired;
    }
}
