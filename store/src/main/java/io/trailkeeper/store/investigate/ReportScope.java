package io.trailkeeper.store.investigate;

import io.trailkeeper.events.Table;
import io.trailkeeper.events.TableCollector;
import io.trailkeeper.store.EventSearch;
import java.util.List;

/**
 * The report's scope for the investigations' SQL files ({@link ComputeAbuse}, {@link DataReads}): the selected events
 * copied into a TEMP table with the typed columns the files read, and statements run on a store opened for reading.
 */
final class ReportScope {
    /** The typed columns a scope holds, as scope-fetch.sql makes them. */
    static final String COLUMNS = "event_time, aws_region, event_source, event_name, identity_type,"
            + " principal_arn, user_name, access_key_id, session_issuer_arn, source_identity, source_ip, user_agent,"
            + " error_code, read_only, event_category, resources, record_hash, raw_chunk, raw_offset, raw_length,"
            + " raw_inline";

    private ReportScope() {
    }

    /** TEMP table {@code table}: the events {@code where} selects ("" for all) that also meet {@code condition}. */
    static void make(EventSearch search, String table, String where, String condition, List<Object> params) {
        run(search, "CREATE OR REPLACE TEMP TABLE " + table + " AS SELECT " + COLUMNS + " FROM events"
                + (where.isBlank() ? " WHERE " : where + " AND ") + condition, params);
    }

    static Table run(EventSearch search, String sql, List<Object> params) {
        TableCollector rows = new TableCollector();
        search.statement(sql, params, rows);
        return rows.table("rows");
    }
}
