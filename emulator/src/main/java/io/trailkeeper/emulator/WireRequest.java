package io.trailkeeper.emulator;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request as the emulator needs it: method, path, query string, headers (names in lower
 * case) and the whole body. Bodies come with Content-Length or chunked; {@code Expect: 100-continue} is
 * answered before the body is read, as a client that sends it waits for that answer.
 */
final class WireRequest {
    /** AWS API requests are small; anything much larger is a mistake or an attack on the test. */
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    private static final int MAX_LINE_BYTES = 16 * 1024;
    private static final int MAX_HEADERS = 200;

    private final String method;
    private final String path;
    private final String query;
    private final String version;
    private final Map<String, String> headers;
    private final byte[] body;

    WireRequest(String method, String path, String query, String version, Map<String, String> headers,
                byte[] body) {
        this.method = method;
        this.path = path;
        this.query = query;
        this.version = version;
        this.headers = headers;
        this.body = body;
    }

    String method() {
        return method;
    }

    String path() {
        return path;
    }

    /** The raw query string without '?', or empty. */
    String query() {
        return query;
    }

    /** The header's value (several occurrences joined with ","), or null. */
    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    byte[] body() {
        return body;
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Whether the connection may carry another request after this one. */
    boolean keepAlive() {
        String connection = header("connection");
        if ("HTTP/1.0".equals(version)) {
            return connection != null && connection.toLowerCase(Locale.ROOT).contains("keep-alive");
        }
        return connection == null || !connection.toLowerCase(Locale.ROOT).contains("close");
    }

    /**
     * Reads the next request from a connection, or returns null at a clean end of stream (the client
     * closed an idle keep-alive connection).
     *
     * @throws MalformedRequest for requests that are not HTTP as this server speaks it
     */
    static WireRequest read(InputStream in, OutputStream out) throws IOException {
        String requestLine = readLine(in, true);
        if (requestLine == null) {
            return null;
        }
        while (requestLine.isEmpty()) {
            // RFC 9112 2.2: a server should ignore empty lines received before the request line
            requestLine = readLine(in, true);
            if (requestLine == null) {
                return null;
            }
        }
        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            throw new MalformedRequest("not an HTTP/1.x request line: " + abbreviate(requestLine));
        }
        Map<String, String> headers = readHeaders(in);
        String target = parts[1];
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? "" : target.substring(q + 1);
        if ("100-continue".equalsIgnoreCase(headers.get("expect"))) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        byte[] body = readBody(in, headers);
        return new WireRequest(parts[0], path, query, parts[2], headers, body);
    }

    private static Map<String, String> readHeaders(InputStream in) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int n = 0; ; n++) {
            String line = readLine(in, false);
            if (line.isEmpty()) {
                return headers;
            }
            if (n >= MAX_HEADERS) {
                throw new MalformedRequest("more than " + MAX_HEADERS + " header lines");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MalformedRequest("a header line without a name: " + abbreviate(line));
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            headers.merge(name, value, (a, b) -> a + "," + b);
        }
    }

    private static byte[] readBody(InputStream in, Map<String, String> headers) throws IOException {
        String transferEncoding = headers.get("transfer-encoding");
        if (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            return readChunked(in);
        }
        String length = headers.get("content-length");
        if (length == null) {
            return new byte[0];
        }
        long n;
        try {
            n = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            throw new MalformedRequest("Content-Length is not a number: " + abbreviate(length));
        }
        if (n < 0 || n > MAX_BODY_BYTES) {
            throw new MalformedRequest("Content-Length " + n + " is outside 0.." + MAX_BODY_BYTES);
        }
        byte[] body = in.readNBytes((int) n);
        if (body.length != n) {
            throw new EOFException("the request body ended before its Content-Length");
        }
        return body;
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in, false);
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
            int size;
            try {
                size = Integer.parseInt(hex, 16);
            } catch (NumberFormatException e) {
                throw new MalformedRequest("a chunk size that is not hexadecimal: " + abbreviate(sizeLine));
            }
            if (size < 0 || body.size() + (long) size > MAX_BODY_BYTES) {
                throw new MalformedRequest("a chunked body larger than " + MAX_BODY_BYTES + " bytes");
            }
            if (size == 0) {
                // trailer fields, then the empty line
                while (!readLine(in, false).isEmpty()) {
                    continue;
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length != size) {
                throw new EOFException("the request body ended inside a chunk");
            }
            body.write(chunk);
            if (!readLine(in, false).isEmpty()) {
                throw new MalformedRequest("a chunk not followed by CRLF");
            }
        }
    }

    /** A line without its CRLF (a bare LF is accepted); null at end of stream only when allowed. */
    private static String readLine(InputStream in, boolean endAllowed) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (endAllowed && line.size() == 0) {
                    return null;
                }
                throw new EOFException("the connection ended inside a request");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_LINE_BYTES) {
                throw new MalformedRequest("a request or header line longer than " + MAX_LINE_BYTES + " bytes");
            }
            line.write(b);
        }
    }

    /** Decodes {@code a=1&b=x%20y} (form bodies and query strings); later duplicates win. */
    static Map<String, String> formParameters(String encoded) {
        Map<String, String> params = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return params;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    /** A request this server cannot read; the connection is answered 400 and closed. */
    static final class MalformedRequest extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedRequest(String message) {
            super(message);
        }
    }
}
