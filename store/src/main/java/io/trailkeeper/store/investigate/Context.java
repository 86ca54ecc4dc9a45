package io.trailkeeper.store.investigate;

import io.trailkeeper.events.Table;
import io.trailkeeper.events.TableCollector;
import io.trailkeeper.store.EventSearch;
import io.trailkeeper.store.IpFilter;
import io.trailkeeper.store.PersonMatch;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One run of an investigation: its arguments as bound parameters, the SQL it runs, the sections and notes it
 * makes. The common parameters: {@code $since}, {@code $until} (the earliest or latest time when not given),
 * {@code $row_cap} (the limit plus one, to tell a cut list), --actor as person.sql matches it ({@code $person_text},
 * {@code $person_arn}, {@code $person_session}, {@code $person_user}, {@code $person_account}: {@link PersonMatch}),
 * {@code $key}, {@code $ip_like}
 * ('' when not given), {@code $ip_first} and {@code $ip_last} (an IPv4 CIDR block's first and last address; -1
 * when not given). Fragment {{window}} is window.sql, or window-all-time.sql when no window was asked for (so that
 * events without a readable time count, and the filter stays one DuckDB can push into its scan).
 */
final class Context {
    static final LocalDateTime EARLIEST = LocalDateTime.of(1900, 1, 1, 0, 0);
    static final LocalDateTime LATEST = LocalDateTime.of(9999, 12, 31, 23, 59, 59);
    private static final String COUNT = "scope-found.sql";
    /** The found_window fragment once the first step found rows of the lake. */
    static final String LAKE_FOUND_WINDOW = "found-window-lake.sql";

    private final EventSearch search;
    private final InvestigationSpec spec;
    private final InvestigationArgs args;
    private final int limit;
    private final Map<String, String> fragments;
    private final Map<String, Object> params = new HashMap<>();
    private final Map<String, Table> sections = new HashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> cut = new ArrayList<>();
    /** The sections whose lists were cut to the limit. */
    private final java.util.Set<String> cutSections = new java.util.HashSet<>();
    private final Set<String> regions = new LinkedHashSet<>();
    /** The SQL of each statement run from our files, in order: what an answer costs is its statements. */
    private final List<String> statements = new ArrayList<>();
    private boolean dataEvents;

    Context(EventSearch search, InvestigationSpec spec, InvestigationArgs args) {
        this.search = search;
        this.spec = spec;
        this.args = args;
        this.limit = args.limit() != null ? args.limit() : spec.defaultLimit();
        this.dataEvents = spec.dataEvents();
        this.fragments = fragments(spec, args.since() == null && args.until() == null, search.listsDestructiveCalls(),
                search.listsS3ObjectCalls(), search.postsKeys(), PersonMatch.namesPerson(args.actor()));
        params.put("since", args.since() == null ? EARLIEST : LocalDateTime.ofInstant(args.since(), ZoneOffset.UTC));
        params.put("until", args.until() == null ? LATEST : LocalDateTime.ofInstant(args.until(), ZoneOffset.UTC));
        params.put("row_cap", (long) limit + 1);
        person(args.actor());
        params.put("key", args.accessKey() == null ? "" : args.accessKey());
        ip(args.ip() == null ? IpFilter.NONE : IpFilter.parse(args.ip(), "--ip"));
    }

    /** The parameters of person.sql: --actor's, or an actor investigation's subject. */
    void person(String given) {
        params.putAll(PersonMatch.parameters(given));
    }

    /** The --ip parameters filters.sql reads. */
    private void ip(IpFilter ip) {
        params.put("ip_like", ip.like());
        params.put("ip_first", ip.first());
        params.put("ip_last", ip.last());
    }

    /**
     * The fragment files an investigation's SQL inserts: its own, the window, where the destructive calls and the
     * S3 object calls come from (the store's lists of them, or the events of a store from before a list), and how a
     * key's events are found (among the rows the store's key postings give, or testing every event), and whether a
     * listed S3 call's source identity is looked up (--actor is a text that may name the person behind a session).
     */
    static Map<String, String> fragments(InvestigationSpec spec, boolean allTime, boolean destructiveListed,
            boolean s3Listed, boolean keysPosted, boolean personText) {
        Map<String, String> all = new HashMap<>(spec.fragments());
        all.put("window", allTime ? "window-all-time.sql" : "window.sql");
        all.put("destructive_candidates", destructiveListed ? "destructive-listed.sql" : "destructive-scan.sql");
        all.put("s3_calls", s3Listed ? "s3-calls-listed.sql" : "s3-calls-scan.sql");
        all.put("story_rows", keysPosted && "who-key.sql".equals(all.get("who")) ? "key-rows-posted.sql"
                : "story-rows.sql");
        all.put("found_window", "found-window.sql");
        all.put("listed_person", personText ? "s3-call-person.sql" : "s3-call-no-person.sql");
        return all;
    }

    InvestigationSpec spec() {
        return spec;
    }

    InvestigationArgs args() {
        return args;
    }

    int limit() {
        return limit;
    }

    void param(String name, Object value) {
        params.put(name, value);
    }

    /** Uses another file for a fragment from now on. */
    void fragment(String name, String file) {
        fragments.put(name, file);
    }

    /** Runs the scope files: the TEMP tables the sections read. */
    void scope() {
        for (String file : spec.scope()) {
            if (file.equals(COUNT)) {
                found(query(COUNT, "found").rows().get(0));
            } else {
                execute(file);
            }
        }
    }

    /**
     * What scope-found.sql counted, for scope-fetch.sql: how many rows to fetch (the LIMIT ends its scan once it has
     * them all) and the first and last of their row ids in the store and in the lake (only that part is read; an
     * empty range when none); the lake's files are read only when a row of theirs was found.
     */
    private void found(List<Object> row) {
        param("fetch_rows", ((Number) row.get(0)).longValue());
        param("found_first", row.get(1) == null ? 0L : ((Number) row.get(1)).longValue());
        param("found_last", row.get(2) == null ? -1L : ((Number) row.get(2)).longValue());
        boolean lake = row.get(3) != null;
        param("lake_first", lake ? ((Number) row.get(3)).longValue() : 0L);
        param("lake_last", lake ? ((Number) row.get(4)).longValue() : -1L);
        fragments.put("found_window", lake ? LAKE_FOUND_WINDOW : "found-window.sql");
    }

    /** Runs a file that returns no rows (a TEMP table). */
    void execute(String file) {
        SqlTemplate t = SqlTemplate.load(file, fragments);
        statements.add(t.sql());
        search.statement(t.sql(), t.bind(params), new TableCollector());
    }

    /** Runs a section's (first) SQL file and keeps its table; a list is cut to the limit, with a note when it was. */
    Table section(String name) {
        InvestigationSpec.Section s = sectionSpec(name);
        Table t = query(s.sql().get(0), name);
        if (s.capped() && t.rows().size() > limit) {
            t = Rows.head(t, limit);
            cutSections.add(name);
            cut.add(name + ": the first " + Texts.count(limit, "row", "rows")
                    + " are shown; more match (--limit N shows more, --since/--until narrow the window)");
        }
        sections.put(name, t);
        return t;
    }

    /** Whether the list of section {@code name} was cut to the limit: counted from its rows, a note says "more than". */
    boolean wasCut(String name) {
        return cutSections.contains(name);
    }

    /** Keeps a table made or changed here as the section of that name. */
    void put(Table t) {
        sectionSpec(t.name());
        sections.put(t.name(), t);
    }

    /** A section made before in this run. */
    Table made(String name) {
        Table t = sections.get(name);
        if (t == null) {
            throw new IllegalStateException(spec.name() + " has not made section " + name + " yet");
        }
        return t;
    }

    /** Runs any SQL file of the folder and gives its rows, named {@code name}. */
    Table query(String file, String name) {
        SqlTemplate t = SqlTemplate.load(file, fragments);
        statements.add(t.sql());
        TableCollector rows = new TableCollector();
        search.statement(t.sql(), t.bind(params), rows);
        return rows.table(name);
    }

    /**
     * Runs a file as {@link #query} does with --actor, --key and --ip not applied ({{filters}} matches every event):
     * what the window holds whoever made the calls.
     */
    Table queryUnfiltered(String file, String name) {
        Map<String, Object> saved = new HashMap<>(params);
        person(null);
        params.put("key", "");
        ip(IpFilter.NONE);
        try {
            return query(file, name);
        } finally {
            params.putAll(saved);
        }
    }

    /** The SQL of the statements run so far from the folder's files (not the TEMP tables' clean-up), in order. */
    List<String> statements() {
        return List.copyOf(statements);
    }

    void note(String text) {
        notes.add(text);
    }

    /** A region the answer is about, for the coverage warnings (none: any region). */
    void region(String region) {
        regions.add(region);
    }

    Set<String> regions() {
        return Set.copyOf(regions);
    }

    /** This answer rests on data events (an object's deletes), whatever the catalogue says of the investigation. */
    void needsDataEvents() {
        dataEvents = true;
    }

    /** Whether the coverage warnings say which data events the store lacks. */
    boolean dataEvents() {
        return dataEvents;
    }

    /** The answer's sentences, then which lists were cut. */
    List<String> notes() {
        List<String> all = new ArrayList<>(notes);
        all.addAll(cut);
        return List.copyOf(all);
    }

    /** The sections in the catalogue's order; each must have been made. */
    List<Table> sections() {
        List<Table> out = new ArrayList<>();
        for (InvestigationSpec.Section s : spec.sections()) {
            Table t = sections.get(s.name());
            if (t == null) {
                throw new IllegalStateException(spec.name() + " made no section " + s.name());
            }
            out.add(t);
        }
        return out;
    }

    /** The window in words, for notes. */
    String window() {
        return Texts.window(args.since(), args.until());
    }

    Instant since() {
        return args.since();
    }

    /** Drops the TEMP tables this run made, so that the next run starts clean. */
    void dropTemporaries() {
        TableCollector names = new TableCollector();
        search.statement("SELECT table_name FROM duckdb_tables() WHERE temporary AND starts_with(table_name, 'tk_')",
                List.of(), names);
        for (List<Object> row : names.table("temps").rows()) {
            // a name from the database's own catalogue (our tk_ tables), quoted as an identifier
            search.statement("DROP TABLE IF EXISTS temp.\"" + row.get(0).toString().replace("\"", "\"\"") + "\"",
                    List.of(), new TableCollector());
        }
    }

    private InvestigationSpec.Section sectionSpec(String name) {
        return spec.sections().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException(spec.name() + " has no section " + name));
    }
}
