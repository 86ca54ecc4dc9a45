package io.trailkeeper.store.investigate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.store.EventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store of management events only: what a key, an actor or a timeline did to S3 objects (or Lambda functions)
 * cannot be seen, and the answers about them say so, as an object's who-deleted does; a bucket's own deletion is a
 * management event and needs no such warning.
 */
class DataEventCaveatsTest {
    static final String NO_DATA = "the store holds no data events in this window";

    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void load() throws IOException {
        Path file = dir.resolve("management.jsonl");
        Files.writeString(file, RoleChainTest.call(RoleChainTest.user(), "2026-03-10T08:04:00Z", "m1",
                "s3.amazonaws.com", "DeleteBucket", "us-east-1", "{\"bucketName\":\"victim-bucket\"}", "null") + "\n");
        store = IncidentStores.load(dir.resolve("management.duckdb"), file);
    }

    @Test
    void whatAKeyOrActorDidToObjectsCannotBeSeenAndTheAnswerSaysSo() {
        assertWarns(run("key", InvestigationArgs.of(RoleChainTest.DEV_KEY)));
        assertWarns(run("actor", InvestigationArgs.of("dev")));
        assertWarns(run("timeline", new InvestigationArgs(null, null, null, null, RoleChainTest.DEV_KEY, null, null)));
    }

    @Test
    void anObjectsDeletesAreDataEventsABucketsDeletionIsNot() {
        assertWarns(run("who-deleted", InvestigationArgs.of("victim-bucket/report.csv")));
        InvestigationResult bucket = run("who-deleted", InvestigationArgs.of("victim-bucket"));
        assertFalse(bucket.warnings().contains(NO_DATA), bucket.warnings().toString());
    }

    private static void assertWarns(InvestigationResult r) {
        List<String> warnings = r.warnings();
        assertTrue(warnings.contains(NO_DATA), r.name() + ": " + warnings);
    }

    private static InvestigationResult run(String name, InvestigationArgs args) {
        try (EventStore s = IncidentStores.read(store)) {
            return new Investigator(s, IncidentStores.CLOCK).run(name, args);
        }
    }
}
