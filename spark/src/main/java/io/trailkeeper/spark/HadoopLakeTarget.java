package io.trailkeeper.spark;

import io.trailkeeper.store.lake.LakeTarget;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The lake at a Hadoop path (s3a://, hdfs://, file:) as a {@link LakeTarget}, so that the store's own
 * {@link io.trailkeeper.store.lake.LakeTables} writes the job's table definitions. A file is written to a local
 * temporary, copied beside its place under a hidden name and renamed into place. The location the engines are
 * given is the s3:// form of an s3a:// lake (Athena and Trino know s3://).
 */
final class HadoopLakeTarget implements LakeTarget {
    private final Path root;
    private final FileSystem fs;

    HadoopLakeTarget(String lake, Configuration conf) throws IOException {
        this.root = new Path(lake);
        this.fs = root.getFileSystem(conf);
    }

    @Override
    public String location() {
        URI uri = fs.makeQualified(root).toUri();
        if ("file".equals(uri.getScheme())) {
            return uri.getPath().replaceAll("/+$", ""); // a local folder, named as the store's own target names it
        }
        String text = uri.toString().replaceAll("/+$", "");
        return "s3a".equals(uri.getScheme()) || "s3n".equals(uri.getScheme())
                ? "s3" + text.substring(uri.getScheme().length()) : text;
    }

    @Override
    public boolean remote() {
        String scheme = fs.makeQualified(root).toUri().getScheme();
        return scheme != null && scheme.startsWith("s3");
    }

    @Override
    public java.nio.file.Path temporary(String relative) throws IOException {
        return Files.createTempFile("trailkeeper-lake-", ".tmp");
    }

    @Override
    public long put(java.nio.file.Path temporary, String relative) throws IOException {
        Path target = new Path(root, relative);
        Path staged = new Path(target.getParent(), "." + target.getName() + ".tmp");
        fs.mkdirs(target.getParent());
        fs.copyFromLocalFile(false, true, new Path(temporary.toUri()), staged);
        fs.delete(target, false);
        if (!fs.rename(staged, target)) {
            throw new IOException("could not move " + staged + " to " + target);
        }
        fs.delete(new Path(target.getParent(), "." + staged.getName() + ".crc"), false);
        fs.delete(new Path(target.getParent(), "." + target.getName() + ".crc"), false);
        return fs.getFileStatus(target).getLen();
    }

    @Override
    public boolean exists(String relative) throws IOException {
        return fs.exists(new Path(root, relative));
    }

    @Override
    public <T> T read(String relative, Reading<T> check) throws IOException {
        java.nio.file.Path local = Files.createTempFile("trailkeeper-lake-", ".read");
        try {
            fs.copyToLocalFile(false, new Path(root, relative), new Path(local.toUri()), true);
            return check.apply(local);
        } finally {
            Files.deleteIfExists(local);
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        Path start = new Path(root, prefix);
        List<String> out = new ArrayList<>();
        if (!fs.exists(start)) {
            return out;
        }
        String base = fs.makeQualified(root).toUri().getPath().replaceAll("/+$", "") + "/";
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(start, true);
        while (files.hasNext()) {
            String path = files.next().getPath().toUri().getPath();
            if (path.startsWith(base)) {
                out.add(path.substring(base.length()));
            }
        }
        return out;
    }

    /**
     * A local file with what the lake holds at {@code relative}: the file itself in a {@code file:} lake, else a copy
     * under the temporary folder's {@code trailkeeper-lake-copies} (this job never prunes; the store's prune does).
     */
    @Override
    public java.nio.file.Path local(String relative) throws IOException {
        Path source = new Path(root, relative);
        if (!fs.exists(source)) {
            return null;
        }
        URI uri = fs.makeQualified(source).toUri();
        if ("file".equals(uri.getScheme())) {
            return java.nio.file.Path.of(uri);
        }
        java.nio.file.Path copy = copyOf(relative);
        Files.createDirectories(copy.getParent());
        fs.copyToLocalFile(false, source, new Path(copy.toUri()), true);
        return copy;
    }

    @Override
    public void delete(String relative) throws IOException {
        fs.delete(new Path(root, relative), false);
        Files.deleteIfExists(copyOf(relative));
    }

    /** Where the local copy of {@code relative} lives: a folder per lake, never outside it. */
    private java.nio.file.Path copyOf(String relative) {
        java.nio.file.Path folder = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "trailkeeper-lake-copies",
                location().replaceAll("[^A-Za-z0-9._-]+", "_")).toAbsolutePath().normalize();
        java.nio.file.Path copy = folder.resolve(relative).normalize();
        if (!copy.startsWith(folder) || relative.startsWith("/")) {
            throw new IllegalArgumentException(relative + " is outside the lake " + location());
        }
        return copy;
    }
}
