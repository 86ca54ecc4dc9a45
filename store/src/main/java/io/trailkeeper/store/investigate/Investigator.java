package io.trailkeeper.store.investigate;

import io.trailkeeper.store.EventSearch;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.PrincipalIds;
import io.trailkeeper.store.ColumnRules;
import io.trailkeeper.store.coverage.CoverageAnalysis;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Runs the named investigations of the {@link Investigations} catalogue over a store opened for reading. Each
 * answer holds the catalogue's sections, notes that say the answer in words, and the coverage warnings: why the
 * answer may be incomplete for the window asked about. Not for use by several threads at once (a run keeps
 * TEMP tables on the store's connection).
 */
public final class Investigator {
    private static final Map<String, Investigation> CODE = Map.of(
            "who-deleted", new WhoDeleted(),
            "key", Story.ofKey(),
            "actor", Story.ofActor(),
            "logins", new Logins(),
            "s3", new BucketAccess(),
            "regions", new Regions(),
            "timeline", new Timeline());

    private final EventStore store;
    private final Clock clock;
    private final Investigations catalogue = Investigations.bundled();

    public Investigator(EventStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        for (InvestigationSpec spec : catalogue.all()) {
            if (!CODE.containsKey(spec.name())) {
                throw new IllegalStateException("investigation " + spec.name() + " is in the catalogue but has no code");
            }
        }
    }

    /**
     * Runs one investigation. IllegalArgumentException when the name is unknown, the argument is missing or not
     * wanted, an option does not apply, or the window is empty: each message says what the investigation takes.
     */
    public InvestigationResult run(String name, InvestigationArgs args) {
        InvestigationSpec spec = catalogue.get(name);
        InvestigationArgs a = args == null ? InvestigationArgs.none() : args;
        check(spec, a);
        // an IAM unique id (AIDA..., AROA...[:session]) as the actor is searched as the ARN the records give it
        List<String> idNotes = new java.util.ArrayList<>();
        if (spec.name().equals("actor")) {
            a = a.withSubject(byArn(a.subject(), "investigate actor", idNotes));
        }
        a = a.withActor(byArn(a.actor(), "--actor", idNotes));
        Context c = new Context(new EventSearch(store), spec, a);
        idNotes.forEach(c::note);
        try {
            CODE.get(spec.name()).answer(c);
        } catch (RuntimeException e) {
            try {
                c.dropTemporaries();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        c.dropTemporaries();
        String lake = io.trailkeeper.store.MovedPartitions.readInLake(store, a.since(), a.until());
        if (lake != null) {
            c.note(lake); // past the hot window, an answer is the lake's too: said, not left to be guessed
        }
        List<String> warnings = new java.util.ArrayList<>(new CoverageAnalysis(store, clock).caveats(a.since(),
                a.until(), c.regions(), c.dataEvents()));
        // a person searched by text (investigate actor, --actor of timeline, logins and s3) is looked for by the
        // source identity too, which events stored before schema 13 lack
        warnings.addAll(ColumnRules.caveats(store, a.since(), a.until(), c.regions(),
                spec.name().equals("actor") ? a.subject() : a.actor()));
        return new InvestigationResult(spec.name(), c.sections(), c.notes(), warnings);
    }

    /** The ARN an IAM unique id stands for in the store's records (with a note of it), else the text as given. */
    private String byArn(String given, String asked, List<String> notes) {
        PrincipalIds.Resolved id = PrincipalIds.resolve(store, given);
        if (id == null || id.arn() == null) {
            return given;
        }
        notes.add(id.note(asked));
        return id.arn();
    }

    private static void check(InvestigationSpec spec, InvestigationArgs a) {
        String usage = "; usage: " + spec.usage() + ", e.g. " + spec.examples().get(0);
        boolean hasSubject = a.subject() != null && !a.subject().isBlank();
        if (spec.subject() != null && !hasSubject) {
            throw new IllegalArgumentException("investigate " + spec.name() + " needs " + spec.subject() + ": "
                    + spec.subjectDescription() + usage);
        }
        if (spec.subject() == null && hasSubject) {
            throw new IllegalArgumentException("investigate " + spec.name() + " takes no argument, but was given '"
                    + a.subject() + "'" + usage);
        }
        refuse(spec, "actor", a.actor(), usage);
        refuse(spec, "key", a.accessKey(), usage);
        refuse(spec, "ip", a.ip(), usage);
        refuse(spec, "limit", a.limit(), usage);
        if (a.since() != null && a.until() != null && a.since().isAfter(a.until())) {
            throw new IllegalArgumentException("--since " + a.since() + " is after --until " + a.until());
        }
        if (a.limit() != null && a.limit() < 1) {
            throw new IllegalArgumentException("--limit must be 1 or more, not " + a.limit());
        }
    }

    private static void refuse(InvestigationSpec spec, String option, Object value, String usage) {
        if (value != null && !spec.takes(option)) {
            throw new IllegalArgumentException("investigate " + spec.name() + " does not take --" + option + usage);
        }
    }
}
