package io.trailkeeper.store;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What {@code verify --keep} found of a trail's log files, kept in the store (table {@code verify_findings}) so that
 * coverage, investigations and the report say which records were deleted or are not CloudTrail's own. A log file
 * found deleted, altered or inserted gets a row; one found valid by a later verification loses it; any other verdict
 * (could not be read, not verified) changes nothing, since it proves nothing either way.
 */
public final class VerifyFindings {
    /**
     * The verdict a file deleted from the bucket after delivery is kept under: what coverage tells apart from an
     * altered or inserted file. The store owns the word, so that a verifier's wording cannot change what it means.
     */
    public static final String DELETED = "log file missing";

    private final EventStore store;

    /**
     * One log file as a verification found it.
     *
     * @param deliveredAt the minute in the file's name, or null when its name carries none
     * @param tampered    whether the verdict is a deletion, alteration or insertion (kept); false for valid (cleared)
     * @param verdict     the verdict in words ({@link #DELETED} for a file deleted after delivery)
     * @param reason      the verdict's reason, naming the digest
     */
    public record Checked(String bucket, String key, String account, String region, Instant deliveredAt,
                          boolean tampered, String verdict, String reason) {
        public Checked {
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(verdict, "verdict");
        }
    }

    public VerifyFindings(EventStore store) {
        this.store = store;
    }

    /**
     * Keeps a verification's answer on each log file given, in one transaction: tampered files replace their row,
     * the others (valid) remove theirs. The store must be open for writing.
     *
     * @return how many tampered files are kept
     */
    public int keep(List<Checked> logs, Instant checkedAt) {
        int[] kept = {0};
        try {
            StoreSql.inTransaction(store.connection(), () -> kept[0] = write(logs, checkedAt));
        } catch (SQLException e) {
            throw new TrailKeeperException(ErrorCode.STORE_WRITE_FAILED, "keeping what verify found in the store "
                    + store.path() + " failed: " + EventStore.firstLine(e.getMessage()),
                    "check that the store is writable; nothing of this verification was kept", e);
        }
        return kept[0];
    }

    private int write(List<Checked> logs, Instant checkedAt) throws SQLException {
        int kept = 0;
        try (PreparedStatement put = store.connection().prepareStatement(
                "INSERT OR REPLACE INTO verify_findings VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement clear = store.connection().prepareStatement(
                     "DELETE FROM verify_findings WHERE bucket = ? AND key = ?")) {
            for (Checked c : logs) {
                PreparedStatement p = c.tampered() ? put : clear;
                p.setString(1, c.bucket());
                p.setString(2, c.key());
                if (c.tampered()) {
                    p.setString(3, c.account());
                    p.setString(4, c.region());
                    p.setObject(5, c.deliveredAt() == null ? null : Times.toLocal(c.deliveredAt()));
                    p.setString(6, c.verdict());
                    p.setString(7, c.reason() == null ? "" : c.reason());
                    p.setObject(8, Times.toLocal(checkedAt));
                    kept++;
                }
                p.addBatch();
            }
            put.executeBatch();
            clear.executeBatch();
        }
        return kept;
    }
}
