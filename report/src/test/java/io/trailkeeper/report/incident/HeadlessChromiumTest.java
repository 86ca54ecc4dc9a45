package io.trailkeeper.report.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.testkit.HeadlessChromium;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The browser harness the report's tests trust: it sees requests, console messages and exceptions (so an
 * empty list means none happened), and it leaves no browser process behind.
 */
class HeadlessChromiumTest {
    @Test
    void recordsWhatAPageDoesAndCleansUp() throws IOException {
        Path page = Path.of("target", "incident-browser", "harness.html").toAbsolutePath();
        Files.createDirectories(page.getParent());
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort(); // closed again: nothing listens there, the request fails on this host
        }
        Files.writeString(page, "<!DOCTYPE html><title>harness</title><p id=p>text</p><script>"
                + "console.log('hello', 42); fetch('http://127.0.0.1:" + port + "/beacon').catch(() => {});"
                + "setTimeout(() => { throw new Error('boom'); }, 0);</script>");
        List<ProcessHandle> browsers;
        Path directory;
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            chromium.open(page);
            assertEquals("text", chromium.evaluate("document.getElementById('p').textContent").asText());
            assertEquals(42, chromium.evaluate("Promise.resolve(40 + 2)").asInt());
            assertTrue(chromium.evaluate("undefined").isMissingNode());
            assertEquals(2, chromium.evaluate("({a: [1, 2]})").path("a").size());
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> chromium.evaluate("null.x"));
            assertTrue(thrown.getMessage().contains("TypeError"), thrown.getMessage());
            chromium.waitUntil("document.readyState === 'complete'");
            chromium.evaluate("new Promise(done => setTimeout(done, 200))");
            assertEquals(List.of("http://127.0.0.1:" + port + "/beacon"), chromium.networkRequests());
            assertTrue(chromium.consoleMessages().contains("log: hello 42"), chromium.consoleMessages().toString());
            assertEquals(1, chromium.exceptions().size(), chromium.exceptions().toString());
            assertTrue(chromium.exceptions().get(0).contains("boom"), chromium.exceptions().toString());
            browsers = profileProcesses();
            assertFalse(browsers.isEmpty(), "the browser runs with a profile of its own");
            Matcher m = Pattern.compile("--user-data-dir=(\\S+)").matcher(browsers.get(0).info().commandLine()
                    .orElseThrow());
            assertTrue(m.find());
            directory = Path.of(m.group(1)).getParent();
            assertTrue(Files.isDirectory(directory), directory.toString());
        }
        for (ProcessHandle p : browsers) {
            assertFalse(p.isAlive(), "close() ended " + p.pid());
        }
        assertFalse(Files.exists(directory), "close() deleted " + directory);
    }

    @Test
    void withoutChromiumItSaysHowToInstallIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> HeadlessChromium.start(Path.of("/nonexistent/chromium")));
        assertTrue(e.getMessage().contains("/nonexistent/chromium")
                && e.getMessage().contains("apt-get install chromium"), e.getMessage());
    }

    /** This JVM's browser processes, found by the temporary profile directory on their command lines. */
    private static List<ProcessHandle> profileProcesses() {
        return ProcessHandle.current().descendants().filter(p -> p.info().commandLine().orElse("")
                .contains("trailkeeper-chromium-")).toList();
    }
}
