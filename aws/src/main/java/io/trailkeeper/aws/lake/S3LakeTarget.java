package io.trailkeeper.aws.lake;

import io.trailkeeper.store.lake.LakeTarget;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A lake under an S3 prefix. A file is written to a local temporary file first and then sent with one PUT, which S3
 * makes visible whole or not at all: nothing partial ever appears under the lake's prefix, even when the export is
 * killed. Read-backs download the object to a local file.
 */
public final class S3LakeTarget implements LakeTarget {
    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final Path staging;

    /** {@code url} is s3://bucket or s3://bucket/prefix; temporaries go to {@code staging}. */
    public S3LakeTarget(S3Client s3, String url, Path staging) {
        URI u = URI.create(url);
        if (!"s3".equals(u.getScheme()) || u.getHost() == null || u.getHost().isEmpty()) {
            throw new IllegalArgumentException(url + " is not an S3 location like s3://bucket/prefix");
        }
        this.s3 = s3;
        this.bucket = u.getHost();
        String p = u.getPath() == null ? "" : u.getPath().replaceAll("^/+|/+$", "");
        this.prefix = p.isEmpty() ? "" : p + "/";
        this.staging = staging;
    }

    @Override
    public String location() {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix.substring(0, prefix.length() - 1));
    }

    @Override
    public boolean remote() {
        return true;
    }

    @Override
    public Path temporary(String relative) throws IOException {
        Files.createDirectories(staging);
        Path p = Files.createTempFile(staging, ".lake-", ".tmp");
        Files.delete(p);
        return p;
    }

    @Override
    public long put(Path temporary, String relative) throws IOException {
        long size = Files.size(temporary);
        try {
            s3.putObject(b -> b.bucket(bucket).key(key(relative)), RequestBody.fromFile(temporary));
        } catch (SdkException e) {
            throw new IOException("PUT s3://" + bucket + "/" + key(relative) + " failed: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return size;
    }

    @Override
    public boolean exists(String relative) throws IOException {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key(relative)));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw new IOException("HEAD s3://" + bucket + "/" + key(relative) + " failed: " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("HEAD s3://" + bucket + "/" + key(relative) + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public <T> T read(String relative, Reading<T> check) throws IOException {
        Files.createDirectories(staging);
        Path copy = Files.createTempFile(staging, ".lake-read-", ".parquet");
        try {
            Files.delete(copy);
            s3.getObject(b -> b.bucket(bucket).key(key(relative)), copy);
            return check.apply(copy);
        } catch (SdkException e) {
            throw new IOException("GET s3://" + bucket + "/" + key(relative) + " failed: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    @Override
    public List<String> list(String folder) throws IOException {
        List<String> out = new ArrayList<>();
        try {
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(key(folder))).contents()) {
                out.add(o.key().substring(prefix.length()));
            }
        } catch (SdkException e) {
            throw new IOException("listing s3://" + bucket + "/" + key(folder) + " failed: " + e.getMessage(), e);
        }
        out.sort(null);
        return out;
    }

    private String key(String relative) {
        if (relative.startsWith("/") || relative.contains("/../") || relative.startsWith("../")) {
            throw new IllegalArgumentException(relative + " is outside the lake " + location());
        }
        return prefix + relative;
    }
}
