package io.trailkeeper.emulator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the server sends back: a status, headers and a body with a Content-Length, or no answer at all
 * ({@link #reset()}): the connection is then torn down with a TCP reset, which is how a client learns
 * that a load balancer or a network dropped its request.
 */
final class WireResponse {
    private static final WireResponse RESET = new WireResponse(0, Map.of(), new byte[0]);

    private final int status;
    private final Map<String, String> headers;
    private final byte[] body;

    private WireResponse(int status, Map<String, String> headers, byte[] body) {
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    static WireResponse of(int status, String contentType, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        return new WireResponse(status, headers, body);
    }

    static WireResponse of(int status, String contentType, String body) {
        return of(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** No response: the connection is reset. */
    static WireResponse reset() {
        return RESET;
    }

    boolean isReset() {
        return this == RESET;
    }

    int status() {
        return status;
    }

    byte[] body() {
        return body;
    }

    String header(String name) {
        return headers.get(name);
    }

    WireResponse withHeader(String name, String value) {
        if (isReset()) {
            return this;
        }
        headers.put(name, value);
        return this;
    }

    void write(OutputStream out, boolean keepAlive) throws IOException {
        StringBuilder head = new StringBuilder(256);
        head.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        for (Map.Entry<String, String> h : headers.entrySet()) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        head.append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)))
                .append("\r\n");
        head.append("Content-Length: ").append(body.length).append("\r\n");
        head.append("Connection: ").append(keepAlive ? "keep-alive" : "close").append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 413 -> "Payload Too Large";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status " + status;
        };
    }
}
