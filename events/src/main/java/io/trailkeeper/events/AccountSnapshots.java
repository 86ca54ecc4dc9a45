package io.trailkeeper.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Saves and loads {@link AccountSnapshot}s as JSON (times as ISO-8601 UTC), so an audit can run offline. */
public final class AccountSnapshots {
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private AccountSnapshots() {
    }

    public static String toJson(AccountSnapshot snapshot) {
        try {
            return JSON.writeValueAsString(snapshot);
        } catch (IOException e) {
            throw new IllegalStateException("a snapshot could not be written as JSON", e);
        }
    }

    public static void save(AccountSnapshot snapshot, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".part");
            Files.writeString(tmp, toJson(snapshot));
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new TrailKeeperException(ErrorCode.USAGE, "cannot write the snapshot " + file + ": " + e.getMessage(),
                    "choose a writable path for --save-snapshot");
        }
    }

    public static AccountSnapshot fromJson(String json, String source) {
        try {
            com.fasterxml.jackson.databind.JsonNode tree = JSON.readTree(json);
            AccountSnapshot s = JSON.treeToValue(tree, AccountSnapshot.class);
            if (s.version() > AccountSnapshot.VERSION) {
                throw new TrailKeeperException(ErrorCode.USAGE, source + " is a snapshot of version " + s.version()
                        + ", newer than this TrailKeeper reads (" + AccountSnapshot.VERSION + ")",
                        "use a newer TrailKeeper");
            }
            return tree.has("eventDataStores") ? s : withoutEventDataStores(s);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new TrailKeeperException(ErrorCode.USAGE, source + " is not an account snapshot: "
                    + e.getOriginalMessage(), "pass a file written by `trailkeeper audit --save-snapshot FILE`");
        }
    }

    /**
     * A snapshot written before event data stores were read: that none is listed means "not looked at", and the
     * checks that an event data store could change must say so rather than fail.
     */
    private static AccountSnapshot withoutEventDataStores(AccountSnapshot s) {
        java.util.List<AccountSnapshot.Unreadable> unreadable = new java.util.ArrayList<>(s.unreadable());
        unreadable.add(new AccountSnapshot.Unreadable(AccountSnapshot.EVENT_DATA_STORES, "not in this snapshot"
                + " (version " + s.version() + ", written before TrailKeeper read CloudTrail Lake event data stores);"
                + " collect a new one with `trailkeeper audit --save-snapshot FILE`"));
        return new AccountSnapshot(s.version(), s.account(), s.callerArn(), s.collectedAt(), s.regions(), s.trails(),
                s.buckets(), s.kmsKeys(), s.logGroups(), s.alarms(), s.eventRules(), s.accountPublicAccessBlock(),
                s.iam(), unreadable, s.eventDataStores(), s.organizationId(), s.trailDeletions());
    }

    public static AccountSnapshot load(Path file) {
        try {
            return fromJson(Files.readString(file), file.toString());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new TrailKeeperException(ErrorCode.INPUT_NOT_FOUND, "there is no snapshot " + file,
                    "write one with `trailkeeper audit --save-snapshot FILE`");
        } catch (IOException e) {
            throw new TrailKeeperException(ErrorCode.INPUT_NOT_FOUND, "cannot read the snapshot " + file + ": "
                    + e.getMessage(), null);
        }
    }
}
