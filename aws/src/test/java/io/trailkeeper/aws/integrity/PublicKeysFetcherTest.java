package io.trailkeeper.aws.integrity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.aws.AwsOptions;
import io.trailkeeper.emulator.Emulator;
import io.trailkeeper.emulator.EmulatorConfig;
import io.trailkeeper.emulator.Scenario;
import io.trailkeeper.emulator.ScenarioBuilder;
import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import io.trailkeeper.integrity.DigestPublicKey;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PublicKeysFetcher against the emulator's ListPublicKeys through the real SDK client: the keys in use in the
 * range asked, with their DER bytes and validity; keys merged by fingerprint over regions; a denied call ends with
 * a hint naming the permission and the offline way.
 */
class PublicKeysFetcherTest {
    private static final Instant NOW = Instant.parse("2024-12-01T00:00:00Z");

    private static byte[] der() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        return generator.generateKeyPair().getPublic().getEncoded();
    }

    private static String key(String fingerprint, byte[] der, String start, String end) {
        return "{\"Fingerprint\":\"" + fingerprint + "\",\"Value\":\"" + Base64.getEncoder().encodeToString(der)
                + "\",\"ValidityStartTime\":\"" + start + "\",\"ValidityEndTime\":\"" + end + "\"}";
    }

    @Test
    void theKeysInUseInTheRangeComeWithTheirBytes() throws Exception {
        byte[] old = der();
        byte[] current = der();
        Scenario scenario = Scenario.builder().now(NOW).enabledRegions("us-east-1", "eu-west-1")
                .deniedRegions("eu-west-1")
                .publicKey(key("0aa1", old, "2024-01-01T00:00:00Z", "2024-10-01T12:00:00Z"))
                .publicKey(key("0bb2", current, "2024-10-01T12:00:00Z", "2025-10-01T12:00:00Z"))
                .build();
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(scenario).build());
             AwsClients clients = new AwsClients(AwsOptions.defaults().withRegion("us-east-1")
                     .withEndpoint(emulator.endpoint()))) {
            PublicKeysFetcher fetcher = new PublicKeysFetcher(clients);
            List<DigestPublicKey> early = fetcher.fetch("us-east-1", Instant.parse("2024-09-01T00:00:00Z"),
                    Instant.parse("2024-09-30T00:00:00Z"));
            assertEquals(1, early.size());
            assertEquals("0aa1", early.get(0).fingerprint());
            assertArrayEquals(old, early.get(0).der());
            assertEquals(Instant.parse("2024-01-01T00:00:00Z"), early.get(0).validityStart());
            assertEquals(Instant.parse("2024-10-01T12:00:00Z"), early.get(0).validityEnd());

            List<DigestPublicKey> rotation = fetcher.fetch(List.of("us-east-1", "us-east-1"),
                    Instant.parse("2024-10-01T00:00:00Z"), NOW);
            assertEquals(List.of("0aa1", "0bb2"), rotation.stream().map(DigestPublicKey::fingerprint).toList());
            assertArrayEquals(current, rotation.get(1).der());

            TrailKeeperException denied = assertThrows(TrailKeeperException.class,
                    () -> fetcher.fetch(List.of("us-east-1", "eu-west-1"), Instant.parse("2024-10-01T00:00:00Z"), NOW));
            assertEquals(ErrorCode.AWS_CREDENTIALS, denied.code());
            assertTrue(denied.getMessage().contains("ListPublicKeys in eu-west-1 was denied"), denied.getMessage());
            assertTrue(denied.hint().contains("cloudtrail:ListPublicKeys") && denied.hint().contains("--public-keys"),
                    denied.hint());

            // region by region: the denied one is named, the keys of the other are kept
            PublicKeysFetcher.Fetched each = fetcher.fetchEach(List.of("us-east-1", "eu-west-1"),
                    Instant.parse("2024-10-01T00:00:00Z"), NOW);
            assertEquals(List.of("0aa1", "0bb2"), each.keys().stream().map(DigestPublicKey::fingerprint).toList());
            assertEquals(java.util.Set.of("eu-west-1"), each.failed().keySet());
            assertEquals(ErrorCode.AWS_CREDENTIALS, each.failed().get("eu-west-1").code());
        }
    }

    @Test
    void everyPageOfKeysIsRead() throws Exception {
        ScenarioBuilder b = Scenario.builder().now(NOW).enabledRegions("us-east-1");
        List<String> fingerprints = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String fingerprint = "0c" + i;
            fingerprints.add(fingerprint);
            b.publicKey(key(fingerprint, der(), "2024-0" + (i + 1) + "-01T00:00:00Z", "2024-0" + (i + 2) + "-01T00:00:00Z"));
        }
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(b.build()).build());
             AwsClients clients = new AwsClients(AwsOptions.defaults().withRegion("us-east-1")
                     .withEndpoint(emulator.endpoint()))) {
            // the emulator answers 2 keys a page: 5 keys take 3 pages
            List<DigestPublicKey> all = new PublicKeysFetcher(clients).fetch("us-east-1",
                    Instant.parse("2024-01-01T00:00:00Z"), NOW);
            assertEquals(fingerprints, all.stream().map(DigestPublicKey::fingerprint).toList());
        }
    }
}
