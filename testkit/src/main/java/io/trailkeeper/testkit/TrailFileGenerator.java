package io.trailkeeper.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/**
 * Writes gzipped trail files the way CloudTrail delivers them to S3:
 * {@code AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<time>_<id>.json.gz},
 * each a {@code {"Records":[...]}} of 1,000 to 5,000 records from one region and five minutes.
 */
public final class TrailFileGenerator {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);

    private final long seed;
    private final String account;
    private final Instant start;
    private final Duration span;
    private final int minPerFile;
    private final int maxPerFile;

    /** What was written. */
    public record Result(long files, long events, long gzipBytes, long jsonBytes, List<Path> paths) {
    }

    public TrailFileGenerator(long seed, String account, Instant start, Duration span, int minPerFile, int maxPerFile) {
        if (minPerFile < 1 || maxPerFile < minPerFile) {
            throw new IllegalArgumentException("records per file: need 1 <= min <= max");
        }
        this.seed = seed;
        this.account = account;
        this.start = start;
        this.span = span;
        this.minPerFile = minPerFile;
        this.maxPerFile = maxPerFile;
    }

    /** A generator for benchmarks: 30 days from 2024-03-01, 1,000 to 5,000 records a file. */
    public static TrailFileGenerator benchmark(long seed) {
        return new TrailFileGenerator(seed, "123456789012", Instant.parse("2024-03-01T00:00:00Z"), Duration.ofDays(30),
                1_000, 5_000);
    }

    /** Writes about {@code events} records (exactly that many) under {@code root}, on {@code threads} threads. */
    public Result write(Path root, long events, int threads) {
        List<long[]> plan = plan(events);
        AtomicLong gzip = new AtomicLong();
        AtomicLong json = new AtomicLong();
        List<Path> paths = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<Path>> futures = new ArrayList<>();
            for (int k = 0; k < plan.size(); k++) {
                long[] file = plan.get(k);
                int index = k;
                futures.add(pool.submit(() -> writeFile(root, index, file[0], (int) file[1], gzip, json)));
            }
            for (Future<Path> f : futures) {
                paths.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating trail files", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("generating trail files failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new Result(plan.size(), events, gzip.get(), json.get(), paths);
    }

    /** The files to write: for each, its five-minute window (epoch seconds) and record count. */
    private List<long[]> plan(long events) {
        SplittableRandom random = new SplittableRandom(seed);
        List<long[]> plan = new ArrayList<>();
        long left = events;
        while (left > 0) {
            int n = (int) Math.min(left, minPerFile + random.nextInt(maxPerFile - minPerFile + 1));
            plan.add(new long[]{0, n});
            left -= n;
        }
        long step = Math.max(1, span.getSeconds() / Math.max(1, plan.size()));
        for (int k = 0; k < plan.size(); k++) {
            plan.get(k)[0] = start.getEpochSecond() + k * step;
        }
        return plan;
    }

    private Path writeFile(Path root, int index, long windowStart, int count, AtomicLong gzip, AtomicLong json)
            throws IOException {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + index);
        String region = pickRegion(random);
        EventGenerator generator = new EventGenerator(random.nextLong(), account);
        Instant window = Instant.ofEpochSecond(windowStart);
        Path dir = root.resolve("AWSLogs").resolve(account).resolve("CloudTrail").resolve(region)
                .resolve(DAY.format(window));
        Files.createDirectories(dir);
        Path file = dir.resolve(account + "_CloudTrail_" + region + "_" + STAMP.format(window) + "_"
                + generator.token(16).replace('/', 'x').replace('+', 'y') + ".json.gz");
        long written = 0;
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 64 * 1024)) {
            byte[] open = "{\"Records\":[".getBytes(StandardCharsets.UTF_8);
            out.write(open);
            written += open.length;
            for (int i = 0; i < count; i++) {
                Instant time = window.plusSeconds(random.nextInt(300));
                byte[] record = generator.record(time, region).getBytes(StandardCharsets.UTF_8);
                if (i > 0) {
                    out.write(',');
                    written++;
                }
                out.write(record);
                written += record.length;
            }
            out.write("]}".getBytes(StandardCharsets.UTF_8));
            written += 2;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
        gzip.addAndGet(Files.size(file));
        json.addAndGet(written);
        return file;
    }

    /** us-east-1 and the home region carry most of the traffic, as in a real account. */
    private static String pickRegion(SplittableRandom random) {
        int roll = random.nextInt(100);
        if (roll < 30) {
            return "us-east-1";
        }
        if (roll < 50) {
            return "eu-west-1";
        }
        return EventGenerator.REGIONS.get(random.nextInt(EventGenerator.REGIONS.size()));
    }
}
