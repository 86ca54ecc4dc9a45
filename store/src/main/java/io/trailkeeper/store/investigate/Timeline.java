package io.trailkeeper.store.investigate;

import io.trailkeeper.events.Table;

/** {@code timeline}: one ordered timeline of events across regions, narrowed by --actor, --key and --ip. */
final class Timeline implements Investigation {
    @Override
    public void answer(Context c) {
        c.scope();
        Table t = c.section("timeline");
        if (t.rows().isEmpty()) {
            c.note("the store holds no event " + c.window() + Logins.filtered(c));
        }
    }
}
