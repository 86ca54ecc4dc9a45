package io.trailkeeper.aws.inventory;

import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.events.AccountSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedEventSelector;
import software.amazon.awssdk.services.cloudtrail.model.EventDataStore;
import software.amazon.awssdk.services.cloudtrail.model.GetEventDataStoreResponse;
import software.amazon.awssdk.services.cloudtrail.model.ListEventDataStoresResponse;

/**
 * The CloudTrail Lake event data stores of the home region: ListEventDataStores, every page, then
 * GetEventDataStore for each, since AWS deprecates the list's own fields (status, selectors, regions, retention).
 * A store whose details could not be read keeps what the list said, with the reason under {@code details}.
 * When the list itself fails, {@link Listing#reason()} says why: "could not look", never "there is none".
 */
final class EventDataStoreReader {
    private EventDataStoreReader() {
    }

    /** The stores, or the reason they could not be listed (then {@code stores} is empty). */
    record Listing(List<AccountSnapshot.EventDataStore> stores, String reason) {
    }

    static Listing read(AwsClients clients) {
        String region = clients.homeRegion();
        CloudTrailClient client = clients.cloudTrail(region);
        List<EventDataStore> listed = new ArrayList<>();
        try {
            String token = null;
            do {
                String page = token;
                ListEventDataStoresResponse response = Attempts.cloudTrail(() -> client.listEventDataStores(
                        b -> b.nextToken(page)));
                listed.addAll(response.eventDataStores());
                token = response.nextToken();
            } while (token != null && !token.isEmpty());
        } catch (SdkException e) {
            return new Listing(List.of(), Attempts.reason(e) + " (cloudtrail:ListEventDataStores in " + region + ")");
        }
        List<AccountSnapshot.EventDataStore> out = new ArrayList<>();
        listed.forEach(s -> out.add(details(client, s, region)));
        return new Listing(out, null);
    }

    @SuppressWarnings("deprecation") // the list's fields are the fallback when GetEventDataStore fails
    private static AccountSnapshot.EventDataStore details(CloudTrailClient client, EventDataStore listed,
                                                          String region) {
        try {
            GetEventDataStoreResponse s = Attempts.cloudTrail(() -> client.getEventDataStore(
                    b -> b.eventDataStore(listed.eventDataStoreArn())));
            return new AccountSnapshot.EventDataStore(s.name(), s.eventDataStoreArn(), region, s.statusAsString(),
                    Boolean.TRUE.equals(s.multiRegionEnabled()), Boolean.TRUE.equals(s.organizationEnabled()),
                    s.retentionPeriod(), s.terminationProtectionEnabled(), s.billingModeAsString(), s.kmsKeyId(),
                    selectors(s.advancedEventSelectors()), Map.of());
        } catch (SdkException e) {
            Map<String, String> errors = new LinkedHashMap<>();
            errors.put("details", Attempts.reason(e));
            return new AccountSnapshot.EventDataStore(listed.name(), listed.eventDataStoreArn(), region,
                    listed.statusAsString(), Boolean.TRUE.equals(listed.multiRegionEnabled()),
                    Boolean.TRUE.equals(listed.organizationEnabled()), listed.retentionPeriod(),
                    listed.terminationProtectionEnabled(), null, null, selectors(listed.advancedEventSelectors()),
                    errors);
        }
    }

    private static List<AccountSnapshot.AdvancedEventSelector> selectors(List<AdvancedEventSelector> selectors) {
        return selectors.stream().map(TrailReader::advanced).toList();
    }
}
