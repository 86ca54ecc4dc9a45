package io.trailkeeper.aws.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An organization trail's key prefix with characters a URL or XML must encode (a space, '+', '%', '&', non-ASCII):
 * listed, followed across pages and read, nothing lost to a key decoded or encoded twice. ListObjectsV2 is asked
 * without EncodingType, so S3 sends keys as they are (XML-escaped), and the SDK decodes them only when a response
 * says EncodingType url. A key with a character XML 1.0 cannot carry does not make its folder unreadable: that page
 * is asked again with EncodingType url.
 */
class KeyCharactersTest extends S3MockTest {
    private static final String PREFIX = "audit logs+2024/%25 \u00e9t\u00e9 & co";
    private static final String ORG = "o-abc123def4";
    private static final Instant T = Instant.parse("2024-05-06T10:00:00Z");

    @Test
    void aPrefixWithCharactersToEncodeIsListedAndReadWhole() {
        TrailFiles bucket = new TrailFiles(s3, "key-characters");
        String folder = PREFIX + "/AWSLogs/" + ORG + "/111111111111/";
        for (int i = 0; i < 5; i++) {
            bucket.putLog(folder, "111111111111", "eu-west-1", T.plusSeconds(300L * i), "f" + i, 3);
        }
        bucket.putLog(PREFIX + "/AWSLogs/" + ORG + "/222222222222/", "222222222222", "us-east-1", T, "other", 2);
        S3TrailCollector.Summary s = new S3TrailCollector(s3, new MemoryCollectSink(),
                Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC), 2, Duration.ofMillis(5))
                .collect(S3TrailCollector.Request.of(bucket.bucket()).withPrefix(PREFIX));
        assertEquals(6, s.objectsLoaded());
        assertEquals(17, s.events());
        assertEquals(List.of("eu-west-1", "us-east-1"), s.regions().stream().sorted().toList());
        assertTrue(s.complete(), () -> s.coverage().toString());
    }

    @Test
    void aKeyXmlCannotCarryDoesNotHideItsFolder() {
        TrailFiles bucket = new TrailFiles(s3, "control-character");
        String folder = "AWSLogs/111111111111/";
        bucket.putLog(folder, "111111111111", "us-east-1", T, "good", 3);
        // planted by whoever can write to the bucket: listed without URL encoding, the folder's listing fails
        String planted = bucket.putLog(folder, "111111111111", "us-east-1", T.plusSeconds(60), "planted\u0001key", 2);
        MemoryCollectSink sink = new MemoryCollectSink();
        S3TrailCollector.Summary s = new S3TrailCollector(s3, sink,
                Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC), 1000, Duration.ofMillis(5))
                .collect(S3TrailCollector.Request.of(bucket.bucket()));
        assertTrue(s.complete(), () -> s.coverage().toString());
        assertEquals(2, s.objectsLoaded());
        assertEquals(5, sink.events().size());
        assertTrue(sink.s3Loaded(bucket.bucket()).containsKey(planted), () -> sink.s3Loaded(bucket.bucket()).toString());
    }

    /** S3's own answer: the key in XML as a character reference the parser refuses, unless asked encoded. */
    @Test
    void s3sAnswerWithSuchAKeyIsAskedAgainEncoded() {
        String listing = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult"
                + " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>b</Name><Prefix>d/</Prefix><KeyCount>2"
                + "</KeyCount><MaxKeys>1000</MaxKeys>%s<IsTruncated>false</IsTruncated><Contents><Key>d/a.json.gz</Key>"
                + "<Size>1</Size></Contents><Contents><Key>%s</Key><Size>1</Size></Contents></ListBucketResult>";
        try (io.trailkeeper.aws.CannedHttpServer server = io.trailkeeper.aws.CannedHttpServer.start(r -> r.path()
                .contains("encoding-type=url")
                ? new io.trailkeeper.aws.CannedHttpServer.Answer(200, "application/xml",
                        String.format(listing, "<EncodingType>url</EncodingType>", "d/planted%01key.json.gz"))
                : new io.trailkeeper.aws.CannedHttpServer.Answer(200, "application/xml",
                        String.format(listing, "", "d/planted&#x1;key.json.gz")));
             io.trailkeeper.aws.AwsClients clients = new io.trailkeeper.aws.AwsClients(io.trailkeeper.aws.AwsOptions
                     .defaults().withRegion("us-east-1").withServiceEndpoint("s3", server.endpoint()))) {
            List<String> keys = new java.util.ArrayList<>();
            ListingPages.follow(clients.s3("us-east-1"), software.amazon.awssdk.services.s3.model.ListObjectsV2Request
                    .builder().bucket("b").prefix("d/").build(), p -> p.contents().forEach(o -> keys.add(o.key())),
                    Duration.ofMillis(5));
            assertEquals(List.of("d/a.json.gz", "d/planted\u0001key.json.gz"), keys);
        }
    }
}
