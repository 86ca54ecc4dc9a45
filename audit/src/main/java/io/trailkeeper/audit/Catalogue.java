package io.trailkeeper.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trailkeeper.audit.checks.BucketPolicyProtectsLogsCheck;
import io.trailkeeper.audit.checks.BucketRetentionCheck;
import io.trailkeeper.audit.checks.ConsoleLoginWithoutMfaAlarmCheck;
import io.trailkeeper.audit.checks.DynamoDbLambdaDataEventsCheck;
import io.trailkeeper.audit.checks.EvidenceDestroyersCheck;
import io.trailkeeper.audit.checks.GlobalServiceEventsCheck;
import io.trailkeeper.audit.checks.InsightsCheck;
import io.trailkeeper.audit.checks.LogFileValidationCheck;
import io.trailkeeper.audit.checks.MultiRegionTrailCheck;
import io.trailkeeper.audit.checks.RetentionProtectedCheck;
import io.trailkeeper.audit.checks.RootUsageAlarmCheck;
import io.trailkeeper.audit.checks.S3DataEventsReadCheck;
import io.trailkeeper.audit.checks.S3DataEventsWriteCheck;
import io.trailkeeper.audit.checks.TrailBucketAccessLoggingCheck;
import io.trailkeeper.audit.checks.TrailBucketExcludedCheck;
import io.trailkeeper.audit.checks.TrailBucketNotPublicCheck;
import io.trailkeeper.audit.checks.TrailCloudWatchLogsCheck;
import io.trailkeeper.audit.checks.TrailDeliveryCheck;
import io.trailkeeper.audit.checks.TrailKmsEncryptionCheck;
import io.trailkeeper.audit.checks.TrailLoggingCheck;
import io.trailkeeper.audit.checks.TrailTamperingAlarmCheck;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Every audit check with its metadata. The metadata of check {@code id} is the resource
 * {@code io/trailkeeper/audit/checks/<id>.json}; loading fails at once, naming the file, when a check has no
 * metadata, a metadata file has no check, an id is used twice, or a file is not valid metadata.
 */
public final class Catalogue {
    static final String RESOURCE_FOLDER = "io/trailkeeper/audit/checks/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile Catalogue standard;

    private final List<Check> checks;
    private final Map<String, CheckMetadata> metadata;

    private Catalogue(List<Check> checks, Map<String, CheckMetadata> metadata) {
        this.checks = List.copyOf(checks);
        this.metadata = Map.copyOf(metadata);
    }

    /** The checks TrailKeeper ships, in the order of the issue that asked for them. */
    public static Catalogue standard() {
        Catalogue c = standard;
        if (c == null) {
            c = of(List.of(new TrailLoggingCheck(), new MultiRegionTrailCheck(), new GlobalServiceEventsCheck(),
                    new LogFileValidationCheck(), new TrailKmsEncryptionCheck(), new TrailDeliveryCheck(),
                    new BucketRetentionCheck(), new RetentionProtectedCheck(), new TrailBucketNotPublicCheck(),
                    new BucketPolicyProtectsLogsCheck(), new EvidenceDestroyersCheck(), new S3DataEventsReadCheck(),
                    new S3DataEventsWriteCheck(), new DynamoDbLambdaDataEventsCheck(), new TrailBucketExcludedCheck(),
                    new TrailBucketAccessLoggingCheck(), new TrailTamperingAlarmCheck(),
                    new ConsoleLoginWithoutMfaAlarmCheck(), new RootUsageAlarmCheck(), new InsightsCheck(),
                    new TrailCloudWatchLogsCheck()), metadataIds());
            standard = c;
        }
        return c;
    }

    /**
     * A catalogue of {@code checks}, whose metadata files must be exactly {@code metadataIds} (the ids of the
     * files found in the resource folder; null when the folder cannot be listed, as under a class loader that
     * does not say where its classes come from: then only missing metadata is caught, and CatalogueTest
     * catches the rest at build time).
     */
    static Catalogue of(List<Check> checks, List<String> metadataIds) {
        Map<String, CheckMetadata> metadata = new LinkedHashMap<>();
        for (Check check : checks) {
            String id = check.id();
            if (metadata.containsKey(id)) {
                throw new IllegalStateException("two checks share the id " + id);
            }
            metadata.put(id, load(id));
        }
        List<String> orphans = metadataIds == null ? List.of()
                : metadataIds.stream().filter(id -> !metadata.containsKey(id)).toList();
        if (!orphans.isEmpty()) {
            throw new IllegalStateException("metadata without a check: " + orphans.stream()
                    .map(id -> RESOURCE_FOLDER + id + ".json").toList()
                    + "; add the check to Catalogue.standard() or delete the file");
        }
        return new Catalogue(checks, metadata);
    }

    public List<Check> checks() {
        return checks;
    }

    /** Every check's metadata, in catalogue order. */
    public List<CheckMetadata> metadata() {
        return checks.stream().map(c -> metadata.get(c.id())).toList();
    }

    /** The metadata of check {@code id}; fails for an id that is not in the catalogue. */
    public CheckMetadata metadata(String id) {
        CheckMetadata m = metadata.get(id);
        if (m == null) {
            throw new IllegalArgumentException("no check has the id " + id + "; known: " + ids());
        }
        return m;
    }

    public Optional<Check> check(String id) {
        return checks.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    public List<String> ids() {
        return checks.stream().map(Check::id).toList();
    }

    /** The position of a check in the catalogue, for a stable order of findings. */
    int position(String id) {
        return ids().indexOf(id);
    }

    private static CheckMetadata load(String id) {
        String file = RESOURCE_FOLDER + id + ".json";
        try (InputStream in = Catalogue.class.getClassLoader().getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("check " + id + " has no metadata: " + file + " is missing");
            }
            CheckMetadata m = JSON.readValue(in, CheckMetadata.class);
            if (!id.equals(m.id())) {
                throw new IllegalStateException(file + " says id " + m.id() + ", not " + id);
            }
            if (m.title() == null || m.severity() == null || m.prevents() == null || m.remediation() == null) {
                throw new IllegalStateException(file + " lacks a title, severity, prevents or remediation");
            }
            return m;
        } catch (IOException e) {
            throw new IllegalStateException(file + " is not check metadata: " + e.getMessage(), e);
        }
    }

    /** The ids of the metadata files in the resource folder, from a directory or a jar alike; null if unknowable. */
    static List<String> metadataIds() {
        TreeSet<String> ids = new TreeSet<>();
        CodeSource source = Catalogue.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null || !"file".equals(source.getLocation().getProtocol())) {
            return null;
        }
        try {
            Path location = Path.of(source.getLocation().toURI());
            if (Files.isDirectory(location)) {
                Path folder = location.resolve(RESOURCE_FOLDER);
                if (Files.isDirectory(folder)) {
                    try (Stream<Path> files = Files.list(folder)) {
                        files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                                .forEach(n -> ids.add(n.substring(0, n.length() - 5)));
                    }
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    Enumeration<JarEntry> entries = jar.entries();
                    while (entries.hasMoreElements()) {
                        String name = entries.nextElement().getName();
                        if (name.startsWith(RESOURCE_FOLDER) && name.endsWith(".json")
                                && name.indexOf('/', RESOURCE_FOLDER.length()) < 0) {
                            ids.add(name.substring(RESOURCE_FOLDER.length(), name.length() - 5));
                        }
                    }
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot list the check metadata in " + RESOURCE_FOLDER + ": " + e, e);
        }
        return new ArrayList<>(ids);
    }
}
