package io.trailkeeper.store;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which stored events were written before the store read userIdentity.sessionContext.sourceIdentity (schema 13):
 * their source_identity is NULL whatever their records say, so a search for a person (query --user, investigate
 * actor) cannot find them by it. The upgrade to schema 13 keeps, in store_meta, the largest raw chunk id then
 * stored ({@value #UNREAD_THROUGH_CHUNK}); raw chunk ids only grow ({@link Runs#nextChunkId} never goes below it),
 * so the events at or under it are the ones stored before. A store created at schema 13 or later has no such key;
 * a store still at schema 12 (opened for reading only) has all its events stored before. Lake rows have no raw
 * chunk and read source_identity from their records, so they are never counted. Re-ingesting the files into the
 * same store does not help (their records are stored already and are dropped as duplicates); {@link Rederive} reads
 * the stored records again and, once its pass is done, removes the key.
 */
public final class SourceIdentityCoverage {
    /** The store_meta key: the largest raw chunk id of the events stored before the upgrade to schema 13. */
    static final String UNREAD_THROUGH_CHUNK = "source_identity_unread_through_chunk";
    private static final int SCHEMA = 13;

    private SourceIdentityCoverage() {
    }

    /** Run by the upgrade from a schema before 13, on the events table itself: keeps where the old events end. */
    static String recordAtUpgrade() {
        return "INSERT OR REPLACE INTO store_meta SELECT '" + UNREAD_THROUGH_CHUNK + "', CAST(max(raw_chunk) AS VARCHAR)"
                + " FROM events HAVING max(raw_chunk) IS NOT NULL";
    }

    /**
     * The warning for a person search over [since, until] in {@code regions} (empty: any), or null when no event it
     * covers was stored without its source identity.
     */
    public static String caveat(EventStore store, Instant since, Instant until, Set<String> regions) {
        try {
            String stored = StoreSql.scalar(store.connection(),
                    "SELECT max(value) FROM store_meta WHERE key = 'schema_version'", List.of());
            String through = StoreSql.scalar(store.connection(),
                    "SELECT max(value) FROM store_meta WHERE key = ?", List.of(UNREAD_THROUGH_CHUNK));
            boolean before = stored != null && Integer.parseInt(stored) < SCHEMA;
            if (!before && through == null) {
                return null;
            }
            long n = notRederived(store.connection(), "source_identity IS NULL", before ? null
                    : Long.parseLong(through), since, until, regions);
            return n == 0 ? null : String.format(java.util.Locale.ROOT, "%,d", n) + (n == 1 ? " event" : " events")
                    + " of this window " + (n == 1 ? "was" : "were") + " stored before TrailKeeper read"
                    + " sessionContext.sourceIdentity (schema 13) and " + (n == 1 ? "was" : "were") + " searched"
                    + " without it (a role session known only by its person is missed there); to include them, run "
                    + command(store.path())
                    + ", which reads their stored records again";
        } catch (SQLException e) {
            throw new TrailKeeperException(ErrorCode.STORE_UNREADABLE, "cannot tell which events of " + store.path()
                    + " were stored before schema 13: " + EventStore.firstLine(e.getMessage()), null, e);
        }
    }

    /** The command that fills source_identity in for them, as a user types it (the store named, quoted if need be). */
    static String command(java.nio.file.Path store) {
        String path = store.toString();
        boolean plain = path.chars().allMatch(c -> Character.isLetterOrDigit(c) || "/._-+:@%,=~".indexOf(c) >= 0);
        return "`trailkeeper rederive --store " + (plain ? path : "'" + path.replace("'", "'\\''") + "'") + "`";
    }

    /**
     * How many events of the window ({@code since}, {@code until}: null for no bound; {@code regions}: empty for any)
     * that have a raw chunk and meet {@code condition} (null: any) lie at or under raw chunk {@code through} (null:
     * every chunk), less those that a rederive stopped midway has read again ({@link Rederive#DONE}): the events
     * whose columns an earlier TrailKeeper derived, for the warnings about them.
     */
    static long notRederived(Connection c, String condition, Long through, Instant since, Instant until,
                             Set<String> regions) throws SQLException {
        List<String> parts = new ArrayList<>(List.of("raw_chunk IS NOT NULL"));
        List<Object> params = new ArrayList<>();
        if (condition != null) {
            parts.add(condition);
        }
        if (through != null) {
            parts.add("raw_chunk <= ?");
            params.add(through);
        }
        String rederived = StoreSql.scalar(c, "SELECT max(value) FROM store_meta WHERE key = ?",
                List.of(Rederive.DONE));
        if (rederived != null) {
            // a rederive stopped midway: the events it went through have this version's columns
            parts.add("raw_chunk > ?");
            params.add(Long.parseLong(rederived));
        }
        window(parts, params, since, until, regions);
        return Long.parseLong(StoreSql.scalar(c, "SELECT count(*) FROM events WHERE " + String.join(" AND ", parts),
                params));
    }

    private static void window(List<String> parts, List<Object> params, Instant since, Instant until,
                               Set<String> regions) {
        if (since != null) {
            parts.add("event_time >= ?");
            params.add(Times.toLocal(since));
        }
        if (until != null) {
            parts.add("event_time <= ?");
            params.add(Times.toLocal(until));
        }
        if (regions != null && !regions.isEmpty()) {
            parts.add("aws_region IN (" + String.join(", ", regions.stream().map(r -> "?").toList()) + ")");
            params.addAll(regions);
        }
    }
}
