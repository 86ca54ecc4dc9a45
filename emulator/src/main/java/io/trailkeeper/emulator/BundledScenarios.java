package io.trailkeeper.emulator;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The scenario folders shipped as resources under {@code io/trailkeeper/emulator/scenarios/}, read where they
 * are: from the classes folder in a build, or from inside the jar.
 */
final class BundledScenarios {
    static final List<String> NAMES = List.of("audit-good", "audit-no-trail", "audit-weak", "demo-breach");
    private static final String ROOT = "/io/trailkeeper/emulator/scenarios/";

    private BundledScenarios() {
    }

    static synchronized Scenario load(String name) {
        URL url = NAMES.contains(name) ? BundledScenarios.class.getResource(ROOT + name + "/" + ScenarioFile.FILE_NAME)
                : null;
        if (url == null) {
            throw new TrailKeeperException(ErrorCode.USAGE, "there is no bundled scenario named '" + name + "'",
                    "choose one of " + String.join(", ", NAMES));
        }
        try {
            URI uri = url.toURI();
            if ("file".equals(uri.getScheme())) {
                return Scenario.load(Path.of(uri).getParent());
            }
            try (FileSystem jar = openJar(uri)) {
                return Scenario.load(jar.getPath(ROOT + name));
            }
        } catch (URISyntaxException | IOException e) {
            throw new TrailKeeperException(ErrorCode.INTERNAL, "the bundled scenario '" + name + "' could not be read"
                    + " from " + url + ": " + e.getMessage(), null, e);
        }
    }

    /** A file system of its own over the jar, closed after the load (another one already open is not ours to use). */
    private static FileSystem openJar(URI resource) throws IOException {
        String spec = resource.toString();
        URI jar = URI.create(spec.substring(0, spec.indexOf("!/")));
        try {
            return FileSystems.newFileSystem(jar, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
            // someone else holds the jar's file system open: read through a private one over the same file
            return FileSystems.newFileSystem(Path.of(URI.create(jar.getSchemeSpecificPart())), (ClassLoader) null);
        }
    }
}
