package io.trailkeeper.store.investigate;

import io.trailkeeper.events.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code logins}: the root user's password recoveries (logins-password-recoveries.sql). They are no ConsoleLogin, and
 * a root sign-in right after failed ones looked like a guessed password, while the password had been reset through
 * the account's email: a recovery completed says whoever did it read the mail sent to the account's address (the
 * mailbox is compromised too, or the recovery was the owner's), and that the sign-ins after it used the new password.
 */
final class PasswordRecoveries {
    private static final int TOLD = 5;

    private PasswordRecoveries() {
    }

    static void tell(Context c) {
        Table t = c.query("logins-password-recoveries.sql", "password recoveries");
        if (t.rows().isEmpty()) {
            return;
        }
        List<String> told = new ArrayList<>();
        for (List<Object> row : t.rows().subList(0, Math.min(TOLD, t.rows().size()))) {
            Object result = row.get(Rows.column(t, "result"));
            told.add(Texts.clean(row.get(Rows.column(t, "call"))) + " at " + row.get(Rows.column(t, "event_time"))
                    + " from " + Texts.clean(row.get(Rows.column(t, "source_ip"))) + " by "
                    + Texts.clean(row.get(Rows.column(t, "principal")))
                    + (result == null ? "" : " (" + Texts.clean(result) + ")"));
        }
        // counted over all the window's recoveries, not the 20 read: a completion after 20 requests is still told
        List<Object> first = t.rows().get(0);
        long total = StoryNotes.number(first.get(Rows.column(t, "total")));
        boolean completed = Boolean.TRUE.equals(first.get(Rows.column(t, "completed")));
        c.note("password recovery " + c.window() + ": " + String.join("; ", told)
                + (total > TOLD ? " and " + Texts.count(total - TOLD, "more", "more") : "")
                + (completed ? ": a recovery completed set a new password through a link mailed to the account's"
                + " email address, so whoever completed it read that mail (if not the owner, the mailbox is the"
                + " intruder's too), and the sign-ins after it used that password" : ""));
    }
}
