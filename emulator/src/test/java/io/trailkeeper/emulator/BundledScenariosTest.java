package io.trailkeeper.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scenarios shipped for audit tests and demos load cleanly; the new scenario.json sections are checked. */
class BundledScenariosTest {
    @TempDir
    Path folder;

    @Test
    void everyBundledScenarioLoadsWithoutProblems() {
        assertEquals(List.of("audit-good", "audit-no-trail", "audit-weak", "demo-breach"), Scenario.bundledNames());
        for (String name : Scenario.bundledNames()) {
            Scenario scenario = Scenario.bundled(name);
            assertEquals(List.of(), scenario.problems(), name);
            assertEquals("123456789012", scenario.account(), name);
            assertTrue(scenario.now().isPresent(), name + " fixes its clock, so its event history stays in the 90 days");
        }
        Scenario good = Scenario.bundled("audit-good");
        assertEquals(1, good.trails().size());
        assertEquals(1, good.resources().kmsKeys().size());
        assertEquals(3, good.resources().alarms().size());
        assertEquals(Map.of("ap-northeast-1", 2, "ap-southeast-2", 2, "eu-central-1", 1, "eu-west-1", 1,
                "us-east-1", 2), Scenario.bundled("audit-no-trail").eventsByRegion());
        assertEquals(0, Scenario.bundled("audit-no-trail").trails().size());
    }

    @Test
    void anUnknownNameSaysWhichExist() {
        TrailKeeperException e = assertThrows(TrailKeeperException.class, () -> Scenario.bundled("audit-perfect"));
        assertEquals(ErrorCode.USAGE, e.code());
        assertTrue(e.getMessage().contains("audit-perfect"), e.getMessage());
        assertTrue(String.valueOf(e.hint()).contains("audit-good"), e.hint());
    }

    @Test
    void misspeltMembersOfTheNewSectionsAreNamed() throws IOException {
        assertEquals("buckets[1]: lifecycleRules: unknown member \"expirationDay\"; known: [expirationDays, id,"
                + " noncurrentExpirationDays, prefix, status, transitionDays, transitionStorageClass]",
                invalid("\"buckets\":[{\"name\":\"a\"},{\"name\":\"b\",\"lifecycleRules\":[{\"expirationDay\":90}]}]"));
        assertEquals("kmsKeys[0]: \"keyId\" (text) is required", invalid("\"kmsKeys\":[{\"region\":\"us-east-1\"}]"));
        assertEquals("iam: unknown member \"user\"; known: [denied, groups, policies, roles, users]",
                invalid("\"iam\":{\"user\":[]}"));
        assertEquals("buckets: a second bucket named a", invalid("\"buckets\":[{\"name\":\"a\"},{\"name\":\"a\"}]"));
    }

    private String invalid(String members) throws IOException {
        Files.writeString(folder.resolve("scenario.json"), "{" + members + "}");
        TrailKeeperException e = assertThrows(TrailKeeperException.class, () -> Scenario.load(folder));
        String prefix = folder.resolve("scenario.json") + ": ";
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
        return e.getMessage().substring(prefix.length());
    }
}
