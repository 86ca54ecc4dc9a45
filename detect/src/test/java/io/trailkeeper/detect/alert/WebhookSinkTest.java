package io.trailkeeper.detect.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookSinkTest {
    private static final WebhookSink.Options FAST = new WebhookSink.Options(Duration.ofSeconds(5), 4,
            Duration.ofMillis(20), Duration.ofMillis(200));

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> accepted = new CopyOnWriteArrayList<>();

    /** A webhook that answers {@code failures} requests with {@code failStatus}, then accepts. */
    private URI webhook(int failures, int failStatus) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/services/T000/B000/secret", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int n = requests.incrementAndGet();
            int status = n <= failures ? failStatus : 200;
            if (status == 200) {
                accepted.add(body);
            }
            byte[] answer = (status == 200 ? "ok" : "no").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/services/T000/B000/secret");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aWebhookThatFailsTwiceGetsTheAlertExactlyOnce() throws Exception {
        WebhookSink sink = new WebhookSink(webhook(2, 503), FAST);
        Alert alert = Alert.of(AlertSamples.match("StopLogging", 1));
        sink.send(alert);
        assertEquals(3, requests.get());
        assertEquals(1, accepted.size());
        JsonNode body = new ObjectMapper().readTree(accepted.get(0));
        assertEquals(alert.slackText(), body.get("text").asText());
        assertTrue(body.get("text").asText().contains("vitaliy0x1"));
        assertEquals("vitaliy0x1", body.get("author").asText());
        assertEquals(alert.key(), body.get("key").asText());
    }

    @Test
    void throughTheDispatcherTheAlertArrivesOnceAndIsRecordedDelivered() throws Exception {
        WebhookSink sink = new WebhookSink(webhook(2, 503), FAST);
        MemoryAlertState state = new MemoryAlertState();
        List<Alert> raised;
        try (AlertDispatcher alerts = new AlertDispatcher(List.of(sink), state, AlertDispatcherTest.FAST)) {
            raised = alerts.raise(List.of(AlertSamples.match("StopLogging", 1)));
            assertEquals(1, raised.size());
            assertEquals(List.of(), alerts.raise(List.of(AlertSamples.match("StopLogging", 1))));
        }
        assertEquals(1, accepted.size());
        assertEquals(List.of(), state.pending(sink.name()));
    }

    @Test
    void aWebhookThatRefusesTheAlertIsNotRetried() throws Exception {
        WebhookSink sink = new WebhookSink(webhook(99, 404), FAST);
        AlertDeliveryException e = assertThrows(AlertDeliveryException.class,
                () -> sink.send(Alert.of(AlertSamples.match("StopLogging", 1))));
        assertFalse(e.retryable());
        assertEquals(1, requests.get());
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), "the URL's secret part is never shown: " + e.getMessage());
    }

    @Test
    void aWebhookStillUnavailableAfterItsAttemptsIsWorthRetryingLater() throws Exception {
        WebhookSink sink = new WebhookSink(webhook(99, 429), FAST);
        AlertDeliveryException e = assertThrows(AlertDeliveryException.class,
                () -> sink.send(Alert.of(AlertSamples.match("StopLogging", 1))));
        assertTrue(e.retryable());
        assertEquals(4, requests.get());
        assertTrue(sink.name().startsWith("webhook:127.0.0.1#"));
        assertFalse(sink.name().contains("secret"));
    }

    @Test
    void anUnreachableWebhookIsWorthRetryingLater() throws Exception {
        URI url = webhook(0, 200);
        server.stop(0);
        server = null;
        WebhookSink sink = new WebhookSink(url, FAST);
        AlertDeliveryException e = assertThrows(AlertDeliveryException.class,
                () -> sink.send(Alert.of(AlertSamples.match("StopLogging", 1))));
        assertTrue(e.retryable());
    }
}
