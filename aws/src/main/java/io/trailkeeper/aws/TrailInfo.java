package io.trailkeeper.aws;

import java.time.Instant;
import java.util.List;

/**
 * A trail as DescribeTrails, GetTrailStatus and GetEventSelectors describe it: where it delivers, what it
 * records, and whether it is still logging.
 *
 * @param regionsSeen      the regions whose DescribeTrails listed it (a multi-region trail shows in each)
 * @param dataEvents       the data event selections in words (e.g. "S3 objects: all buckets"), empty if none
 * @param managementEvents whether it records management events (read, write or both)
 * @param statusError      why the status or selectors could not be read, or null
 * @param kmsKeyId         the KMS key its files are encrypted with (SSE-KMS), or null for S3's own encryption
 * @param managementLeftOut the management events its selectors leave out, in words (read-only ones, those of
 *                          excluded sources); empty when it records them all or none
 */
public record TrailInfo(String name, String arn, String homeRegion, String bucket, String prefix,
                        boolean multiRegion, boolean organization, boolean includeGlobalServiceEvents,
                        boolean logging, Instant startLoggingTime, Instant stopLoggingTime,
                        Instant latestDeliveryTime, String latestDeliveryError, boolean managementEvents,
                        List<String> dataEvents, List<String> regionsSeen, String statusError,
                        String kmsKeyId, List<String> managementLeftOut) {
    public TrailInfo {
        dataEvents = List.copyOf(dataEvents);
        managementLeftOut = managementLeftOut == null ? List.of() : List.copyOf(managementLeftOut);
        regionsSeen = List.copyOf(regionsSeen);
    }

    /** Whether its files can hold events recorded in {@code region}. */
    public boolean covers(String region) {
        return multiRegion || homeRegion.equals(region);
    }

    /** The key prefix under which it writes AWSLogs/..., without a trailing slash; empty when none. */
    public String keyPrefix() {
        return prefix == null ? "" : prefix.replaceAll("/+$", "");
    }
}
