package io.trailkeeper.aws.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.aws.AwsOptions;
import io.trailkeeper.aws.CannedHttpServer;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

/**
 * A listing asked again URL-encoded (its first page unreadable) from a server that encodes its continuation token
 * as well, as S3Proxy does (the token is its page's last key): sent back, the token names a place past keys not yet
 * listed ("d/a+b" sorts after "d/a c"). Every key is listed once, none lost.
 */
class EncodedListingTest {
    private static final List<String> KEYS = List.of("d/a b.json.gz", "d/a c.json.gz", "d/b.json.gz");

    private static String param(String query, String name) {
        Matcher m = Pattern.compile("[?&]" + name + "=([^&]*)").matcher(query);
        return m.find() ? URLDecoder.decode(m.group(1), StandardCharsets.UTF_8) : null;
    }

    private static String encode(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8);
    }

    /** One key a page, after the continuation token or start-after; unreadable XML unless asked encoded. */
    private static CannedHttpServer.Answer answer(CannedHttpServer.Request r) {
        if (!r.path().contains("encoding-type=url")) {
            return new CannedHttpServer.Answer(200, "application/xml", "<?xml version=\"1.0\"?><ListBucketResult>"
                    + "<Contents><Key>d/planted&#x1;key</Key></Contents></ListBucketResult>");
        }
        String token = param(r.path(), "continuation-token");
        // the server reads back the token it encoded, its %2F decoded but not its "+": a place past "d/a c"
        String after = token != null ? token.replace("%2F", "/") : param(r.path(), "start-after");
        String key = KEYS.stream().filter(k -> after == null || k.compareTo(after) > 0).findFirst().orElseThrow();
        boolean more = !key.equals(KEYS.get(KEYS.size() - 1));
        return new CannedHttpServer.Answer(200, "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>b</Name><Prefix>d%2F"
                + "</Prefix><KeyCount>1</KeyCount><MaxKeys>1</MaxKeys><EncodingType>url</EncodingType><IsTruncated>"
                + more + "</IsTruncated>" + (more ? "<NextContinuationToken>" + encode(key)
                + "</NextContinuationToken>" : "") + "<Contents><Key>" + encode(key) + "</Key><Size>1</Size>"
                + "</Contents></ListBucketResult>");
    }

    @Test
    void aServerEncodingItsTokenLosesNoKey() {
        try (CannedHttpServer server = CannedHttpServer.start(EncodedListingTest::answer);
             AwsClients clients = new AwsClients(AwsOptions.defaults().withRegion("us-east-1")
                     .withServiceEndpoint("s3", server.endpoint()))) {
            List<String> keys = new ArrayList<>();
            ListingPages.follow(clients.s3("us-east-1"), ListObjectsV2Request.builder().bucket("b").prefix("d/")
                    .maxKeys(1).build(), p -> p.contents().forEach(o -> keys.add(o.key())), Duration.ofMillis(5));
            assertEquals(KEYS, keys);
        }
    }
}
