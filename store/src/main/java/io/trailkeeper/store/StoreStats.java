package io.trailkeeper.store;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.Table;
import io.trailkeeper.events.TableCollector;
import io.trailkeeper.events.TrailKeeperException;
import java.util.ArrayList;
import java.util.List;

/** What the store holds: totals, and events per region, day, source and account. */
public final class StoreStats {
    private final EventStore store;

    public StoreStats(EventStore store) {
        this.store = store;
    }

    /** The sections, in the order they are shown. */
    public List<Table> sections() {
        List<Table> tables = new ArrayList<>();
        tables.add(table("summary", "SELECT count(*) AS events, min(event_time) AS first_event,"
                + " max(event_time) AS last_event, count(DISTINCT aws_region) AS regions,"
                + " count(DISTINCT recipient_account_id) AS accounts, count(DISTINCT source_name) AS sources,"
                + " count(*) FILTER (WHERE event_time IS NULL) AS events_without_time,"
                + " (SELECT count(*) FROM ingest_problems) AS input_problems FROM events"));
        tables.add(table("by_region", "SELECT aws_region AS region, count(*) AS events, min(event_time) AS first_event,"
                + " max(event_time) AS last_event FROM events GROUP BY ALL ORDER BY events DESC, region"));
        tables.add(table("by_day", "SELECT strftime(event_time, '%Y-%m-%d') AS day, count(*) AS events,"
                + " count(DISTINCT aws_region) AS regions FROM events GROUP BY ALL ORDER BY day NULLS LAST"));
        tables.add(table("by_source", "SELECT source_kind AS source, count(DISTINCT source_name) AS inputs,"
                + " count(*) AS events, min(event_time) AS first_event, max(event_time) AS last_event"
                + " FROM events GROUP BY ALL ORDER BY events DESC"));
        tables.add(table("by_account", "SELECT recipient_account_id AS account, count(*) AS events,"
                + " min(event_time) AS first_event, max(event_time) AS last_event FROM events GROUP BY ALL"
                + " ORDER BY events DESC"));
        return tables;
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
