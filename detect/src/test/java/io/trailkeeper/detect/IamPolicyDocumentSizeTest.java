package io.trailkeeper.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.events.CloudTrailEvent;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * iam_policy_allows_everything reads documents as large as IAM takes (a role's inline policies up to 10,240
 * characters), as JSON text and URL-encoded, where every quote, colon and comma is three characters.
 * java.util.regex recurses once per repetition of a group, so the expressions repeat per brace group (JSON text)
 * or per escape up to a bound (URL-encoded), never per character, and must not overflow the stack of a worker
 * thread (512 KB here, half the JVM's default for ParallelEngine's threads).
 */
class IamPolicyDocumentSizeTest {
    private static final String ALLOWS_EVERYTHING = "7eeadaeb-1ab9-42ac-9d37-08026c88f70c";

    @Test
    void aRolePolicyOfIamsLargestSizeAsJsonTextIsReadOnASmallStack() throws InterruptedException {
        String policy = policy(actions() + "\"*\"");
        assertTrue(policy.length() > 9_500, "policy length " + policy.length());
        assertEquals(1, matchesOnASmallStack(policy), "Action \"*\" after 1,400 others, on Resource \"*\"");
    }

    @Test
    void aRolePolicyOfIamsLargestSizeUrlEncodedIsReadOnASmallStack() throws InterruptedException {
        String encoded = URLEncoder.encode("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Resource\":\"*\",\"Action\":[\"*\"," + actions() + "\"s3:GetObject\"]}]}", StandardCharsets.UTF_8);
        assertTrue(encoded.length() > 17_000, "encoded length " + encoded.length());
        assertEquals(1, matchesOnASmallStack(encoded), "Action \"*\" first in the list, after Resource \"*\"");
        // past the bound (300 escapes between two elements, or in a list before its "*") the encoded form is not
        // matched, and not a crash
        String late = URLEncoder.encode(policy(actions() + "\"*\""), StandardCharsets.UTF_8);
        assertEquals(0, matchesOnASmallStack(late));
    }

    /** About 1,400 short action names, each in quotes with a comma: four characters URL-encoded. */
    private static String actions() {
        StringBuilder actions = new StringBuilder();
        for (int i = 0; actions.length() < 9_800; i++) {
            actions.append("\"s3:G").append(i).append("\",");
        }
        return actions.toString();
    }

    private static String policy(String actionList) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[" + actionList
                + "],\"Resource\":\"*\"}]}";
    }

    private static int matchesOnASmallStack(String document) throws InterruptedException {
        String escaped = document.replace("\\", "\\\\").replace("\"", "\\\"");
        CloudTrailEvent event = Events.one("{\"eventVersion\":\"1.10\",\"eventTime\":\"2026-03-14T09:30:12Z\","
                + "\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"PutRolePolicy\",\"awsRegion\":\"us-east-1\","
                + "\"sourceIPAddress\":\"198.51.100.23\",\"recipientAccountId\":\"111122223333\",\"requestParameters\":"
                + "{\"roleName\":\"ci-deploy\",\"policyName\":\"big\",\"policyDocument\":\"" + escaped + "\"}}");
        List<SigmaRule> rules = new RuleLoader().bundled().rules().stream()
                .filter(r -> r.id().equals(ALLOWS_EVERYTHING)).toList();
        assertEquals(1, rules.size(), "iam_policy_allows_everything is bundled");
        List<Match> matches = new ArrayList<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread worker = new Thread(null, () -> {
            try {
                InMemoryEngine engine = new InMemoryEngine(rules);
                engine.accept(event, matches::add);
                engine.finish(matches::add);
            } catch (Throwable t) {
                failed.set(t);
            }
        }, "small-stack", 512 * 1024);
        worker.start();
        worker.join();
        assertEquals(null, failed.get() == null ? null : failed.get().toString());
        return matches.size();
    }
}
