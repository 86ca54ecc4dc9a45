package io.trailkeeper.detect.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trailkeeper.detect.Match;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertTest {
    @Test
    void anAlertShowsTheRuleWithItsAuthorAndTheEvent() {
        Match m = AlertSamples.match("StopLogging", 5);
        Alert a = Alert.of(m);
        assertEquals("4db60cc0-36fb-42b7-9b58-a5b53019fb74", a.ruleId());
        assertEquals("vitaliy0x1", a.author());
        assertEquals(List.of("attack.defense-evasion", "attack.t1562.008"), a.attackTags());
        assertEquals(Instant.parse("2024-03-01T23:59:05Z"), a.eventTime());
        assertEquals("ap-northeast-1", a.region());
        assertEquals("arn:aws:iam::111122223333:user/mallory", a.principal());
        assertEquals("203.0.113.7", a.sourceIp());
        assertEquals("StopLogging", a.eventName());
        assertEquals(List.of(m.event().recordHash().toString()), a.recordHashes());
        assertEquals(a.ruleId() + "/" + m.event().recordHash(), a.key());
        // times in UTC whatever the machine's zone (the tests run in Pacific/Chatham)
        assertEquals("[MEDIUM] AWS CloudTrail Important Change: StopLogging by arn:aws:iam::111122223333:user/mallory"
                + " from 203.0.113.7 in ap-northeast-1 at 2024-03-01T23:59:05Z on " + String.join(", ", a.resources())
                + " | rule 4db60cc0-36fb-42b7-9b58-a5b53019fb74 by vitaliy0x1 | attack.defense-evasion attack.t1562.008",
                a.text());
    }

    @Test
    void theKeyIsTheRuleAndTheRecordsInAnyOrder() {
        Alert one = Alert.of(AlertSamples.match("StopLogging", 1));
        Alert again = Alert.of(AlertSamples.match("StopLogging", 1));
        Alert other = Alert.of(AlertSamples.match("StopLogging", 2));
        assertEquals(one.key(), again.key());
        assertNotEquals(one.key(), other.key());
        Match ab = new Match(AlertSamples.STOP_LOGGING, List.of(AlertSamples.event("A", 1), AlertSamples.event("B", 2)),
                List.of("x"));
        Match ba = new Match(AlertSamples.STOP_LOGGING, List.of(AlertSamples.event("B", 2), AlertSamples.event("A", 1)),
                List.of("x"));
        assertEquals(Alert.of(ab).key(), Alert.of(ba).key());
        assertTrue(Alert.of(ab).key().length() < 80);
    }

    @Test
    void theJsonFormHasASlackTextFieldAndReadsBack() throws Exception {
        Alert a = Alert.of(AlertSamples.match("StopLogging", 5));
        String json = a.toJson();
        assertFalse(json.contains("\n"));
        JsonNode o = new ObjectMapper().readTree(json);
        assertEquals(a.text(), o.get("text").asText());
        assertEquals("vitaliy0x1", o.get("author").asText());
        assertEquals("2024-03-01T23:59:05Z", o.get("eventTime").asText());
        assertEquals(a.key(), o.get("key").asText());
        assertEquals(a, Alert.fromJson(json));
    }

    @Test
    void aMessageOfABurstStaysUnderSnsLimitAndSaysHowManyRecordsItLeavesOut() throws Exception {
        List<String> hashes = java.util.stream.IntStream.range(0, 7000)
                .mapToObj(i -> java.util.UUID.nameUUIDFromBytes(("r" + i).getBytes()).toString()).toList();
        Alert burst = new Alert("s3_mass_object_access", "Mass object access", "high", "me", List.of(),
                Instant.parse("2024-03-01T10:03:00Z"), "eu-west-1", "arn:aws:iam::1:user/m", null, "GetObject",
                List.of(), hashes, Instant.parse("2024-03-01T10:00:00Z"));
        assertTrue(burst.toJson().length() > 256 * 1024, "the whole alert, for the ledger and the JSON lines file");
        assertEquals(burst, Alert.fromJson(burst.toJson()));
        String message = burst.toMessageJson();
        assertTrue(message.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 256 * 1024, message.length() + "");
        JsonNode o = new ObjectMapper().readTree(message);
        assertEquals(Alert.MESSAGE_RECORD_HASHES, o.get("recordHashes").size());
        assertEquals(hashes.get(0), o.get("recordHashes").get(0).asText());
        assertEquals(7000 - Alert.MESSAGE_RECORD_HASHES, o.get("recordHashesOmitted").asInt());
        assertEquals(7000, o.get("eventCount").asInt());
        assertEquals(burst.key(), o.get("key").asText(), "the key is the whole alert's");
        assertTrue(o.get("text").asText().contains("(7000 events from 2024-03-01T10:00:00Z"), o.get("text").asText());
        Alert small = Alert.of(AlertSamples.match("StopLogging", 5));
        assertEquals(small.toJson(), small.toMessageJson());
    }

    @Test
    void theTextIsOneLineAndEscapedForSlack() {
        Alert a = new Alert("r", "Bad <thing> & more", "high", "someone\nelse", List.of(), null, null, null, null,
                null, List.of(), List.of("h"));
        assertFalse(a.text().contains("\n"));
        assertEquals("[HIGH] Bad &lt;thing&gt; &amp; more: event by unknown principal | rule r by someone else",
                a.slackText());
    }

    @Test
    void theTextHoldsNoTerminalEscapeOrDirectionOverride() {
        Alert a = new Alert("r", "t", "high", "me", List.of(), null, null, "arn:aws:iam::1:user/\u001b]8;;x\u0007u",
                null, "DeleteBucket", List.of("\u001b[2Jlogs", "admin\u202Egpj.exe", "c1\u009b0m\u0007"),
                List.of("h"));
        assertEquals("[HIGH] t: DeleteBucket by arn:aws:iam::1:user/ ]8;;x u on  [2Jlogs, admin?gpj.exe, c1 0m  | rule r"
                + " by me", a.text());
    }

    @Test
    void theJsonEscapesControlDirectionAndInvisibleCharactersAndReadsBackTheSame() throws Exception {
        Alert a = new Alert("r", "t", "high", "me", List.of(), null, null, "p", null, "DeleteBucket",
                List.of("admin\u202Egpj.exe", "c1\u009b0m", "z\u200Bw"), List.of("h"));
        String json = a.toJson();
        assertTrue(json.contains("admin\\u202Egpj.exe") && json.contains("c1\\u009B0m") && json.contains("z\\u200Bw"),
                json);
        assertTrue(json.chars().noneMatch(c -> c == 0x202E || c == 0x9B || c == 0x200B), json);
        assertEquals(a, Alert.fromJson(json));
    }
}
