package io.trailkeeper.emulator;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP/1.1 server on a plain {@link ServerSocket}, bound to 127.0.0.1 only: persistent connections,
 * Content-Length and chunked request bodies, one thread per connection.
 *
 * <p>It exists instead of {@code com.sun.net.httpserver} because the emulator must be able to drop a request
 * without answering, with a TCP reset (linger 0 and close), the way a network failure looks to a client; the
 * JDK server always answers or closes gracefully.
 */
final class WireServer implements AutoCloseable {
    /** How long an idle keep-alive connection is kept; clients (HttpURLConnection: 5 s) drop theirs sooner. */
    private static final int IDLE_TIMEOUT_MILLIS = 60_000;
    private static final AtomicInteger SERVERS = new AtomicInteger();

    /** Answers one request; {@link WireResponse#reset()} drops the connection instead. */
    interface Handler {
        WireResponse handle(WireRequest request) throws InterruptedException;
    }

    private final ServerSocket serverSocket;
    private final Handler handler;
    private final ExecutorService connections;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    WireServer(int port, Handler handler) throws IOException {
        this.handler = handler;
        this.serverSocket = new ServerSocket();
        serverSocket.setReuseAddress(true);
        serverSocket.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 200);
        int id = SERVERS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.connections = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "trailkeeper-emulator-" + id + "-connection-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::acceptLoop, "trailkeeper-emulator-" + id + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            open.add(socket);
            try {
                connections.execute(() -> serve(socket));
            } catch (RuntimeException rejected) {
                // closing: the executor no longer takes work
                closeQuietly(socket);
                open.remove(socket);
            }
        }
    }

    private void serve(Socket socket) {
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(IDLE_TIMEOUT_MILLIS);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
            while (!closed) {
                WireRequest request;
                try {
                    request = WireRequest.read(in, out);
                } catch (WireRequest.MalformedRequest e) {
                    WireResponse.of(400, "text/plain; charset=utf-8", e.getMessage() + "\n").write(out, false);
                    return;
                }
                if (request == null) {
                    return;
                }
                WireResponse response = handler.handle(request);
                if (response.isReset()) {
                    socket.setSoLinger(true, 0);
                    return;
                }
                boolean keepAlive = request.keepAlive() && !closed;
                response.write(out, keepAlive);
                if (!keepAlive) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SocketException e) {
            // the client went away, or close() closed the socket under us
        } catch (IOException e) {
            // a client that stopped mid-request or an idle timeout: nothing to answer
        } finally {
            closeQuietly(socket);
            open.remove(socket);
        }
    }

    /** Stops accepting, drops open connections and waits briefly for their threads. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(serverSocket);
        for (Socket s : open) {
            closeQuietly(s);
        }
        connections.shutdownNow();
        try {
            acceptor.join(2_000);
            connections.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing: nothing left to tell anyone
        }
    }
}
