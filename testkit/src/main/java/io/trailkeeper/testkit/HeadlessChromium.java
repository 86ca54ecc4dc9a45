package io.trailkeeper.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A headless Chromium for tests that must see a page as a browser does (the incident report's charts, and that
 * no injected script runs). It starts Debian's {@code /usr/bin/chromium} (or {@code $CHROMIUM}) with a new
 * profile in a temporary directory and no network chatter of its own, attaches to its page over the DevTools
 * protocol on 127.0.0.1, and records what the page does: the network requests it made (other than file:,
 * data: and about:), console messages (CSP violations among them) and uncaught exceptions. {@link #close()}
 * kills the browser and deletes the directory. Not thread-safe: one test drives one browser.
 *
 * <p>Without Chromium it fails, saying how to install it: a browser test must never pass by skipping.
 */
public final class HeadlessChromium implements AutoCloseable {
    private static final Duration TIMEOUT = DevToolsSession.TIMEOUT;

    private final Process process;
    private final Path directory;
    private final Thread reaper;
    private final DevToolsSession session;

    private HeadlessChromium(Process process, Path directory, Thread reaper, DevToolsSession session) {
        this.process = process;
        this.directory = directory;
        this.reaper = reaper;
        this.session = session;
    }

    /**
     * Starts {@code $CHROMIUM}, or {@code /usr/bin/chromium} when it is not set, with an empty page; fails with
     * the reason (and how to install Chromium) if it cannot.
     */
    public static HeadlessChromium start() {
        String configured = System.getenv("CHROMIUM");
        return start(Path.of(configured == null || configured.isBlank() ? "/usr/bin/chromium" : configured));
    }

    /** Starts the given Chromium or Chrome binary with an empty page. */
    public static HeadlessChromium start(Path binary) {
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("Chromium is needed for this browser test but " + binary + " is not an"
                    + " executable: install Debian's package with `apt-get install chromium`, or set $CHROMIUM to"
                    + " a Chromium or Chrome binary");
        }
        Path directory = null;
        Process process = null;
        Thread reaper = null;
        try {
            directory = Files.createTempDirectory("trailkeeper-chromium-");
            Path profile = Files.createDirectory(directory.resolve("profile"));
            Path log = directory.resolve("chromium.log");
            ProcessBuilder builder = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-extensions",
                    "--disable-dev-shm-usage", "--no-proxy-server", "--hide-scrollbars", "--mute-audio",
                    "--window-size=1280,900", "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank")
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            // its other temporary files (a singleton socket, shared memory) go where close() deletes them
            builder.environment().put("TMPDIR", Files.createDirectory(directory.resolve("tmp")).toString());
            process = builder.start();
            Process started = process;
            Path dir = directory;
            reaper = new Thread(() -> kill(started, dir), "chromium-reaper");
            Runtime.getRuntime().addShutdownHook(reaper);
            int port = port(process, profile.resolve("DevToolsActivePort"), log);
            return new HeadlessChromium(process, directory, reaper, new DevToolsSession(pageSocket(port)));
        } catch (IOException | RuntimeException e) {
            if (reaper != null) {
                Runtime.getRuntime().removeShutdownHook(reaper);
            }
            kill(process, directory);
            throw e instanceof IOException io ? new UncheckedIOException("cannot start " + binary, io)
                    : (RuntimeException) e;
        }
    }

    /** Opens a local file and waits for its load event. */
    public void open(Path file) {
        open(file.toAbsolutePath().toUri().toString());
    }

    /** Opens a URL and waits for its load event; fails when the navigation fails (a missing file, say). */
    public void open(String url) {
        ObjectNode params = DevToolsSession.params().put("url", url);
        JsonNode result = session.call("Page.navigate", params);
        if (result.hasNonNull("errorText")) {
            throw new IllegalStateException("Chromium could not open " + url + ": " + result.get("errorText").asText());
        }
        if (result.hasNonNull("loaderId")) {
            DevToolsSession.await(session.load(result.get("loaderId").asText()), "the load event of " + url);
        } else {
            waitUntil("document.readyState === 'complete'"); // a navigation within the same document
        }
    }

    /**
     * Evaluates a JavaScript expression in the page (promises are awaited) and returns its value as JSON: a
     * missing node for {@code undefined}, a null node for {@code null}. An exception thrown by the expression
     * fails with its description.
     */
    public JsonNode evaluate(String js) {
        ObjectNode params = DevToolsSession.params().put("expression", js).put("returnByValue", true)
                .put("awaitPromise", true);
        JsonNode result = session.call("Runtime.evaluate", params);
        if (result.has("exceptionDetails")) {
            JsonNode d = result.get("exceptionDetails");
            throw new IllegalStateException("the page threw on `" + js + "`: "
                    + d.path("exception").path("description").asText(d.path("text").asText()));
        }
        return result.path("result").path("value");
    }

    /** Waits until the expression is truthy in the page (polling every 50 ms), or fails after a minute. */
    public void waitUntil(String js) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!evaluate("!!(" + js + ")").asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting until " + js);
            }
            sleep(50);
        }
    }

    /** Saves a PNG of the whole page (beyond the 1280 x 900 window) to {@code png}. */
    public void screenshot(Path png) {
        JsonNode size = session.call("Page.getLayoutMetrics", DevToolsSession.params()).path("cssContentSize");
        ObjectNode clip = DevToolsSession.params().put("x", 0).put("y", 0).put("scale", 1)
                .put("width", Math.max(1, size.path("width").asDouble()))
                .put("height", Math.max(1, size.path("height").asDouble()));
        ObjectNode params = DevToolsSession.params().put("format", "png").put("captureBeyondViewport", true);
        params.set("clip", clip);
        String data = session.call("Page.captureScreenshot", params).path("data").asText();
        byte[] image = Base64.getDecoder().decode(data);
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            Files.write(png, image);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the screenshot " + png, e);
        }
    }

    /** URLs of the requests the page made, other than file:, data: and about: (in order). */
    public List<String> networkRequests() {
        return session.requests();
    }

    /** Console messages and browser log entries (CSP violations among them), as "level: text". */
    public List<String> consoleMessages() {
        return session.console();
    }

    /** Uncaught exceptions in the page's scripts, with their descriptions. */
    public List<String> exceptions() {
        return session.exceptions();
    }

    /** Kills the browser (and its helper processes) and deletes its temporary directory. */
    @Override
    public void close() {
        session.close();
        kill(process, directory);
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or ran: nothing left to undo
        }
    }

    /** Reads the port Chromium chose from {@code DevToolsActivePort} ("port\npath"), written once it listens. */
    private static int port(Process process, Path activePort, Path log) throws IOException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(activePort)) {
                List<String> lines = Files.readAllLines(activePort, StandardCharsets.UTF_8);
                if (lines.size() >= 2 && lines.get(0).matches("\\d+")) {
                    return Integer.parseInt(lines.get(0));
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("Chromium exited with code " + process.exitValue()
                        + " before it listened for DevTools; its output:\n" + Files.readString(log));
            }
            sleep(50);
        }
        throw new IllegalStateException("Chromium did not write " + activePort + " within " + TIMEOUT
                + "; its output:\n" + Files.readString(log));
    }

    /** The WebSocket URL of the browser's page target, from its HTTP endpoint on 127.0.0.1. */
    private static String pageSocket(int port) throws IOException {
        HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).connectTimeout(TIMEOUT).build();
        URI list = URI.create("http://127.0.0.1:" + port + "/json/list");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                String body = http.send(HttpRequest.newBuilder(list).timeout(TIMEOUT).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                for (JsonNode target : DevToolsSession.JSON.readTree(body)) {
                    if (target.path("type").asText().equals("page") && target.hasNonNull("webSocketDebuggerUrl")) {
                        return target.get("webSocketDebuggerUrl").asText();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while asking Chromium for its page", e);
            }
            sleep(50);
        }
        throw new IllegalStateException("Chromium on 127.0.0.1:" + port + " listed no page target within " + TIMEOUT);
    }

    /** Ends the browser and its helpers (politely, then by force) and deletes the directory. */
    private static void kill(Process process, Path directory) {
        if (process != null) {
            List<ProcessHandle> all = new ArrayList<>(process.toHandle().descendants().toList());
            all.add(process.toHandle());
            all.forEach(ProcessHandle::destroy);
            for (ProcessHandle h : all) {
                try {
                    h.onExit().get(5, TimeUnit.SECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    h.destroyForcibly();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    h.destroyForcibly();
                }
            }
        }
        if (directory != null) {
            delete(directory);
        }
    }

    private static void delete(Path directory) {
        for (int attempt = 0; Files.exists(directory); attempt++) {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                if (attempt == 20) { // a helper process still writing after a second
                    throw new UncheckedIOException("cannot delete Chromium's temporary directory " + directory, e);
                }
                sleep(50);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
