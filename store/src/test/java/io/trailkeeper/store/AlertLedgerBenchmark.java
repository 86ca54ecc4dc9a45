package io.trailkeeper.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * Times the alert ledger as a first {@code watch} round over a large store uses it (not a test: run by hand). Raises
 * N alerts into a fresh store 10,000 at a time (watch's batch), nine in ten about one record and one in ten a
 * correlation's about three, over 200 rules; then delivers them to two sinks as a sink's delivery thread does: the
 * pending alerts read a queue's worth (10,000) at a time, the deliveries recorded a queue's worth at a time ({@code batch},
 * as {@code watch} does) and, to compare in the same run, one call per alert ({@code per-alert}, as it did before:
 * give it a small N).
 * Prints the time per alert of each phase.
 *
 * <pre>{@code
 * mvn -o -q -pl store -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp
 * java -cp store/target/test-classes:store/target/classes:$(cat store/target/bench.cp) \
 *     io.trailkeeper.store.AlertLedgerBenchmark 200000 batch,per-alert
 * }</pre>
 */
public final class AlertLedgerBenchmark {
    private static final int RAISE_BATCH = 10_000;
    private static final int QUEUE = 10_000;
    private static final int RECORD_BATCH = 10_000;
    private static final List<String> SINKS = List.of("jsonl:alerts.jsonl", "webhook:https://hooks.example/T0");

    private AlertLedgerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 200_000;
        List<String> modes = List.of((args.length > 1 ? args[1] : "batch,per-alert").split(","));
        for (String mode : modes) {
            if (!mode.equals("batch") && !mode.equals("per-alert")) {
                throw new IllegalArgumentException("mode " + mode + " is neither batch nor per-alert");
            }
            Path dir = Files.createTempDirectory("trailkeeper-alert-bench");
            try {
                run(dir.resolve("store.duckdb"), n, mode);
            } finally {
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static void run(Path store, int n, String mode) {
        EventStore.openForWriting(store, EventStore.StoreOptions.defaults()).close();
        AlertLedger ledger = new AlertLedger(store, EventStore.StoreOptions.defaults());
        List<AlertLedger.NewAlert> alerts = alerts(n);
        long start = System.nanoTime();
        long raised = 0;
        for (int i = 0; i < n; i += RAISE_BATCH) {
            raised += ledger.raise(alerts.subList(i, Math.min(n, i + RAISE_BATCH)), SINKS).size();
        }
        long raising = System.nanoTime() - start;
        System.out.println(String.format(Locale.ROOT, "%s: raised %,d of %,d alerts in %.1f s (%.1f us an alert)",
                mode, raised, n, raising / 1e9, raising / 1e3 / n));
        start = System.nanoTime();
        long delivered = 0;
        for (String sink : SINKS) {
            delivered += deliver(ledger, sink, mode);
        }
        long delivering = System.nanoTime() - start;
        System.out.println(String.format(Locale.ROOT, "%s: delivered %,d to %d sinks in %.1f s (%.1f us an alert"
                + " and sink)", mode, delivered, SINKS.size(), delivering / 1e9, delivering / 1e3 / Math.max(1, delivered)));
    }

    /** Reads what is pending for the sink a queue at a time and records it delivered, until nothing is. */
    private static long deliver(AlertLedger ledger, String sink, String mode) {
        long delivered = 0;
        for (List<AlertLedger.PendingAlert> page = ledger.pending(sink, QUEUE); !page.isEmpty();
             page = ledger.pending(sink, QUEUE)) {
            List<String> keys = page.stream().map(AlertLedger.PendingAlert::key).toList();
            if (mode.equals("per-alert")) {
                keys.forEach(k -> ledger.delivered(k, sink));
            } else {
                for (int i = 0; i < keys.size(); i += RECORD_BATCH) {
                    ledger.delivered(keys.subList(i, Math.min(keys.size(), i + RECORD_BATCH)), sink);
                }
            }
            delivered += keys.size();
        }
        return delivered;
    }

    /** N distinct alerts, each correlation's records its own (as one evaluation's are). */
    private static List<AlertLedger.NewAlert> alerts(int n) {
        Random random = new Random(42);
        List<String> rules = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            rules.add(new UUID(random.nextLong(), random.nextLong()).toString());
        }
        Instant time = Instant.parse("2026-11-01T00:00:00Z");
        List<AlertLedger.NewAlert> alerts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String rule = rules.get(random.nextInt(rules.size()));
            int records = i % 10 == 9 ? 3 : 1;
            List<String> hashes = new ArrayList<>();
            for (int r = 0; r < records; r++) {
                hashes.add(new UUID(random.nextLong(), random.nextLong()).toString());
            }
            String key = rule + "/" + String.join("+", hashes);
            Instant at = time.plusSeconds(i);
            String payload = String.format(Locale.ROOT, "{\"ruleId\":\"%s\",\"title\":\"A rule's title of some"
                    + " words\",\"level\":\"medium\",\"author\":\"Someone\",\"eventTime\":\"%s\",\"region\":"
                    + "\"us-east-1\",\"principal\":\"arn:aws:iam::123456789012:user/alice\",\"sourceIp\":"
                    + "\"203.0.113.7\",\"eventName\":\"GetObject\",\"recordHashes\":[\"%s\"]}", rule, at,
                    String.join("\",\"", hashes));
            alerts.add(new AlertLedger.NewAlert(key, rule, hashes, at, payload));
        }
        return alerts;
    }
}
