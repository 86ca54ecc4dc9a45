package io.trailkeeper.aws.auto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A trail's bucket in S3Mock, filled as CloudTrail delivers: one gzipped {@code {"Records":[...]}} file per
 * delivery under {@code AWSLogs/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/}, named
 * {@code ACCOUNT_CloudTrail_REGION_YYYYMMDDTHHMMZ_RANDOM.json.gz}. S3Mock is shared by the test JVM: each test
 * names a bucket of its own.
 */
final class TrailBucket {
    private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);

    private final S3Client s3;
    private final String name;
    private final String account;
    /** Where the account's folder is: {@code [prefix/]AWSLogs/[o-org/]ACCOUNT/}. */
    private final String root;
    private int files;

    TrailBucket(S3Client s3, String name, String account) {
        this(s3, name, account, "AWSLogs/" + account + "/");
    }

    private TrailBucket(S3Client s3, String name, String account, String root) {
        this.s3 = s3;
        this.name = name;
        this.account = account;
        this.root = root;
        if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(name))) {
            s3.createBucket(b -> b.bucket(name));
        }
    }

    /** The same bucket, filled under a key prefix and an organization's folder (null for none) for an account. */
    TrailBucket under(String prefix, String organization, String otherAccount) {
        return new TrailBucket(s3, name, otherAccount, (prefix.isEmpty() ? "" : prefix + "/") + "AWSLogs/"
                + (organization == null ? "" : organization + "/") + otherAccount + "/");
    }

    /** Delivers one file of {@code records} (JSON objects) recorded in {@code region}; returns its key. */
    String deliver(String region, Instant deliveredAt, List<String> records) {
        String random = UUID.nameUUIDFromBytes((name + files++).getBytes(StandardCharsets.UTF_8)).toString()
                .replace("-", "").substring(0, 16);
        String key = root + "CloudTrail/" + region + "/" + FOLDER.format(deliveredAt) + "/"
                + account + "_CloudTrail_" + region + "_" + STAMP.format(deliveredAt) + "_" + random + ".json.gz";
        byte[] body = gzip("{\"Records\":[" + String.join(",", records) + "]}");
        s3.putObject(b -> b.bucket(name).key(key).contentType("application/json").contentEncoding("gzip"),
                RequestBody.fromBytes(body));
        return key;
    }

    /**
     * A file on each day from {@code from} to before {@code to} in {@code region}, holding no record: the region's
     * files skip no day, which is what collect auto looks for besides their first and last day.
     */
    void everyDay(String region, Instant from, Instant to) {
        for (Instant t = from; t.isBefore(to); t = t.plus(java.time.Duration.ofDays(1))) {
            deliver(region, t, List.of());
        }
    }

    private static byte[] gzip(String json) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
