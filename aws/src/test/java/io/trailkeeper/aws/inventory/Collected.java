package io.trailkeeper.aws.inventory;

import io.trailkeeper.aws.AwsClients;
import io.trailkeeper.aws.AwsOptions;
import io.trailkeeper.emulator.Emulator;
import io.trailkeeper.emulator.EmulatorConfig;
import io.trailkeeper.emulator.Scenario;
import io.trailkeeper.events.AccountSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** A snapshot collected through the real SDK clients from an emulator playing a scenario, and finders into it. */
record Collected(AccountSnapshot snapshot) {
    /** The scenarios' clock: their event history is the 90 days before it. */
    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    static Collected from(Scenario scenario, Inventory inventory) {
        // no LookupEvents throttling to wait for: the inventory's own pacing is not what these tests are about
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder(scenario).lookupRatePerSecond(100).build());
             AwsClients clients = new AwsClients(AwsOptions.defaults().withRegion("us-east-1")
                     .withEndpoint(emulator.endpoint()))) {
            return new Collected(inventory.collect(clients, Clock.fixed(NOW, ZoneOffset.UTC)));
        }
    }

    static Collected bundled(String name) {
        return from(Scenario.bundled(name), Inventory.defaults());
    }

    AccountSnapshot.Region region(String name) {
        return one(snapshot.regions().stream().filter(r -> r.name().equals(name)).toList(), "region " + name);
    }

    AccountSnapshot.Trail trail(String name) {
        return one(snapshot.trails().stream().filter(t -> t.name().equals(name)).toList(), "trail " + name);
    }

    AccountSnapshot.Bucket bucket(String name) {
        return one(snapshot.buckets().stream().filter(b -> b.name().equals(name)).toList(), "bucket " + name);
    }

    AccountSnapshot.Principal user(String name) {
        return one(snapshot.iam().users().stream().filter(u -> u.name().equals(name)).toList(), "user " + name);
    }

    AccountSnapshot.Principal role(String name) {
        return one(snapshot.iam().roles().stream().filter(u -> u.name().equals(name)).toList(), "role " + name);
    }

    String unreadable(String what) {
        return snapshot.unreadable().stream().filter(u -> u.what().equals(what)).map(AccountSnapshot.Unreadable::reason)
                .findFirst().orElse(null);
    }

    private static <T> T one(List<T> found, String what) {
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " of " + what + " in the snapshot");
        }
        return found.get(0);
    }
}
