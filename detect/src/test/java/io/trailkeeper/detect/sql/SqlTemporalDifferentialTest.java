package io.trailkeeper.detect.sql;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.trailkeeper.detect.Correlation;
import io.trailkeeper.detect.InMemoryEngine;
import io.trailkeeper.detect.Match;
import io.trailkeeper.detect.RuleLoader;
import io.trailkeeper.detect.SigmaRule;
import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.events.IngestProblem;
import io.trailkeeper.events.TableSink;
import io.trailkeeper.store.EventSearch;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.Ingest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Temporal, temporal_ordered and chained correlations (the bundled console sign-in chain and SigmaHQ's converted
 * SES rule) over generated events that make them fire often: dense bursts, sparse days, and times on whole
 * minutes so that hits fall exactly on the timespan's edge. Every event has its own time, so the order of the
 * hits does not depend on how ties are broken. Both backends must fire on the same events with the same groups.
 */
class SqlTemporalDifferentialTest {
    private static final Path SHARED = Path.of(System.getProperty("trailkeeper.shared", "../../shared"));

    /** Temporal correlations with a condition: two of three rules, in any order or in the order listed. */
    private static final String CONDITIONS = """
            title: Failure
            name: t_failure
            logsource: {product: aws, service: cloudtrail}
            detection:
                selection: {eventName: ConsoleLogin, responseElements.ConsoleLogin: Failure}
                condition: selection
            ---
            title: Success
            name: t_success
            logsource: {product: aws, service: cloudtrail}
            detection:
                selection: {eventName: ConsoleLogin, responseElements.ConsoleLogin: Success}
                condition: selection
            ---
            title: Verify
            name: t_verify
            logsource: {product: aws, service: cloudtrail}
            detection:
                selection: {eventName: VerifyEmailIdentity}
                condition: selection
            ---
            title: Two of three
            name: t_two
            correlation: {type: temporal, rules: [t_failure, t_success, t_verify], group-by: [userIdentity.arn],
                timespan: 2m, condition: {gte: 2}}
            ---
            title: Two of three in order
            name: t_two_ordered
            correlation: {type: temporal_ordered, rules: [t_verify, t_success, t_failure],
                group-by: [userIdentity.arn], timespan: 10m, condition: {gt: 1}}
            ---
            title: Three in order
            name: t_three_ordered
            correlation: {type: temporal_ordered, rules: [t_failure, t_success, t_verify],
                group-by: [userIdentity.arn], timespan: 20m}
            """;

    @TempDir
    Path dir;

    @Test
    void bothBackendsAgreeOnGeneratedTemporalAndChainedCorrelations() throws IOException {
        Random random = new Random(20261127L);
        Set<Long> used = new java.util.HashSet<>();
        List<String> records = new ArrayList<>();
        long base = Instant.parse("2026-05-01T00:00:00Z").getEpochSecond();
        episode(random, used, records, base, 3600, 1, 450);
        episode(random, used, records, base + 86400, 86400, 1, 300);
        episode(random, used, records, base + 3 * 86400, 6 * 3600, 60, 250);
        java.util.Collections.shuffle(records, random);
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("generated.json"), "{\"Records\":[" + String.join(",", records) + "]}");
        Path db = dir.resolve("store.duckdb");
        try (EventStore writing = EventStore.openForWriting(db, EventStore.StoreOptions.defaults())) {
            new Ingest(writing, Ingest.Options.defaults(), new Ingest.Listener() {
                @Override
                public void problem(IngestProblem problem) {
                }
            }).run(List.of(data));
        }
        RuleLoader loader = new RuleLoader();
        List<SigmaRule> all = new ArrayList<>(loader.bundled().rules());
        all.addAll(loader.load(SHARED.resolve("sigma/unsupported")).rules());
        all.addAll(loader.parse(CONDITIONS, "conditions.yml").rules());
        Map<String, SigmaRule> byName = new HashMap<>();
        for (SigmaRule r : all) {
            if (r.id() != null) {
                byName.put(r.id(), r);
            }
            if (r.name() != null) {
                byName.put(r.name(), r);
            }
        }
        try (EventStore store = EventStore.openForReading(db, EventStore.StoreOptions.defaults())) {
            List<CloudTrailEvent> events = CorrelationInputs.read(store);
            EventSearch search = new EventSearch(store);
            SqlBackend backend = new SqlBackend();
            List<String> differences = new ArrayList<>();
            Map<Correlation.Type, Integer> fired = new java.util.TreeMap<>();
            int chainedFires = 0;
            for (SigmaRule rule : all) {
                Correlation c = rule.correlation();
                if (c == null) {
                    continue;
                }
                List<SigmaRule> rules = new ArrayList<>();
                if (!CorrelationInputs.uses(rule, byName, rules, 0)) {
                    continue;
                }
                InMemoryEngine engine = new InMemoryEngine(rules);
                Set<String> memory = new TreeSet<>();
                Consumer<Match> out = m -> {
                    if (m.rule() == rule) {
                        memory.add(m.event().recordHash() + " " + m.group());
                    }
                };
                events.forEach(e -> engine.accept(e, out));
                engine.finish(out);
                Set<String> sql = new TreeSet<>();
                search.sql(backend.correlation(rule, byName, "cloudtrail", null, null), new TableSink() {
                    @Override
                    public void columns(List<String> names) {
                    }

                    @Override
                    public void row(List<Object> values) {
                        sql.add(values.get(0) + " " + values.get(2));
                    }
                });
                fired.merge(c.type(), memory.size(), Integer::sum);
                if (c.rules().stream().anyMatch(x -> byName.get(x).detection() == null)) {
                    chainedFires += memory.size();
                }
                if (!memory.equals(sql)) {
                    differences.add(rule.source() + " (" + rule.title() + "): in-memory " + memory + ", SQL " + sql);
                }
            }
            System.out.println("temporal differential: " + events.size() + " events, fires in memory " + fired
                    + ", chained " + chainedFires);
            assertTrue(fired.getOrDefault(Correlation.Type.TEMPORAL, 0) >= 5, "temporal fires: " + fired);
            assertTrue(fired.getOrDefault(Correlation.Type.TEMPORAL_ORDERED, 0) >= 5, "ordered fires: " + fired);
            assertTrue(chainedFires >= 5, "chained fires: " + chainedFires);
            if (!differences.isEmpty()) {
                fail(differences.size() + " differences:\n" + String.join("\n", differences));
            }
        }
    }

    /** count events at distinct times (multiples of step seconds) in [start, start + length). */
    private static void episode(Random random, Set<Long> used, List<String> out, long start, int length, int step,
                                int count) {
        String[] accounts = {"111122223333", "444455556666"};
        String[] ips = {"203.0.113.77", "198.51.100.9"};
        for (int i = 0; i < count; i++) {
            long t;
            do {
                t = start + (long) random.nextInt(length / step) * step;
            } while (!used.add(t));
            String account = accounts[random.nextInt(accounts.length)];
            String ip = ips[random.nextInt(ips.length)];
            int kind = random.nextInt(100);
            String source;
            String name;
            String response = "null";
            if (kind < 45) {
                source = "signin.amazonaws.com";
                name = "ConsoleLogin";
                response = "{\"ConsoleLogin\":\"Failure\"}";
            } else if (kind < 60) {
                source = "signin.amazonaws.com";
                name = "ConsoleLogin";
                response = "{\"ConsoleLogin\":\"Success\"}";
            } else if (kind < 75) {
                source = "ses.amazonaws.com";
                name = "UpdateAccountSendingEnabled";
            } else if (kind < 90) {
                source = "ses.amazonaws.com";
                name = "VerifyEmailIdentity";
            } else {
                source = "sts.amazonaws.com";
                name = "GetCallerIdentity";
            }
            out.add("{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::"
                    + account + ":user/u" + random.nextInt(3) + "\",\"accountId\":\"" + account + "\"},"
                    + "\"eventTime\":\"" + Instant.ofEpochSecond(t) + "\",\"eventSource\":\"" + source
                    + "\",\"eventName\":\"" + name + "\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"" + ip
                    + "\",\"userAgent\":\"test\",\"requestParameters\":null,\"responseElements\":" + response
                    + ",\"eventID\":\"" + new java.util.UUID(t, i).toString() + "\",\"eventType\":\"AwsApiCall\","
                    + "\"recipientAccountId\":\"" + account + "\"}");
        }
    }
}
