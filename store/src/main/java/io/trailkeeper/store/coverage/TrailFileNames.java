package io.trailkeeper.store.coverage;

import io.trailkeeper.store.EventSearch;
import java.util.List;

/**
 * The account, region and delivery minute of every trail file name read (source files, files with problems, S3
 * objects: {@code ACCOUNT_CloudTrail_REGION_YYYYMMDDTHHMMZ_...}), parsed once per answer into the TEMP table {@link
 * #TABLE}, one row per distinct (account, region, minute), which {@link AccountDays} and {@link AccountSilences} read:
 * a regular expression over hundreds of thousands of names is the cost of both, paid once.
 */
final class TrailFileNames {
    /** account VARCHAR, region VARCHAR, delivered TIMESTAMP (UTC; null when the name's time is not one). */
    static final String TABLE = "tk_trail_files";
    private static final String NAME = "(?:^|/)([0-9]{12})_CloudTrail_([a-z0-9-]+)_([0-9]{8}T[0-9]{4}Z)_[^/]*$";
    private static final String PARSE = """
            CREATE OR REPLACE TEMP TABLE tk_trail_files AS
            WITH names AS (
                SELECT source_name AS n FROM source_files
                UNION ALL SELECT source_name FROM ingest_problems
                {{s3}}
            ), named AS (
                -- the name's three parts in one match (a regular expression per name, not one per part)
                SELECT regexp_extract(n, '{{name}}', ['account', 'region', 'delivered']) AS p
                FROM names WHERE n LIKE '%\\_CloudTrail\\_%' ESCAPE '\\'
            )
            SELECT DISTINCT p['account'] AS account, p['region'] AS region,
                   CAST(try_strptime(p['delivered'], '%Y%m%dT%H%MZ') AS TIMESTAMP) AS delivered
            FROM named WHERE p['account'] <> ''""";

    private final EventSearch search;

    private TrailFileNames(EventSearch search) {
        this.search = search;
    }

    /**
     * Parses the store's trail file names into {@link #TABLE} (again, for this answer).
     *
     * @param s3Objects whether the store has the collectors' tables, s3_objects among them ({@link
     *                  StoreFacts#collectorTables})
     */
    static TrailFileNames parse(EventSearch search, boolean s3Objects) {
        StoreFacts.rows(search, PARSE.replace("{{s3}}", s3Objects ? "UNION ALL SELECT key FROM s3_objects" : "")
                .replace("{{name}}", NAME), List.of(), r -> { });
        return new TrailFileNames(search);
    }

    /** Runs a statement of the coverage's own over {@link #TABLE}, giving each row to {@code row}. */
    void rows(String sql, List<Object> params, java.util.function.Consumer<List<Object>> row) {
        StoreFacts.rows(search, sql, params, row);
    }
}
