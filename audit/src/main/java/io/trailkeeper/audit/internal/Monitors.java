package io.trailkeeper.audit.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshot.Alarm;
import io.trailkeeper.events.AccountSnapshot.EventRule;
import io.trailkeeper.events.AccountSnapshot.LogGroup;
import io.trailkeeper.events.AccountSnapshot.MetricFilter;
import io.trailkeeper.events.AccountSnapshot.Trail;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who would be told when an event happens: a metric filter on a logging trail's CloudWatch Logs group whose
 * metric has an alarm with actions, or an enabled EventBridge rule with a target. Each is proven against a
 * sample CloudTrail record, as a Sigma rule is proven by its sample. A metric filter sees the regions its
 * trail records (all of them for a multi-region trail), and only the management events the trail's selectors
 * log; an EventBridge rule sees only its own region, and only while a logging trail logs those events (AWS:
 * "AWS API Call via CloudTrail" events need a trail with logging enabled).
 */
public final class Monitors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Monitors() {
    }

    /** A CloudTrail record, and how EventBridge labels it ({@code source}, {@code detail-type}). */
    public record Sample(String label, JsonNode record, String source, String detailType) {
        public static Sample of(String label, String source, String detailType, String recordJson) {
            try {
                return new Sample(label, JSON.readTree(recordJson), source, detailType);
            } catch (JacksonException e) {
                throw new IllegalArgumentException("sample " + label + " is not JSON", e);
            }
        }

        JsonNode envelope() {
            ObjectNode event = JSON.createObjectNode();
            event.put("source", source);
            event.put("detail-type", detailType);
            event.put("region", record.path("awsRegion").asText());
            event.set("detail", record);
            return event;
        }
    }

    /** Something that alerts, and the regions whose events it sees (empty: every region). */
    public record Watcher(String description, Set<String> regions) {
        public boolean sees(String region) {
            return regions.isEmpty() || region != null && regions.contains(region);
        }
    }

    /**
     * @param watchers what alerts on the sample
     * @param gaps     what nearly does (a matching filter without an acting alarm, a disabled rule)
     * @param unknown  why part of the monitoring could not be read
     */
    public record Watch(List<Watcher> watchers, List<String> gaps, List<String> unknown) {
        public boolean sees(String region) {
            return watchers.stream().anyMatch(w -> w.sees(region));
        }

        public boolean seesAll(Collection<String> regions) {
            return watchers.stream().anyMatch(w -> w.regions().isEmpty()) || regions.stream().allMatch(this::sees);
        }

        public List<String> missing(Collection<String> regions) {
            return regions.stream().filter(r -> !sees(r)).sorted().toList();
        }
    }

    /** Everything in the snapshot that would alert on every one of {@code samples}. */
    public static Watch watching(AccountSnapshot snapshot, List<Sample> samples) {
        List<Watcher> watchers = new ArrayList<>();
        List<String> gaps = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        boolean fed = false;
        String unsure = null;
        for (Trail trail : Inputs.loggingTrails(snapshot)) {
            String error = Inputs.error(trail.errors(), Inputs.SELECTORS);
            if (error != null) {
                unsure = "the event selectors of " + Inputs.describe(trail) + " could not be read: " + error;
                if (trail.cloudWatchLogsLogGroupArn() != null) {
                    unknown.add(unsure);
                }
                continue;
            }
            boolean logs = samples.stream().allMatch(s -> ManagementEventSelectors.logs(trail, s.record()));
            fed |= logs;
            if (trail.cloudWatchLogsLogGroupArn() != null && logs) {
                metricFilters(snapshot, trail, samples, watchers, gaps, unknown);
            } else if (trail.cloudWatchLogsLogGroupArn() != null) {
                gaps.add(Inputs.describe(trail) + " does not send these events to its log group: "
                        + ManagementEventSelectors.of(trail).gaps());
            }
        }
        for (EventRule rule : snapshot.eventRules()) {
            if (samples.stream().allMatch(s -> EventPattern.matches(rule.eventPattern(), s.envelope()))) {
                if (!fed) {
                    String why = "EventBridge rule " + rule.name() + " matches, but EventBridge receives API calls"
                            + " through a logging trail and no logging trail logs these management events";
                    if (unsure != null) {
                        unknown.add(unsure);
                    } else {
                        gaps.add(why);
                    }
                } else if ("ENABLED".equalsIgnoreCase(rule.state()) && rule.targets() > 0) {
                    watchers.add(new Watcher("EventBridge rule " + rule.name() + " (" + rule.region() + ")",
                            rule.region() == null ? Set.of() : Set.of(rule.region())));
                } else {
                    gaps.add("EventBridge rule " + rule.name() + " matches but is " + rule.state() + " with "
                            + rule.targets() + " target(s)");
                }
            }
        }
        Optional.ofNullable(Inputs.unreadable(snapshot, "events")).ifPresent(unknown::add);
        return new Watch(watchers, gaps, unknown.stream().distinct().toList());
    }

    private static void metricFilters(AccountSnapshot snapshot, Trail trail, List<Sample> samples,
                                      List<Watcher> watchers, List<String> gaps, List<String> unknown) {
        String[] arn = trail.cloudWatchLogsLogGroupArn().split(":");
        String region = arn.length > 3 ? arn[3] : trail.homeRegion();
        String name = arn.length > 6 ? arn[6] : trail.cloudWatchLogsLogGroupArn();
        Optional<LogGroup> group = snapshot.logGroups().stream()
                .filter(g -> g.name().equals(name) && (g.region() == null || g.region().equals(region))).findFirst();
        if (group.isEmpty()) {
            String why = Inputs.unreadable(snapshot, "logs", region);
            unknown.add(why != null ? why : "log group " + name + " of " + Inputs.describe(trail)
                    + " is not in the snapshot");
            return;
        }
        String missing = Inputs.error(group.get().errors(), Inputs.LOG_GROUP);
        String error = missing != null ? missing : Inputs.error(group.get().errors(), Inputs.METRIC_FILTERS);
        if (Inputs.notFound(missing)) {
            gaps.add("log group " + name + " of " + Inputs.describe(trail) + " does not exist");
            return;
        }
        if (error != null) {
            unknown.add("metric filters of log group " + name + ": " + error);
            return;
        }
        Set<String> seen = trail.multiRegion() || trail.homeRegion() == null ? Set.of() : Set.of(trail.homeRegion());
        for (MetricFilter filter : group.get().metricFilters()) {
            if (!samples.stream().allMatch(s -> MetricFilterPattern.matches(filter.pattern(), s.record()))) {
                continue;
            }
            Optional<Alarm> alarm = snapshot.alarms().stream()
                    .filter(a -> Objects.equals(a.namespace(), filter.metricNamespace())
                            && Objects.equals(a.metricName(), filter.metricName())
                            && (a.region() == null || a.region().equals(region)))
                    .filter(a -> a.actionsEnabled() && !a.alarmActions().isEmpty()).findFirst();
            if (alarm.isPresent()) {
                watchers.add(new Watcher("metric filter " + filter.name() + " on " + name + " with alarm "
                        + alarm.get().name(), seen));
            } else {
                String why = Inputs.unreadable(snapshot, "cloudwatch", region);
                if (why != null) {
                    unknown.add(why);
                } else {
                    gaps.add("metric filter " + filter.name() + " on " + name + " has no alarm with an action");
                }
            }
        }
    }
}
