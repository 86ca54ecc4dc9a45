package io.trailkeeper.store.investigate;

import io.trailkeeper.events.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DynamoDB tables whose items the subject and its sessions read or wrote (story-table-items.sql): a role session
 * that scanned a table 37 times and read 25 items showed only 'Scan 37, GetItem 25' among its calls, no table named.
 */
final class TableItems {
    private TableItems() {
    }

    /** One note naming each table with its item calls, when the subject made any. */
    static void tell(Context c, String who) {
        Table t = c.query("story-table-items.sql", "table items");
        if (t.rows().isEmpty()) {
            return;
        }
        Map<String, List<String>> perTable = new LinkedHashMap<>();
        for (List<Object> r : t.rows()) {
            long refused = StoryNotes.number(r.get(Rows.column(t, "refused")));
            perTable.computeIfAbsent(Texts.clean(r.get(Rows.column(t, "table_arn"))), k -> new ArrayList<>())
                    .add(Texts.clean(r.get(Rows.column(t, "call"))) + " x" + r.get(Rows.column(t, "calls"))
                            + (refused > 0 ? " (" + refused + " refused)" : "") + " " + r.get(Rows.column(t,
                            "first_call")) + " to " + r.get(Rows.column(t, "last_call")));
        }
        List<String> tables = new ArrayList<>();
        perTable.forEach((table, calls) -> tables.add(table + ": " + String.join(", ", calls)));
        c.note(who + " and its sessions called the items of " + Texts.count(perTable.size(), "DynamoDB table",
                "DynamoDB tables") + " (data events): " + String.join("; ", tables) + "; a table whose data events the"
                + " trail does not log is in none of them (trailkeeper coverage says which it logged)");
    }
}
