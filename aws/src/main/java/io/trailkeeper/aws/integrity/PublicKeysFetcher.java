package io.trailkeeper.aws.integrity;

import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.aws.AwsErrors;
import io.trailkeeper.aws.Retried;
import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import io.trailkeeper.integrity.DigestPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.ListPublicKeysResponse;
import software.amazon.awssdk.services.cloudtrail.model.PublicKey;

/**
 * The public keys CloudTrail signed digest files with in a time range, from ListPublicKeys (followed through
 * its NextToken pages). CloudTrail signs each region's digests with that region's keys, so the keys are asked
 * of every region whose digests are checked and merged by fingerprint. A failure ends the command with a hint
 * (the permission, or the offline way: {@code verify --public-keys FILE}), or with {@link #fetchEach} is kept per
 * region so that the other regions are still verified.
 */
public final class PublicKeysFetcher {
    static final int ATTEMPTS = 3;
    private static final Duration FIRST_PAUSE = Duration.ofMillis(500);

    private final AwsClients clients;

    public PublicKeysFetcher(AwsClients clients) {
        this.clients = clients;
    }

    /** The keys valid at some time in [start, end] in any of {@code regions}, one per fingerprint. */
    public List<DigestPublicKey> fetch(Collection<String> regions, Instant start, Instant end) {
        Map<String, DigestPublicKey> keys = new LinkedHashMap<>();
        for (String region : regions) {
            for (DigestPublicKey key : fetch(region, start, end)) {
                keys.putIfAbsent(key.fingerprint(), key);
            }
        }
        return new ArrayList<>(keys.values());
    }

    /** The keys of the regions that answered, and the failure of each region that did not. */
    public record Fetched(List<DigestPublicKey> keys, Map<String, TrailKeeperException> failed) {
        public Fetched {
            keys = List.copyOf(keys);
            failed = Collections.unmodifiableMap(new TreeMap<>(failed));  // by region, so the first is the same each run
        }
    }

    /**
     * As {@link #fetch(Collection, Instant, Instant)}, but a region whose ListPublicKeys fails (denied, not enabled,
     * unreachable) is named in {@link Fetched#failed} instead of ending the run: the digests of the other regions
     * can still be verified.
     */
    public Fetched fetchEach(Collection<String> regions, Instant start, Instant end) {
        Map<String, DigestPublicKey> keys = new LinkedHashMap<>();
        Map<String, TrailKeeperException> failed = new TreeMap<>();
        for (String region : regions) {
            try {
                for (DigestPublicKey key : fetch(region, start, end)) {
                    keys.putIfAbsent(key.fingerprint(), key);
                }
            } catch (TrailKeeperException e) {
                failed.put(region, e);
            }
        }
        return new Fetched(new ArrayList<>(keys.values()), failed);
    }

    /** The keys of one region. */
    public List<DigestPublicKey> fetch(String region, Instant start, Instant end) {
        CloudTrailClient cloudTrail = clients.cloudTrail(region);
        List<DigestPublicKey> keys = new ArrayList<>();
        String token = null;
        do {
            ListPublicKeysResponse page = page(cloudTrail, region, start, end, token);
            for (PublicKey k : page.publicKeyList()) {
                if (k.fingerprint() == null || k.value() == null) {
                    continue;
                }
                keys.add(new DigestPublicKey(k.fingerprint(), k.validityStartTime(), k.validityEndTime(),
                        k.value().asByteArray()));
            }
            token = page.nextToken() == null || page.nextToken().isEmpty() ? null : page.nextToken();
        } while (token != null);
        return keys;
    }

    /** One page, tried again on throttling or no answer (the CloudTrail clients leave retries to their callers). */
    private static ListPublicKeysResponse page(CloudTrailClient cloudTrail, String region, Instant start, Instant end,
                                               String token) {
        try {
            return Retried.call(() -> cloudTrail.listPublicKeys(b -> b.startTime(start).endTime(end).nextToken(token)),
                    ATTEMPTS, FIRST_PAUSE, AwsErrors::isRetryable);
        } catch (SdkException e) {
            throw failure(region, e);
        }
    }

    private static TrailKeeperException failure(String region, SdkException e) {
        String doing = "ListPublicKeys in " + region;
        if (AwsErrors.isAccessDenied(e)) {
            return new TrailKeeperException(ErrorCode.AWS_CREDENTIALS, doing + " was denied: " + AwsErrors.describe(e),
                    "grant cloudtrail:ListPublicKeys, or give the keys as a file: --public-keys FILE (saved"
                            + " elsewhere with `trailkeeper verify keys --out FILE`)", e);
        }
        return AwsErrors.toException(doing, e);
    }
}
