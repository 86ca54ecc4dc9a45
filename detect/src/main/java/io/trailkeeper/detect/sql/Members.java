package io.trailkeeper.detect.sql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The top-level members of the record that a multi-rule scan extracts once per row (one parse of the record,
 * in one {@code json_extract} with a list of paths); the field conditions then walk the rest of their paths
 * from those small values instead of re-parsing the whole record for every condition.
 */
final class Members {
    /** The column (a JSON[]) that holds the extracted members, one per {@link #member} key, in order. */
    static final String NAME = "__tk_members";

    private final Map<String, Integer> index = new LinkedHashMap<>();
    private final SqlDialect d;

    Members(SqlDialect dialect) {
        this.d = dialect;
    }

    /** The column's name as SQL. */
    String column() {
        return d.identifier(NAME);
    }

    /** The SQL for the member (a JSON value, SQL NULL when it is missing). */
    String member(String key) {
        Integer i = index.get(key);
        if (i == null) {
            i = index.size();
            index.put(key, i);
        }
        return d.element(column(), i + 1);
    }

    /** The expression computing {@link #COLUMN} from the JSON column. */
    String extraction(String column) {
        if (index.isEmpty()) {
            return d.emptyList("JSON");
        }
        return d.members(column, new ArrayList<>(index.keySet()));
    }
}
