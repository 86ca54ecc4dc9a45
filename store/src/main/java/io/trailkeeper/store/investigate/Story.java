package io.trailkeeper.store.investigate;

import io.trailkeeper.events.Table;
import io.trailkeeper.store.EventQuery;
import io.trailkeeper.store.PersonKinds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code key ACCESS_KEY_ID} and {@code actor ARN|USER}: everything a key, or the principals matching a text, did
 * across regions. The events are gathered once (story-scope.sql); every section reads them.
 */
final class Story implements Investigation {
    private static final int CREATED_TOLD = 5;
    /** At most this many names of one created call are told. */
    private static final int CREATED_NAMES = 10;
    /** Role chaining followed this many hops past the sessions the subject issued itself. */
    private static final int CHAINED_HOPS = 5;
    private static final java.util.Set<String> ACTIVITY_SECTIONS = java.util.Set.of("assumed_sessions",
            "session_activity");

    private final boolean key;

    private Story(boolean key) {
        this.key = key;
    }

    static Story ofKey() {
        return new Story(true);
    }

    static Story ofActor() {
        return new Story(false);
    }

    @Override
    public void answer(Context c) {
        // an access key id is upper case however it was written; an actor's text is any case
        String subject = key ? EventQuery.accessKeyId(c.args().subject()) : c.args().subject().trim();
        c.param("subject", subject);
        if (!key) {
            c.person(subject);
        }
        // a key's GetSessionToken issues another key; an actor's calls with it are the actor's own (its ARN)
        c.param("any_session_call", key);
        // the calls before the window count as earlier ones for a new network (story-new-networks.sql): a key's, else
        // those of the principals the actor's calls were made as
        c.param("earlier_key", key ? subject : "");
        c.param("key_limit", BucketAccess.CUSTOMER_KEY_LIMIT);
        c.param("bytes_limit", BucketAccess.BYTES_LIMIT);
        c.scope();
        chain(c);
        // the union of the subject's and its sessions' calls, read by five sections, is made once
        c.execute("subject-calls-table.sql");
        c.fragment("subject_calls", "subject-calls-made.sql");
        // the raw records of its S3 reads and writes, which object_reads and object_changes read, decoded once
        c.execute("subject-s3-records.sql");
        c.fragment("object_read_bytes", "object-read-bytes-decoded.sql");
        for (InvestigationSpec.Section s : c.spec().sections()) {
            if (s.name().equals("created")) {
                c.put(created(c.section("created")));
            } else if (s.name().equals("origin")) {
                origin(c);
            } else if (ACTIVITY_SECTIONS.contains(s.name())) {
                sessions(c);
            } else {
                c.section(s.name());
            }
        }
        tell(c, new StoryNotes(c, key ? "key " + Texts.clean(subject) : "'" + Texts.clean(subject) + "'"), subject);
    }

    /** The story in words. */
    private void tell(Context c, StoryNotes notes, String subject) {
        boolean any = notes.summary();
        // a key created and never used: the call that created it is the whole story; a session issued before the
        // window can act inside it when the subject itself does not
        if (!key) {
            String unsearched = PersonKinds.unsearched("investigate actor", c.args().subject().trim(), any);
            if (unsearched != null) {
                c.note(unsearched);
            }
        }
        if (key) {
            notes.origin();
            OriginChain.tell(c, "key " + Texts.clean(subject));
            notes.status(subject);
            notes.sessions("sessions_issued", "session_activity", "issued");
        } else {
            MadeBy.tell(c);
            notes.sessions("assumed_roles", "assumed_sessions", "assumed");
        }
        if (any) {
            notes.newNetworks();
            InstanceCredentials.tell(c);
            notes.bursts();
            String who = key ? "key " + Texts.clean(subject) : "'" + Texts.clean(subject) + "'";
            tellCreated(c);
            ObjectReads.tell(c, who);
            ObjectChanges.tell(c, who);
            KeysMade.tell(c, who);
            InstanceLaunches.tell(c, who);
            notes.secretsRead();
            TableItems.tell(c, who);
            FunctionInvokers.tell(c, who);
            VpcEndpointCalls.tellRecorded(c);
        }
    }

    /**
     * The call that issued the key, looked for with what the key's own events say (its user, role and session, or
     * the account whose root user it acts as); a key without events, in every response that issues one.
     */
    private static void origin(Context c) {
        List<Object> who = c.query("key-origin-subject.sql", "subject").rows().get(0);
        c.param("first_use", who.get(0) == null ? Context.LATEST : java.time.LocalDateTime.ofInstant((Instant) who.get(0),
                java.time.ZoneOffset.UTC));
        c.param("user_name", who.get(1));
        c.param("role_arn", who.get(2));
        c.param("session_name", who.get(3));
        c.param("root_account", who.get(4));
        c.param("console", who.get(5));
        // a key with no event to go by (a session that made no management call) is looked for in every issuing response
        c.param("unused", who.get(0) == null);
        c.section("origin");
    }

    /**
     * What the sessions issued did (actor: the roles' sessions it assumed; key: those it issued): their keys' events
     * from the first call that issued one to the longest a session lasts after the last ($sessions_from and
     * $sessions_to, as {@link #chain} left them).
     */
    private void sessions(Context c) {
        c.section(key ? "session_activity" : "assumed_sessions");
    }

    /**
     * Role chaining: a session the subject issued can assume a further role with its own key, and that session's
     * calls are the subject's too (the attacker's next hop, under a session name of their choosing). Those
     * AssumeRole* calls join the issued sessions, hop after hop, until a hop adds none; the sessions' bounds are
     * those of every session found.
     */
    private static void chain(Context c) {
        bounds(c);
        for (int hop = 0; hop < CHAINED_HOPS && !c.query("sessions-chained.sql", "chained").rows().isEmpty(); hop++) {
            bounds(c);
        }
    }

    /** When the issued sessions can have been used: $sessions_from and $sessions_to. */
    private static void bounds(Context c) {
        List<Object> bounds = c.query("actor-session-bounds.sql", "bounds").rows().get(0);
        c.param("sessions_from", bounds.get(0) == null ? Context.LATEST
                : java.time.LocalDateTime.ofInstant((Instant) bounds.get(0), java.time.ZoneOffset.UTC));
        c.param("sessions_to", bounds.get(1) == null ? Context.EARLIEST
                : java.time.LocalDateTime.ofInstant((Instant) bounds.get(1), java.time.ZoneOffset.UTC));
    }

    /** The created section with the response's names in place of the raw response. */
    private static Table created(Table t) {
        int response = Rows.column(t, "response");
        int request = Rows.column(t, "request_names");
        List<String> columns = new ArrayList<>(t.columns());
        columns.set(response, "created");
        List<List<Object>> rows = new ArrayList<>();
        for (List<Object> row : t.rows()) {
            List<Object> r = new ArrayList<>(row);
            List<?> names = row.get(request) instanceof List<?> l ? l : List.of();
            r.set(response, List.copyOf(ResponseNames.of(row.get(response), names)));
            rows.add(r);
        }
        return new Table(t.name(), columns, rows);
    }

    private static void tellCreated(Context c) {
        Table created = c.made("created");
        if (created.rows().isEmpty()) {
            return;
        }
        List<String> parts = new ArrayList<>();
        int call = Rows.column(created, "call");
        int region = Rows.column(created, "region");
        int names = Rows.column(created, "created");
        int request = Rows.column(created, "request_names");
        int service = Rows.column(created, "invoked_by");
        for (List<Object> row : created.rows().subList(0, Math.min(CREATED_TOLD, created.rows().size()))) {
            List<?> made = (List<?>) row.get(names);
            List<?> what = made.isEmpty() && row.get(request) instanceof List<?> l ? l : made;
            parts.add(Texts.clean(row.get(call)) + " in " + Texts.clean(row.get(region))
                    + (row.get(service) == null ? "" : " through " + Texts.clean(row.get(service)))
                    // each name cleaned apart: the list cut at 160 characters cut an Identity Center assignment's
                    // principal id, the one name that says who was given access, in the middle
                    + (what.isEmpty() ? "" : ": " + Texts.items(what, CREATED_NAMES)));
        }
        String more = created.rows().size() > CREATED_TOLD ? "; and " + (created.rows().size() - CREATED_TOLD)
                + " more (see created)" : "";
        c.note("created or changed: " + String.join("; ", parts) + more);
    }
}
