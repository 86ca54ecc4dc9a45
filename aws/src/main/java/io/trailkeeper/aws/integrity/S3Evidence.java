package io.trailkeeper.aws.integrity;

import io.trailkeeper.aws.AwsErrors;
import io.trailkeeper.aws.s3.ListingPages;
import io.trailkeeper.aws.s3.S3Archive;
import io.trailkeeper.aws.s3.S3Failures;
import io.trailkeeper.integrity.EvidenceSource;
import io.trailkeeper.integrity.OpenedObject;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Digest and log files where CloudTrail delivered them: a bucket read through the S3 API, for
 * {@code trailkeeper verify --bucket}. Folders are ListObjectsV2's common prefixes (delimiter '/'), keys a
 * listing followed to its end ({@link ListingPages}: a listing whose paging cannot be followed is an error, never a
 * shorter list); an object is read as a stream with its user metadata (a digest's signature lives there), refused
 * unread when its Content-Length is over the caller's limit. A key that is not there is null, as the verifier
 * expects for a deleted file; every other failure is
 * an IOException naming the bucket, the key or prefix, and S3's answer. A folder listing is made once per source:
 * finding the digest regions (for the public keys), the accounts and the regions to verify all ask for the same
 * top folders, and one verification reads the bucket as it was when it looked.
 */
public final class S3Evidence implements EvidenceSource {
    /** Keys per listing page: S3's maximum. */
    static final int PAGE_SIZE = 1000;

    private final S3Client s3;
    private final String description;
    private final int pageSize;
    private final Map<String, List<String>> folders = new java.util.concurrent.ConcurrentHashMap<>();

    /** Reads through {@code s3}; {@code bucket} and {@code prefix} only name the source in messages. */
    public S3Evidence(S3Client s3, String bucket, String prefix) {
        this(s3, bucket, prefix, PAGE_SIZE);
    }

    S3Evidence(S3Client s3, String bucket, String prefix, int pageSize) {
        this.s3 = s3;
        this.description = "s3://" + bucket + "/" + (prefix == null ? "" : prefix);
        this.pageSize = pageSize;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public List<String> folders(String bucket, String prefix) throws IOException {
        String key = bucket + "\n" + prefix;
        List<String> listed = folders.get(key);
        if (listed == null) {
            listed = List.copyOf(listFolders(bucket, prefix));
            folders.put(key, listed);
        }
        return listed;
    }

    private List<String> listFolders(String bucket, String prefix) throws IOException {
        Set<String> folders = new TreeSet<>();
        list(bucket, prefix, "/", page -> {
            for (CommonPrefix p : page.commonPrefixes()) {
                // some S3-compatible servers leave the delimiter off a common prefix: it is the same folder
                String folder = p.prefix() == null || p.prefix().endsWith("/") ? p.prefix() : p.prefix() + "/";
                if (folder != null && folder.startsWith(prefix) && folder.length() > prefix.length() + 1) {
                    folders.add(folder);
                }
            }
        });
        return List.copyOf(folders);
    }

    @Override
    public List<String> keys(String bucket, String prefix) throws IOException {
        List<String> keys = new ArrayList<>();
        list(bucket, prefix, null, page -> page.contents().forEach(o -> keys.add(o.key())));
        keys.sort(null);
        return keys;
    }

    /**
     * GetObject, refused before its body is read when S3's Content-Length is over {@code limit} (the connection is
     * aborted, not drained: the body may be gigabytes).
     */
    @Override
    public OpenedObject open(String bucket, String key, long limit) throws IOException {
        ResponseInputStream<GetObjectResponse> object;
        try {
            object = s3.getObject(b -> b.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            return null;
        } catch (SdkException e) {
            if ("NoSuchKey".equals(AwsErrors.code(e))
                    || e instanceof AwsServiceException s && s.statusCode() == 404 && AwsErrors.code(e).isEmpty()) {
                return null;
            }
            if (S3Archive.isArchived(e)) {
                throw new IOException("reading s3://" + bucket + "/" + key + " failed: "
                        + S3Archive.reason(bucket, key, S3Archive.where(e), "verify again"), e);
            }
            throw new IOException("reading s3://" + bucket + "/" + key + " failed: " + AwsErrors.describe(e)
                    + hint(e, "s3:GetObject on arn:aws:s3:::" + bucket + "/*"), e);
        }
        Long size = object.response().contentLength();
        if (size != null && size > limit) {
            object.abort();
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        object.response().metadata().forEach((name, value) -> metadata.put(name.toLowerCase(Locale.ROOT), value));
        InputStream body = object;
        if (size == null || size <= limit) {
            BufferedInputStream peeked = new BufferedInputStream(object, 8192);
            String error = S3Failures.errorInstead(peeked);
            if (error != null) {
                object.abort();
                // the server's failure, not the file's content: never hashed as if it were the log file or digest
                throw new IOException("reading s3://" + bucket + "/" + key + " failed: the server answered 200 with an"
                        + " error document instead of the object (" + error + ")");
            }
            body = peeked;
        }
        return OpenedObject.of("s3://" + bucket + "/" + key, size == null ? -1 : size, limit, body, metadata);
    }

    /**
     * A failure S3 or the network may not repeat: throttling, a server error or a request timeout that outlasted the
     * SDK's own attempts (its standard retry policy: 3), as collect s3 retries them ({@link S3Failures#retryable}), or
     * a body that broke off part-way (a dropped or reset connection, fewer bytes than its Content-Length), which the
     * SDK does not retry as the caller is reading it. Not a refusal (access denied, an archived object) nor an answer
     * that could not be parsed.
     */
    @Override
    public boolean worthRetrying(IOException failure) {
        if (failure.getCause() instanceof SdkException sdk) {
            return S3Failures.retryable(sdk);
        }
        return true;
    }

    /** Follows the listing to its end ({@link ListingPages}); any failure is an IOException naming it. */
    private void list(String bucket, String prefix, String delimiter, Consumer<ListObjectsV2Response> pages)
            throws IOException {
        ListObjectsV2Request first = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).delimiter(delimiter)
                .maxKeys(pageSize).build();
        try {
            ListingPages.follow(s3, first, pages);
        } catch (ListingPages.BrokenListing e) {
            throw new IOException("listing s3://" + bucket + "/" + prefix + " failed: " + e.getMessage(), e);
        } catch (SdkException e) {
            String why = "NoSuchBucket".equals(AwsErrors.code(e)) ? "the bucket does not exist"
                    : AwsErrors.describe(e) + hint(e, "s3:ListBucket on arn:aws:s3:::" + bucket);
            throw new IOException("listing s3://" + bucket + "/" + prefix + " failed: " + why, e);
        }
    }

    private static String hint(SdkException e, String permission) {
        return AwsErrors.isAccessDenied(e) ? " (grant " + permission + ", or verify a copy offline: collect s3"
                + " --keep-raw DIR, then verify --evidence DIR)" : "";
    }

}
