package io.trailkeeper.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One DevTools protocol connection to a page target, for {@link HeadlessChromium}: sends commands and waits
 * for their answers, and records the page's events as they arrive (load events by navigation, network
 * requests other than file:, data: and about:, console and log entries, uncaught exceptions).
 */
final class DevToolsSession {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    /** Load events by the navigation (loader) they end, which may come before Page.navigate's answer. */
    private final Map<String, CompletableFuture<Void>> loads = new ConcurrentHashMap<>();
    private final List<String> requests = new ArrayList<>();
    private final List<String> console = new ArrayList<>();
    private final List<String> exceptions = new ArrayList<>();

    /** Connects to the page's WebSocket (on 127.0.0.1) and enables the events it records. */
    DevToolsSession(String pageSocket) {
        socket = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build().newWebSocketBuilder()
                .connectTimeout(TIMEOUT).buildAsync(URI.create(pageSocket), new Listener()).join();
        for (String domain : List.of("Page", "Runtime", "Network", "Log")) {
            call(domain + ".enable", params());
        }
        call("Page.setLifecycleEventsEnabled", params().put("enabled", true));
    }

    static ObjectNode params() {
        return JSON.createObjectNode();
    }

    /** Sends a command and returns its result; a protocol error or a minute's silence fails. */
    JsonNode call(String method, ObjectNode params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        synchronized (socket) {
            socket.sendText(message.toString(), true).join();
        }
        JsonNode reply = await(answer, method);
        if (reply.has("error")) {
            throw new IllegalStateException("Chromium refused " + method + ": " + reply.get("error"));
        }
        return reply.path("result");
    }

    /** Completes when the navigation {@code loaderId} has fired its load event. */
    CompletableFuture<Void> load(String loaderId) {
        return loads.computeIfAbsent(loaderId, id -> new CompletableFuture<>());
    }

    List<String> requests() {
        return copy(requests);
    }

    List<String> console() {
        return copy(console);
    }

    List<String> exceptions() {
        return copy(exceptions);
    }

    void close() {
        socket.abort();
    }

    static <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Chromium did not answer " + what + " within " + TIMEOUT, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the DevTools connection failed waiting for " + what, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + what, e);
        }
    }

    private void dispatch(JsonNode m) {
        if (m.has("id")) {
            CompletableFuture<JsonNode> answer = pending.remove(m.get("id").asInt());
            if (answer != null) {
                answer.complete(m);
            }
            return;
        }
        JsonNode p = m.path("params");
        switch (m.path("method").asText()) {
            case "Page.lifecycleEvent" -> {
                if (p.path("name").asText().equals("load")) {
                    load(p.path("loaderId").asText()).complete(null);
                }
            }
            case "Network.requestWillBeSent" -> {
                String url = p.path("request").path("url").asText();
                if (!url.startsWith("file:") && !url.startsWith("data:") && !url.startsWith("about:")) {
                    add(requests, url);
                }
            }
            case "Runtime.consoleAPICalled" -> {
                List<String> args = new ArrayList<>();
                p.path("args").forEach(a -> args.add(a.has("value") ? a.get("value").asText()
                        : a.path("description").asText(a.path("type").asText())));
                add(console, p.path("type").asText() + ": " + String.join(" ", args));
            }
            case "Log.entryAdded" -> add(console, p.path("entry").path("level").asText() + ": "
                    + p.path("entry").path("text").asText());
            case "Runtime.exceptionThrown" -> {
                JsonNode d = p.path("exceptionDetails");
                add(exceptions, d.path("exception").path("description").asText(d.path("text").asText()));
            }
            default -> {
            }
        }
    }

    private static void add(List<String> list, String entry) {
        synchronized (list) {
            list.add(entry);
        }
    }

    private static List<String> copy(List<String> list) {
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    /** Collects a message's fragments and hands whole messages to {@link #dispatch}. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    dispatch(JSON.readTree(text.toString()));
                } catch (IOException e) {
                    pending.values().forEach(f -> f.completeExceptionally(e));
                } finally {
                    text.setLength(0);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            pending.values().forEach(f -> f.completeExceptionally(error));
            loads.values().forEach(f -> f.completeExceptionally(error));
        }
    }
}
