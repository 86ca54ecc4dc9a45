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
 * says EncodingType url.
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
}
