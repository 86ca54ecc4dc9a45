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
 * Which stored events had their columns read from their records by an earlier TrailKeeper, whose rules differ: a
 * search over them may miss or miscount what this version would find, until {@link Rederive} reads their records
 * again. The rules have a version ({@link #VERSION}), kept in store_meta under {@value #KEY}; a store without it was
 * written before the rules had one. When a writer of newer rules opens the store, the largest raw chunk id then
 * stored is kept ({@value #STALE_THROUGH_CHUNK}): raw chunk ids only grow ({@link Runs#nextChunkId} never goes below
 * it), so the events at or under it are the ones read by the older rules. A store opened for reading only, never yet
 * by a newer writer, has all its events read by the older rules. Lake rows keep the columns they were exported with.
 */
public final class ColumnRules {
    /**
     * Raised whenever a derived column is read differently from the record. 2: a blank errorCode is no error; the
     * names a request gives in a list (instanceIds, names, trailNameList) and the ids EC2 records as an element's
     * content are resources; S3 network activity events are S3 calls (s3_object_calls). 3: a userIdentity arn or
     * principalId recorded as "" (an Unknown identity's arn, an anonymous caller's principalId) is none. 4: a
     * sign-in event without a userName in its userIdentity (IAM Identity Center's) is named by additionalEventData's. 5: RDS's
     * (and Redshift's, Neptune's) ...Identifier parameters and the accounts a DB snapshot is shared with
     * (valuesToAdd, valuesToRemove) are resources. 6: an account named as its root principal
     * (arn:aws:iam::ACCOUNT:root, a KMS grant's grantee) is named by its id too.
     */
    public static final int VERSION = 6;
    static final String KEY = "column_rules";
    static final String STALE_THROUGH_CHUNK = "columns_stale_through_chunk";
    /** What the latest raisings of {@link #VERSION} changed, for the warning. */
    private static final String CHANGED = "a blank errorCode is read as no error, ids a request names in a list"
            + " (SSM SendCommand's instanceIds) or as an EC2 element's content are resources, S3 calls through a"
            + " VPC endpoint are listed for investigate s3, a userIdentity arn recorded empty (an Unknown"
            + " identity's) is none, so such a call is named by its user name, IAM Identity Center's sign-ins are"
            + " named by the user name signed in with (additionalEventData.UserName), and RDS's snapshots and instances"
            + " (dBSnapshotIdentifier, dBInstanceIdentifier) and the accounts a DB snapshot is shared with are resources,"
            + " as is an account named as its root principal (a KMS grant to arn:aws:iam::ACCOUNT:root)";

    private ColumnRules() {
    }

    /** The rules a new store's events are read by. */
    static String atCreate() {
        return "INSERT INTO store_meta VALUES ('" + KEY + "', '" + VERSION + "')";
    }

    /** A writer opened the store: the events read by older rules are marked, and newer ones will be this version's. */
    static void atWriterOpen(Connection c) throws SQLException {
        String rules = StoreSql.scalar(c, "SELECT max(value) FROM store_meta WHERE key = ?", List.of(KEY));
        if (rules != null && Integer.parseInt(rules) >= VERSION) {
            return;
        }
        StoreSql.inTransaction(c, () -> {
            StoreSql.execute(c, "INSERT OR REPLACE INTO store_meta SELECT ?, CAST(greatest(max(raw_chunk), (SELECT"
                    + " max(CAST(value AS BIGINT)) FROM store_meta WHERE key = ?)) AS VARCHAR) FROM events"
                    + " HAVING max(raw_chunk) IS NOT NULL", List.of(STALE_THROUGH_CHUNK, STALE_THROUGH_CHUNK));
            StoreSql.execute(c, "INSERT OR REPLACE INTO store_meta VALUES (?, ?)", List.of(KEY,
                    String.valueOf(VERSION)));
        });
    }

    /**
     * The warnings of a search over [since, until] in {@code regions} (empty: any) about the events whose columns an
     * earlier TrailKeeper derived: {@link #caveat}, then, for a person searched by text ({@code person}: query
     * --user, investigate actor's subject or --actor; an ARN names a principal, not the person behind it),
     * {@link SourceIdentityCoverage#caveat}. Empty when there is nothing to say.
     */
    public static List<String> caveats(EventStore store, Instant since, Instant until, Set<String> regions,
                                       String person) {
        List<String> all = new ArrayList<>();
        String rules = caveat(store, since, until, regions);
        if (rules != null) {
            all.add(rules);
        }
        if (PersonMatch.namesPerson(person)) {
            String unread = SourceIdentityCoverage.caveat(store, since, until, regions);
            if (unread != null) {
                all.add(unread);
            }
        }
        return all;
    }

    /**
     * The warning for a search over [since, until] in {@code regions} (empty: any), or null when every event it
     * covers was read by this version's rules.
     */
    public static String caveat(EventStore store, Instant since, Instant until, Set<String> regions) {
        try {
            Connection c = store.connection();
            String rules = StoreSql.scalar(c, "SELECT max(value) FROM store_meta WHERE key = ?", List.of(KEY));
            String through = StoreSql.scalar(c, "SELECT max(value) FROM store_meta WHERE key = ?",
                    List.of(STALE_THROUGH_CHUNK));
            boolean older = rules == null || Integer.parseInt(rules) < VERSION;
            if (!older && through == null) {
                return null;
            }
            long n = SourceIdentityCoverage.notRederived(c, null, older ? null : Long.parseLong(through), since,
                    until, regions);
            return n == 0 ? null : String.format(java.util.Locale.ROOT, "%,d", n) + (n == 1 ? " event" : " events")
                    + " of this window " + (n == 1 ? "was" : "were") + " read from " + (n == 1 ? "its record"
                    : "their records") + " by an earlier TrailKeeper, whose rules differ (now " + CHANGED + "): a"
                    + " search over them may miss some; to read them again, run "
                    + SourceIdentityCoverage.command(store.path());
        } catch (SQLException e) {
            throw new TrailKeeperException(ErrorCode.STORE_UNREADABLE, "cannot tell which events of " + store.path()
                    + " were read by an earlier TrailKeeper: " + EventStore.firstLine(e.getMessage()), null, e);
        }
    }
}
