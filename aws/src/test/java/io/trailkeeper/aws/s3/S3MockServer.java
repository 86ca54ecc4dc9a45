package io.trailkeeper.aws.s3;

import com.adobe.testing.s3mock.S3MockApplication;
import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.aws.AwsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.catalina.connector.Connector;

/**
 * One Adobe S3Mock per test JVM, started on first use and stopped when the JVM exits: it takes about 3 s and
 * 300 MB to start, too much to pay per test class. Plain HTTP on 127.0.0.1 at a free port; its files live in
 * a temporary folder that goes with it. Test classes share it, so each uses buckets of its own.
 */
public final class S3MockServer {
    /** Tomcat logs its start and stop through java.util.logging; held here so the level is not collected. */
    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

    private static S3MockServer instance;

    private final S3MockApplication application;
    private final URI endpoint;

    private S3MockServer(S3MockApplication application, URI endpoint) {
        this.application = application;
        this.endpoint = endpoint;
    }

    /** The running server, started on the first call. */
    public static synchronized S3MockServer get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static S3MockServer start() {
        // Spring Boot would otherwise try to drive Logback, which is not the logger on our class path
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        TOMCAT_LOG.setLevel(Level.WARNING);
        int port = freePort();
        Path root;
        try {
            root = Files.createTempDirectory("s3mock");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> properties = new HashMap<>(); // S3Mock adds to the map it is given
        properties.put("server.ssl.enabled", "false");
        properties.put("server.address", "127.0.0.1");
        properties.put("server.port", port);
        properties.put("http.port", 0); // a second plain connector S3Mock insists on; closed below
        properties.put("com.adobe.testing.s3mock.store.root", root.toString());
        properties.put("com.adobe.testing.s3mock.store.retainFilesOnExit", "false");
        properties.put("silent", "true");
        // Spring Boot shuts down gracefully by default, waiting up to 30 s for requests still in flight (a body a
        // test stopped reading): at the JVM's exit that hit Surefire's 30 s limit and it killed the fork
        properties.put("server.shutdown", "immediate");
        S3MockApplication app = S3MockApplication.start(properties);
        closeSecondConnector(app);
        S3MockServer server = new S3MockServer(app, URI.create("http://127.0.0.1:" + port));
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "s3mock-stop"));
        return server;
    }

    /**
     * S3Mock always adds a second plain-HTTP connector, and it listens on every interface: tests must reach
     * nothing but 127.0.0.1, so it is removed. S3Mock offers no setting for it, hence the reflection; should a
     * later version rename the field, the connector stays open and the tests still pass.
     */
    private static void closeSecondConnector(S3MockApplication app) {
        try {
            Field field = S3MockApplication.class.getDeclaredField("httpConnector");
            field.setAccessible(true);
            if (field.get(app) instanceof Connector connector && connector.getService() != null) {
                connector.getService().removeConnector(connector);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // the connector stays; see above
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Clients for this server, as the command line would build them with {@code --endpoint-url}. */
    public AwsClients clients() {
        return new AwsClients(AwsOptions.defaults().withRegion("us-east-1").withServiceEndpoint("s3", endpoint));
    }

    S3MockApplication application() {
        return application;
    }
}
