package io.trailkeeper.store.investigate;

import static io.trailkeeper.store.investigate.S3ObjectCalls.object;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.store.EventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * s3 of a bucket told an S3 ransomware's encryption in place as '183 writes' (in a drill, 180 objects copied onto
 * themselves with a key of the intruder's, SSE-C, and a ransom note), the same words as the application's own
 * uploads: nothing said the objects could no longer be read. It names the objects written with a customer-provided
 * key now, per principal, with how many were copied onto themselves; SSE-S3 and SSE-KMS writes, an SSE-C read and a
 * refused SSE-C copy are not among them. who-deleted of the bucket tells them too.
 */
class S3CustomerKeyWritesTest {
    private static final String BUCKET = "acme-prod-customer-data";
    @TempDir
    static Path dir;
    static Path store;

    @BeforeAll
    static void load() throws IOException {
        List<String> lines = new ArrayList<>();
        String ssec = "\"x-amz-server-side-encryption-customer-algorithm\":\"AES256\"";
        for (int i = 0; i < 5; i++) {
            String key = "customers/0000" + i + ".json";
            lines.add(call("c" + i, "2026-11-09T02:16:3" + i + "Z", "CopyObject", key, "ci-deploy", "185.220.101.47",
                    ssec + ",\"x-amz-copy-source\":\"" + BUCKET + "/" + key.replace("/", "%2F") + "\"", "SSE_C", null));
        }
        // an SSE-C upload whose request S3 recorded without the header: SSEApplied tells it
        lines.add(call("p1", "2026-11-09T02:17:00Z", "PutObject", "exports/x.csv", "ci-deploy", "185.220.101.47",
                "\"x\":\"\"", "SSE_C", null));
        lines.add(call("r1", "2026-11-09T02:17:10Z", "CopyObject", "customers/00009.json", "ci-deploy",
                "185.220.101.47", ssec + ",\"x-amz-copy-source\":\"" + BUCKET + "/customers/00009.json\"", null,
                "AccessDenied"));
        lines.add(call("a1", "2026-11-09T03:00:00Z", "PutObject", "customers/1.json", "app", "10.20.1.7",
                "\"x-amz-server-side-encryption\":\"aws:kms\"", "SSE_KMS", null));
        lines.add(call("a2", "2026-11-09T03:00:05Z", "CopyObject", "customers/2.json", "app", "10.20.1.7",
                "\"x-amz-copy-source\":\"" + BUCKET + "/customers/2.json\",\"x-amz-server-side-encryption\":\"AES256\"",
                "SSE_S3", null));
        lines.add(call("g1", "2026-11-09T03:00:09Z", "GetObject", "customers/3.json", "app", "10.20.1.7", ssec,
                "SSE_C", null));
        Path file = dir.resolve("ssec.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        store = IncidentStores.load(dir.resolve("ssec.duckdb"), file);
    }

    @Test
    void objectsWrittenWithACustomerProvidedKeyAreNamedWithWhoAndHowMany() {
        InvestigationResult r;
        try (EventStore s = IncidentStores.read(store)) {
            r = new Investigator(s, IncidentStores.CLOCK).run("s3", InvestigationArgs.of(BUCKET));
        }
        List<String> notes = r.notes().stream().filter(n -> n.contains("SSE-C")).toList();
        assertEquals(List.of("6 objects of bucket " + BUCKET + " written with a key the caller provided (SSE-C) by"
                + " arn:aws:iam::111122223333:user/ci-deploy from 185.220.101.47, 2026-11-09T02:16:30Z to"
                + " 2026-11-09T02:17:00Z (5 copied onto themselves: encrypted in place): AWS keeps no copy of such a"
                + " key, so they cannot be read without it (S3 ransomware encrypts a bucket so); the versions before"
                + " them are the way back, if versioning kept them"), notes);
    }

    /**
     * who-deleted of the bucket said nothing of them ("no call that deletes"): objects overwritten with a key the
     * caller provided are as lost as deleted ones, so it tells them as s3 does.
     */
    @Test
    void whoDeletedOfTheBucketTellsThemToo() {
        InvestigationResult r;
        try (EventStore s = IncidentStores.read(store)) {
            r = new Investigator(s, IncidentStores.CLOCK).run("who-deleted", InvestigationArgs.of(BUCKET));
        }
        assertEquals(List.of("6 objects of bucket " + BUCKET + " written with a key the caller provided (SSE-C) by"
                + " arn:aws:iam::111122223333:user/ci-deploy from 185.220.101.47, 2026-11-09T02:16:30Z to"
                + " 2026-11-09T02:17:00Z (5 copied onto themselves: encrypted in place): "
                + BucketAccess.CUSTOMER_KEY_MEANS), r.notes().stream().filter(n -> n.contains("SSE-C")).toList(),
                String.join("\n", r.notes()));
    }

    private static String call(String id, String time, String name, String key, String user, String ip,
                               String parameters, String sseApplied, String error) {
        return object("{\"type\":\"IAMUser\",\"principalId\":\"AIDA" + user + "\",\"arn\":\"arn:aws:iam::111122223333"
                + ":user/" + user + "\",\"accountId\":\"111122223333\",\"accessKeyId\":\"AKIAEXAMPLE" + user.length()
                + "\",\"userName\":\"" + user + "\"}", BUCKET, id, time, name, key, ip, parameters, sseApplied, error);
    }
}
