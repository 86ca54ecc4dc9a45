package io.trailkeeper.audit.fix;

import io.trailkeeper.events.AccountSnapshot;
import io.trailkeeper.events.AccountSnapshots;
import io.trailkeeper.events.Finding;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The three accounts of the issue, as snapshots (src/test/resources/fix/snapshots) and the findings the audit
 * gives for them; the findings are written here by hand so that the plan is tested apart from the checks.
 */
enum Situations {
    /** No trail at all: only 90 days of event history exist. */
    NO_TRAIL("no-trail", Set.of(), Map.of(CheckIds.EVIDENCE_DESTROYERS, "no trail bucket to protect"),
            FixOptions.defaults()),
    /** A single-region trail without validation, a 90-day lifecycle, a public-read bucket, no data events, no alarms. */
    WEAK_TRAIL("weak-trail", Set.of(CheckIds.TRAIL_LOGGING, CheckIds.GLOBAL_EVENTS, CheckIds.DELIVERY,
            CheckIds.OWN_BUCKET_EXCLUDED, CheckIds.DYNAMODB_LAMBDA, CheckIds.INSIGHTS), Map.of(),
            FixOptions.defaults().withBreakGlassRoleArn("arn:aws:iam::444455556666:role/BreakGlass")
                    .withAlertEmail("security@example.com").withCriticalBuckets(List.of("acme-payroll",
                            "acme-customer-data")).withDataEventsPerMonth(25_000_000L)),
    /** Every check passes. */
    ALL_PASS("all-pass", Set.copyOf(Ids.ALL_CHECKS), Map.of(), FixOptions.defaults());

    /** Every check id of the audit (in a holder: enum constants cannot read the enum's own static fields). */
    static final class Ids {
        static final List<String> ALL_CHECKS = List.of(CheckIds.TRAIL_LOGGING, CheckIds.MULTI_REGION,
            CheckIds.GLOBAL_EVENTS, CheckIds.LOG_FILE_VALIDATION, CheckIds.KMS, CheckIds.DELIVERY,
            CheckIds.RETENTION_365, CheckIds.RETENTION_PROTECTED, CheckIds.BUCKET_NOT_PUBLIC, CheckIds.BUCKET_POLICY,
            CheckIds.EVIDENCE_DESTROYERS, CheckIds.S3_READ, CheckIds.S3_WRITE, CheckIds.DYNAMODB_LAMBDA,
            CheckIds.OWN_BUCKET_EXCLUDED, CheckIds.ACCESS_LOGGING, "cloudwatch_alarm_trail_tampering",
            "cloudwatch_alarm_console_login_without_mfa", "cloudwatch_alarm_root_usage", CheckIds.INSIGHTS,
            CheckIds.CLOUDWATCH_LOGS);
    }

    final String name;
    private final Set<String> passing;
    private final Map<String, String> unknown;
    final FixOptions options;

    Situations(String name, Set<String> passing, Map<String, String> unknown, FixOptions options) {
        this.name = name;
        this.passing = passing;
        this.unknown = unknown;
        this.options = options;
    }

    AccountSnapshot snapshot() {
        String path = "/fix/snapshots/" + name + ".json";
        try (InputStream in = Situations.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return AccountSnapshots.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One finding per check, on the account: PASS, UNKNOWN with a reason, or FAIL. */
    List<Finding> findings() {
        String account = snapshot().account();
        List<Finding> out = new ArrayList<>();
        for (String id : Ids.ALL_CHECKS) {
            if (passing.contains(id)) {
                out.add(Finding.pass(id, account, null, "as it should be"));
            } else if (unknown.containsKey(id)) {
                out.add(Finding.unknown(id, account, null, unknown.get(id)));
            } else {
                out.add(Finding.fail(id, account, null, "not as it should be"));
            }
        }
        return out;
    }

    FixPlan plan() {
        return FixPlan.build(snapshot(), findings(), options);
    }

    /** Findings where only the given checks fail and every other check passes. */
    List<Finding> failing(String... checkIds) {
        String account = snapshot().account();
        Set<String> failing = Set.of(checkIds);
        return Ids.ALL_CHECKS.stream().map(id -> failing.contains(id)
                ? Finding.fail(id, account, null, "not as it should be")
                : Finding.pass(id, account, null, "as it should be")).toList();
    }

    /**
     * Plans beyond the golden three, which every validator checks too: only alarms missing on a good trail; every
     * option turned the other way; alarms missing where no log group exists.
     */
    static Map<String, FixPlan> variants() {
        Map<String, FixPlan> out = new java.util.LinkedHashMap<>();
        out.put("alarms-only", FixPlan.build(ALL_PASS.snapshot(), ALL_PASS.failing(
                "cloudwatch_alarm_trail_tampering", "cloudwatch_alarm_console_login_without_mfa",
                "cloudwatch_alarm_root_usage"), FixOptions.defaults()));
        out.put("root-alarm-only", FixPlan.build(ALL_PASS.snapshot(), ALL_PASS.failing("cloudwatch_alarm_root_usage"),
                FixOptions.defaults().withAlertEmail("soc@example.com")));
        out.put("every-option", FixPlan.build(NO_TRAIL.snapshot(), NO_TRAIL.findings(), FixOptions.defaults()
                .withRegion("ap-southeast-2").withDynamoDbAndLambda(true).withInsights(false)
                .withEventBridgeRule(false).withRetention(0, 400, 400).withLogGroupRetentionDays(731)
                .withBreakGlassRoleArn("arn:aws:iam::111122223333:role/incident-response/BreakGlass")));
        out.put("alarms-without-log-group", FixPlan.build(WEAK_TRAIL.snapshot(), WEAK_TRAIL.failing(
                "cloudwatch_alarm_root_usage"), FixOptions.defaults()));
        return out;
    }
}
