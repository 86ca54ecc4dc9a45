package io.trailkeeper.cli;

import static io.trailkeeper.cli.Waits.await;
import static io.trailkeeper.cli.Waits.read;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trailkeeper.emulator.Emulator;
import io.trailkeeper.emulator.EmulatorConfig;
import io.trailkeeper.emulator.MovingClock;
import io.trailkeeper.emulator.Scenario;
import io.trailkeeper.emulator.ScenarioBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watch over an event history that shows events late, its rounds' look-back sliding on with the clock the test
 * moves: a late event is collected and alerted once, and a correlation is alerted once however the look-back cuts it.
 */
class WatchLateEventsTest {
    private static final Instant T0 = Cli.CLOCK.instant();

    @TempDir
    Path dir;

    /** The clock of the watch and of the emulator, moved by the test between rounds. */
    private static String call(Instant time, String source, String name, String id) {
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDAEXAMPLE\","
                + "\"arn\":\"arn:aws:iam::123456789012:user/mallory\",\"accountId\":\"123456789012\","
                + "\"accessKeyId\":\"AKIAEXAMPLELEAKED01\",\"userName\":\"mallory\"},\"eventTime\":\"" + time
                + "\",\"eventSource\":\"" + source + "\",\"eventName\":\"" + name + "\",\"awsRegion\":\"us-east-1\","
                + "\"sourceIPAddress\":\"203.0.113.66\",\"userAgent\":\"aws-cli/2.15.30\",\"requestParameters\":"
                + "{\"name\":\"main-trail\"},\"responseElements\":null,\"eventID\":\"" + id + "\",\"readOnly\":false,"
                + "\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"123456789012\","
                + "\"eventCategory\":\"Management\"}";
    }

    /** A detection of DescribeInstances, and its correlation: 3 of them by one principal within 10 minutes. */
    private Path burstRule() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("describe_burst.yml"), String.join("\n",
                "title: Describe seen", "name: describe_seen", "id: 0b5f7f5e-0000-4000-8000-000000000011",
                "status: experimental", "author: Tester", "logsource:", "  product: aws", "  service: cloudtrail",
                "detection:", "  selection:", "    eventName: DescribeInstances", "  condition: selection", "level: low",
                "---",
                "title: Describe burst", "id: 0b5f7f5e-0000-4000-8000-000000000012", "status: experimental",
                "author: Tester", "correlation:", "  type: event_count", "  rules:", "    - describe_seen",
                "  group-by:", "    - userIdentity.arn", "  timespan: 10m", "  condition:", "    gte: 3",
                "level: high", ""));
        return rules;
    }

    @Test
    void aLateEventIsAlertedOnceAndACorrelationOnceWhileTheLookBackSlides() throws Exception {
        ScenarioBuilder b = Scenario.builder().account("123456789012").now(T0).enabledRegions("us-east-1");
        for (int i = 0; i < 4; i++) { // 58, 57, 56 and 55 minutes before the first round: one burst
            b.record(call(T0.minus(Duration.ofMinutes(58 - i)), "ec2.amazonaws.com", "DescribeInstances",
                    "33333333-3333-3333-3333-33333333333" + i));
        }
        String lateId = "44444444-4444-4444-4444-444444444444";
        b.record(call(T0.minus(Duration.ofMinutes(20)), "cloudtrail.amazonaws.com", "StopLogging", lateId));
        MovingClock clock = new MovingClock(T0);
        Path alerts = dir.resolve("alerts.jsonl");
        StringWriter err = new StringWriter();
        AtomicInteger code = new AtomicInteger(-1);
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(b.build()).clock(clock)
                .lookupRatePerSecond(0).lookupDelay(lateId, Duration.ofMinutes(25)).build())) {
            String[] args = {"--store", dir.resolve("s.duckdb").toString(), "watch", "--from", "lookup",
                "--interval", "1s", "--lookback", "1h", "--endpoint-url", emulator.endpoint().toString(),
                "--rate", "50", "--rules", burstRule().toString(), "--alert", "jsonl:" + alerts};
            Thread watch = new Thread(() -> code.set(Main.run(args, new PrintWriter(new StringWriter(), true),
                    new PrintWriter(err, true), clock)));
            watch.start();
            try {
                await("the first round's burst", () -> count(alerts, "Describe burst") >= 1, err);
                // the look-back now starts after the burst's first call: the rest of it still makes 3
                clock.set(T0.plus(Duration.ofMinutes(2)).plusSeconds(30));
                awaitRounds(2, err);
                // the late StopLogging (20 minutes before the first round) has appeared in the history
                clock.set(T0.plus(Duration.ofMinutes(10)));
                await("the late event's alert", () -> count(alerts, "CloudTrail Trail Logging Stopped") >= 1, err);
                awaitRounds(2, err);
            } finally {
                watch.interrupt();
                watch.join(Duration.ofSeconds(60).toMillis());
            }
        }
        assertEquals(0, code.get(), err.toString());
        assertEquals(1, count(alerts, "CloudTrail Trail Logging Stopped"), read(alerts));
        assertEquals(1, count(alerts, "Describe burst"), "one burst, one alert: " + read(alerts));
    }

    private static long count(Path alerts, String text) {
        return read(alerts).lines().filter(l -> l.contains(text)).count();
    }

    /** Waits for {@code n} more rounds to end than have ended now. */
    private static void awaitRounds(int n, StringWriter err) throws InterruptedException {
        long before = rounds(err);
        await(n + " more rounds", () -> rounds(err) >= before + n, err);
    }

    private static long rounds(StringWriter err) {
        return err.toString().lines().filter(l -> l.startsWith("watch: round at")).count();
    }
}
