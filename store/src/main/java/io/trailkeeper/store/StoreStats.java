package io.trailkeeper.store;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.Table;
import io.trailkeeper.events.TableCollector;
import io.trailkeeper.events.TrailKeeperException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the store holds: totals, and events per region, day, source and account. The events are read once, into a
 * tally per region, day, source and account (a few rows per input file), and every section is counted from it: on a
 * store whose days prune moved to the lake, each section read again would read every lake file again.
 */
public final class StoreStats {
    private static final String TALLY = "tk_stats_tally";
    private final EventStore store;

    public StoreStats(EventStore store) {
        this.store = store;
    }

    /** The sections, in the order they are shown. */
    public List<Table> sections() {
        List<Table> tables = new ArrayList<>();
        execute("CREATE OR REPLACE TEMP TABLE " + TALLY + " AS SELECT aws_region, CAST(event_time AS DATE) AS day,"
                + " source_kind, source_name, recipient_account_id, count(*) AS n, min(event_time) AS first_event,"
                + " max(event_time) AS last_event FROM events GROUP BY ALL");
        String events = "CAST(sum(n) AS BIGINT) AS events";
        tables.add(table("summary", "SELECT coalesce(" + events.replace(" AS events", "") + ", 0) AS events,"
                + " min(first_event) AS first_event, max(last_event) AS last_event, count(DISTINCT aws_region) AS"
                + " regions, count(DISTINCT recipient_account_id) AS accounts, count(DISTINCT source_name) AS sources,"
                + " coalesce(CAST(sum(n) FILTER (WHERE day IS NULL) AS BIGINT), 0) AS events_without_time,"
                + " (SELECT count(*) FROM ingest_problems) AS input_problems FROM " + TALLY));
        tables.add(table("by_region", "SELECT aws_region AS region, " + events + ", min(first_event) AS first_event,"
                + " max(last_event) AS last_event FROM " + TALLY + " GROUP BY ALL ORDER BY events DESC, region"));
        tables.add(table("by_day", "SELECT strftime(day, '%Y-%m-%d') AS day, " + events + ","
                + " count(DISTINCT aws_region) AS regions FROM " + TALLY + " GROUP BY ALL ORDER BY day NULLS LAST"));
        tables.add(table("by_source", "SELECT source_kind AS source, count(DISTINCT source_name) AS inputs, " + events
                + ", min(first_event) AS first_event, max(last_event) AS last_event FROM " + TALLY
                + " GROUP BY ALL ORDER BY events DESC"));
        tables.add(table("by_account", "SELECT recipient_account_id AS account, " + events + ", min(first_event) AS"
                + " first_event, max(last_event) AS last_event FROM " + TALLY + " GROUP BY ALL ORDER BY events DESC"));
        execute("DROP TABLE " + TALLY);
        return tables;
    }

    private void execute(String sql) {
        try (java.sql.Statement s = store.connection().createStatement()) {
            s.execute(sql);
        } catch (java.sql.SQLException e) {
            throw new TrailKeeperException(ErrorCode.STORE_UNREADABLE, "stats failed: reading the store " + store.path()
                    + ": " + EventStore.firstLine(e.getMessage()), null, e);
        }
    }

    private Table table(String name, String sql) {
        TableCollector c = new TableCollector();
        try {
            new EventSearch(store).run(sql, List.of(), c);
        } catch (TrailKeeperException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TrailKeeperException(ErrorCode.STORE_UNREADABLE, "stats failed: " + e.getMessage(), null, e);
        }
        return c.table(name);
    }
}
