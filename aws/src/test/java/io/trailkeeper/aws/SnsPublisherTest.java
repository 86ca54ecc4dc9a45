package io.trailkeeper.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The publisher against a fake SNS at the wire (the query protocol), on 127.0.0.1. */
class SnsPublisherTest {
    private static final String TOPIC = "arn:aws:sns:ap-southeast-2:111122223333:security-alerts";

    private HttpServer server;
    private final List<Map<String, String>> published = new CopyOnWriteArrayList<>();
    private final List<String> regions = new CopyOnWriteArrayList<>();
    private volatile int status = 200;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
            // the credential scope names the region: .../20240301/ap-southeast-2/sns/aws4_request
            String[] scope = auth.replaceAll(".*Credential=([^,]*).*", "$1").split("/");
            regions.add(scope.length > 2 ? scope[2] : "?");
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String body;
            if (String.valueOf(form.get("TopicArn")).endsWith(".fifo") && !form.containsKey("MessageGroupId")) {
                // what SNS answers a FIFO topic's publish without a group
                body = "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error><Type>Sender</Type>"
                        + "<Code>MissingParameter</Code><Message>The request must contain the parameter"
                        + " MessageGroupId.</Message></Error><RequestId>r</RequestId></ErrorResponse>";
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(400, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
                return;
            }
            if (status == 200) {
                published.add(form);
                body = "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
                        + "<MessageId>msg-" + published.size() + "</MessageId></PublishResult>"
                        + "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>";
            } else {
                body = "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error><Type>Sender</Type>"
                        + "<Code>NotFound</Code><Message>Topic does not exist</Message></Error>"
                        + "<RequestId>r</RequestId></ErrorResponse>";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private SnsPublisher publisher() {
        URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return SnsPublisher.create(AwsOptions.defaults().withServiceEndpoint("sns", endpoint));
    }

    @Test
    void aMessageIsPublishedToTheTopicInItsOwnRegion() {
        try (SnsPublisher sns = publisher()) {
            String json = "{\"text\":\"[HIGH] CloudTrail stopped\",\"author\":\"someone\"}";
            assertEquals("msg-1", sns.publish(TOPIC, json));
        }
        assertEquals(1, published.size());
        assertEquals("Publish", published.get(0).get("Action"));
        assertEquals(TOPIC, published.get(0).get("TopicArn"));
        assertEquals("{\"text\":\"[HIGH] CloudTrail stopped\",\"author\":\"someone\"}", published.get(0).get("Message"));
        assertEquals(List.of("ap-southeast-2"), regions);
    }

    @Test
    void aFifoTopicGetsAGroupAndTheSameDeduplicationIdForTheSameMessage() {
        String fifo = "arn:aws:sns:eu-west-1:111122223333:security-alerts.fifo";
        String json = "{\"text\":\"[HIGH] CloudTrail stopped\"}";
        try (SnsPublisher sns = publisher()) {
            assertEquals("msg-1", sns.publish(fifo, json));
            assertEquals("msg-2", sns.publish(fifo, json));
            sns.publish(fifo, "{\"text\":\"[LOW] another\"}");
            sns.publish(TOPIC, json);
        }
        assertEquals(4, published.size());
        assertEquals("trailkeeper-alerts", published.get(0).get("MessageGroupId"));
        String dedup = published.get(0).get("MessageDeduplicationId");
        assertTrue(dedup != null && dedup.matches("[0-9a-f]{64}"), dedup);
        assertEquals(dedup, published.get(1).get("MessageDeduplicationId"), "a message sent again is the same message");
        assertFalse(dedup.equals(published.get(2).get("MessageDeduplicationId")), "another message is another id");
        assertFalse(published.get(3).containsKey("MessageGroupId"), "a standard topic refuses a group id");
        assertFalse(published.get(3).containsKey("MessageDeduplicationId"));
    }

    @Test
    void aRefusalNamesTheTopicAndIsNotWorthRetrying() {
        status = 404;
        try (SnsPublisher sns = publisher()) {
            TrailKeeperException e = assertThrows(TrailKeeperException.class, () -> sns.publish(TOPIC, "{}"));
            assertTrue(e.getMessage().contains(TOPIC), e.getMessage());
            assertTrue(e.getMessage().contains("NotFound"), e.getMessage());
            assertFalse(SnsPublisher.isRetryable(e));
        }
    }

    @Test
    void aServerErrorIsWorthRetrying() {
        status = 503;
        try (SnsPublisher sns = publisher()) {
            TrailKeeperException e = assertThrows(TrailKeeperException.class, () -> sns.publish(TOPIC, "{}"));
            assertTrue(SnsPublisher.isRetryable(e), e.getMessage());
        }
    }

    @Test
    void somethingThatIsNotATopicArnIsAUsageError() {
        try (SnsPublisher sns = publisher()) {
            TrailKeeperException e = assertThrows(TrailKeeperException.class,
                    () -> sns.publish("security-alerts", "{}"));
            assertEquals(ErrorCode.USAGE, e.code());
        }
        assertEquals("eu-west-1", SnsPublisher.region("arn:aws:sns:eu-west-1:111122223333:t"));
    }
}
