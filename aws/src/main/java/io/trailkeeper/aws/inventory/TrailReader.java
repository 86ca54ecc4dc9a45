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
import software.amazon.awssdk.services.cloudtrail.model.AdvancedFieldSelector;
import software.amazon.awssdk.services.cloudtrail.model.EventSelector;
import software.amazon.awssdk.services.cloudtrail.model.GetEventSelectorsResponse;
import software.amazon.awssdk.services.cloudtrail.model.GetTrailStatusResponse;
import software.amazon.awssdk.services.cloudtrail.model.InsightSelector;
import software.amazon.awssdk.services.cloudtrail.model.Trail;

/**
 * Every trail once, whatever number of regions list it (a multi-region or organization trail shows in each as a
 * shadow trail), with what its home region says of it: GetTrailStatus (logging, deliveries and their errors,
 * digest deliveries), GetEventSelectors (basic and advanced, as they are), GetInsightSelectors. Each call that
 * fails leaves its reason in the trail's errors under {@code status}, {@code eventSelectors} or
 * {@code insightSelectors}.
 */
final class TrailReader {
    private TrailReader() {
    }

    /** The trails listed by the surveys, folded by ARN, in the order first seen. */
    static List<AccountSnapshot.Trail> read(AwsClients clients, List<RegionSurvey.Result> surveys) {
        Map<String, Trail> byArn = new LinkedHashMap<>();
        Map<String, List<String>> seen = new LinkedHashMap<>();
        for (RegionSurvey.Result survey : surveys) {
            if (survey.trails() == null) {
                continue;
            }
            for (Trail t : survey.trails()) {
                String key = t.trailARN() != null ? t.trailARN() : t.homeRegion() + "/" + t.name();
                byArn.putIfAbsent(key, t);
                seen.computeIfAbsent(key, k -> new ArrayList<>()).add(survey.region());
            }
        }
        List<AccountSnapshot.Trail> out = new ArrayList<>();
        byArn.forEach((key, trail) -> out.add(details(clients, trail, seen.get(key))));
        return out;
    }

    private static AccountSnapshot.Trail details(AwsClients clients, Trail t, List<String> regionsSeen) {
        String home = t.homeRegion() != null ? t.homeRegion() : regionsSeen.get(0);
        CloudTrailClient client = clients.cloudTrail(home);
        String id = t.trailARN() != null ? t.trailARN() : t.name();
        Map<String, String> errors = new LinkedHashMap<>();
        GetTrailStatusResponse status = null;
        try {
            status = Attempts.cloudTrail(() -> client.getTrailStatus(b -> b.name(id)));
        } catch (SdkException e) {
            errors.put("status", Attempts.reason(e));
        }
        List<AccountSnapshot.EventSelector> basic = List.of();
        List<AccountSnapshot.AdvancedEventSelector> advanced = List.of();
        try {
            GetEventSelectorsResponse selectors = Attempts.cloudTrail(() -> client.getEventSelectors(b -> b.trailName(id)));
            basic = selectors.eventSelectors().stream().map(TrailReader::basic).toList();
            advanced = selectors.advancedEventSelectors().stream().map(TrailReader::advanced).toList();
        } catch (SdkException e) {
            errors.put("eventSelectors", Attempts.reason(e));
        }
        List<String> insights = List.of();
        if (!Boolean.FALSE.equals(t.hasInsightSelectors())) {
            try {
                insights = Attempts.cloudTrail(() -> client.getInsightSelectors(b -> b.trailName(id))).insightSelectors()
                        .stream().map(InsightSelector::insightTypeAsString).toList();
            } catch (SdkException e) {
                if (!Attempts.is(e, "InsightNotEnabledException")) {
                    errors.put("insightSelectors", Attempts.reason(e));
                }
            }
        }
        GetTrailStatusResponse s = status;
        return new AccountSnapshot.Trail(t.name(), t.trailARN(), home, t.s3BucketName(), t.s3KeyPrefix(),
                t.snsTopicARN(), Boolean.TRUE.equals(t.isMultiRegionTrail()), Boolean.TRUE.equals(t.isOrganizationTrail()),
                !Boolean.FALSE.equals(t.includeGlobalServiceEvents()), Boolean.TRUE.equals(t.logFileValidationEnabled()),
                t.kmsKeyId(), t.cloudWatchLogsLogGroupArn(), t.cloudWatchLogsRoleArn(),
                s == null ? null : Boolean.TRUE.equals(s.isLogging()), s == null ? null : s.startLoggingTime(),
                s == null ? null : s.stopLoggingTime(), s == null ? null : s.latestDeliveryTime(),
                s == null ? null : s.latestDeliveryError(), s == null ? null : s.latestDigestDeliveryTime(),
                s == null ? null : s.latestDigestDeliveryError(), basic, advanced, insights, regionsSeen, errors);
    }

    private static AccountSnapshot.EventSelector basic(EventSelector s) {
        return new AccountSnapshot.EventSelector(s.readWriteTypeAsString(), !Boolean.FALSE.equals(s.includeManagementEvents()),
                s.dataResources().stream().map(r -> new AccountSnapshot.DataResource(r.type(), r.values())).toList(),
                s.excludeManagementEventSources());
    }

    static AccountSnapshot.AdvancedEventSelector advanced(AdvancedEventSelector a) {
        return new AccountSnapshot.AdvancedEventSelector(a.name(), a.fieldSelectors().stream().map(TrailReader::field)
                .toList());
    }

    private static AccountSnapshot.FieldSelector field(AdvancedFieldSelector f) {
        return new AccountSnapshot.FieldSelector(f.field(), f.equalsValue(), f.notEquals(), f.startsWith(),
                f.notStartsWith(), f.endsWith(), f.notEndsWith());
    }
}
