package io.trailkeeper.aws.lake;

import io.trailkeeper.aws.AwsErrors;
import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.store.lake.LakeAccessException;
import io.trailkeeper.store.lake.LakeTarget;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A lake under an S3 prefix. A file is written to a local temporary file first and then sent with one PUT, which S3
 * makes visible whole or not at all: nothing partial ever appears under the lake's prefix, even when the export is
 * killed. Read-backs download the object to a local file. The copies {@link #local} keeps for readers (DuckDB here
 * reads no S3) live in a mirror folder of the same layout, each beside its object's ETag, fetched again when the
 * object changed or the copy is gone.
 */
public final class S3LakeTarget implements LakeTarget {
    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final Path staging;
    private final Path mirror;

    /** {@code url} is s3://bucket or s3://bucket/prefix; temporaries go to {@code staging}; no local copies. */
    public S3LakeTarget(S3Client s3, String url, Path staging) {
        this(s3, url, staging, null);
    }

    /** As {@link #S3LakeTarget(S3Client, String, Path)}, keeping local copies for readers under {@code mirror}. */
    public S3LakeTarget(S3Client s3, String url, Path staging, Path mirror) {
        URI u = URI.create(url);
        if (!"s3".equals(u.getScheme()) || u.getHost() == null || u.getHost().isEmpty()) {
            throw new IllegalArgumentException(url + " is not an S3 location like s3://bucket/prefix");
        }
        this.s3 = s3;
        this.bucket = u.getHost();
        String p = u.getPath() == null ? "" : u.getPath().replaceAll("^/+|/+$", "");
        this.prefix = p.isEmpty() ? "" : p + "/";
        this.staging = staging;
        this.mirror = mirror == null ? null : mirror.toAbsolutePath().normalize();
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
            throw failure("PUT s3://" + bucket + "/" + key(relative), e, "s3:PutObject");
        } finally {
            Files.deleteIfExists(temporary);
        }
        return size;
    }

    @Override
    public boolean exists(String relative) throws IOException {
        return etag(relative) != null;
    }

    /** The object's ETag ("" when S3 gives none), or null when the lake does not hold it. */
    private String etag(String relative) throws IOException {
        try {
            String etag = s3.headObject(b -> b.bucket(bucket).key(key(relative))).eTag();
            return etag == null ? "" : etag;
        } catch (NoSuchKeyException e) {
            return null;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw failure("HEAD s3://" + bucket + "/" + key(relative), e, "s3:GetObject");
        } catch (SdkException e) {
            throw failure("HEAD s3://" + bucket + "/" + key(relative), e, "s3:GetObject");
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
            throw failure("GET s3://" + bucket + "/" + key(relative), e, "s3:GetObject");
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
            throw failure("listing s3://" + bucket + "/" + key(folder), e, "s3:ListBucket");
        }
        out.sort(null);
        return out;
    }

    @Override
    public Path local(String relative) throws IOException {
        if (mirror == null) {
            throw new IllegalStateException("no mirror folder for the local copies of " + location());
        }
        String etag = etag(relative);
        if (etag == null) {
            return null;
        }
        Path copy = mirrored(relative);
        Path tag = copy.resolveSibling("." + copy.getFileName() + ".etag");
        // an object without an ETag is fetched every time: nothing tells whether the copy is still the object
        if (!etag.isEmpty() && Files.isRegularFile(copy) && Files.isRegularFile(tag)
                && Files.readString(tag).equals(etag)) {
            return copy;
        }
        Files.createDirectories(copy.getParent());
        Path partial = copy.resolveSibling("." + copy.getFileName() + ".fetching");
        try {
            Files.deleteIfExists(partial);
            // the tag is the fetched object's own: it may have changed since the HEAD
            String fetched = s3.getObject(b -> b.bucket(bucket).key(key(relative)), partial).eTag();
            Files.move(partial, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(tag, fetched == null ? "" : fetched);
        } catch (SdkException e) {
            throw failure("GET s3://" + bucket + "/" + key(relative), e, "s3:GetObject");
        } finally {
            Files.deleteIfExists(partial);
        }
        return copy;
    }

    @Override
    public void delete(String relative) throws IOException {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key(relative)));
        } catch (SdkException e) {
            throw failure("DELETE s3://" + bucket + "/" + key(relative), e, "s3:DeleteObject");
        }
        if (mirror != null) {
            Path copy = mirrored(relative);
            Files.deleteIfExists(copy);
            Files.deleteIfExists(copy.resolveSibling("." + copy.getFileName() + ".etag"));
        }
    }

    /**
     * An S3 failure as an IOException saying what was done, where, and why in words that say how to fix it: a
     * missing bucket, credentials that could not be loaded or that S3 refused (an unknown key, an expired token, a
     * bad signature: a 403 too, but no permission would help), a permission refused, S3 not reached; else AWS's code
     * and message. Its error code is the one every AWS failure gets (TK-301 to TK-303).
     */
    private IOException failure(String doing, SdkException e, String permission) {
        String why;
        ErrorCode code = ErrorCode.AWS_CREDENTIALS;
        String hint;
        if ("NoSuchBucket".equals(AwsErrors.code(e))) {
            why = "the bucket " + bucket + " does not exist";
            hint = "create it, or correct the lake's s3://BUCKET/PREFIX";
            code = ErrorCode.AWS_ERROR;
        } else if (AwsErrors.isCredentialsUnavailable(e)) {
            why = "the AWS credentials could not be loaded: " + AwsErrors.firstLine(e);
            hint = "configure them: aws configure, AWS_PROFILE, --profile, or an instance role";
        } else if (AwsErrors.isCredentialsRefused(e)) {
            why = "S3 refused the credentials: " + AwsErrors.describe(e);
            hint = "they are invalid or expired: renew them (aws sso login, new keys) or pick another --profile";
        } else if (AwsErrors.isAccessDenied(e)) {
            why = AwsErrors.describe(e);
            hint = "grant " + permission + " on arn:aws:s3:::" + bucket + (permission.equals("s3:ListBucket") ? ""
                    : "/" + prefix + "*");
        } else if (e instanceof SdkClientException && !AwsErrors.isUnreadableAnswer(e)) {
            why = "S3 could not be reached: " + AwsErrors.describe(e);
            hint = "check the network and --endpoint-url";
            code = ErrorCode.AWS_UNREACHABLE;
        } else {
            return new LakeAccessException(doing + " failed: " + AwsErrors.describe(e), ErrorCode.AWS_ERROR, null, e);
        }
        return new LakeAccessException(doing + " failed: " + why + " (" + hint + ")", code, hint, e);
    }

    private Path mirrored(String relative) {
        Path p = mirror.resolve(key(relative).substring(prefix.length())).normalize();
        if (!p.startsWith(mirror)) {
            throw new IllegalArgumentException(relative + " is outside the lake " + location());
        }
        return p;
    }

    private String key(String relative) {
        if (relative.startsWith("/") || relative.contains("/../") || relative.startsWith("../")) {
            throw new IllegalArgumentException(relative + " is outside the lake " + location());
        }
        return prefix + relative;
    }
}
