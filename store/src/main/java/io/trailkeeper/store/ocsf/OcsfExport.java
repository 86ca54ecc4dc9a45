package io.trailkeeper.store.ocsf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TableSink;
import io.trailkeeper.events.TrailKeeperException;
import io.trailkeeper.store.EventSearch;
import io.trailkeeper.store.EventStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Exports the store's events as OCSF 1.1.0 ({@link OcsfMapper}) into a folder partitioned by class, account, region
 * and UTC day ({@link OcsfFiles}), as JSON lines or zstd Parquet, so that they load into Amazon Security Lake (as a
 * custom source) or any OCSF consumer.
 *
 * <p>A time range is widened to whole UTC days, so that every partition file holds its whole day: exporting again
 * replaces a day's files with complete ones. Events without a readable time (OCSF requires one) and records that
 * cannot be mapped are counted in the {@link Result}, by reason, never dropped silently.
 */
public final class OcsfExport {
    /** The file format of the partition files. */
    public enum Format {
        JSONL("ocsf.jsonl"), PARQUET("ocsf.parquet");

        private final String fileName;

        Format(String fileName) {
            this.fileName = fileName;
        }

        /** The name of each partition's file. */
        public String fileName() {
            return fileName;
        }
    }

    /**
     * What an export wrote.
     *
     * @param events      events written, per class
     * @param files       the partition files written (absolute)
     * @param skipped     records not mapped, per reason
     * @param withoutTime events in the store without a readable time, which cannot be OCSF events
     * @param from        the start of the exported range (a UTC day's start), or null for all
     * @param until       the end of the exported range (exclusive, a UTC day's start), or null for all
     */
    public record Result(Map<OcsfClass, Long> events, List<Path> files, Map<String, Long> skipped, long withoutTime,
                         Instant from, Instant until) {
        public long total() {
            return events.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** The columns read beside each record, in the order {@link Rows} takes them. */
    private static final List<String> COLUMNS = List.of("event_time", "recipient_account_id", "aws_region",
            "resources");

    private final EventStore store;
    private final OcsfMapper mapper = new OcsfMapper();

    /** @param store a store opened for reading */
    public OcsfExport(EventStore store) {
        this.store = store;
    }

    /**
     * Writes the events from {@code since} to {@code until} (either null for no bound; widened to whole UTC days)
     * into {@code out}, which is created if needed.
     */
    public Result run(Path out, Instant since, Instant until, Format format) {
        Instant from = since == null ? null : since.truncatedTo(ChronoUnit.DAYS);
        Instant to = until == null ? null : until.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
        Map<OcsfClass, Long> events = new EnumMap<>(OcsfClass.class);
        Map<String, Long> skipped = new TreeMap<>();
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE event_time IS NOT NULL");
        if (from != null) {
            where.append(" AND event_time >= ?");
            params.add(LocalDateTime.ofInstant(from, ZoneOffset.UTC));
        }
        if (to != null) {
            where.append(" AND event_time < ?");
            params.add(LocalDateTime.ofInstant(to, ZoneOffset.UTC));
        }
        EventSearch search = new EventSearch(store);
        try (OcsfFiles files = new OcsfFiles(out, format)) {
            // the records are fetched a page at a time after the sort: sorting them with their columns (2.5 GB of
            // JSON for 2 million events) and holding the sorted result took 4 GB and most of the time
            search.recordsWithColumns(COLUMNS, where.toString(), " ORDER BY event_time, record_hash", params,
                    new Rows(files, events, skipped));
            files.publish();
            long withoutTime = count(search, "SELECT count(*) FROM events WHERE event_time IS NULL");
            return new Result(events, files.written(), skipped, withoutTime, from, to);
        } catch (IOException | UncheckedIOException | SQLException e) {
            throw new TrailKeeperException(ErrorCode.STORE_WRITE_FAILED, "cannot write the OCSF export to " + out
                    + ": " + e.getMessage(), "check that the folder can be written and has free space; files of"
                    + " earlier exports are left as they were", e);
        }
    }

    private static long count(EventSearch search, String sql) {
        long[] n = {0};
        search.statement(sql, List.of(), new TableSink() {
            @Override
            public void columns(List<String> names) {
            }

            @Override
            public void row(List<Object> values) {
                n[0] = ((Number) values.get(0)).longValue();
            }
        });
        return n[0];
    }

    /** Maps each row and appends it to its partition. */
    private final class Rows implements BiConsumer<List<Object>, byte[]> {
        private final OcsfFiles files;
        private final Map<OcsfClass, Long> events;
        private final Map<String, Long> skipped;

        Rows(OcsfFiles files, Map<OcsfClass, Long> events, Map<String, Long> skipped) {
            this.files = files;
            this.events = events;
            this.skipped = skipped;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void accept(List<Object> values, byte[] recordBytes) {
            Instant time = (Instant) values.get(0);
            String raw = new String(recordBytes, StandardCharsets.UTF_8);
            JsonNode record;
            try {
                record = OcsfJson.MAPPER.readTree(raw);
            } catch (JsonProcessingException e) {
                skipped.merge("record not readable as JSON", 1L, Long::sum);
                return;
            }
            OcsfMapper.Mapping m = mapper.map(raw, record, time, (List<String>) values.get(3));
            if (m.event() == null) {
                skipped.merge(m.skipped(), 1L, Long::sum);
                return;
            }
            try {
                files.append(m.event().ocsfClass(), (String) values.get(1), (String) values.get(2),
                        LocalDate.ofInstant(time, ZoneOffset.UTC), OcsfJson.line(m.event().json()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (SQLException e) {
                throw new UncheckedIOException(new IOException("Parquet: " + e.getMessage(), e));
            }
            events.merge(m.event().ocsfClass(), 1L, Long::sum);
        }
    }
}
