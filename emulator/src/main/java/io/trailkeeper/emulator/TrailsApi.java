package io.trailkeeper.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The CloudTrail calls about trails and keys: DescribeTrails, ListTrails, GetTrailStatus, GetEventSelectors,
 * GetInsightSelectors, ListPublicKeys.
 *
 * <p>Trails are regional as in AWS: a region shows the trails whose home it is, and a multi-region trail of
 * another home region as a shadow trail. A name finds only a trail whose home is the region asked; an ARN
 * finds a shadow trail too, as the CloudTrail documentation says a shadow trail must be named by ARN.
 */
final class TrailsApi {
    /** Keys per ListPublicKeys page. */
    static final int PUBLIC_KEYS_PAGE = 2;
    private static final Pattern TRAIL_ARN = Pattern.compile("arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\\d{12}:trail/.+");

    private final Scenario scenario;
    private final Clock clock;

    TrailsApi(Scenario scenario, Clock clock) {
        this.scenario = scenario;
        this.clock = clock;
    }

    WireResponse describeTrails(Call call) {
        JsonNode request = call.json();
        boolean shadows = request.path("includeShadowTrails").asBoolean(true);
        JsonNode names = request.get("trailNameList");
        ArrayNode list = Call.JSON.createArrayNode();
        for (TrailDefinition trail : scenario.trails()) {
            boolean home = trail.homeRegion().equals(call.region());
            if (!home && !(shadows && trail.multiRegion())) {
                continue;
            }
            if (names != null && !names.isEmpty() && !named(trail, names, home)) {
                continue;
            }
            list.add(trail.description());
        }
        ObjectNode out = Call.JSON.createObjectNode();
        out.set("trailList", list);
        return call.ok(out);
    }

    private static boolean named(TrailDefinition trail, JsonNode names, boolean home) {
        for (JsonNode name : names) {
            String n = name.asText();
            if (n.equals(trail.arn()) || home && n.equals(trail.name())) {
                return true;
            }
        }
        return false;
    }

    WireResponse listTrails(Call call) {
        ArrayNode trails = Call.JSON.createArrayNode();
        for (TrailDefinition trail : scenario.trails()) {
            trails.addObject().put("TrailARN", trail.arn()).put("Name", trail.name()).put("HomeRegion", trail.homeRegion());
        }
        ObjectNode out = Call.JSON.createObjectNode();
        out.set("Trails", trails);
        return call.ok(out);
    }

    WireResponse trailStatus(Call call) {
        return call.ok(find(call, call.json().path("Name").asText("")).status());
    }

    WireResponse eventSelectors(Call call) {
        return call.ok(find(call, call.json().path("TrailName").asText("")).eventSelectors());
    }

    WireResponse insightSelectors(Call call) {
        TrailDefinition trail = find(call, call.json().path("TrailName").asText(""));
        JsonNode selectors = trail.insightSelectors();
        if (selectors == null) {
            throw AwsError.badRequest("InsightNotEnabledException",
                    "Trail " + trail.name() + " does not have Insights enabled.");
        }
        ObjectNode out = Call.JSON.createObjectNode().put("TrailARN", trail.arn());
        out.set("InsightSelectors", selectors);
        return call.ok(out);
    }

    /** Keys valid at some time in the range; without a range, the keys valid now. */
    WireResponse publicKeys(Call call) {
        JsonNode request = call.json();
        Instant start = Call.timestamp(request, "StartTime");
        Instant end = Call.timestamp(request, "EndTime");
        Instant now = clock.instant();
        if (start == null && end == null) {
            start = now;
            end = now;
        } else {
            start = start == null ? Instant.EPOCH : start;
            end = end == null ? now : end;
        }
        if (start.isAfter(end)) {
            throw AwsError.badRequest("InvalidTimeRangeException", "Start time " + start + " is after end time " + end);
        }
        List<PublicKeyEntry> inRange = new ArrayList<>();
        for (PublicKeyEntry key : scenario.publicKeys()) {
            if (!key.validityStart().isAfter(end) && !key.validityEnd().isBefore(start)) {
                inRange.add(key);
            }
        }
        // pages of a few keys, so that every client must follow NextToken as it must with CloudTrail's own pages
        String range = start.getEpochSecond() + "-" + end.getEpochSecond();
        int from = keysOffset(call.json().path("NextToken").asText(""), range, inRange.size());
        ArrayNode keys = Call.JSON.createArrayNode();
        for (PublicKeyEntry key : inRange.subList(from, Math.min(inRange.size(), from + PUBLIC_KEYS_PAGE))) {
            keys.addObject().put("Value", key.valueBase64())
                    .put("ValidityStartTime", key.validityStart().getEpochSecond())
                    .put("ValidityEndTime", key.validityEnd().getEpochSecond())
                    .put("Fingerprint", key.fingerprint());
        }
        ObjectNode out = Call.JSON.createObjectNode();
        out.set("PublicKeyList", keys);
        if (from + PUBLIC_KEYS_PAGE < inRange.size()) {
            out.put("NextToken", "keys/" + range + "/" + (from + PUBLIC_KEYS_PAGE));
        }
        return call.ok(out);
    }

    /** Where a ListPublicKeys page starts: 0, or the offset a NextToken of the same range names. */
    private static int keysOffset(String token, String range, int keys) {
        if (token.isEmpty()) {
            return 0;
        }
        String[] parts = token.split("/");
        try {
            int offset = parts.length == 3 && parts[0].equals("keys") && parts[1].equals(range)
                    ? Integer.parseInt(parts[2]) : -1;
            if (offset > 0 && offset < keys) {
                return offset;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw AwsError.badRequest("InvalidTokenException", "The provided NextToken is not valid for this request.");
    }

    private TrailDefinition find(Call call, String nameOrArn) {
        if (nameOrArn.isEmpty()) {
            throw AwsError.badRequest("InvalidTrailNameException", "Trail name or ARN is required.");
        }
        boolean arn = nameOrArn.startsWith("arn:");
        if (arn && !TRAIL_ARN.matcher(nameOrArn).matches()) {
            throw AwsError.badRequest("CloudTrailARNInvalidException",
                    "Invalid trail ARN: " + nameOrArn + "; a trail ARN is arn:aws:cloudtrail:REGION:ACCOUNT:trail/NAME");
        }
        List<TrailDefinition> trails = scenario.trails();
        for (TrailDefinition trail : trails) {
            boolean home = trail.homeRegion().equals(call.region());
            if (arn ? nameOrArn.equals(trail.arn()) && (home || trail.multiRegion())
                    : home && nameOrArn.equals(trail.name())) {
                return trail;
            }
        }
        throw AwsError.badRequest("TrailNotFoundException",
                "Unknown trail: " + nameOrArn + " for the user: " + scenario.account());
    }

}
