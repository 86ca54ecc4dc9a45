package io.trailkeeper.detect.alert;

import io.trailkeeper.detect.Detection;
import io.trailkeeper.detect.Match;
import io.trailkeeper.detect.SigmaRule;
import io.trailkeeper.events.CloudTrailEvent;
import io.trailkeeper.events.CloudTrailReader;
import io.trailkeeper.events.IngestProblem;
import io.trailkeeper.events.RecordSink;
import io.trailkeeper.events.SourceKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Rules, events and matches for the alert tests. */
final class AlertSamples {
    private AlertSamples() {
    }

    static final SigmaRule STOP_LOGGING = new SigmaRule("4db60cc0-36fb-42b7-9b58-a5b53019fb74", null,
            "AWS CloudTrail Important Change", "test", "medium", "vitaliy0x1", null, List.of(),
            List.of("attack.defense-evasion", "attack.t1562.008", "detection.threat-hunting"), List.of(),
            "test", new Detection(Map.of(), new Detection.Ref("selection"), null), null);

    static CloudTrailEvent event(String name, int second) {
        String json = "{\"eventVersion\":\"1.08\",\"eventTime\":\"2024-03-01T23:59:" + String.format("%02d", second)
                + "Z\",\"eventSource\":\"cloudtrail.amazonaws.com\",\"eventName\":\"" + name + "\","
                + "\"awsRegion\":\"ap-northeast-1\",\"sourceIPAddress\":\"203.0.113.7\","
                + "\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::111122223333:user/mallory\"},"
                + "\"requestParameters\":{\"name\":\"main-trail\"},"
                + "\"resources\":[{\"ARN\":\"arn:aws:cloudtrail:ap-northeast-1:111122223333:trail/main-trail\"}],"
                + "\"eventID\":\"e-" + name + "-" + second + "\"}";
        return parse(json);
    }

    /** A data event: {@code user} reads object {@code key} of bucket data at {@code time}. */
    static CloudTrailEvent s3Read(String user, Instant time, String key) {
        String json = "{\"eventVersion\":\"1.08\",\"eventTime\":\"" + time + "\",\"eventSource\":\"s3.amazonaws.com\","
                + "\"eventName\":\"GetObject\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"203.0.113.7\","
                + "\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::111122223333:user/" + user + "\"},"
                + "\"requestParameters\":{\"bucketName\":\"data\",\"key\":\"" + key + "\"},"
                + "\"eventCategory\":\"Data\",\"eventID\":\"e-" + user + "-" + key + "\"}";
        return parse(json);
    }

    /** One record read by the real reader, which must find nothing wrong with it. */
    static CloudTrailEvent parse(String json) {
        List<CloudTrailEvent> out = new ArrayList<>();
        try {
            new CloudTrailReader().read("test", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                    new RecordSink() {
                        @Override
                        public void event(CloudTrailEvent event, String source, SourceKind kind, long index) {
                            out.add(event);
                        }

                        @Override
                        public void digest(String source) {
                        }

                        @Override
                        public void problem(IngestProblem problem) {
                            throw new AssertionError(problem.describe());
                        }
                    });
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.get(0);
    }

    static Match match(String eventName, int second) {
        return new Match(STOP_LOGGING, List.of(event(eventName, second)), List.of());
    }

    static List<Match> matches(int n) {
        List<Match> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(match("StopLogging", i));
        }
        return out;
    }
}
