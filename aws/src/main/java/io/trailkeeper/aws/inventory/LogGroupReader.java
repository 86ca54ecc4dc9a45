package io.trailkeeper.aws.inventory;

import io.trailkeeper.events.AccountSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.MetricFilter;
import software.amazon.awssdk.services.cloudwatchlogs.model.MetricTransformation;

/**
 * The CloudWatch Logs group a trail delivers to: its retention (DescribeLogGroups) and its metric filters
 * (DescribeMetricFilters). A group that does not exist, or cannot be read, is kept with the reason under
 * {@code logGroup}; filters that cannot be read under {@code metricFilters}.
 */
final class LogGroupReader {
    private LogGroupReader() {
    }

    /** @param groupArn as the trail names it: {@code arn:aws:logs:REGION:ACCOUNT:log-group:NAME:*} */
    static AccountSnapshot.LogGroup read(InventoryClients clients, String groupArn, String homeRegion) {
        String[] parts = groupArn.split(":");
        String region = parts.length > 3 && !parts[3].isEmpty() ? parts[3] : homeRegion;
        String name = parts.length > 6 ? parts[6] : groupArn;
        String arn = groupArn.endsWith(":*") ? groupArn.substring(0, groupArn.length() - 2) : groupArn;
        CloudWatchLogsClient logs = clients.logs(region);
        Map<String, String> errors = new LinkedHashMap<>();
        Integer retention = null;
        try {
            LogGroup group = find(logs, name);
            if (group == null) {
                errors.put("logGroup", "ResourceNotFoundException: the log group " + name + " does not exist in " + region);
            } else {
                retention = group.retentionInDays();
            }
        } catch (SdkException e) {
            errors.put("logGroup", Attempts.reason(e));
        }
        List<AccountSnapshot.MetricFilter> filters = new ArrayList<>();
        if (!errors.containsKey("logGroup")) {
            try {
                for (MetricFilter f : logs.describeMetricFiltersPaginator(b -> b.logGroupName(name)).metricFilters()) {
                    for (MetricTransformation t : f.metricTransformations()) {
                        filters.add(new AccountSnapshot.MetricFilter(f.filterName(), f.filterPattern(),
                                t.metricNamespace(), t.metricName()));
                    }
                }
            } catch (SdkException e) {
                errors.put("metricFilters", Attempts.reason(e));
            }
        }
        return new AccountSnapshot.LogGroup(name, arn, region, retention, filters, errors);
    }

    private static LogGroup find(CloudWatchLogsClient logs, String name) {
        for (LogGroup g : logs.describeLogGroupsPaginator(b -> b.logGroupNamePrefix(name)).logGroups()) {
            if (name.equals(g.logGroupName())) {
                return g;
            }
        }
        return null;
    }
}
