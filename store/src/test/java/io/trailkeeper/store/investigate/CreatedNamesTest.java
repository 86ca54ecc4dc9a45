package io.trailkeeper.store.investigate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.EventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The created note joined a call's names into one text cut at 160 characters: in a data theft drill an Identity Center
 * assignment read "CreateAccountAssignment in us-east-1: arn:aws:sso:::instance/..., 345678901234,
 * arn:aws:sso:::permissionSet/..., 9a6714b2-50e1-70c3-4f2d-8...", the user given the administrators' permission set cut
 * in the middle. Each name is cleaned apart now, at most 10 of a call, and how many more.
 */
class CreatedNamesTest {
    private static final String USER = "9a6714b2-50e1-70c3-4f2d-8e1b7c9d0a31";

    @TempDir
    Path dir;

    @Test
    void theAssignedPrincipalIsNamedWhole() throws Exception {
        String request = "{\"instanceArn\":\"arn:aws:sso:::instance/ssoins-7223c4a1b2d3e4f5\",\"targetId\":"
                + "\"345678901234\",\"targetType\":\"AWS_ACCOUNT\",\"permissionSetArn\":"
                + "\"arn:aws:sso:::permissionSet/ssoins-7223c4a1b2d3e4f5/ps-6b1f2e3d4c5a6978\",\"principalType\":"
                + "\"USER\",\"principalId\":\"" + USER + "\"}";
        Path file = dir.resolve("assign.jsonl");
        Files.writeString(file, RoleChainTest.call(RoleChainTest.user(), "2026-03-10T10:06:20Z", "a1",
                "sso.amazonaws.com", "CreateAccountAssignment", "us-east-1", request, "null") + "\n");
        Path store = IncidentStores.load(dir.resolve("assign.duckdb"), file);
        InvestigationResult r;
        try (EventStore s = IncidentStores.read(store)) {
            r = new Investigator(s, IncidentStores.CLOCK).run("key", InvestigationArgs.of(RoleChainTest.DEV_KEY));
        }
        String notes = String.join("\n", r.notes());
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("created or changed: CreateAccountAssignment in"
                + " us-east-1: ") && n.contains(", " + USER) && !n.contains("...")), notes);
    }

    @Test
    void atMostTenNamesOfACallAreToldAndHowManyMore() {
        List<String> names = IntStream.range(0, 12).mapToObj(i -> "i-0" + i).toList();
        assertEquals("i-00, i-01, i-02, i-03, i-04, i-05, i-06, i-07, i-08, i-09 and 2 more", Texts.items(names, 10));
        assertEquals("i-00, i-01", Texts.items(names.subList(0, 2), 10));
    }
}
