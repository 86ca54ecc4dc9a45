package io.trailkeeper.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The wire itself, with a raw socket: what any client (not only the SDK) may send and must get back. JSON 1.1
 * errors carry {@code __type} and {@code x-amzn-ErrorType}; connections persist; chunked bodies and
 * {@code Expect: 100-continue} work; unsigned and unknown calls are refused in their protocol.
 */
class WireTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TARGET = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.";

    static Emulator emulator;

    @BeforeAll
    static void start() {
        Instant now = Instant.parse("2026-11-20T00:00:00Z");
        Scenario scenario = Scenario.builder().now(now).lookupRatePerSecond(1)
                .record(TestRecord.event(now.minusSeconds(5), "us-west-2", 1).json()).build();
        emulator = Emulator.start(EmulatorConfig.of(scenario));
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void throttlingIsAJson11ErrorWithItsTypeInBodyAndHeader() throws IOException {
        try (Connection c = new Connection()) {
            Response ok = c.send(cloudTrail("LookupEvents", "us-east-2", "{}"));
            assertEquals(200, ok.status);
            assertEquals("application/x-amz-json-1.1", ok.headers.get("content-type"));
            Response throttled = c.send(cloudTrail("LookupEvents", "us-east-2", "{}"));
            assertEquals(400, throttled.status);
            assertEquals("ThrottlingException", throttled.headers.get("x-amzn-errortype"));
            JsonNode body = JSON.readTree(throttled.body);
            assertEquals("ThrottlingException", body.get("__type").asText());
            assertEquals("Rate exceeded", body.get("message").asText());
        }
    }

    @Test
    void oneConnectionCarriesManyRequestsWithChunkedBodiesAndExpectContinue() throws IOException {
        try (Connection c = new Connection()) {
            String chunked = "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: " + TARGET + "DescribeTrails\r\n"
                    + "Content-Type: application/x-amz-json-1.1\r\n" + auth("us-west-2", "cloudtrail")
                    + "Transfer-Encoding: chunked\r\n\r\n" + "1\r\n{\r\n1\r\n}\r\n0\r\n\r\n";
            assertEquals("{\"trailList\":[]}", c.send(chunked).body);
            String body = "Action=GetCallerIdentity&Version=2011-06-15";
            String expect = "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + auth("us-east-1", "sts") + "Expect: 100-continue\r\nContent-Length: " + body.length() + "\r\n\r\n";
            c.out.write(expect.getBytes(StandardCharsets.ISO_8859_1));
            c.out.flush();
            assertEquals(100, c.read().status);
            c.out.write(body.getBytes(StandardCharsets.UTF_8));
            Response identity = c.read();
            assertEquals(200, identity.status);
            assertTrue(identity.body.contains("<Account>123456789012</Account>"), identity.body);
            Response events = c.send(cloudTrail("LookupEvents", "us-west-2", "{\"MaxResults\":1}"));
            assertEquals(1, JSON.readTree(events.body).get("Events").size());
        }
    }

    @Test
    void callsWithoutACredentialScopeOrForUnknownServicesAreRefusedInTheirProtocol() throws IOException {
        try (Connection c = new Connection()) {
            Response unsigned = c.send("POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: " + TARGET + "LookupEvents\r\n"
                    + "Content-Type: application/x-amz-json-1.1\r\nContent-Length: 2\r\n\r\n{}");
            assertEquals(403, unsigned.status);
            assertEquals("MissingAuthenticationTokenException", JSON.readTree(unsigned.body).get("__type").asText());
            Response unknownOp = c.send(cloudTrail("CreateTrail", "us-west-2", "{}"));
            assertEquals("UnknownOperationException", JSON.readTree(unknownOp.body).get("__type").asText());
            String form = "Action=ListUsers&Version=2010-05-08";
            Response iam = c.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + auth("us-east-1", "iam") + "Content-Length: " + form.length() + "\r\n\r\n" + form);
            assertEquals(400, iam.status);
            assertTrue(iam.body.contains("<Code>InvalidAction</Code>"), iam.body);
            Response notJson = c.send(cloudTrail("DescribeTrails", "us-west-2", "{nope"));
            assertEquals("SerializationException", JSON.readTree(notJson.body).get("__type").asText());
        }
        assertEquals(1, emulator.counters().requests("(unsigned)", "LookupEvents"), "counted under (unsigned)");
    }

    @Test
    void aRequestThatIsNotHttpGetsA400AndTheConnectionEnds() throws IOException {
        try (Connection c = new Connection()) {
            Response bad = c.send("HELLO\r\n\r\n");
            assertEquals(400, bad.status);
            assertEquals("close", bad.headers.get("connection"));
            assertThrows(IOException.class, () -> {
                c.out.write(cloudTrail("DescribeTrails", "us-west-2", "{}").getBytes(StandardCharsets.UTF_8));
                c.out.flush();
                c.read();
            });
        }
    }

    private static String cloudTrail(String operation, String region, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: " + TARGET + operation + "\r\n"
                + "Content-Type: application/x-amz-json-1.1\r\n" + auth(region, "cloudtrail")
                + "Content-Length: " + bytes.length + "\r\n\r\n" + body;
    }

    private static String auth(String region, String service) {
        return "Authorization: AWS4-HMAC-SHA256 Credential=test/20261120/" + region + "/" + service
                + "/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000\r\n";
    }

    private record Response(int status, Map<String, String> headers, String body) {
    }

    /** A client that speaks just enough HTTP/1.1 to read Content-Length answers on one connection. */
    private static final class Connection implements AutoCloseable {
        final Socket socket;
        final OutputStream out;
        final InputStream in;

        Connection() throws IOException {
            socket = new Socket("127.0.0.1", emulator.port());
            socket.setSoTimeout(5_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream());
        }

        Response send(String request) throws IOException {
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return read();
        }

        Response read() throws IOException {
            String status = line();
            if (status == null) {
                throw new IOException("the connection was closed");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h = line(); h != null && !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            return new Response(Integer.parseInt(status.split(" ")[1]), headers, body);
        }

        private String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
