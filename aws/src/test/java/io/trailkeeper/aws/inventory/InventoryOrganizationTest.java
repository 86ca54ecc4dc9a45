package io.trailkeeper.aws.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.emulator.Scenario;
import io.trailkeeper.emulator.ScenarioBuilder;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshots;
import org.junit.jupiter.api.Test;

/**
 * The organization's id, read with DescribeOrganization (signed as AWS does, answered by the emulator): where an
 * organization trail writes, {@code AWSLogs/o-<id>/}. "In no organization" is not "could not look".
 */
class InventoryOrganizationTest {
    private static ScenarioBuilder account() {
        return Scenario.builder().account("123456789012").now(Collected.NOW).enabledRegions("us-east-1");
    }

    @Test
    void theOrganizationsIdIsReadAndSurvivesTheJsonForm() {
        AccountSnapshot s = Collected.from(account().organization("o-a1b2c3d4e5").build(), Inventory.defaults())
                .snapshot();
        assertEquals("o-a1b2c3d4e5", s.organizationId());
        assertTrue(s.unreadable().stream().noneMatch(u -> u.what().equals(AccountSnapshot.ORGANIZATION)),
                s.unreadable().toString());
        assertEquals(s, AccountSnapshots.fromJson(AccountSnapshots.toJson(s), "test"));
    }

    @Test
    void anAccountInNoOrganizationHasNoIdAndNothingUnreadable() {
        Collected c = Collected.from(account().build(), Inventory.defaults());
        assertNull(c.snapshot().organizationId());
        assertNull(c.unreadable(AccountSnapshot.ORGANIZATION));
    }

    @Test
    void aRefusedCallIsCouldNotLook() {
        Collected c = Collected.from(account().organization(Scenario.ORGANIZATION_DENIED).build(),
                Inventory.defaults());
        assertNull(c.snapshot().organizationId());
        String reason = c.unreadable(AccountSnapshot.ORGANIZATION);
        assertTrue(reason != null && reason.startsWith("AccessDeniedException: ")
                && reason.endsWith("(organizations:DescribeOrganization)"), reason);
    }

    @Test
    void eachPartitionHasItsOrganizationsRegion() {
        assertEquals("us-east-1", OrganizationReader.signingRegion("eu-west-1"));
        assertEquals("us-gov-west-1", OrganizationReader.signingRegion("us-gov-east-1"));
        assertEquals("cn-northwest-1", OrganizationReader.signingRegion("cn-north-1"));
    }

    @Test
    void answersAreReadAsTheJsonProtocolWritesThem() throws Exception {
        assertEquals(new OrganizationReader.Result(null, null), OrganizationReader.answer(400,
                "{\"__type\":\"com.amazonaws.organizations#AWSOrganizationsNotInUseException\",\"message\":\"x\"}"));
        assertEquals("TooManyRequestsException: Rate exceeded (organizations:DescribeOrganization)",
                OrganizationReader.answer(400, "{\"__type\":\"TooManyRequestsException\",\"Message\":\"Rate"
                        + " exceeded\"}").reason());
        assertEquals("HTTP 503 (organizations:DescribeOrganization)", OrganizationReader.answer(503, "").reason());
    }
}
