package io.trailkeeper.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trailkeeper.events.EventTimes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * An evidence folder written by {@code collect s3 --keep-raw DIR}, read as the bucket it was copied from:
 * {@code DIR/<bucket>/<key>} holds the bytes exactly as S3 served them and {@code <key>.s3meta.json} beside it what
 * S3 said about the object, of which the user {@code Metadata} (a digest's signature) is used here. Unfinished
 * copies ({@code .part}) are skipped; earlier copies of an object that was replaced in the bucket
 * ({@code <key>.before-<time>}) are skipped too but named in {@link #notes()}, because a replaced CloudTrail object
 * is itself a finding. No key or prefix can reach outside the folder; symbolic links are not followed. The latest
 * {@code RetrievedAt} of the metadata files read tells when the copy was taken.
 */
public final class EvidenceFolder implements EvidenceSource {
    static final String SIDECAR = ".s3meta.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final TreeSet<String> notes = new TreeSet<>();
    private Instant retrievedUntil;

    public EvidenceFolder(Path dir) {
        this.root = dir.toAbsolutePath().normalize();
    }

    /** The buckets in an evidence folder: its sub-folders (hidden ones excepted), sorted. */
    public static List<String> buckets(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    @Override
    public String describe() {
        return "evidence folder " + root;
    }

    @Override
    public List<String> folders(String bucket, String prefix) throws IOException {
        Path dir = resolve(bucket, prefix);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> prefix + p.getFileName() + "/").sorted().toList();
        }
    }

    @Override
    public List<String> keys(String bucket, String prefix) throws IOException {
        boolean folder = prefix.isEmpty() || prefix.endsWith("/");
        String parent = folder ? prefix : prefix.substring(0, prefix.lastIndexOf('/') + 1);
        Path dir = resolve(bucket, parent);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        Path bucketRoot = resolve(bucket, "");
        List<String> keys = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                String key = bucketRoot.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                if (key.startsWith(prefix) && isObject(bucket, key)) {
                    keys.add(key);
                }
            }
        }
        keys.sort(null);
        return keys;
    }

    private boolean isObject(String bucket, String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        if (name.endsWith(SIDECAR)) {
            return false;
        }
        if (name.startsWith(".") && name.endsWith(".part")) {
            notes.add("skipped unfinished copies (.part) in " + bucket + ": a collection was interrupted");
            return false;
        }
        int before = name.lastIndexOf(".before-");
        if (before > 0) {
            notes.add("s3://" + bucket + "/" + key.substring(0, key.length() - name.length() + before)
                    + " was replaced in the bucket after an earlier collection; the earlier copy is kept as "
                    + root.resolve(bucket).resolve(key));
            return false;
        }
        return true;
    }

    @Override
    public OpenedObject open(String bucket, String key, long limit) throws IOException {
        Path file = resolve(bucket, key);
        if (key.endsWith("/") || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        Map<String, String> metadata = metadata(file);
        return OpenedObject.of(file.toString(), Files.size(file), limit, Files.newInputStream(file,
                LinkOption.NOFOLLOW_LINKS), metadata);
    }

    /** The user metadata in the object's metadata file, if it has one (and its RetrievedAt kept). */
    private Map<String, String> metadata(Path file) throws IOException {
        Path sidecar = file.resolveSibling(file.getFileName() + SIDECAR);
        Map<String, String> metadata = new HashMap<>();
        if (Files.isRegularFile(sidecar, LinkOption.NOFOLLOW_LINKS)) {
            JsonNode node;
            try {
                node = JSON.readTree(sidecar.toFile());
            } catch (IOException e) {
                throw new IOException("its metadata file " + sidecar + " is not JSON: " + e.getMessage(), e);
            }
            retrieved(node == null ? null : node.get("RetrievedAt"));
            JsonNode m = node == null ? null : node.get("Metadata");
            if (m != null && m.isObject()) {
                for (Map.Entry<String, JsonNode> f : m.properties()) {
                    metadata.put(f.getKey().toLowerCase(Locale.ROOT), f.getValue().asText());
                }
            }
        }
        return metadata;
    }

    @Override
    public List<String> notes() {
        return List.copyOf(notes);
    }

    @Override
    public boolean copy() {
        return true;
    }

    @Override
    public Instant retrievedUntil() {
        return retrievedUntil;
    }

    /** Keeps the latest RetrievedAt of the metadata files read (written by collect s3 --keep-raw). */
    private void retrieved(JsonNode at) {
        Instant time = at == null || !at.isTextual() ? null : EventTimes.parse(at.asText());
        if (time != null && (retrievedUntil == null || time.isAfter(retrievedUntil))) {
            retrievedUntil = time;
        }
    }

    /** The path of a bucket's key or prefix; IOException when it would leave the folder. */
    private Path resolve(String bucket, String key) throws IOException {
        if (bucket.isEmpty() || bucket.equals(".") || bucket.equals("..") || bucket.contains("/")
                || bucket.contains("\\") || bucket.indexOf('\0') >= 0) {
            throw new IOException("bucket name '" + StoredBytes.clip(bucket) + "' cannot be a folder of " + root);
        }
        String path = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        if (!path.isEmpty()) {
            for (String segment : path.split("/", -1)) {
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.contains("\\")
                        || segment.indexOf('\0') >= 0) {
                    throw new IOException("key '" + StoredBytes.clip(key) + "' would leave " + root);
                }
            }
        }
        Path bucketRoot = root.resolve(bucket).normalize();
        Path target = path.isEmpty() ? bucketRoot : bucketRoot.resolve(path).normalize();
        if (!target.startsWith(bucketRoot) || !bucketRoot.getParent().equals(root)) {
            throw new IOException("key '" + StoredBytes.clip(key) + "' would leave " + root);
        }
        return target;
    }
}
