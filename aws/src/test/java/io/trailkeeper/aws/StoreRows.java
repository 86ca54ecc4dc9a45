package io.trailkeeper.aws;

import io.trailkeeper.events.TableCollector;
import io.trailkeeper.store.EventSearch;
import io.trailkeeper.store.EventStore;
import java.nio.file.Path;
import java.util.List;

/** What the collectors' tests read back from the store they wrote. */
public final class StoreRows {
    private StoreRows() {
    }

    /** The first column of each row of a query on the store, as text. */
    public static List<String> firstColumn(Path store, String sql) {
        TableCollector rows = new TableCollector();
        try (EventStore s = EventStore.openForReading(store, EventStore.StoreOptions.defaults())) {
            new EventSearch(s).sql(sql, rows);
        }
        return rows.table("rows").rows().stream().map(r -> String.valueOf(r.get(0))).toList();
    }
}
