package io.trailkeeper.detect.alert;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;

/**
 * POSTs each alert as JSON ({@link Alert#toJson()}: a Slack-compatible {@code text} field plus every field of
 * the alert) to a URL. A 2xx answer means delivered. A 429, a 5xx, a timeout or a broken connection is retried
 * with exponential backoff (a 429's Retry-After is honoured, up to the longest wait) for
 * {@link Options#attempts()} attempts, then reported as retryable; any other answer is a refusal, reported at
 * once and not retryable.
 *
 * <p>The URL is never shown (Slack and others put the secret in it): {@link #name()} and messages name the host.
 */
public final class WebhookSink implements AlertSink {
    private final URI url;
    private final Options options;
    private final HttpClient http;

    /**
     * @param timeout     for connecting, and for the whole answer of each attempt
     * @param attempts    at least 1
     * @param firstRetry  wait before the second attempt; doubled before each further one
     * @param longestWait no wait is longer
     */
    public record Options(Duration timeout, int attempts, Duration firstRetry, Duration longestWait) {
        public Options {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1");
            }
        }

        public static Options defaults() {
            return new Options(Duration.ofSeconds(10), 4, Duration.ofMillis(500), Duration.ofSeconds(30));
        }
    }

    public WebhookSink(URI url, Options options) {
        String scheme = url.getScheme();
        if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme) || url.getHost() == null) {
            throw new IllegalArgumentException("a webhook is an http:// or https:// URL with a host");
        }
        this.url = url;
        this.options = Objects.requireNonNull(options, "options");
        this.http = HttpClient.newBuilder().connectTimeout(options.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String name() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.toString().getBytes(StandardCharsets.UTF_8));
            return "webhook:" + url.getHost() + "#" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public void send(Alert alert) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(options.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "trailkeeper")
                .POST(HttpRequest.BodyPublishers.ofString(alert.toMessageJson(), StandardCharsets.UTF_8)).build();
        Duration wait = options.firstRetry();
        String last = null;
        for (int attempt = 1; attempt <= options.attempts(); attempt++) {
            Duration next = wait;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return;
                }
                last = "HTTP " + status + snippet(response.body());
                if (status != 429 && status < 500) {
                    throw new AlertDeliveryException("the webhook at " + url.getHost() + " refused the alert: " + last
                            + "; check the webhook URL and that it accepts a JSON body with a text field", false);
                }
                next = retryAfter(response).orElse(wait);
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AlertDeliveryException("interrupted while sending to the webhook at " + url.getHost(), true, e);
            }
            if (attempt < options.attempts()) {
                pause(min(next, options.longestWait()));
                wait = min(wait.multipliedBy(2), options.longestWait());
            }
        }
        throw new AlertDeliveryException("the webhook at " + url.getHost() + " is unavailable after "
                + options.attempts() + " attempts: " + last, true);
    }

    private static java.util.Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return java.util.Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v.trim()))));
            } catch (NumberFormatException e) {
                // an HTTP date: keep our own backoff rather than trust the two clocks to agree
                return java.util.Optional.empty();
            }
        });
    }

    private static String snippet(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String one = body.strip().replaceAll("\\s+", " ");
        return " (" + (one.length() > 200 ? one.substring(0, 200) + "..." : one) + ")";
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AlertDeliveryException("interrupted while waiting to retry the webhook at " + url.getHost(),
                    true, e);
        }
    }
}
