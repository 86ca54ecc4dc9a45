package io.trailkeeper.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trailkeeper.testkit.SignedTrail.Obj;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Generates one {@link SignedTrail}: per account and region, the log files of each hour and the digest chain. */
final class ChainGenerator {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LOG_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DIGEST_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final SignedTrail.Builder config;
    private final List<DigestSigningKey> keys;
    private final SplittableRandom random;
    private final List<Obj> objects = new ArrayList<>();
    private Instant latestEnd;

    /** A log file as a digest lists it. */
    private record Listed(String key, String sha256, Instant oldest, Instant newest) {
    }

    /** The digest before the next one: what the next one's previousDigest* fields name. */
    private record Previous(String key, String sha256, String signature, Instant end) {
    }

    ChainGenerator(SignedTrail.Builder config, List<DigestSigningKey> keys) {
        this.config = config;
        this.keys = keys;
        this.random = new SplittableRandom(config.seed);
    }

    List<Obj> generate() {
        for (int a = 0; a < config.accounts.size(); a++) {
            for (int r = 0; r < config.regions.size(); r++) {
                chain(config.accounts.get(a), config.regions.get(r), r, a == 0 && r == 0);
            }
        }
        return objects;
    }

    Instant latestEnd() {
        return latestEnd;
    }

    private String root(String account) {
        String prefix = config.prefix.isEmpty() ? "" : config.prefix + "/";
        return prefix + "AWSLogs/" + (config.organization == null ? "" : config.organization + "/") + account + "/";
    }

    private void chain(String account, String region, int regionIndex, boolean backfillHere) {
        EventGenerator events = new EventGenerator(random.nextLong(), account);
        Previous previous = null;
        Previous previousBackfill = null;
        for (int h = 0; h < config.hours; h++) {
            if (config.paused(h)) {
                previous = null;
                continue;
            }
            Instant hourStart = config.hour(h);
            Instant end = hourStart.plusSeconds(3600 + 30 + random.nextInt(120));
            Instant start = previous == null ? end.minusSeconds(3600) : previous.end();
            int count = (h + regionIndex) % 3 == 1 ? 0 : 1 + random.nextInt(3);
            List<Listed> listed = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                Instant delivered = hourStart.plusSeconds(60L * (3 + k * 18 + random.nextInt(15)) + random.nextInt(60));
                listed.add(log(events, account, region, delivered));
            }
            previous = digest(account, region, start, end, listed, previous, false);
            if (backfillHere && h == config.backfillHour) {
                List<Listed> late = List.of(log(events, account, region, hourStart.plusSeconds(59 * 60 + 10)));
                previousBackfill = digest(account, region, start, end, late, previousBackfill, true);
            }
            latestEnd = latestEnd == null || end.isAfter(latestEnd) ? end : latestEnd;
        }
    }

    private Listed log(EventGenerator events, String account, String region, Instant delivered) {
        StringBuilder json = new StringBuilder("{\"Records\":[");
        int records = 2 + random.nextInt(4);
        Instant oldest = null;
        Instant newest = null;
        for (int i = 0; i < records; i++) {
            Instant time = delivered.minusSeconds(60 + random.nextInt(240));
            oldest = oldest == null || time.isBefore(oldest) ? time : oldest;
            newest = newest == null || time.isAfter(newest) ? time : newest;
            json.append(i == 0 ? "" : ",").append(events.record(time, region));
        }
        byte[] raw = json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        StringBuilder unique = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            unique.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        String key = root(account) + "CloudTrail/" + region + "/" + DAY.format(delivered) + "/" + account
                + "_CloudTrail_" + region + "_" + LOG_STAMP.format(delivered) + "_" + unique + ".json.gz";
        objects.add(new Obj(config.bucket, key, SignedTrail.gzip(raw), Map.of()));
        return new Listed(key, SignedTrail.sha256Hex(raw), oldest, newest);
    }

    private Previous digest(String account, String region, Instant start, Instant end, List<Listed> logs,
                            Previous previous, boolean backfill) {
        String key = root(account) + "CloudTrail-Digest/" + region + "/" + DAY.format(end) + "/" + account
                + "_CloudTrail-Digest_" + region + "_" + config.trail + "_" + config.homeRegion + "_"
                + DIGEST_STAMP.format(end) + (backfill ? "_backfill" : "") + ".json.gz";
        DigestSigningKey signer = signerAt(end);
        ObjectNode d = SignedTrail.JSON.createObjectNode();
        d.put("awsAccountId", account);
        d.put("digestStartTime", TIME.format(start));
        d.put("digestEndTime", TIME.format(end));
        d.put("digestS3Bucket", config.bucket);
        d.put("digestS3Object", key);
        d.put("digestPublicKeyFingerprint", signer.fingerprint());
        d.put("digestSignatureAlgorithm", "SHA256withRSA");
        time(d, "newestEventTime", logs.stream().map(Listed::newest).max(Instant::compareTo).orElse(null));
        time(d, "oldestEventTime", logs.stream().map(Listed::oldest).min(Instant::compareTo).orElse(null));
        d.put("previousDigestS3Bucket", previous == null ? null : config.bucket);
        d.put("previousDigestS3Object", previous == null ? null : previous.key());
        d.put("previousDigestHashValue", previous == null ? null : previous.sha256());
        d.put("previousDigestHashAlgorithm", previous == null ? null : "SHA-256");
        d.put("previousDigestSignature", previous == null ? null : previous.signature());
        ArrayNode files = d.putArray("logFiles");
        for (Listed log : logs) {
            ObjectNode f = files.addObject();
            f.put("s3Bucket", config.bucket);
            f.put("s3Object", log.key());
            f.put("hashValue", log.sha256());
            f.put("hashAlgorithm", "SHA-256");
            f.put("newestEventTime", TIME.format(log.newest()));
            f.put("oldestEventTime", TIME.format(log.oldest()));
        }
        byte[] raw = bytes(d);
        String signature = signer.sign(SignedTrail.stringToSign(d, raw));
        Map<String, String> metadata = backfill
                ? Map.of("signature", signature, "signature-algorithm", "SHA256withRSA",
                        "backfill-generation-timestamp", TIME.format(end.plusSeconds(3 * 3600)))
                : Map.of("signature", signature, "signature-algorithm", "SHA256withRSA");
        objects.add(new Obj(config.bucket, key, SignedTrail.gzip(raw), metadata));
        return new Previous(key, SignedTrail.sha256Hex(raw), signature, end);
    }

    private DigestSigningKey signerAt(Instant end) {
        DigestSigningKey chosen = keys.get(0);
        for (DigestSigningKey key : keys) {
            if (!end.isBefore(key.validityStart())) {
                chosen = key;
            }
        }
        return chosen;
    }

    private static void time(ObjectNode node, String field, Instant time) {
        if (time == null) {
            node.putNull(field);
        } else {
            node.put(field, TIME.format(time));
        }
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return SignedTrail.JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
