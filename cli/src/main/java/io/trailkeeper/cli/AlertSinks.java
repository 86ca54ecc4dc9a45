package io.trailkeeper.cli;

import io.trailkeeper.aws.AwsOptions;
import io.trailkeeper.aws.SnsPublisher;
import io.trailkeeper.detect.alert.Alert;
import io.trailkeeper.detect.alert.AlertDeliveryException;
import io.trailkeeper.detect.alert.AlertSink;
import io.trailkeeper.detect.alert.AlertState;
import io.trailkeeper.detect.alert.FunctionSink;
import io.trailkeeper.detect.alert.JsonLinesSink;
import io.trailkeeper.detect.alert.StdoutSink;
import io.trailkeeper.detect.alert.WebhookSink;
import io.trailkeeper.events.TrailKeeperException;
import io.trailkeeper.store.AlertLedger;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The --alert sinks as a user names them, and the store's ledger as the dispatcher's memory. */
final class AlertSinks {
    private AlertSinks() {
    }

    /** stdout, jsonl:FILE, webhook:URL (or a bare http(s) URL), sns:TOPIC_ARN. */
    static List<AlertSink> parse(List<String> specs, PrintWriter out, AwsOptions aws, List<AutoCloseable> toClose) {
        List<AlertSink> sinks = new ArrayList<>();
        for (String spec : specs) {
            if (spec.equals("stdout")) {
                sinks.add(new StdoutSink(out));
            } else if (spec.startsWith("jsonl:")) {
                sinks.add(new JsonLinesSink(Path.of(spec.substring("jsonl:".length()))));
            } else if (spec.startsWith("webhook:") || spec.startsWith("http://") || spec.startsWith("https://")) {
                String url = spec.startsWith("webhook:") ? spec.substring("webhook:".length()) : spec;
                sinks.add(new WebhookSink(URI.create(url), WebhookSink.Options.defaults()));
            } else if (spec.startsWith("sns:")) {
                String arn = spec.substring("sns:".length());
                SnsPublisher publisher = SnsPublisher.create(aws);
                toClose.add(publisher);
                sinks.add(new FunctionSink("sns:" + arn, json -> {
                    try {
                        publisher.publish(arn, json);
                    } catch (TrailKeeperException e) {
                        throw new AlertDeliveryException(e.getMessage(), SnsPublisher.isRetryable(e), e);
                    }
                }));
            } else {
                throw new IllegalArgumentException("--alert " + spec + " is not a sink; use stdout, jsonl:FILE,"
                        + " webhook:URL or sns:TOPIC_ARN");
            }
        }
        return sinks;
    }

    /** The dispatcher's memory in the store: an alert is raised once per rule and event, across restarts. */
    static AlertState ledger(AlertLedger ledger) {
        return new AlertState() {
            @Override
            public List<Alert> raise(List<Alert> alerts, Collection<String> sinks) {
                Set<String> fresh = new HashSet<>(ledger.raise(alerts.stream().map(a -> new AlertLedger.NewAlert(
                        a.key(), a.ruleId(), a.recordHashes(), a.eventTime(), a.toJson())).toList(), sinks));
                return alerts.stream().filter(a -> fresh.contains(a.key())).toList();
            }

            @Override
            public List<Alert> pending(String sink, int limit) {
                return ledger.pending(sink, limit).stream().map(p -> Alert.fromJson(p.payload())).toList();
            }

            @Override
            public void delivered(Alert alert, String sink) {
                ledger.delivered(alert.key(), sink);
            }

            @Override
            public void failed(Alert alert, String sink, String error) {
                ledger.failed(alert.key(), sink, error);
            }

            @Override
            public void delivered(List<Alert> alerts, String sink) {
                ledger.delivered(alerts.stream().map(Alert::key).toList(), sink);
            }

            @Override
            public void failed(List<Alert> alerts, String sink, String error) {
                ledger.failed(alerts.stream().map(Alert::key).toList(), sink, error);
            }
        };
    }
}
