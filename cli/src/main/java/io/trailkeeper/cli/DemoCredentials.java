package io.trailkeeper.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stand-in credentials while the demo talks to its emulator: the AWS SDK reads the {@code aws.*} system
 * properties before any variable, profile or instance role, so the user's own credentials are never looked up,
 * let alone sent. The previous values come back on close.
 */
final class DemoCredentials implements AutoCloseable {
    private static final Map<String, String> DEMO = Map.of("aws.accessKeyId", "AKIAEMULATORDEMO0000",
            "aws.secretAccessKey", "emulator-demo-not-a-secret");
    private final Map<String, String> previous = new LinkedHashMap<>();

    private DemoCredentials() {
        for (Map.Entry<String, String> e : DEMO.entrySet()) {
            previous.put(e.getKey(), System.getProperty(e.getKey()));
            System.setProperty(e.getKey(), e.getValue());
        }
        previous.put("aws.sessionToken", System.getProperty("aws.sessionToken"));
        System.clearProperty("aws.sessionToken");
    }

    static DemoCredentials install() {
        return new DemoCredentials();
    }

    @Override
    public void close() {
        previous.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }
}
