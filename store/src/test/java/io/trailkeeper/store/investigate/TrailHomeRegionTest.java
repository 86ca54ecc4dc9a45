package io.trailkeeper.store.investigate;

import static io.trailkeeper.store.investigate.IncidentStores.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.store.EventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trail deleted by name: its record names no ARN, so who-deleted said "where eu-audit lives cannot be told from the
 * store". CloudTrail takes DeleteTrail (and UpdateTrail) only in the trail's home region ("This operation must be
 * called from the Region in which the trail was created", the CloudTrail API reference): a successful one was recorded
 * there. A refused one (InvalidHomeRegionException, called elsewhere) tells nothing. (Found in a drill.)
 */
class TrailHomeRegionTest {
    @TempDir
    Path dir;

    private static String deleteTrail(String time, String region, String error) {
        return "{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"AssumedRole\",\"arn\":\"arn:aws:sts::"
                + "444455556666:assumed-role/DataAdmin/backup-sync-2\",\"accountId\":\"444455556666\",\"accessKeyId\":"
                + "\"ASIA1W4BI8IBV6RPLMCB\"},\"eventTime\":\"" + time + "\",\"eventSource\":\"cloudtrail.amazonaws.com\","
                + "\"eventName\":\"DeleteTrail\",\"awsRegion\":\"" + region + "\",\"sourceIPAddress\":\"185.220.101.47\","
                + "\"userAgent\":\"aws-cli/2.15.30\",\"requestParameters\":{\"name\":\"eu-audit\"},"
                + (error == null ? "\"responseElements\":null," : "\"errorCode\":\"" + error + "\",\"errorMessage\":"
                + "\"The trail is not in this region\",") + "\"eventID\":\"dt" + time + "\",\"readOnly\":false,"
                + "\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"444455556666\","
                + "\"eventCategory\":\"Management\"}";
    }

    private Map<String, Object> livesIn(String... records) throws Exception {
        Path file = dir.resolve("trail" + records.length + ".jsonl");
        Files.writeString(file, String.join("\n", records) + "\n");
        Path store = IncidentStores.load(dir.resolve("t" + records.length + ".duckdb"), file);
        try (EventStore s = IncidentStores.read(store)) {
            return rows(new Investigator(s, IncidentStores.CLOCK).run("who-deleted", InvestigationArgs.of("eu-audit"))
                    .section("resource_region")).get(0);
        }
    }

    @Test
    void aTrailDeletedByNameLivesWhereItsDeletionWasRecorded() throws Exception {
        Map<String, Object> r = livesIn(deleteTrail("2026-03-05T00:11:00Z", "us-east-1", "InvalidHomeRegionException"),
                deleteTrail("2026-03-05T00:12:00Z", "eu-central-1", null));
        assertEquals("eu-central-1", r.get("lives_in"));
        assertEquals("a successful DeleteTrail of it was recorded there, which CloudTrail takes only in the trail's"
                + " home region", r.get("basis"));
    }

    @Test
    void aRefusedDeletionTellsNothing() throws Exception {
        Map<String, Object> r = livesIn(deleteTrail("2026-03-05T00:11:00Z", "us-east-1", "InvalidHomeRegionException"));
        assertEquals(List.of("unknown"), List.of(r.get("lives_in")));
    }
}
