package io.trailkeeper.cli;

import io.trailkeeper.events.PrintableJsonEscapes;
import io.trailkeeper.store.EventQuery;
import io.trailkeeper.store.EventSearch;
import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.PersonKinds;
import io.trailkeeper.store.PrincipalIds;
import io.trailkeeper.store.ColumnRules;
import io.trailkeeper.store.investigate.Texts;
import io.trailkeeper.store.coverage.CoverageAnalysis;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code trailkeeper query}: find events by filter, or with read-only SQL. */
@Command(name = "query", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Find events in the store, across every region.",
        description = {"",
            "Filters combine with AND; a filter given twice (or with commas) matches either value. Text",
            "matches ignore case; * and ? are wildcards in --event-name, --event-source, --error and --ip.",
            "Events come oldest first. --format jsonl prints the original CloudTrail records, one per line,",
            "as they were loaded.", ""},
        footer = {"", "SQL (--sql, read-only) sees these tables:",
            "  events            one row per record: event_time (UTC), event_id, event_source, event_name,",
            "                    aws_region, recipient_account_id, identity_type, principal_arn, user_name,",
            "                    access_key_id, session_issuer_arn, source_ip, user_agent, error_code,",
            "                    read_only, event_category, event_type, resources (list), source_kind,",
            "                    source_name, source_index, record_hash, source_identity (a session's person:",
            "                    sourceIdentity, else onBehalfOf.userId)",
            "  cloudtrail        the events with the original record as JSON in column 'record':",
            "                    SELECT record->>'$.requestParameters.bucketName' FROM cloudtrail ...",
            "  ingest_problems   every input problem: source_name, location, code, outcome, message",
            "  ingest_runs       every ingest and collection: when, files, records, new, duplicates",
            "  source_files      files read completely (the checkpoints)",
            "  coverage          what each collector run could not see: region, scope, window, status, reason",
            "  lookup_windows    event history read completely, per account and region",
            "  s3_objects        S3 objects read completely: bucket, key, etag, object_type",
            "  account_snapshots the account set-ups audit looked at: account, taken_at, snapshot (JSON)",
            "  day_counts        events per region, day, source_kind and data (true/false): sum(events)",
            "  destructive_events",
            "                    the store's destructive calls (who-deleted's): raw_chunk, raw_offset,",
            "                    event_time, event_category, resources; join events on raw_chunk and raw_offset",
            "  s3_object_calls   the S3 data and network activity events (investigate s3's), a row per name",
            "                    that can be a bucket: bucket, who, event_time, event_name, source_ip,",
            "                    error_code, read_only, event_category,",
            "                    raw_chunk, raw_offset (a root-level key is listed as a name too)",
            "  key_postings      the row id (rid) and day of every event with an access key, by key_hash;",
            "                    current while store_meta's key_postings_covered is count(*):max(rowid)",
            "  lake_exports      what export parquet wrote per lake partition: rows, checksum, verified_at",
            "  lake_pruned       partitions prune moved to the lake; events (a view) still shows their rows",
            "  verify_findings   log files verify --keep found deleted, altered or inserted: bucket, key,",
            "                    region, delivered_at, verdict, reason, checked_at",
            "",
            "Examples:",
            "  trailkeeper query --event-name DeleteBucket --resource my-bucket",
            "  trailkeeper query --access-key AKIAIOSFODNN7EXAMPLE --since 30d --format csv > key.csv",
            "  trailkeeper query --event-name 'Delete*,Stop*' --error any --region us-west-2",
            "  trailkeeper query --sql \"SELECT aws_region, count(*) FROM events GROUP BY 1\""})
final class QueryCommand implements Callable<Integer> {
    @ParentCommand
    TrailKeeperCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--since", paramLabel = "TIME", description = "From this time: 2024-03-01, 2024-03-01T12:00:00Z, or an age (90d, 12h).")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Up to this time (same forms; a date means to its end: 23:59:59.999999).")
    String until;

    @Option(names = "--region", paramLabel = "REGION", split = ",", description = "The region that recorded the event.")
    List<String> regions = new ArrayList<>();

    @Option(names = "--event-name", paramLabel = "NAME", split = ",", description = "API call, exact or glob: DeleteBucket, 'Delete*'.")
    List<String> eventNames = new ArrayList<>();

    @Option(names = "--event-source", paramLabel = "SERVICE", split = ",", description = "Service: s3 or s3.amazonaws.com.")
    List<String> eventSources = new ArrayList<>();

    @Option(names = "--user", paramLabel = "TEXT", description = "Part of the principal's ARN or name (role sessions included), or of the person behind a session (its sourceIdentity, or the Identity Center user of onBehalfOf). A whole ARN is that principal only: a role's ARN its sessions.")
    String user;

    @Option(names = "--access-key", paramLabel = "KEY", description = "Access key id (AKIA... or ASIA...).")
    String accessKey;

    @Option(names = "--ip", paramLabel = "IP", description = "Source IP address, a glob ('203.0.113.*') or an IPv4 CIDR block (198.51.100.0/24).")
    String ip;

    @Option(names = "--resource", paramLabel = "NAME", description = "A bucket, key, role, trail, instance, ARN... the event names. An object also as s3://bucket/key; a name ending in / is every object under that prefix. An EC2 id also finds the EC2 calls naming it as a filter's value (resource_match says which filter).")
    String resource;

    @Option(names = "--error", paramLabel = "CODE", description = "Error code (AccessDenied, 'Throttl*'), or 'any' for every failed call, failed sign-ins included (console sign-ins, IAM Identity Center credentials: AWS gives them no error code).")
    String error;

    @ArgGroup(exclusive = true)
    Access access;

    @Option(names = "--category", paramLabel = "CATEGORY", description = "management, data, insight or networkactivity.")
    String category;

    @Option(names = "--limit", paramLabel = "N", description = "At most N events (default: all).")
    Long limit;

    @Option(names = "--sql", paramLabel = "SELECT...", description = "Run read-only SQL instead of filters (tables below).")
    String sql;

    @Option(names = "--no-pager", description = "Do not page a long table on a terminal.")
    boolean noPager;

    /** --read-only and --write exclude each other. */
    static final class Access {
        @Option(names = "--read-only", description = "Only calls that read.")
        boolean readOnly;

        @Option(names = "--write", description = "Only calls that change something.")
        boolean write;
    }

    @Override
    public Integer call() {
        Output.requireTabular(root.format);
        if (sql != null && hasFilters()) {
            throw new IllegalArgumentException("--sql cannot be combined with filters; put the conditions in the SQL");
        }
        EventQuery query = sql == null ? query() : null;
        try (EventStore store = EventStore.openForReading(root.storePath(), root.storeOptions());
             Pager pager = Pager.open(spec.commandLine().getOut(), root.format == TrailKeeperCommand.Format.table
                     && !noPager && Terminal.interactive())) {
            EventSearch search = new EventSearch(store);
            PrintWriter out = pager.out();
            // an IAM unique id (AIDA..., AROA...[:session]) is searched as the ARN the store's records give it
            PrincipalIds.Resolved id = query == null ? null : PrincipalIds.resolve(store, query.user());
            if (id != null && id.arn() != null) {
                query = query.withUser(id.arn());
            }
            if (sql != null) {
                search.sql(sql, Output.renderer(root.format, out, Terminal.width()));
            } else if (root.format == TrailKeeperCommand.Format.jsonl) {
                OutputStream raw = pager.stream();
                // the records as stored, byte for byte; on a terminal, with its controls and direction characters
                // as unicode escapes (the same JSON)
                boolean terminal = Terminal.interactive();
                search.records(query, record -> write(raw, terminal ? printable(record) : record));
                flush(raw);
            } else {
                // the full columns name the account; the table does when the events are of several accounts
                List<String> columns = root.format != TrailKeeperCommand.Format.table ? EventSearch.FULL
                        : search.severalAccounts(query) ? EventSearch.BRIEF_ACCOUNTS : EventSearch.BRIEF;
                search.events(query, columns, Output.renderer(root.format, out, Terminal.width()));
            }
            if (query != null) {
                note(id == null ? null : id.note("--user"), out);
                note(PersonKinds.note(store, query), out);
                long mayInclude = search.mayInclude(query);
                if (mayInclude > 0 && EventSearch.findsInFilters(query.resource())) {
                    note(mayInclude + (mayInclude == 1 ? " event names " : " events name ")
                            + Texts.clean(query.resource()) + " only as a filter's value (EC2's Filter.N, such as"
                            + " instance-id): a read that asked about it, whose answer may have held it or nothing"
                            + " (resource_match names the filter in table, json and csv)", out);
                } else if (mayInclude > 0) {
                    note(mayInclude + (mayInclude == 1 ? " event names" : " events name") + " by resources[].ARNPrefix"
                            + " a prefix that holds " + Texts.clean(query.resource()) + ", not the resource itself:"
                            + " such a call may include it or not, which CloudTrail does not say (resource_match"
                            + " tells them apart in table, json and csv)", out);
                }
                // what the store could not see of the window and regions asked about: no rows is not "nothing
                // happened" when a region or day was never collected
                List<String> caveats = new ArrayList<>(new CoverageAnalysis(store, root.clock).caveats(query.since(),
                        query.until(), java.util.Set.copyOf(query.regions()), query.asksAboutDataEvents()));
                // events whose columns an earlier TrailKeeper derived; for a person searched by text, those stored
                // without their source identity
                caveats.addAll(ColumnRules.caveats(store, query.since(), query.until(),
                        java.util.Set.copyOf(query.regions()), query.user()));
                InvestigateCommand.incomplete(caveats, root.format == TrailKeeperCommand.Format.table, out,
                        spec.commandLine().getErr());
            }
        }
        return 0;
    }

    /**
     * A line after the answer that is not a warning (which principals a bare --user name matched): after a table,
     * on stdout; on stderr for the other formats, whose output is data.
     */
    private void note(String text, PrintWriter out) {
        if (text != null) {
            InvestigateCommand.afterAnswer("note: " + text, root.format == TrailKeeperCommand.Format.table, out,
                    spec.commandLine().getErr());
        }
    }

    private EventQuery query() {
        Instant from = since == null ? null : TimeArguments.parse(since, root.clock, "--since");
        Instant to = until == null ? null : TimeArguments.parseUntil(until, root.clock, "--until");
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("--since " + since + " is after --until " + until);
        }
        if (limit != null && limit < 0) {
            throw new IllegalArgumentException("--limit must be 0 or more");
        }
        Boolean readOnly = access == null ? null : access.readOnly ? Boolean.TRUE : access.write ? Boolean.FALSE : null;
        if (category != null && !Arrays.asList("management", "data", "insight", "networkactivity")
                .contains(category.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("--category must be management, data, insight or networkactivity, not "
                    + category);
        }
        return new EventQuery(from, to, regions, eventNames, eventSources, user, accessKey, ip, resource, error,
                readOnly, category, limit);
    }

    private boolean hasFilters() {
        return since != null || until != null || !regions.isEmpty() || !eventNames.isEmpty() || !eventSources.isEmpty()
                || user != null || accessKey != null || ip != null || resource != null || error != null
                || access != null || category != null || limit != null;
    }

    static byte[] printable(byte[] record) {
        String json = new String(record, java.nio.charset.StandardCharsets.UTF_8);
        String shown = PrintableJsonEscapes.printable(json);
        return shown == json ? record : shown.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void write(OutputStream out, byte[] record) {
        try {
            out.write(record);
            out.write('\n');
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void flush(OutputStream out) {
        try {
            out.flush();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
