package io.trailkeeper.aws;

import io.trailkeeper.events.AccountSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttribute;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;
import software.amazon.awssdk.services.cloudtrail.model.Resource;

/**
 * A region's DeleteTrail events, from its event history (LookupEvents by EventName, the newest page: a trail is
 * deleted in its home region). A trail an intruder deleted is gone from DescribeTrails, while its bucket may still
 * keep the files it delivered, months the event history no longer holds.
 */
public final class DeletedTrailLookup {
    /** LookupEvents' largest page. */
    private static final int PAGE = 50;
    /** CloudTrail clients make one attempt: a throttled call (2 per second per region) is retried, as the inventory's. */
    private static final int ATTEMPTS = 4;
    private static final Duration FIRST_PAUSE = Duration.ofMillis(600);
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private DeletedTrailLookup() {
    }

    /**
     * The newest page of the region's DeleteTrail events, the call retried on throttling, 5xx and lost connections;
     * the SDK's exception passes through once the attempts are spent or AWS refuses.
     */
    public static List<AccountSnapshot.TrailDeletion> read(CloudTrailClient cloudTrail, String region) {
        return of(Retried.call(() -> page(cloudTrail), ATTEMPTS, FIRST_PAUSE, AwsErrors::isRetryable), region);
    }

    private static LookupEventsResponse page(CloudTrailClient cloudTrail) {
        return cloudTrail.lookupEvents(b -> b.maxResults(PAGE).lookupAttributes(LookupAttribute.builder()
                .attributeKey(LookupAttributeKey.EVENT_NAME).attributeValue("DeleteTrail").build()));
    }

    /** The deletions a page holds: the trail as its resources name it (its ARN rather than its name). */
    private static List<AccountSnapshot.TrailDeletion> of(LookupEventsResponse page, String region) {
        List<AccountSnapshot.TrailDeletion> out = new ArrayList<>();
        for (Event e : page.events()) {
            String trail = e.resources().stream().map(Resource::resourceName).filter(n -> n != null && !n.isBlank())
                    .reduce((a, b) -> b.startsWith("arn:") ? b : a).orElse(null);
            out.add(new AccountSnapshot.TrailDeletion(region, e.eventTime(), trail, e.username(), e.accessKeyId(),
                    errorCode(e.cloudTrailEvent())));
        }
        return out;
    }

    /** The record's errorCode: LookupEvents gives it only inside the CloudTrailEvent text. */
    private static String errorCode(String record) {
        if (record == null) {
            return null;
        }
        try {
            var code = JSON.readTree(record).get("errorCode");
            return code == null || code.isNull() ? null : code.asText();
        } catch (com.fasterxml.jackson.core.JacksonException ex) {
            return null;
        }
    }
}
