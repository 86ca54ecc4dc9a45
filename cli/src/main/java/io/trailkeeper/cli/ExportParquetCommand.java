package io.trailkeeper.cli;

import io.trailkeeper.store.EventStore;
import io.trailkeeper.store.lake.LakeExport;
import io.trailkeeper.store.lake.LakeTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code trailkeeper export parquet}: the store's events into a Parquet lake, incrementally and atomically. */
@Command(name = "parquet", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Write the store's events to a Parquet lake for the years beyond the store (Athena, Trino, Spark).",
        description = {"",
            "The lake is Hive-partitioned by account, region and UTC day, one zstd Parquet file a partition:",
            "  OUT/events/account=ACCOUNT/region=REGION/date=YYYY-MM-DD/events.parquet",
            "  OUT/_tables/athena.sql, trino.sql, spark.sql     the table definitions for the lake",
            "Columns: the store's (query --help) with record_hash as text, and raw, the original record.",
            "A missing account, region or time is __HIVE_DEFAULT_PARTITION__ (read back as NULL).",
            "",
            "Incremental: the store records in lake_exports what each partition's file holds (row count and",
            "checksum). An export writes only the partitions whose events changed since, each file whole",
            "again (a late event for an old day rewrites that day only); with nothing new it writes nothing.",
            "",
            "Atomic: a file is written under a hidden temporary name (.events.parquet.*.tmp, passed over by",
            "every reader) and renamed into place, or sent to S3 in one PUT; it is read back and recorded",
            "only when its row count and checksum are the store's. A killed export leaves at most a",
            "temporary file; the next export finishes the work. The store is held in slices of a few",
            "seconds, so collect, watch and query get their turn during a long export.", ""},
        footer = {"", "Examples:",
            "  trailkeeper export parquet --out ./lake",
            "  trailkeeper export parquet --out s3://my-lake-bucket/cloudtrail --since 2024-01-01",
            "  duckdb -c \"SELECT event_name, count(*) FROM read_parquet('lake/events/*/*/*/events.parquet',",
            "      hive_partitioning = true, hive_types = {'account': VARCHAR, 'region': VARCHAR, 'date': DATE})",
            "      WHERE date >= '2024-03-01' GROUP BY ALL ORDER BY 2 DESC\"",
            "  (left to guess, DuckDB and Spark may type account as a number; Spark reads 012345678901 as",
            "  12345678901: in Spark, read through OUT/_tables/spark.sql's table)",
            "  Athena: run OUT/_tables/athena.sql in the console (partition projection: no crawler), then",
            "      SELECT * FROM trailkeeper_events WHERE account = '111122223333' AND \"date\" = '2024-03-01'",
            "",
            "Permissions for s3://: s3:PutObject, s3:GetObject, s3:ListBucket on the lake's bucket."})
final class ExportParquetCommand implements Callable<Integer> {
    /** How long the store is held at a time; collectors and queries wait up to --wait (10 s) for it. */
    static final Duration HOLD = Duration.ofSeconds(5);

    @ParentCommand
    ExportCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR|s3://BUCKET/PREFIX",
            description = "The lake: a folder (created if needed) or an S3 location.")
    String out;

    @Option(names = "--since", paramLabel = "TIME", description = "Only days from this one (2024-03-01, or an age: 90d).")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Only days up to this one, inclusive.")
    String until;

    @Mixin
    AwsOptionsMixin aws;

    @Override
    public Integer call() throws IOException {
        TrailKeeperCommand root = parent.root;
        Output.requireTabular(root.format);
        Path storePath = root.storePath();
        EventStore.requireExisting(storePath);
        PrintWriter err = spec.commandLine().getErr();
        Progress bar = new Progress(err, Terminal.errorsInteractive());
        LakeExport.Listener listener = new LakeExport.Listener() {
            @Override
            public void planned(int partitions, int unchanged, long events) {
                bar.start(partitions, events);
            }

            @Override
            public void written(int partitionsDone, long eventsDone) {
                bar.update(partitionsDone, eventsDone, eventsDone);
            }
        };
        String[] location = new String[1];
        LakeExport.Summary s = LakeTargets.with(out, aws, null, lake -> {
            location[0] = lake.location();
            return export(root, storePath, lake, listener);
        });
        bar.clear();
        print(root, spec.commandLine().getOut(), s, location[0]);
        return 0;
    }

    private LakeExport.Summary export(TrailKeeperCommand root, Path storePath, LakeTarget lake,
                                      LakeExport.Listener listener) {
        return new LakeExport(() -> EventStore.openForWriting(storePath, root.storeOptions()), lake, root.clock, HOLD)
                .run(CollectS3Command.day(since, root, "--since"), CollectS3Command.day(until, root, "--until"),
                        listener);
    }

    static void print(TrailKeeperCommand root, PrintWriter out, LakeExport.Summary s, String location) {
        if (root.format == TrailKeeperCommand.Format.json || root.format == TrailKeeperCommand.Format.jsonl) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("lake", location);
            m.put("partitions_written", s.written());
            m.put("partitions_unchanged", s.unchanged());
            m.put("events", s.events());
            m.put("bytes", s.bytes());
            m.put("tables", s.tables());
            m.put("elapsed_seconds", s.elapsed().toMillis() / 1000.0);
            m.put("events_per_second", Math.round(s.eventsPerSecond()));
            Json.printObject(out, m);
        } else if (s.written() == 0) {
            out.println(String.format(Locale.ROOT, "nothing new to export: %,d partitions unchanged in %s",
                    s.unchanged(), location));
        } else {
            out.println(String.format(Locale.ROOT, "exported %,d partitions (%,d unchanged) to %s: %,d events,"
                    + " %,d bytes; %.1f s, %,.0f events/s", s.written(), s.unchanged(), location, s.events(),
                    s.bytes(), s.elapsed().toMillis() / 1000.0, s.eventsPerSecond()));
        }
        out.flush();
    }
}
