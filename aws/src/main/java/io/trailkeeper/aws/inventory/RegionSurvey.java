package io.trailkeeper.aws.inventory;

import io.trailkeeper.aws.DeletedTrailLookup;
import io.trailkeeper.aws.RegionInfo;
import io.trailkeeper.aws.RegionRefusal;
import io.trailkeeper.events.AccountSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;
import software.amazon.awssdk.services.cloudtrail.model.Trail;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.Rule;

/**
 * What one enabled region holds: the trails its DescribeTrails lists (shadow trails included), a sample of its
 * event history (one LookupEvents page: is there activity, and how recent), the trails deleted there (the newest
 * page of its DeleteTrail events: a trail deleted is gone from DescribeTrails), and the EventBridge rules of its
 * default bus with their number of targets.
 */
final class RegionSurvey {
    /** LookupEvents' largest page: the sample is this many events at most. */
    static final int SAMPLE = 50;
    /** The key of {@link Result#errors()} when the region's DeleteTrail events could not be read. */
    static final String TRAIL_DELETIONS = "trailDeletions";

    private RegionSurvey() {
    }

    /**
     * @param trails      the trails listed, or null when DescribeTrails failed (see {@code errors["trails"]})
     * @param recentEvents events in the sample, or null when LookupEvents failed ({@code errors["recentEvents"]})
     * @param eventRules  the rules, or null when EventBridge could not be read ({@code errors["eventRules"]})
     * @param trailDeletions the DeleteTrail events, empty when none or unreadable ({@code errors["trailDeletions"]})
     */
    record Result(String region, List<Trail> trails, Long recentEvents, Instant latestActivity,
                  List<AccountSnapshot.EventRule> eventRules, List<AccountSnapshot.TrailDeletion> trailDeletions,
                  Map<String, String> errors) {
    }

    /** Failures are recorded with {@link RegionRefusal}'s reading: a refusal in an enabled region is the credentials'. */
    static Result survey(InventoryClients clients, RegionInfo info) {
        String region = info.name();
        Map<String, String> errors = new LinkedHashMap<>();
        CloudTrailClient cloudTrail = clients.aws().cloudTrail(region);
        List<Trail> trails = null;
        try {
            trails = Attempts.cloudTrail(() -> cloudTrail.describeTrails(b -> b.includeShadowTrails(true))).trailList();
        } catch (SdkException e) {
            errors.put("trails", RegionRefusal.describe(info, e));
        }
        Long recent = null;
        Instant latest = null;
        try {
            LookupEventsResponse page = Attempts.cloudTrail(() -> cloudTrail.lookupEvents(b -> b.maxResults(SAMPLE)));
            recent = (long) page.events().size();
            latest = page.events().stream().map(Event::eventTime).filter(t -> t != null).max(Instant::compareTo)
                    .orElse(null);
        } catch (SdkException e) {
            errors.put("recentEvents", RegionRefusal.describe(info, e));
        }
        List<AccountSnapshot.TrailDeletion> deletions = List.of();
        try {
            deletions = DeletedTrailLookup.read(cloudTrail, region);
        } catch (SdkException e) {
            errors.put(TRAIL_DELETIONS, RegionRefusal.describe(info, e));
        }
        List<AccountSnapshot.EventRule> rules = null;
        try {
            rules = eventRules(clients.events(region), region);
        } catch (SdkException e) {
            errors.put("eventRules", RegionRefusal.describe(info, e));
        }
        return new Result(region, trails, recent, latest, rules, deletions, errors);
    }

    private static List<AccountSnapshot.EventRule> eventRules(EventBridgeClient events, String region) {
        List<AccountSnapshot.EventRule> out = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            var page = events.listRules(b -> b.eventBusName("default").limit(100).nextToken(next));
            for (Rule rule : page.rules()) {
                int targets = 0;
                String targetToken = null;
                do {
                    String nextTarget = targetToken;
                    var t = events.listTargetsByRule(b -> b.rule(rule.name()).eventBusName("default")
                            .nextToken(nextTarget));
                    targets += t.targets().size();
                    targetToken = t.nextToken();
                } while (targetToken != null);
                out.add(new AccountSnapshot.EventRule(rule.name(), region, rule.eventPattern(), rule.stateAsString(),
                        targets));
            }
            token = page.nextToken();
        } while (token != null);
        return out;
    }
}
