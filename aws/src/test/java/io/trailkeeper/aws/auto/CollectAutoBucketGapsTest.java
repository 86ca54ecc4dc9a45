package io.trailkeeper.aws.auto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.aws.AutoCollector;
import io.trailkeeper.aws.s3.S3MockServer;
import io.trailkeeper.emulator.Scenario;
import io.trailkeeper.events.Coverage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * collect auto against account shapes where the trail's bucket answers, yet does not hold the account's whole
 * record: files refused one by one (another account's bucket policy, kms:Decrypt on SSE-KMS files, a Requester
 * Pays bucket), a bucket shared with other accounts' trails, regions the trail covers without a folder. Each such
 * region is read from its event history too, and the refused days stay gaps.
 */
class CollectAutoBucketGapsTest extends AutoShapes {
    @Test
    void filesRefusedForWantOfKmsDecryptAreGapsAndTheirRegionComesFromTheEventHistory() {
        incidentFiles("auto-kms-denied");
        AutoRun.Result r;
        try (DenyingS3Proxy proxy = new DenyingS3Proxy(S3MockServer.get().endpoint())
                .denyObjects("/CloudTrail/eu-west-1/", DenyingS3Proxy.kmsDecryptDenied(KEY))) {
            r = collect(account("auto-kms-denied").build(), proxy.endpoint());
        }

        assertEquals(1, r.s3().events(), "us-east-1's file is read");
        assertEquals(List.of("eu-west-1"), lookupRegions(r), "the refused region from its event history");
        assertEquals(1, r.lookup().events());
        Coverage ireland = r.s3().coverage().stream().filter(c -> "eu-west-1".equals(c.region())).findFirst()
                .orElseThrow();
        assertEquals(Coverage.Status.DENIED, ireland.status(), "the trail's days there are a gap, not complete");
        assertTrue(ireland.reason().contains("kms:Decrypt") && ireland.reason().contains(KEY), ireland.reason());
        assertFalse(r.s3().complete());
        String note = r.plan().notes().stream().filter(n -> n.startsWith("the trail's files do not hold"))
                .findFirst().orElseThrow(() -> new AssertionError(r.plan().notes()));
        assertTrue(note.startsWith("the trail's files do not hold the record of eu-west-1 (its files of "
                + INCIDENT.toString().substring(0, 10) + " could not all be read (denied: "), note);
        assertTrue(note.contains("kms:Decrypt on resource: " + KEY), note);
        assertEquals(1, occurrences(note, KEY), "S3's message names the key; no advice of ours repeats it: " + note);
        // its only day of files refused; the days since were listed whole and hold no file, as Virginia's
        Instant day = Instant.parse(INCIDENT.toString().substring(0, 10) + "T00:00:00Z");
        assertEquals(java.util.Map.of("eu-west-1", day.minus(Duration.ofHours(1))), r.plan().lookupSince());
        assertEquals(java.util.Map.of("eu-west-1", day.plus(Duration.ofDays(1)).plus(Duration.ofHours(1))),
                r.plan().lookupUntil(), "the refused day, whole, with an hour either side");
    }

    @Test
    void filesRefusedOnOneDayLeaveTheRegionsOtherDaysComplete() {
        // a bucket policy refuses Ireland's files of the incident's day only; the days around it are read
        bucket("auto-day-refused", IncidentRecords.ACCOUNT, b -> {
            ENABLED.forEach(region -> b.everyDay(region, INCIDENT.minus(Duration.ofDays(3)), NOW));
            incidentFiles(b);
        });
        String day = INCIDENT.toString().substring(0, 10);
        AutoRun.Result r;
        try (DenyingS3Proxy proxy = new DenyingS3Proxy(S3MockServer.get().endpoint())
                .denyObjects("/CloudTrail/eu-west-1/" + day.replace('-', '/') + "/", "Access Denied")) {
            r = collect(account("auto-day-refused").build(), proxy.endpoint());
        }

        List<Coverage> ireland = r.s3().coverage().stream().filter(c -> "eu-west-1".equals(c.region())).toList();
        assertEquals(List.of(Coverage.Status.COMPLETE, Coverage.Status.DENIED, Coverage.Status.COMPLETE),
                ireland.stream().map(Coverage::status).toList(), ireland::toString);
        assertEquals(Instant.parse(day + "T00:00:00Z"), ireland.get(1).from());
        assertEquals(Instant.parse(day + "T23:59:59Z"), ireland.get(1).to());
        assertEquals(ireland.get(1).from().minusSeconds(1), ireland.get(0).to(), "the days before, read");
        assertEquals(ireland.get(1).to().plusSeconds(1), ireland.get(2).from(), "the days after, read");
        assertTrue(ireland.get(1).reason().startsWith("2 objects could not be read, the first: AWSLogs/"
                + IncidentRecords.ACCOUNT + "/CloudTrail/eu-west-1/" + day.replace('-', '/') + "/"), ireland.get(1)
                .reason());
        assertEquals(List.of("eu-west-1"), lookupRegions(r), "the refused day's region from its event history");
        String note = r.plan().notes().stream().filter(n -> n.startsWith("the trail's files do not hold"))
                .findFirst().orElseThrow(() -> new AssertionError(r.plan().notes()));
        assertTrue(note.startsWith("the trail's files do not hold the record of eu-west-1 (its files of " + day
                + " could not all be read (denied: 2 objects could not be read"), note);
        assertTrue(note.endsWith("); its other days' files were read): its event history is collected too (from "
                + ireland.get(1).from().minus(Duration.ofHours(1)) + " to " + ireland.get(1).to().plusSeconds(1)
                .plus(Duration.ofHours(1)) + ")"), note);
    }

    @Test
    void aBucketHoldingOnlyAnotherAccountsFilesIsNoRecordOfThisOne() {
        // a central bucket the trail was pointed at, holding some other account's trail files only
        bucket("auto-shared-bucket", "210987654321", b -> b.deliver("us-east-1", INCIDENT, List.of(IN_VIRGINIA)));
        AutoRun.Result r = collect(account("auto-shared-bucket").build(), S3MockServer.get().endpoint());

        assertEquals(List.of("210987654321"), r.s3().accounts());
        assertEquals(ENABLED, lookupRegions(r), "every region the trail covers, from its event history");
        assertEquals(2, r.lookup().events());
        assertTrue(r.plan().notes().contains("the trail's files do not hold the record of eu-west-1, us-east-1 (the"
                + " bucket holds no log files of the account 123456789012 (no AWSLogs/123456789012/CloudTrail/ folder,"
                + " nor one under an organization's folder)): their event history is collected too (90 days)"),
                () -> r.plan().notes().toString());
    }

    @Test
    void aRegionTheTrailCoversWithoutAFolderIsReadFromItsEventHistory() {
        // eu-west-1 enabled after the trail began, or its folder deleted: the bucket holds nothing of it
        bucket("auto-region-missing", IncidentRecords.ACCOUNT,
                b -> b.deliver("us-east-1", INCIDENT.plusSeconds(400), List.of(IN_VIRGINIA)));
        AutoRun.Result r = collect(account("auto-region-missing").build(), S3MockServer.get().endpoint());

        assertEquals(List.of("eu-west-1"), lookupRegions(r));
        assertEquals(1, r.lookup().events(), "the instance launched in Ireland");
        assertTrue(r.s3().complete() && r.lookup().complete());
        assertTrue(r.plan().notes().contains("the trail's files do not hold the record of eu-west-1 (no log files of"
                + " eu-west-1 in the bucket): its event history is collected too (90 days)"),
                () -> r.plan().notes().toString());
    }

    @Test
    void aRequesterPaysBucketIsReadWhenAgreedToPayAndOtherwiseSaysHow() {
        incidentFiles("auto-requester-pays");
        Scenario scenario = incident().trail("{\"Name\":\"everywhere\",\"HomeRegion\":\"us-east-1\","
                        + "\"S3BucketName\":\"auto-requester-pays\",\"IsMultiRegionTrail\":true}").build();
        AutoRun.Result refused;
        AutoRun.Result paid;
        try (DenyingS3Proxy proxy = new DenyingS3Proxy(S3MockServer.get().endpoint())
                .requesterPays("auto-requester-pays")) {
            refused = collect(scenario, proxy.endpoint());
            paid = collect(scenario, proxy.endpoint(), new AutoCollector.Options(RATE, null, true));
        }

        assertEquals(null, refused.s3());
        assertEquals(ENABLED, lookupRegions(refused));
        String last = refused.plan().notes().get(refused.plan().notes().size() - 1);
        assertTrue(last.contains("was denied"), last);
        assertEquals(2, paid.s3().events());
        assertTrue(paid.s3().complete());
        assertEquals(List.of(), lookupRegions(paid));
    }

    @Test
    void filesRefusedWithABareAccessDeniedNameTheTrailsKmsKeyInTheirCoverage() {
        incidentFiles("auto-kms-bare");
        AutoRun.Result r;
        try (DenyingS3Proxy proxy = new DenyingS3Proxy(S3MockServer.get().endpoint())
                .denyObjects("/CloudTrail/eu-west-1/", "Access Denied")) {
            r = collect(account("auto-kms-bare").build(), proxy.endpoint());
        }
        Coverage ireland = r.s3().coverage().stream().filter(c -> "eu-west-1".equals(c.region())).findFirst()
                .orElseThrow();
        assertEquals(Coverage.Status.DENIED, ireland.status());
        assertTrue(ireland.reason().endsWith("(the trail encrypts its files with the KMS key " + KEY + ": reading them"
                + " takes kms:Decrypt on it besides s3:GetObject)"), ireland.reason());
        Coverage virginia = r.s3().coverage().stream().filter(c -> "us-east-1".equals(c.region())).findFirst()
                .orElseThrow();
        assertEquals("", virginia.reason(), "a complete folder says nothing");
        String note = r.plan().notes().stream().filter(n -> n.startsWith("the trail's files do not hold"))
                .findFirst().orElseThrow(() -> new AssertionError(r.plan().notes()));
        assertEquals(1, occurrences(note, "the trail encrypts its files with the KMS key " + KEY), "the KMS advice once: "
                + note);
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }
}
