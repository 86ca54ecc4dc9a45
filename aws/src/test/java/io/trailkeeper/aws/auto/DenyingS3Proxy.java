package io.trailkeeper.aws.auto;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * S3 at the wire with the refusals S3Mock cannot make: a plain HTTP proxy on 127.0.0.1 in front of S3Mock
 * (path-style, as the clients address an S3 endpoint) that answers GetObject of chosen keys with S3's 403
 * AccessDenied, with the message S3 gives (a bucket policy of another account, or kms:Decrypt refused on the
 * key of SSE-KMS files), or cuts chosen objects short: their whole Content-Length announced, the connection closed
 * part-way through the body, as a connection dropped by a proxy or a load balancer is seen by the client (no error,
 * the body just ends), or serves chosen gzip objects decoded, as a server or proxy that undoes a stored
 * {@code Content-Encoding: gzip} for a client that did not send {@code Accept-Encoding: gzip} does (Google Cloud
 * Storage's decompressive transcoding, a gunzipping proxy), or answers chosen requests 503 SlowDown a number of
 * times first, or answers requests with chosen headers 501 NotImplemented. Everything else is passed on as it came; with a second target, requests signed for
 * any other service go there (the emulator), so that one {@code --endpoint-url} serves a whole command.
 */
public final class DenyingS3Proxy implements AutoCloseable {
    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect",
            "upgrade", "transfer-encoding");

    private final HttpServer server;
    private final URI target;
    private final URI others;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** Key part (matched as a substring of the path) to S3's message. */
    private final Map<String, String> deniedObjects = new ConcurrentHashMap<>();
    private final Set<String> deniedBuckets = ConcurrentHashMap.newKeySet();
    /** Key parts (matched as substrings of the path) whose writes answer AccessDenied. */
    private final Set<String> deniedWrites = ConcurrentHashMap.newKeySet();
    private final Set<String> requesterPays = ConcurrentHashMap.newKeySet();
    /** Key part (matched as a substring of the path) to the bytes of the body sent before the connection is cut. */
    private final Map<String, Integer> cutObjects = new ConcurrentHashMap<>();
    /** Key part of {@link #cutObjects} to the cuts it still gets; absent: cut every time. */
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> cutsLeft = new ConcurrentHashMap<>();
    private final Set<String> decodedObjects = ConcurrentHashMap.newKeySet();
    /** Part of a request's path and decoded query to the SlowDown answers it still gets. */
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> slowDowns = new ConcurrentHashMap<>();
    /** Bucket to the region it is in: requests signed for another region answer 301 PermanentRedirect. */
    private final Map<String, String> bucketRegions = new ConcurrentHashMap<>();
    /** Part of a request's path and decoded query to the 200 answers with an error body it still gets. */
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> errorsIn200 = new ConcurrentHashMap<>();
    /** Request headers (lower case) answered 501 NotImplemented, and how many requests were. */
    private final Set<String> refusedHeaders = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger();

    public DenyingS3Proxy(URI target) {
        this(target, target);
    }

    /** S3 requests (signed for the service "s3") to {@code s3}, all others to {@code others}. */
    public DenyingS3Proxy(URI s3, URI others) {
        this.target = s3;
        this.others = others;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** Every request for the bucket {@code name} (listings too) answers AccessDenied. */
    public DenyingS3Proxy denyBucket(String name) {
        deniedBuckets.add(name);
        return this;
    }

    /**
     * The bucket {@code name} is Requester Pays: a request without {@code x-amz-request-payer: requester} answers
     * AccessDenied, as S3 answers an account other than the owner.
     */
    public DenyingS3Proxy requesterPays(String name) {
        requesterPays.add(name);
        return this;
    }

    /** GetObject of keys containing {@code part} answers AccessDenied with {@code message}. */
    public DenyingS3Proxy denyObjects(String part, String message) {
        deniedObjects.put(part, message);
        return this;
    }

    /**
     * GetObject of keys containing {@code part} announces the object's whole Content-Length, sends its first
     * {@code bytes} bytes and closes the connection.
     */
    public DenyingS3Proxy cutObjects(String part, int bytes) {
        cutObjects.put(part, bytes);
        return this;
    }

    /**
     * As {@link #cutObjects(String, int)} for the next {@code times} GetObject requests of keys containing
     * {@code part} only, then served whole: a connection dropped now and then, that a read again gets through.
     */
    public DenyingS3Proxy cutObjects(String part, int bytes, int times) {
        cutObjects.put(part, bytes);
        cutsLeft.put(part, new java.util.concurrent.atomic.AtomicInteger(times));
        return this;
    }

    /**
     * The next {@code times} requests whose path or decoded query (a listing's prefix) contains {@code part} answer
     * 503 SlowDown, as S3 does when asked too fast.
     */
    public DenyingS3Proxy slowDown(String part, int times) {
        slowDowns.put(part, new java.util.concurrent.atomic.AtomicInteger(times));
        return this;
    }

    /**
     * Requests carrying the header {@code name} answer 501 NotImplemented, as S3Proxy answers a header it does not
     * implement (ListObjectsV2's x-amz-optional-object-attributes among them).
     */
    public DenyingS3Proxy refuseHeader(String name) {
        refusedHeaders.add(name.toLowerCase(Locale.ROOT));
        return this;
    }

    /**
     * The bucket {@code name} is in {@code region}: a request signed for any other region answers 301
     * PermanentRedirect with {@code x-amz-bucket-region}, as S3 answers a client that asked the wrong region.
     */
    public DenyingS3Proxy bucketIn(String name, String region) {
        bucketRegions.put(name, region);
        return this;
    }

    /**
     * The next {@code times} requests whose path or decoded query contains {@code part} answer 200 with an error
     * document as the body, as S3 documents for a request that fails after the 200 was sent.
     */
    public DenyingS3Proxy errorIn200(String part, int times) {
        errorsIn200.put(part, new java.util.concurrent.atomic.AtomicInteger(times));
        return this;
    }

    /** How many requests {@link #refuseHeader} refused. */
    public int refusals() {
        return refusals.get();
    }

    /** GetObject of keys containing {@code part} answers the object gunzipped, without its Content-Encoding. */
    public DenyingS3Proxy decodeObjects(String part) {
        decodedObjects.add(part);
        return this;
    }

    /** S3's message when the object's SSE-KMS key may not be used by the caller. */
    public static String kmsDecryptDenied(String keyArn) {
        return "User: arn:aws:sts::123456789012:assumed-role/IR/responder is not authorized to perform:"
                + " kms:Decrypt on resource: " + keyArn + " because no resource-based policy allows the kms:Decrypt"
                + " action";
    }

    /**
     * Writes (PUT, and POST of a multipart upload) of keys whose path holds {@code part} answer AccessDenied, as S3
     * answers where a bucket policy denies s3:PutObject; reads of them are passed on.
     */
    public DenyingS3Proxy denyWrites(String part) {
        deniedWrites.add(part);
        return this;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null && !authorization.contains("/s3/aws4_request")) {
            forward(exchange, body, others, -1, false);
            return;
        }
        String path = exchange.getRequestURI().getRawPath();
        boolean objectRequest = path.indexOf('/', 1) > 0 && path.indexOf('/', 1) < path.length() - 1;
        String bucket = path.indexOf('/', 1) > 0 ? path.substring(1, path.indexOf('/', 1)) : path.substring(1);
        boolean agreedToPay = "requester".equals(exchange.getRequestHeaders().getFirst("x-amz-request-payer"));
        if (deniedBuckets.contains(bucket) || requesterPays.contains(bucket) && !agreedToPay) {
            answer(exchange, 403, Map.of("Content-Type", "application/xml"), ("<?xml version=\"1.0\""
                    + " encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message>"
                    + "<RequestId>DENYING0PROXY</RequestId></Error>").getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (exchange.getRequestHeaders().keySet().stream()
                .anyMatch(h -> refusedHeaders.contains(h.toLowerCase(Locale.ROOT)))) {
            refusals.incrementAndGet();
            answer(exchange, 501, Map.of("Content-Type", "application/xml"), ("<?xml version=\"1.0\""
                    + " encoding=\"UTF-8\"?>\n<Error><Code>NotImplemented</Code><Message>A header you provided implies"
                    + " functionality that is not implemented.</Message><RequestId>DENYING0PROXY</RequestId></Error>")
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        String region = bucketRegions.get(bucket);
        if (region != null && authorization != null && !authorization.contains("/" + region + "/s3/aws4_request")) {
            exchange.getResponseHeaders().add("x-amz-bucket-region", region);
            answer(exchange, 301, Map.of("Content-Type", "application/xml"), ("<?xml version=\"1.0\""
                    + " encoding=\"UTF-8\"?>\n<Error><Code>PermanentRedirect</Code><Message>The bucket you are"
                    + " attempting to access must be addressed using the specified endpoint. Please send all future"
                    + " requests to this endpoint.</Message><Endpoint>" + bucket + ".s3." + region + ".amazonaws.com"
                    + "</Endpoint><Bucket>" + bucket + "</Bucket><RequestId>DENYING0PROXY</RequestId></Error>")
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        String method = exchange.getRequestMethod();
        if (objectRequest && ("PUT".equals(method) || "POST".equals(method))
                && deniedWrites.stream().anyMatch(path::contains)) {
            answer(exchange, 403, Map.of("Content-Type", "application/xml"), ("<?xml version=\"1.0\""
                    + " encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message>"
                    + "<RequestId>DENYING0PROXY</RequestId></Error>").getBytes(StandardCharsets.UTF_8));
            return;
        }
        String asked = path + "?" + exchange.getRequestURI().getQuery();
        for (Map.Entry<String, java.util.concurrent.atomic.AtomicInteger> d : slowDowns.entrySet()) {
            if (asked.contains(d.getKey()) && d.getValue().getAndDecrement() > 0) {
                answer(exchange, 503, Map.of("Content-Type", "application/xml"), ("<?xml version=\"1.0\""
                        + " encoding=\"UTF-8\"?>\n<Error><Code>SlowDown</Code><Message>Please reduce your request"
                        + " rate.</Message><RequestId>DENYING0PROXY</RequestId></Error>").getBytes(StandardCharsets.UTF_8));
                return;
            }
        }
        for (Map.Entry<String, java.util.concurrent.atomic.AtomicInteger> d : errorsIn200.entrySet()) {
            if (asked.contains(d.getKey()) && d.getValue().getAndDecrement() > 0) {
                answer(exchange, 200, Map.of("Content-Type", "application/xml"), ("<?xml version=\"1.0\""
                        + " encoding=\"UTF-8\"?>\n<Error><Code>InternalError</Code><Message>We encountered an internal"
                        + " error. Please try again.</Message><RequestId>DENYING0PROXY</RequestId></Error>")
                        .getBytes(StandardCharsets.UTF_8));
                return;
            }
        }
        if ("GET".equals(exchange.getRequestMethod()) && objectRequest) {
            for (Map.Entry<String, String> d : deniedObjects.entrySet()) {
                if (path.contains(d.getKey())) {
                    answer(exchange, 403, Map.of("Content-Type", "application/xml"), ("<?xml version=\"1.0\""
                            + " encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code><Message>" + d.getValue()
                            + "</Message><RequestId>DENYING0PROXY</RequestId></Error>")
                            .getBytes(StandardCharsets.UTF_8));
                    return;
                }
            }
        }
        boolean get = "GET".equals(exchange.getRequestMethod()) && objectRequest;
        boolean decode = get && decodedObjects.stream().anyMatch(path::contains);
        forward(exchange, body, target, cutAt(exchange.getRequestMethod(), objectRequest, path), decode);
    }

    /** Where the object's body is cut, or -1 when it is sent whole. */
    private int cutAt(String method, boolean objectRequest, String path) {
        if ("GET".equals(method) && objectRequest) {
            for (Map.Entry<String, Integer> c : cutObjects.entrySet()) {
                java.util.concurrent.atomic.AtomicInteger left = cutsLeft.get(c.getKey());
                if (path.contains(c.getKey()) && (left == null || left.getAndDecrement() > 0)) {
                    return c.getValue();
                }
            }
        }
        return -1;
    }

    private void forward(HttpExchange exchange, byte[] body, URI to, int cut, boolean decode) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(to + exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> b.header(name, v));
            }
        });
        HttpResponse<byte[]> r;
        try {
            r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        boolean decoded = decode && r.statusCode() == 200;
        byte[] answer = decoded ? gunzip(r.body()) : r.body();
        r.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!NOT_FORWARDED.contains(lower) && !name.startsWith(":")
                    && !(decoded && lower.equals("content-encoding"))) {
                values.forEach(v -> exchange.getResponseHeaders().add(name, v));
            }
        });
        boolean noBody = "HEAD".equals(exchange.getRequestMethod()) || answer.length == 0;
        exchange.sendResponseHeaders(r.statusCode(), noBody ? -1 : answer.length);
        OutputStream o = exchange.getResponseBody();
        if (cut >= 0 && r.statusCode() == 200 && cut < answer.length) {
            o.write(answer, 0, cut);
            o.flush();
            exchange.close(); // fewer bytes than announced: the server drops the connection
            return;
        }
        try (o) {
            if (!noBody) {
                o.write(answer);
            }
        }
    }

    private static byte[] gunzip(byte[] gzip) throws IOException {
        try (InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        }
    }

    private static void answer(HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
            throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream o = exchange.getResponseBody()) {
            o.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
