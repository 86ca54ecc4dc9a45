package io.trailkeeper.aws.inventory;

import io.trailkeeper.events.AccountSnapshot;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

/** A region's CloudWatch metric alarms (DescribeAlarms, every page): what a metric filter's count can alert on. */
final class AlarmReader {
    private AlarmReader() {
    }

    /** @throws software.amazon.awssdk.core.exception.SdkException when a page cannot be read */
    static List<AccountSnapshot.Alarm> read(InventoryClients clients, String region) {
        List<AccountSnapshot.Alarm> out = new ArrayList<>();
        for (MetricAlarm a : clients.cloudWatch(region).describeAlarmsPaginator(b -> b.maxRecords(100)).metricAlarms()) {
            out.add(new AccountSnapshot.Alarm(a.alarmName(), region, a.namespace(), a.metricName(),
                    Boolean.TRUE.equals(a.actionsEnabled()), a.alarmActions()));
        }
        return out;
    }
}
