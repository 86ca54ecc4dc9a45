package io.trailkeeper.store.ocsf;

import io.trailkeeper.store.lake.LakeLayout;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The partition files of one export, open for one UTC day at a time (events arrive in time order): each partition
 * is written under a hidden temporary name in its own folder, converted to Parquet if asked, and moved into place
 * in one step when its day is complete, replacing the file an earlier export wrote. A reader never sees half a
 * file; a failed export leaves the previous files and removes its temporary ones.
 *
 * <pre>
 * OUT/class=CLASS/account=ACCOUNT/region=REGION/date=YYYY-MM-DD/ocsf.jsonl   (or ocsf.parquet)
 * </pre>
 */
final class OcsfFiles implements AutoCloseable {
    private final Path out;
    private final OcsfExport.Format format;
    private final OcsfParquet parquet;
    private final Map<Path, Open> open = new LinkedHashMap<>();
    private final List<Path> written = new ArrayList<>();
    private LocalDate day;

    /** A partition being written: its JSON lines under {@code temp}, its Parquet file (if asked) under {@code tempParquet}. */
    private record Open(Path target, Path temp, Path tempParquet, BufferedWriter writer) {
    }

    OcsfFiles(Path out, OcsfExport.Format format) throws SQLException {
        this.out = out;
        this.format = format;
        this.parquet = format == OcsfExport.Format.PARQUET ? new OcsfParquet() : null;
    }

    /** The file an event of this class, account, region and day belongs in, relative to the export's folder. */
    static Path partition(OcsfClass c, String account, String region, LocalDate date, OcsfExport.Format format) {
        return Path.of("class=" + c.schemaName(), "account=" + LakeLayout.value(account),
                "region=" + LakeLayout.value(region), "date=" + date, format.fileName());
    }

    /** Appends one JSON line to its partition; a new day first publishes the files of the previous one. */
    void append(OcsfClass c, String account, String region, LocalDate date, String line)
            throws IOException, SQLException {
        if (!date.equals(day)) {
            publish();
            day = date;
        }
        Path target = out.resolve(partition(c, account, region, date, format));
        Open o = open.get(target);
        if (o == null) {
            Files.createDirectories(target.getParent());
            // hidden and ending in .tmp: no reader's *.jsonl or *.parquet pattern picks up a file being written
            String temp = "." + target.getFileName() + "." + UUID.randomUUID();
            Path lines = target.resolveSibling(temp + ".jsonl.tmp");
            o = new Open(target, lines, target.resolveSibling(temp + ".parquet.tmp"),
                    Files.newBufferedWriter(lines, StandardCharsets.UTF_8));
            open.put(target, o);
        }
        o.writer().write(line);
        o.writer().write('\n');
    }

    /** Finishes and moves into place every open file. */
    void publish() throws IOException, SQLException {
        for (Open o : open.values()) {
            o.writer().close();
            Path ready = o.temp();
            if (parquet != null) {
                ready = o.tempParquet();
                parquet.convert(o.temp(), ready);
                Files.delete(o.temp());
            }
            move(ready, o.target());
            written.add(o.target());
        }
        open.clear();
    }

    /** The files moved into place so far. */
    List<Path> written() {
        return List.copyOf(written);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // a rename in one folder is atomic on every local file system; a file system without it still gets
            // the replacement, which is the best it offers
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Removes the temporary files of partitions not published (after a failure); closes the Parquet writer. */
    @Override
    public void close() throws IOException, SQLException {
        IOException first = null;
        for (Open o : open.values()) {
            try {
                o.writer().close();
                Files.deleteIfExists(o.temp());
                Files.deleteIfExists(o.tempParquet());
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        open.clear();
        if (parquet != null) {
            parquet.close();
        }
        if (first != null) {
            throw first;
        }
    }
}
