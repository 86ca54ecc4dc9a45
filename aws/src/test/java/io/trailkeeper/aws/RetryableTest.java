package io.trailkeeper.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.aws.s3.MemoryCollectSink;
import io.trailkeeper.events.Coverage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Which failures are worth another try, from the exceptions the real SDK raises for real answers: a server error
 * or no answer may pass, a 501 (not implemented) or an answer that is not the protocol's (a proxy's page, a
 * broken server) is the same every time, and retrying it only delays the report.
 */
class RetryableTest {
    private static final String JSON = "application/x-amz-json-1.1";
    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    private static SdkException lookupAgainst(URI endpoint) {
        try (AwsClients clients = new AwsClients(AwsOptions.defaults().withRegion("eu-west-1").withEndpoint(endpoint))) {
            return assertThrows(SdkException.class, () -> clients.cloudTrail("eu-west-1").lookupEvents(r -> { }));
        }
    }

    private static SdkException answered(int status, String body) {
        try (CannedHttpServer server = CannedHttpServer.always(status, JSON, body)) {
            return lookupAgainst(server.endpoint());
        }
    }

    @Test
    void serverErrorsAndNoAnswerAreRetriedNotImplementedIsNot() throws IOException {
        assertTrue(AwsErrors.isRetryable(answered(500, "{\"__type\":\"InternalFailure\",\"message\":\"x\"}")));
        assertTrue(AwsErrors.isRetryable(answered(503, "{\"__type\":\"ServiceUnavailable\",\"message\":\"x\"}")));
        SdkException serversOwnPage = answered(500, "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>");
        assertFalse(AwsErrors.isRetryable(serversOwnPage), serversOwnPage::toString);
        assertTrue(AwsErrors.isRetryable(answered(502, "<html><title>502 Bad Gateway</title></html>")));
        assertTrue(AwsErrors.isRetryable(answered(503, "<!DOCTYPE html><html><body>Service Unavailable</body></html>")));
        SdkException notImplemented = answered(501, "{\"__type\":\"NotImplemented\",\"message\":\"no LookupEvents\"}");
        assertFalse(AwsErrors.isRetryable(notImplemented), notImplemented::toString);
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertTrue(AwsErrors.isRetryable(lookupAgainst(URI.create("http://127.0.0.1:" + closed))), "refused connection");
    }

    @Test
    void anAnswerThatCannotBeReadIsNotRetried() {
        for (String body : List.of("this is not JSON {", "{\"Events\": 5}", "<html>a proxy's login page</html>")) {
            SdkException e = answered(200, body);
            assertFalse(AwsErrors.isRetryable(e), e::toString);
        }
    }

    @Test
    void aRegionAnsweringNotImplementedIsFailedAtOnce() {
        try (CannedHttpServer server = CannedHttpServer.always(501, JSON,
                "{\"__type\":\"NotImplemented\",\"message\":\"LookupEvents is not implemented\"}");
             AwsClients clients = new AwsClients(AwsOptions.defaults().withRegion("eu-west-1")
                     .withEndpoint(server.endpoint()))) {
            MemoryCollectSink sink = new MemoryCollectSink();
            new LookupCollector(clients, sink, LookupCollector.Options.defaults()
                    .withRetries(30, 3, Duration.ofMillis(50)), new LookupCollector.Listener() { },
                    Clock.fixed(NOW, ZoneOffset.UTC)).collect(new LookupCollector.Request("123456789012",
                    List.of(new RegionInfo("eu-west-1", "opt-in-not-required")), NOW.minus(Duration.ofDays(1)), null,
                    false));
            // never retried: asked once for the window, then once for each of its two UTC days
            assertEquals(3, server.requests().size(), server.requests()::toString);
            assertEquals(1, sink.coverage().size(), "the two days, failed alike, are one entry");
            assertEquals(Coverage.Status.FAILED, sink.coverage().get(0).status());
            assertTrue(sink.coverage().get(0).reason().contains("NotImplemented"), sink.coverage().get(0).reason());
        }
    }

    @Test
    void rateExceededWithoutAnErrorCodeIsThrottlingRetriedWithPacing() {
        // CloudTrail documents throttling as ThrottlingException, HTTP 400, "Rate exceeded"; a proxy in front of it may
        // pass the status and message on without the error type
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        try (CannedHttpServer server = CannedHttpServer.start(r -> asked.incrementAndGet() <= 3
                ? new CannedHttpServer.Answer(400, JSON, "{\"message\":\"Rate exceeded\"}")
                : new CannedHttpServer.Answer(200, JSON, "{\"Events\":[]}"));
             AwsClients clients = new AwsClients(AwsOptions.defaults().withRegion("eu-west-1")
                     .withEndpoint(server.endpoint()))) {
            MemoryCollectSink sink = new MemoryCollectSink();
            LookupCollector.Summary s = new LookupCollector(clients, sink, LookupCollector.Options.defaults()
                    .withRetries(30, 3, Duration.ofMillis(50)), new LookupCollector.Listener() { },
                    Clock.fixed(NOW, ZoneOffset.UTC)).collect(new LookupCollector.Request("123456789012",
                    List.of(new RegionInfo("eu-west-1", "opt-in-not-required")), NOW.minus(Duration.ofHours(2)), null,
                    false));
            assertEquals(3, s.throttled());
            assertTrue(s.complete(), sink.coverage()::toString);
        }
        SdkException plain = answered(400, "Rate exceeded");
        assertTrue(AwsErrors.isThrottling(plain), plain::toString);
        assertFalse(AwsErrors.isThrottling(answered(400, "{\"message\":\"1 validation error detected\"}")));
    }

    @Test
    void anAnswerWithoutAnErrorCodeIsDescribedByItsStatusAndText() {
        assertEquals("HTTP 400: Rate exceeded", AwsErrors.describe(answered(400, "{\"message\":\"Rate exceeded\"}")));
        assertEquals("HTTP 502: Bad gateway (an HTML page)", AwsErrors.describe(answered(502, "<html>Bad gateway</html>")));
        assertEquals("HTTP 500: 500 Internal Server Error (an HTML page)", AwsErrors.describe(answered(500,
                "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>"
                        + "<p>The server encountered an internal error</p>")));
        assertEquals("HTTP 503: Service Unavailable Back soon (an HTML page)", AwsErrors.describe(answered(503,
                "<HTML><head><style>p { color: red }</style></head><body><h1>Service Unavailable</h1><p>Back soon</p>")));
        assertEquals("ThrottlingException: Rate exceeded (HTTP 400)", AwsErrors.describe(answered(400,
                "{\"__type\":\"com.amazonaws.cloudtrail.v20131101#ThrottlingException\",\"message\":\"Rate exceeded\"}")));
    }
}
