package io.trailkeeper.aws.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshots;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.LifecycleRule;

class LifecycleRulesTest {
    @Test
    void anExpirationDateIsKept() {
        Instant date = Instant.parse("2026-01-01T00:00:00Z");
        LifecycleRule rule = LifecycleRule.builder().id("by-date").status("Enabled")
                .filter(f -> f.prefix("AWSLogs/")).expiration(e -> e.date(date)).build();
        assertEquals(new AccountSnapshot.LifecycleRule("by-date", true, "AWSLogs/", null, null, null, date),
                LifecycleRules.of(rule));
    }

    @Test
    void aSnapshotWrittenBeforeTheDateWasReadHasNone() {
        String json = """
                {"version":1,"account":"123456789012","buckets":[{"name":"logs","exists":true,"lifecycleRules":[
                 {"id":"keep","enabled":true,"prefix":"","expirationDays":400}]}]}""";
        AccountSnapshot s = AccountSnapshots.fromJson(json, "old.json");
        assertEquals(List.of(new AccountSnapshot.LifecycleRule("keep", true, "", 400, null, null, null)),
                s.buckets().get(0).lifecycleRules());
        String dated = json.replace("\"expirationDays\":400", "\"expirationDate\":\"2026-01-01T00:00:00Z\"");
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"),
                AccountSnapshots.fromJson(dated, "new.json").buckets().get(0).lifecycleRules().get(0).expirationDate());
    }
}
